"""The editorial workflow's task types: review, then an optional copy edit, then publish or schedule.

Wagtail runs the workflow; these tasks decide who may act (members of the chosen groups, like Wagtail's own
group approval task) and what each action means for a reader's submission. Every action goes through
``fireside.editorial.services.editorial_action_perform`` so the admin's own action menu and our submission
panel behave the same way.
"""

from django.db import models
from django.utils import timezone

from wagtail.models import AbstractGroupApprovalTask, TaskState


class SubmissionReviewTaskState(TaskState):
    """A review step's state, remembering whether the reviewer asked for a copy edit before publication."""

    send_to_edit = models.BooleanField(default=False)


class SubmissionTaskMixin:
    """What both submission steps share: who may act, the reason forms, and one service that performs actions."""

    actions: list[tuple[str, str, bool]] = []

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return list(self.actions)

    def get_form_for_action(self, action):
        from fireside.editorial.forms import action_form_class

        return action_form_class(action) or super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from fireside.editorial.services import editorial_action_perform

        return editorial_action_perform(task_state=task_state, user=user, action_name=action_name, **kwargs)


class SubmissionReviewTask(SubmissionTaskMixin, AbstractGroupApprovalTask):
    """Read the story: approve it (straight to publication or via a copy edit), ask for changes, or decline."""

    task_state_class = SubmissionReviewTaskState

    actions = [
        ("approve", "Approve and publish", False),
        ("send_to_edit", "Approve and send to copy edit", False),
        ("reject", "Ask the writer for changes", True),
        ("decline", "Decline with a reason", True),
    ]

    @classmethod
    def get_description(cls):
        return "Reader submissions: members of the chosen groups review the story and talk to the writer"

    class Meta:
        verbose_name = "Submission review task"
        verbose_name_plural = "Submission review tasks"


class SubmissionEditTask(SubmissionTaskMixin, AbstractGroupApprovalTask):
    """The optional copy edit. Skipped unless the review step chose "send to copy edit"."""

    def start(self, workflow_state, user=None):
        review = (
            SubmissionReviewTaskState.objects.filter(workflow_state=workflow_state)
            .order_by("-started_at", "-pk")
            .first()
        )
        if review is not None and review.send_to_edit:
            return super().start(workflow_state, user=user)
        # Recorded as skipped (not approved) so the history tells the truth; Wagtail moves straight on.
        task_state = self.get_task_state_class()(
            workflow_state=workflow_state,
            task=self,
            status=TaskState.STATUS_SKIPPED,
            revision=workflow_state.content_object.get_latest_revision(),
            finished_at=timezone.now(),
            comment="No copy edit requested at review.",
        )
        task_state.save()
        return task_state

    actions = [
        ("approve", "Copy edit done: publish", False),
        ("reject", "Ask the writer for changes", True),
        ("decline", "Decline with a reason", True),
    ]

    @classmethod
    def get_description(cls):
        return "Reader submissions: an optional copy edit after review, then publication"

    class Meta:
        verbose_name = "Submission copy-edit task"
        verbose_name_plural = "Submission copy-edit tasks"
