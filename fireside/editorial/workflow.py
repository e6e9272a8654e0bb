"""Finding, creating, starting and resuming the "Reader submissions" workflow.

The workflow is created on first use (the first submission, or an editor opening the submissions list), so a
fresh site, a restored backup and a test database all get it without a data migration that has to reproduce
Wagtail's task bookkeeping. Admins can rename it, change its groups or assign it to sections under
Settings → Workflows; it is found by its task type, not by its name.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Page, Workflow, WorkflowState, WorkflowTask

from fireside.editorial.models import SubmissionEditTask, SubmissionReviewTask

WORKFLOW_NAME = "Reader submissions"
# Wagtail's own default groups; admins can change the task's groups afterwards.
REVIEWER_GROUPS = ("Editors", "Moderators")


def submission_workflow() -> Workflow:
    """The active workflow whose first task is a submission review; created if there is none."""
    workflow = (
        Workflow.objects.filter(
            active=True, workflow_tasks__task__in=SubmissionReviewTask.objects.filter(active=True)
        )
        .order_by("pk")
        .first()
    )
    if workflow is not None:
        return workflow
    with transaction.atomic():
        groups = list(Group.objects.filter(name__in=REVIEWER_GROUPS))
        review = SubmissionReviewTask.objects.create(name="Review the story")
        edit = SubmissionEditTask.objects.create(name="Copy edit (when review asks for it)")
        review.groups.set(groups)
        edit.groups.set(groups)
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=edit, sort_order=1)
    return workflow


def _active_state(page: Page) -> WorkflowState | None:
    return WorkflowState.objects.active().for_instance(page).first()


def submission_workflow_start(*, story: Page) -> WorkflowState:
    """Put a new submission's draft into review. The writer is not a user, so nobody is the requester."""
    return submission_workflow().start(story, user=None)


def submission_workflow_resume(*, story: Page) -> WorkflowState:
    """The writer has made the requested changes: restart the task that asked for them."""
    state = _active_state(story)
    if state is None:
        return submission_workflow_start(story=story)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=None)
    return state


def submission_workflow_cancel(*, story: Page) -> None:
    state = _active_state(story)
    if state is not None:
        state.cancel(user=None)
