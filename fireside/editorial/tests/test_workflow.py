"""Workflow transitions on real Wagtail models: review, optional copy edit, changes, publish, schedule, decline."""

from datetime import timedelta
from io import StringIO

import pytest

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import TaskState, Workflow, WorkflowState

from fireside.editorial.models import SubmissionEditTask, SubmissionReviewTask
from fireside.editorial.workflow import submission_workflow
from fireside.submissions import services
from fireside.submissions.models import MessageKind, SubmissionStatus
from fireside.submissions.tests.conftest import STORY

pytestmark = pytest.mark.django_db


def act(submission, user, action, **data):
    state = WorkflowState.objects.active().for_instance(submission.story).get()
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, user, action, **data)
    submission.refresh_from_db()
    return submission


def test_workflow_is_created_once_with_review_then_edit(db):
    workflow = submission_workflow()
    assert submission_workflow().pk == workflow.pk
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks] == [SubmissionReviewTask, SubmissionEditTask]
    assert {group.name for group in tasks[0].groups.all()} == {"Editors", "Moderators"}
    assert (
        Workflow.objects.filter(workflow_tasks__task__in=SubmissionReviewTask.objects.all())
        .distinct()
        .count()
        == 1
    )


def test_workflow_is_found_after_an_admin_renames_it(db):
    workflow = submission_workflow()
    Workflow.objects.filter(pk=workflow.pk).update(name="Stories from readers")
    assert submission_workflow().pk == workflow.pk


def test_only_reviewers_see_actions(make_submission, editor):
    submission = make_submission().submission
    outsider = User.objects.create_user("reader", "r@example.org", "pw")
    task = (
        WorkflowState.objects.active().for_instance(submission.story).get().current_task_state.task.specific
    )
    assert task.get_actions(submission.story, outsider) == []
    assert {name for name, _label, _modal in task.get_actions(submission.story, editor)} == {
        "approve",
        "send_to_edit",
        "reject",
        "decline",
    }


def test_approve_at_review_skips_the_copy_edit_and_publishes(make_submission, editor):
    submission = make_submission().submission
    mail.outbox.clear()
    submission = act(submission, editor, "approve")
    story = submission.story
    story.refresh_from_db()
    assert story.live
    assert submission.status == SubmissionStatus.PUBLISHED and submission.closed_at is not None
    states = TaskState.objects.filter(workflow_state__object_id=str(story.pk)).order_by("pk")
    assert [state.status for state in states] == ["approved", "skipped"]
    assert "is published" in mail.outbox[0].subject
    assert story.full_url in mail.outbox[0].body


def test_send_to_copy_edit_waits_for_the_editor_then_publishes(make_submission, editor):
    submission = make_submission().submission
    submission = act(submission, editor, "send_to_edit")
    assert not submission.story.live
    state = WorkflowState.objects.active().for_instance(submission.story).get()
    assert isinstance(state.current_task_state.task.specific, SubmissionEditTask)
    assert submission.status == SubmissionStatus.RECEIVED
    submission = act(submission, editor, "approve")
    submission.story.refresh_from_db()
    assert submission.story.live and submission.status == SubmissionStatus.PUBLISHED


def test_request_changes_emails_the_writer_who_edits_and_review_resumes(make_submission, editor):
    submission = make_submission().submission
    mail.outbox.clear()
    submission = act(submission, editor, "reject", message="Could you say more about the wedding?")
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    state = WorkflowState.objects.for_instance(submission.story).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert mail.outbox[0].to == ["writer.private@example.org"]
    assert "say more about the wedding" in mail.outbox[0].body
    message = submission.messages.get()
    assert message.kind == MessageKind.CHANGES_REQUESTED and message.emailed_at is not None

    new_body = STORY + "\n\nThe wedding was in a barn, and it rained."
    services.submission_revise(
        submission=submission, headline="The late invitation", summary="A new summary.", body=new_body
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    draft = submission.story.get_latest_revision_as_object()
    assert "it rained" in draft.body and draft.title == "The late invitation"
    submission = act(submission, editor, "approve")
    submission.story.refresh_from_db()
    assert submission.story.live and "it rained" in submission.story.body


def test_decline_sends_the_reason_and_ends_the_workflow(make_submission, editor):
    submission = make_submission().submission
    mail.outbox.clear()
    submission = act(submission, editor, "decline", reason="We published a very similar story last month.")
    assert submission.status == SubmissionStatus.DECLINED
    assert submission.decline_reason.startswith("We published")
    assert submission.closed_at is not None
    assert not WorkflowState.objects.active().for_instance(submission.story).exists()
    assert "very similar story" in mail.outbox[0].body
    assert not submission.story.live


def test_approve_with_a_future_time_schedules(make_submission, editor):
    submission = make_submission().submission
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    submission = act(submission, editor, "approve", go_live_at=when)
    submission.story.refresh_from_db()
    assert not submission.story.live
    assert submission.status == SubmissionStatus.SCHEDULED
    assert submission.story.scheduled_revision.approved_go_live_at == when
    assert "scheduled" in mail.outbox[-1].subject


def test_scheduled_story_that_went_live_counts_as_published(make_submission, editor):
    submission = make_submission().submission
    submission = act(submission, editor, "approve", go_live_at=timezone.now() + timedelta(minutes=5))
    # Let the clock pass the go-live time, then run Wagtail's scheduler as cron would.
    revision = submission.story.scheduled_revision
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())
    submission.refresh_from_db()
    assert submission.effective_status == SubmissionStatus.PUBLISHED
    services.submission_contacts_purge(older_than_days=90)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED


def test_editor_message_is_kept_and_emailed(make_submission, editor):
    submission = make_submission().submission
    mail.outbox.clear()
    services.submission_message_writer(submission=submission, editor=editor, body="Is the town name real?")
    assert submission.messages.get().author == editor
    assert "Is the town name real?" in mail.outbox[0].body


def test_withdraw_during_review_cancels_the_workflow(make_submission, editor):
    submission = make_submission().submission
    services.submission_withdraw(submission=submission)
    assert not WorkflowState.objects.active().exists()
