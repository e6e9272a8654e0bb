"""The submission services against a real database: create, duplicates, reply, revise, withdraw, purge."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import WorkflowState

from fireside.stories.models import StoryPage
from fireside.submissions import services
from fireside.submissions.models import Submission, SubmissionMessage, SubmissionStatus

from .conftest import STORY

pytestmark = pytest.mark.django_db


def test_submission_becomes_a_draft_story_in_its_section_and_enters_the_workflow(
    make_submission, section, warning
):
    receipt = make_submission()
    submission = receipt.submission
    story = submission.story
    assert not receipt.duplicate and receipt.token
    assert story.get_parent().pk == section.pk
    assert not story.live and story.first_published_at is None
    assert story.pen_name == "Wren Hollis"
    assert list(story.content_warnings.all()) == [warning]
    assert story.body.count("<p>") == len(STORY.split("\n\n"))
    state = WorkflowState.objects.active().for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.__class__.__name__ == "SubmissionReviewTask"
    assert submission.status == SubmissionStatus.RECEIVED


def test_token_is_stored_hashed_and_finds_the_submission(make_submission):
    receipt = make_submission()
    assert receipt.token not in {receipt.submission.token_hash}
    assert len(receipt.token) >= 40
    assert services.submission_for_token(receipt.token).pk == receipt.submission.pk
    assert services.submission_for_token(receipt.token[:-1] + "x") is None
    assert services.submission_for_token("") is None


def test_writer_gets_the_secret_link_by_email_once(make_submission):
    receipt = make_submission()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["writer.private@example.org"]
    assert receipt.token in message.body


def test_same_text_from_same_writer_is_not_doubled(make_submission):
    first = make_submission()
    again = make_submission(body="  " + STORY.replace("\n\n", "\n\n\n").upper() + "  ", headline="Another go")
    assert again.duplicate and again.token is None
    assert again.submission.pk == first.submission.pk
    assert Submission.objects.count() == 1
    assert StoryPage.objects.count() == 1


def test_same_text_from_another_writer_is_a_separate_submission(make_submission):
    make_submission()
    other = make_submission(contact_email="someone.else@example.org")
    assert not other.duplicate
    assert Submission.objects.count() == 2


def test_body_html_is_escaped_plain_paragraphs():
    html = services.body_to_html('Line <script>alert(1)</script>\n\n"><img src=x onerror=alert(1)>\nthird')
    assert "<script>" not in html and "<img" not in html
    assert html.count("<p>") == 3
    assert "&lt;script&gt;" in html


def test_missing_consent_is_refused(make_submission):
    with pytest.raises(ValidationError):
        make_submission(consent_names_changed=False)
    assert Submission.objects.count() == 0


def test_revise_only_while_changes_requested(make_submission):
    submission = make_submission().submission
    with pytest.raises(ValidationError):
        services.submission_revise(submission=submission, headline="h", summary="s", body=STORY)


def test_withdraw_deletes_text_email_messages_and_the_draft(make_submission):
    submission = make_submission().submission
    story_pk = submission.story_id
    services.submission_reply(submission=submission, body="A question back to you.")
    services.submission_withdraw(submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    assert submission.body == submission.headline == submission.contact_email == ""
    assert submission.contact_email_deleted_at is not None
    assert not StoryPage.objects.filter(pk=story_pk).exists()
    assert not SubmissionMessage.objects.filter(submission=submission).exists()
    assert not WorkflowState.objects.filter(object_id=str(story_pk), status="in_progress").exists()
    # The same writer may send the same text again after withdrawing.
    assert services.submission_withdraw(submission=submission).status == SubmissionStatus.WITHDRAWN


def test_purge_erases_emails_only_after_the_retention_period(make_submission):
    old = make_submission().submission
    recent = make_submission(contact_email="recent@example.org").submission
    open_one = make_submission(contact_email="open@example.org").submission
    now = timezone.now()
    Submission.objects.filter(pk=old.pk).update(
        status=SubmissionStatus.DECLINED, closed_at=now - timedelta(days=91)
    )
    Submission.objects.filter(pk=recent.pk).update(
        status=SubmissionStatus.PUBLISHED, closed_at=now - timedelta(days=89)
    )
    assert services.submission_contacts_purge(older_than_days=90, dry_run=True) == 1
    assert services.submission_contacts_purge(older_than_days=90) == 1
    assert services.submission_contacts_purge(older_than_days=90) == 0  # idempotent
    old.refresh_from_db(), recent.refresh_from_db(), open_one.refresh_from_db()
    assert old.contact_email == "" and old.contact_email_deleted_at is not None
    assert recent.contact_email == "recent@example.org"
    assert open_one.contact_email == "open@example.org"


def test_purge_command_uses_the_configured_retention(make_submission, settings):
    from io import StringIO

    from django.core.management import call_command

    submission = make_submission().submission
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.DECLINED, closed_at=timezone.now() - timedelta(days=10)
    )
    settings.FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS = 30
    out = StringIO()
    call_command("purge_submission_contacts", stdout=out)
    assert "erased 0 contact emails" in out.getvalue()
    call_command("purge_submission_contacts", "--days", "7", "--dry-run", stdout=out)
    assert "would erase 1 contact email " in out.getvalue()
    settings.FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS = 9
    call_command("purge_submission_contacts", stdout=out)
    submission.refresh_from_db()
    assert submission.contact_email == "" and submission.body  # the story text is not touched
