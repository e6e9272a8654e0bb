"""The writer's private status page: statuses, answers, edits, withdrawal, and keeping the email private."""

import pytest

from django.core.cache import cache

from wagtail.models import WorkflowState

from fireside.submissions import services
from fireside.submissions.models import SubmissionStatus

from .conftest import STORY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def status_url(token):
    return f"/submit/status/{token}/"


def act(submission, user, action, **data):
    state = WorkflowState.objects.active().for_instance(submission.story).get()
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, user, action, **data)
    submission.refresh_from_db()
    return submission


def test_status_page_is_private_and_shows_received(client, make_submission):
    receipt = make_submission()
    response = client.get(status_url(receipt.token))
    assert response.status_code == 200
    assert 'data-status="received"' in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(
    ("action", "data", "expected", "text"),
    [
        ("reject", {"message": "Please change the town."}, "changes_requested", "Please change the town."),
        ("decline", {"reason": "Too close to a story we ran."}, "declined", "Too close to a story we ran."),
        ("approve", {}, "published", "read it here"),
    ],
)
def test_status_page_follows_the_editors(client, make_submission, editor, action, data, expected, text):
    receipt = make_submission()
    act(receipt.submission, editor, action, **data)
    html = client.get(status_url(receipt.token)).content.decode()
    assert f'data-status="{expected}"' in html
    assert text in html


def test_writer_answers_the_editors(client, make_submission):
    receipt = make_submission()
    response = client.post(
        status_url(receipt.token), {"action": "reply", "reply-message": "The town is invented."}
    )
    assert response.status_code == 302
    assert receipt.submission.messages.get().body == "The town is invented."
    assert "The town is invented." in client.get(response["Location"]).content.decode()


def test_empty_answer_is_an_error_next_to_the_field(client, make_submission):
    receipt = make_submission()
    response = client.post(status_url(receipt.token), {"action": "reply", "reply-message": "  "})
    assert response.status_code == 400
    assert receipt.submission.messages.count() == 0


def test_writer_edits_only_while_changes_are_requested(client, make_submission, editor):
    receipt = make_submission()
    url = status_url(receipt.token)
    edit = {
        "action": "revise",
        "revise-headline": "A better headline",
        "revise-summary": "A better summary.",
        "revise-body": STORY + "\n\nA new ending.",
        "revise-note": "Done as you asked.",
    }
    assert 'name="revise-body"' not in client.get(url).content.decode()
    response = client.post(url, edit)
    assert response.status_code == 400
    act(receipt.submission, editor, "reject", message="Could it end differently?")
    assert 'name="revise-body"' in client.get(url).content.decode()
    response = client.post(url, edit)
    assert response.status_code == 200 and response.context["revise_preview"]  # the privacy check first
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.CHANGES_REQUESTED
    checked = response.context["revise_form"]["privacy_checked"].value()
    response = client.post(url, {**edit, "revise-privacy_checked": checked})
    assert response.status_code == 302
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.IN_REVIEW
    assert receipt.submission.body.endswith("A new ending.")


def test_a_bad_edit_keeps_the_text(client, make_submission, editor):
    receipt = make_submission()
    act(receipt.submission, editor, "reject", message="Shorter, please.")
    response = client.post(
        status_url(receipt.token),
        {
            "action": "revise",
            "revise-headline": "H",
            "revise-summary": "S",
            "revise-body": "Only a few words left.",
        },
    )
    assert response.status_code == 400
    assert "Only a few words left." in response.content.decode()


def test_withdraw_needs_confirmation_then_deletes(client, make_submission):
    receipt = make_submission()
    url = status_url(receipt.token)
    assert client.post(url, {"action": "withdraw"}).status_code == 400
    response = client.post(url, {"action": "withdraw", "withdraw-confirm": "on"})
    assert response.status_code == 302
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.WITHDRAWN
    html = client.get(url).content.decode()
    assert "withdrew this story" in html and STORY[:50] not in html


def test_status_page_posts_are_rate_limited(client, make_submission):
    receipt = make_submission()
    url = status_url(receipt.token)
    for _ in range(30):
        client.post(url, {"action": "reply", "reply-message": "hello"})
    response = client.post(url, {"action": "reply", "reply-message": "one too many"})
    assert response.status_code == 429
    assert receipt.submission.messages.count() == 30


def test_writer_email_never_appears_on_public_pages(client, make_submission, editor, section):
    receipt = make_submission()
    act(receipt.submission, editor, "approve")
    story = receipt.submission.story
    story.tags.add("family")
    story.save_revision().publish()
    email = "writer.private@example.org"
    pages = [story.url, "/", section.url, "/tags/family/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert email not in html and "writer.private" not in html, url
    assert "Wren Hollis" in client.get(story.url).content.decode()
    assert services.submission_for_token(receipt.token).contact_email == email  # still there, for editors


def test_status_page_queries_do_not_grow_with_messages(
    client, make_submission, editor, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    receipt = make_submission()
    url = status_url(receipt.token)
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(10):
        services.submission_message_writer(
            submission=receipt.submission, editor=editor, body=f"Question {number}"
        )
        services.submission_reply(submission=receipt.submission, body=f"Answer {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "Answer 9" in response.content.decode()
