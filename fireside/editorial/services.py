"""What an editor's workflow action does: the Wagtail transition plus the submission's bookkeeping and email.

One function serves both entry points (Wagtail's action menu and modal on the page editor, and the buttons on
our submission panel), so they cannot drift apart.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.models import TaskState, WorkflowState

from fireside.editorial.models import SubmissionReviewTaskState
from fireside.submissions.models import Submission
from fireside.submissions.services import (
    submission_decline,
    submission_mark_approved,
    submission_request_changes,
)

ACTIONS = ("approve", "send_to_edit", "reject", "decline")


@transaction.atomic
def editorial_action_perform(
    *,
    task_state: TaskState,
    user,
    action_name: str,
    message: str = "",
    reason: str = "",
    comment: str = "",
    go_live_at: datetime | None = None,
    **_ignored,
) -> None:
    """Carry out ``action_name`` on the current task of a story's workflow.

    ``reject`` asks the writer for changes (the workflow waits in "needs changes" until they edit), ``decline``
    ends the workflow with a reason sent to the writer, ``approve`` moves on (publishing, or scheduling when
    the draft or ``go_live_at`` carries a future go-live time) and ``send_to_edit`` approves into the copy edit.
    """
    if action_name not in ACTIONS:
        raise PermissionDenied(f"unknown action {action_name!r}")
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied("this step is no longer waiting for a decision")
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    submission = Submission.objects.filter(story_id=page.pk).first()

    if action_name == "reject":
        text = (message or comment).strip()
        if submission is not None:
            if not text:
                raise ValidationError({"message": "Tell the writer what should change."})
            submission_request_changes(submission=submission, editor=user, message=text)
        task_state.reject(user=user, comment=text[:2000])
        return

    if action_name == "decline":
        text = (reason or comment).strip()
        if submission is not None:
            submission_decline(submission=submission, editor=user, reason=text)
        workflow_state.cancel(user=user)
        return

    if go_live_at is not None:
        if timezone.is_naive(go_live_at):
            go_live_at = timezone.make_aware(go_live_at)
        draft = page.get_latest_revision_as_object()
        draft.go_live_at = go_live_at
        draft.save_revision(user=user, log_action=True)
    if isinstance(task_state.specific, SubmissionReviewTaskState):
        review_state = task_state.specific
        review_state.send_to_edit = action_name == "send_to_edit"
        review_state.save(update_fields=["send_to_edit"])
    task_state.approve(user=user, comment=comment[:2000])

    workflow_state.refresh_from_db()
    if submission is not None and workflow_state.status == WorkflowState.STATUS_APPROVED:
        page.refresh_from_db()
        scheduled = None if page.live else page.scheduled_revision
        submission.story = page
        submission_mark_approved(
            submission=submission, go_live_at=scheduled.approved_go_live_at if scheduled else None
        )
