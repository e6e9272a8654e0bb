"""A writer and an editor in a real Chromium: submit with pseudonyms, changes requested, edited, published.

Screenshots land in ``test-artifacts/``; axe-core checks the writer's pages for serious violations.
"""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.contrib.auth.models import Group, User
from django.core import mail

from fireside.core.formguard import issue_form_token
from fireside.submissions.models import Submission, SubmissionStatus

from .conftest import PRIVATE_DETAILS, STORY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "hidden.writer@example.org"


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def watch_errors(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def as_if_opened_a_minute_ago(page):
    """The writer took their time: backdate the form's signed issue time instead of sleeping in the test."""
    token = issue_form_token(purpose="story-submission", now=time.time() - 60)
    page.locator("input[name='form_token']").evaluate("(field, token) => { field.value = token; }", token)


def test_writer_submits_editor_requests_changes_writer_edits_editor_publishes(
    live_site, browser, artifacts_dir, section, warnings_by_slug
):
    editor = User.objects.create_user("eda", "eda@example.org", "a-long-test-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    warning_label = next(iter(warnings_by_slug.values())).label

    # --- The writer sends a story, accepting every suggested pseudonym and placeholder.
    writer = browser.new_context(viewport={"width": 900, "height": 1000})
    page = writer.new_page()
    problems = watch_errors(page)
    page.goto(live_site.url + "/submit/")
    assert page.get_by_role("heading", level=1, name="Share your story").is_visible()
    assert serious_violations(page) == []
    page.get_by_label("Headline", exact=True).fill("The winter of the late invitation")
    page.get_by_label("One-line summary").fill("A resealed envelope, and the silence it caused.")
    page.locator("#id_body").fill(STORY + PRIVATE_DETAILS)
    page.get_by_label("Section", exact=True).select_option(label=section.title)
    page.get_by_label(warning_label).check()
    page.locator("#id_pen_name").fill("Wren Hollis")
    page.get_by_label("Your email").fill(EMAIL)
    as_if_opened_a_minute_ago(page)
    page.get_by_label("This is my own true story.").check()
    page.get_by_label("I have the right to publish it").check()
    page.get_by_label("I have changed the names").check()
    page.get_by_role("button", name="Check privacy and preview").click()
    page.wait_for_load_state()
    assert page.locator(".privacy-check__text mark", has_text="07700 900461").is_visible()
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "submit-privacy-check.png", full_page=True)
    page.get_by_role("button", name=re.compile(r"^Replace all \d+")).click()
    page.wait_for_load_state()
    body = page.locator("#id_body").input_value()
    assert "07700 900461" not in body and "Aleksander Nowak" not in body and "[phone number]" in body
    page.get_by_role("button", name="Send my story").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name=re.compile("Thank you")).is_visible()
    link = page.locator("[data-status-link]").get_attribute("href")
    assert "/submit/status/" in link
    assert page.evaluate("window.localStorage.getItem('fireside-story-draft')") is None
    submission = Submission.objects.get()
    assert submission.replacements_accepted.get("phone") == 1

    # --- The editor asks for a change from the submission panel.
    desk = browser.new_context(viewport={"width": 1280, "height": 1000})
    admin = desk.new_page()
    admin.goto(live_site.url + "/admin/login/")
    admin.get_by_label("Username").fill("eda")
    admin.get_by_label("Password").fill("a-long-test-password")
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_load_state()
    admin.goto(f"{live_site.url}/admin/submissions/{submission.pk}/")
    assert admin.get_by_text(EMAIL).first.is_visible()
    admin.screenshot(path=artifacts_dir / "submission-panel.png", full_page=True)
    admin.get_by_label("Your message to the writer").first.fill(
        "Could you tell us how it ended with your aunt?"
    )
    admin.get_by_role("button", name="Ask the writer for changes").click()
    admin.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED

    # --- The writer reads the question on the status page and edits the story.
    page.goto(link)
    assert page.locator('[data-status="changes_requested"]').is_visible()
    assert page.get_by_text("how it ended with your aunt").is_visible()
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "submission-status-changes-requested.png", full_page=True)
    edited = (
        page.locator("#id_revise-body").input_value()
        + "\n\nMy aunt and I now write to each other every month. She rings on 07700 900318 on Sundays."
    )
    page.locator("#id_revise-body").fill(edited)
    mail.outbox.clear()
    page.get_by_role("button", name="Send my edited story").click()
    page.wait_for_load_state()
    # The edit gets the same privacy check: the new number is marked, the accepted pseudonyms are not.
    assert page.locator(".privacy-check__text mark", has_text="07700 900318").is_visible()
    for pseudonym in submission.pseudonyms:
        assert page.locator(".privacy-check__text mark", has_text=pseudonym).count() == 0
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "submission-edit-privacy-check.png", full_page=True)
    page.get_by_label(re.compile(r"Replace 07700 900318")).check()
    page.get_by_role("button", name="Replace the ticked ones").click()
    page.wait_for_load_state()
    assert "[phone number]" in page.locator("#id_revise-body").input_value()
    page.get_by_role("button", name="Send my edited story").click()
    page.wait_for_load_state()
    assert page.locator('[data-status="in_review"]').is_visible()
    submission.refresh_from_db()
    assert "07700 900318" not in submission.body and submission.replacements_accepted["phone"] == 2
    assert {message.to[0] for message in mail.outbox} == {"eda@example.org"}
    assert f"/admin/submissions/{submission.pk}/" in mail.outbox[0].body

    # --- The editor publishes.
    admin.goto(f"{live_site.url}/admin/submissions/{submission.pk}/")
    admin.get_by_role("button", name="Approve and publish").click()
    admin.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED

    # --- A reader finds it live under the pen name, with the writer's email nowhere.
    reader = browser.new_context(viewport={"width": 900, "height": 1000})
    story_page = reader.new_page()
    story_page.goto(live_site.url + submission.story.url)
    assert story_page.locator(".pen-name").inner_text() == "Wren Hollis"
    assert story_page.get_by_text("write to each other every month").is_visible()
    for url in (submission.story.url, "/", section.url):
        story_page.goto(live_site.url + url)
        assert EMAIL not in story_page.content()
    story_page.goto(live_site.url + submission.story.url)
    story_page.screenshot(path=artifacts_dir / "submit-published-story.png", full_page=True)
    page.goto(link)
    assert page.locator('[data-status="published"]').is_visible()
    assert problems == []
    for context in (writer, desk, reader):
        context.close()


def test_local_draft_survives_a_reload(live_site, browser, section):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_site.url + "/submit/")
    page.locator("#id_body").fill("A first sentence I do not want to lose.")
    page.get_by_text("Draft saved in this browser").wait_for()
    assert "do not want to lose" in page.evaluate("window.localStorage.getItem('fireside-story-draft')")
    page.goto(live_site.url + "/submit/")
    assert page.locator("#id_body").input_value() == "A first sentence I do not want to lose."
    assert page.get_by_text("We restored the draft").is_visible()
    context.close()
