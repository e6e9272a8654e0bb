"""The /submit/ form over real HTTP requests: preview, privacy replacements, send, and hostile input."""

import re
import time

import pytest

from django.core import mail
from django.core.cache import cache
from django.test import Client

from fireside.core.formguard import issue_form_token
from fireside.submissions.models import Submission
from fireside.textanalysis.pii import find_identifying_information

from .conftest import STORY

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "'; DROP TABLE submissions_submission; --",
    "zero\u200bwidth\u200d and \u202eright-to-left\u202c text",
    "emoji 🔥🕯️👩🏽‍🦱",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def preview_then_send(client, data):
    """Do what a person does: preview, then press send with the privacy token the preview handed back."""
    response = client.post("/submit/", data)
    assert response.status_code == 200, response.content[:2000]
    checked = re.search(rb'name="privacy_checked" value="([^"]+)"', response.content).group(1).decode()
    body = response.context["form"]["body"].value()
    return client.post("/submit/", {**data, "body": body, "privacy_checked": checked, "action": "send"})


def test_form_renders_with_csrf_token_honeypot_and_no_inline_script(client, section):
    response = client.get("/submit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in html
    assert 'name="website_confirm"' in html and 'aria-hidden="true"' in html
    assert "<script>" not in html and " style=" not in html
    assert response["Cache-Control"] == "no-store"


def test_post_without_csrf_token_is_refused(section, form_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/submit/", form_data())
    assert response.status_code == 403


def test_preview_highlights_findings_in_marks_and_offers_replacements(client, form_data, story_with_details):
    response = client.post("/submit/", form_data(body=story_with_details))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>07700 900461</mark>" in html
    assert "<mark>marisol.writer@example.net</mark>" in html
    assert "<mark>@quiet_kitchen</mark>" in html
    assert "[phone number]" in html
    assert html.count('name="accept"') >= 4
    assert Submission.objects.count() == 0


def test_accepting_one_finding_replaces_only_that_one(client, form_data, story_with_details):
    response = client.post("/submit/", form_data(body=story_with_details))
    phone = next(key for finding, key in response.context["findings"] if finding.kind == "phone")
    response = client.post("/submit/", form_data(body=story_with_details, action="apply", accept=[phone]))
    body = response.context["form"]["body"].value()
    assert "07700 900461" not in body and "[phone number]" in body
    assert "marisol.writer@example.net" in body
    assert "phone:1" in response.content.decode()


def test_accept_all_replaces_names_with_one_consistent_pseudonym(client, form_data, story_with_details):
    text = story_with_details + " Aleksander Nowak never called."
    response = client.post("/submit/", form_data(body=text, action="apply_all"))
    body = response.context["form"]["body"].value()
    assert "Aleksander" not in body and "07700" not in body and "@quiet_kitchen" not in body
    findings = find_identifying_information(text)
    pseudonym = next(f.replacement for f in findings if f.kind == "name" and f.text == "Aleksander Nowak")
    assert body.count(pseudonym) == 2


def test_stale_accept_keys_after_an_edit_replace_nothing(client, form_data, story_with_details):
    response = client.post("/submit/", form_data(body=story_with_details))
    keys = [key for _finding, key in response.context["findings"]]
    edited = "A new first line changes every offset.\n\n" + story_with_details
    response = client.post("/submit/", form_data(body=edited, action="apply", accept=keys))
    assert response.context["form"]["body"].value() == edited


def test_send_creates_the_submission_and_shows_the_link_once(client, form_data):
    response = preview_then_send(client, form_data())
    assert response.status_code == 201
    link = re.search(r'href="(http://testserver/submit/status/[^"]+/)"', response.content.decode()).group(1)
    assert Submission.objects.count() == 1
    assert link in mail.outbox[0].body
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "same-origin"
    assert client.get(link.replace("http://testserver", "")).status_code == 200


def test_send_without_a_privacy_check_of_this_text_shows_the_preview(client, form_data):
    response = client.post("/submit/", form_data(action="send"))
    assert response.status_code == 200 and response.context["preview"]
    assert Submission.objects.count() == 0


def test_sending_twice_is_not_doubled(client, form_data):
    preview_then_send(client, form_data())
    again = preview_then_send(client, form_data())
    assert again.status_code == 200
    assert "already have this story" in again.content.decode()
    assert Submission.objects.count() == 1


def test_too_fast_is_refused_with_text_kept(client, form_data):
    data = form_data(form_token=issue_form_token(purpose="story-submission", now=time.time()))
    response = preview_then_send(client, data)
    assert response.status_code == 400
    assert "quicker than a person" in response.content.decode()
    assert response.context["form"]["body"].value().startswith(STORY[:80])
    assert Submission.objects.count() == 0


def test_honeypot_is_refused_with_text_kept(client, form_data):
    response = client.post("/submit/", form_data(website_confirm="http://spam.example"))
    assert response.status_code == 400
    assert STORY[:60] in response.content.decode()


def test_missing_or_forged_token_gets_a_fresh_one_without_losing_text(client, form_data):
    response = client.post("/submit/", form_data(form_token="forged"))
    assert response.status_code == 200
    assert response.context["form"]["form_token"].value() != "forged"


def test_rate_limit_three_per_hour_per_email(client, form_data):
    for number in range(3):
        response = preview_then_send(client, form_data(body=STORY + f"\n\nPostscript number {number}."))
        assert response.status_code == 201
    response = preview_then_send(client, form_data(body=STORY + "\n\nOne more."))
    assert response.status_code == 429
    assert "One more." in response.context["form"]["body"].value()
    assert Submission.objects.count() == 3


def test_rate_limit_three_per_hour_per_ip(client, form_data):
    for number in range(3):
        data = form_data(body=STORY + f"\n\nPS {number}.", contact_email=f"w{number}@example.org")
        assert preview_then_send(client, data).status_code == 201
    response = preview_then_send(client, form_data(contact_email="fourth@example.org"))
    assert response.status_code == 429


def test_short_story_is_refused_next_to_the_field_with_text_kept(client, form_data):
    response = client.post("/submit/", form_data(body="Too short to be a story."))
    assert response.status_code == 400
    assert "at least 300" in str(response.context["form"].errors["body"])
    assert "Too short to be a story." in response.content.decode()


def test_one_megabyte_body_is_refused_and_kept(client, form_data):
    huge = ("word " * 210_000)[:1_048_576]
    response = client.post("/submit/", form_data(body=huge))
    assert response.status_code == 400
    assert "the limit is 50,000" in str(response.context["form"].errors["body"])
    assert len(response.context["form"]["body"].value()) == len(huge)


def test_nul_bytes_are_refused_with_a_message(client, form_data):
    response = client.post("/submit/", form_data(body=STORY + "\x00", headline="Null\x00"))
    assert response.status_code == 400
    assert "Null characters are not allowed" in str(response.context["form"].errors)
    assert Submission.objects.count() == 0


def test_binary_control_characters_are_removed(client, form_data):
    response = preview_then_send(client, form_data(body=STORY + "\x01\x02\x1b[31m"))
    assert response.status_code == 201
    assert "\x1b" not in Submission.objects.get().body


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_stored_plain_and_rendered_escaped(client, form_data, hostile):
    data = form_data(
        headline=f"Headline {hostile}",
        summary=f"Summary {hostile}",
        pen_name=f"Pen {hostile}"[:80],
        body=f"{hostile}\n\n{STORY}\n\n{hostile}",
    )
    preview = client.post("/submit/", data)
    assert preview.status_code == 200
    assert "<script>alert" not in preview.content.decode() and "<img src=x" not in preview.content.decode()
    response = preview_then_send(client, data)
    assert response.status_code == 201
    submission = Submission.objects.get()
    assert hostile in submission.body
    assert "<script>alert" not in submission.story.body and "<img src=x" not in submission.story.body
    status_page = client.get(re.search(r"/submit/status/[^\"]+/", response.content.decode()).group(0))
    assert "<script>alert" not in status_page.content.decode()
    assert "<img src=x" not in status_page.content.decode()


def test_unknown_status_link_is_404(client, db):
    assert client.get("/submit/status/not-a-real-token/").status_code == 404


def test_accepted_pseudonyms_are_not_flagged_again_and_are_kept(client, form_data, story_with_details):
    response = client.post("/submit/", form_data(body=story_with_details, action="apply_all"))
    pseudonyms = response.context["form"]["pseudonyms"].value().split("|")
    assert pseudonyms and all(pseudonyms)
    flagged = {finding.text for finding, _key in response.context["findings"]}
    assert not flagged & set(pseudonyms)
    data = form_data(
        body=response.context["form"]["body"].value(),
        pseudonyms=response.context["form"]["pseudonyms"].value(),
        replacements=response.context["form"]["replacements"].value(),
    )
    assert preview_then_send(client, data).status_code == 201
    assert Submission.objects.get().pseudonyms == pseudonyms


def test_tampered_pseudonym_list_is_bounded(client, form_data):
    response = client.post("/submit/", form_data(pseudonyms="|".join(["x" * 500] * 500)[:4000]))
    assert response.status_code == 200
