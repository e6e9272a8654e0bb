"""The editors' submission panel in Wagtail's admin: what it shows, who may see it, and its actions."""

import pytest

from django.contrib.auth.models import User
from django.core import mail

from fireside.stories.reading import count_words
from fireside.submissions.models import SubmissionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_panel_shows_choices_privacy_findings_word_count_and_email(
    editor_client, make_submission, story_with_details
):
    submission = make_submission(body=story_with_details).submission
    response = editor_client.get(f"/admin/submissions/{submission.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wren Hollis" in html and "writer.private@example.org" in html
    assert "<mark" in html and "07700 900461</mark>" in html
    words = count_words(story_with_details)
    assert words > 300
    assert f'class="fireside-word-count">{words}<' in html
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW  # opening it starts the review


def test_list_and_panel_are_for_reviewers_only(client, make_submission):
    submission = make_submission().submission
    staff = User.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get("/admin/submissions/").status_code in (302, 403)
    assert client.get(f"/admin/submissions/{submission.pk}/").status_code in (302, 403)


def test_index_lists_submissions_by_status(editor_client, make_submission):
    make_submission()
    response = editor_client.get("/admin/submissions/?status=received")
    assert "The winter of the late invitation" in response.content.decode()
    response = editor_client.get("/admin/submissions/?status=declined")
    assert "The winter of the late invitation" not in response.content.decode()


def test_editor_messages_the_writer_from_the_panel(editor_client, make_submission):
    submission = make_submission().submission
    mail.outbox.clear()
    response = editor_client.post(
        f"/admin/submissions/{submission.pk}/", {"action": "message", "msg-message": "Which town was it?"}
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["writer.private@example.org"]
    assert submission.messages.get().body == "Which town was it?"


def test_empty_message_is_an_error_next_to_the_field(editor_client, make_submission):
    submission = make_submission().submission
    response = editor_client.post(
        f"/admin/submissions/{submission.pk}/", {"action": "message", "msg-message": ""}
    )
    assert response.status_code == 400
    assert submission.messages.count() == 0


def test_request_changes_and_decline_from_the_panel(editor_client, make_submission):
    submission = make_submission().submission
    url = f"/admin/submissions/{submission.pk}/"
    editor_client.post(url, {"action": "reject", "reject-message": "Please change the town's name."})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    # No decision is open while the writer is editing.
    response = editor_client.post(url, {"action": "decline", "decline-reason": "No."})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert response.status_code == 302


def test_publish_from_the_panel(editor_client, make_submission):
    submission = make_submission().submission
    editor_client.post(
        f"/admin/submissions/{submission.pk}/", {"action": "approve", "approve-go_live_at": ""}
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED and submission.story.live


def test_page_editor_has_a_button_to_the_submission(editor_client, make_submission):
    submission = make_submission().submission
    response = editor_client.get(f"/admin/pages/{submission.story_id}/edit/")
    assert response.status_code == 200
    assert f"/admin/submissions/{submission.pk}/" in response.content.decode()


def test_wagtail_action_modal_request_changes_reaches_the_writer(editor_client, make_submission):
    from wagtail.models import WorkflowState

    submission = make_submission().submission
    state = WorkflowState.objects.active().for_instance(submission.story).get()
    mail.outbox.clear()
    url = f"/admin/pages/workflow/action/{submission.story_id}/reject/{state.current_task_state_id}/"
    response = editor_client.post(url, {"message": "A question from the modal."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    assert "A question from the modal." in mail.outbox[0].body


def test_index_query_count_does_not_grow_with_submissions(
    editor_client, make_submission, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_submission()
    editor_client.get("/admin/submissions/")  # warm-up: workflow lookup, Wagtail's site caches
    with CaptureQueriesContext(connection) as small:
        editor_client.get("/admin/submissions/")
    for number in range(8):
        make_submission(contact_email=f"writer{number}@example.org")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = editor_client.get("/admin/submissions/")
    assert response.content.decode().count("/admin/submissions/") >= 9


def test_opening_the_page_editor_marks_the_submission_in_review(editor_client, make_submission):
    submission = make_submission().submission
    editor_client.get(f"/admin/pages/{submission.story_id}/edit/")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
