"""An editor accepts a suggested warning in the real page editor (Chromium): ticked in the open form, unsaved
edits kept, and both land in the saved draft."""

import pytest

from django.contrib.auth.models import Group, User

from fireside.warning_suggestions.models import WarningDecision

from .conftest import DIVORCE_BODY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_editor_accepts_a_suggestion_without_losing_unsaved_edits(
    live_site, browser, make_story, artifacts_dir
):
    from fireside.stories.models import StoryPage

    editor = User.objects.create_user("noor", "", "a-long-test-password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    story = make_story(title="Two houses", body=DIVORCE_BODY)
    story.save_revision().publish()

    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_site.url}/admin/pages/{story.pk}/edit/")

    page.locator("input[name=title]").fill("Two houses, one winter")  # an edit not yet saved
    divorce_box = page.get_by_label("Divorce", exact=True)
    assert not divorce_box.is_checked()
    item = page.locator('.ws-item[data-ws-label="divorce"]')
    assert item.get_by_text("solicitor's letters").is_visible()
    item.get_by_role("button", name="Accept: tick it").click()
    item.get_by_text("Save the draft to keep it").wait_for()
    assert divorce_box.is_checked()
    assert page.locator("input[name=title]").input_value() == "Two houses, one winter"
    page.screenshot(path=artifacts_dir / "warning-suggestions-accept.png", full_page=True)
    assert WarningDecision.objects.get().decision == "accepted"

    page.get_by_role("button", name="Save draft").click()
    for _ in range(100):  # the save is the browser's; wait for its revision to land
        draft = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
        if draft.title != "Two houses":
            break
        page.wait_for_timeout(200)
    page.wait_for_load_state()
    assert draft.title == "Two houses, one winter"
    assert [warning.slug for warning in draft.content_warnings.all()] == ["divorce"]
    assert problems == []
    context.close()
