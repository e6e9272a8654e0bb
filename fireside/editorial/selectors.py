"""Reads for the editors' submission panel."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models

from wagtail.models import TaskState, WorkflowState

from fireside.editorial.models import SubmissionEditTask, SubmissionReviewTask
from fireside.stories.reading import count_words, html_to_text
from fireside.submissions.models import MessageSender, Submission
from fireside.textanalysis.pii import Finding, Segment, find_identifying_information, segments


@dataclass
class SubmissionReview:
    """Everything the panel shows about one submission, read in a fixed number of queries."""

    submission: Submission
    draft_text: str
    word_count: int
    findings: list[Finding]
    segments: list[Segment]
    findings_by_kind: dict[str, int]
    task_state: TaskState | None
    actions: list[tuple[str, str, bool]]
    workflow_status: str


def user_can_review(user) -> bool:
    """Superusers, anyone allowed to change submissions, and members of the submission tasks' groups."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm("submissions.change_submission"):
        return True
    group_ids = set(user.groups.values_list("pk", flat=True))
    if not group_ids:
        return False
    return (
        SubmissionReviewTask.objects.filter(groups__in=group_ids).exists()
        or SubmissionEditTask.objects.filter(groups__in=group_ids).exists()
    )


def submission_review(*, submission: Submission, user) -> SubmissionReview:
    """The draft as editors last left it, with its privacy findings and the actions open to ``user``."""
    story = submission.story
    if story is not None:
        draft = story.get_latest_revision_as_object()
        text = html_to_text(draft.body).strip()
    else:
        text = submission.body
    accepted = set(submission.pseudonyms or [])
    findings = [
        finding
        for finding in find_identifying_information(text)
        if not (finding.kind == "name" and finding.text in accepted)
    ]
    by_kind: dict[str, int] = {}
    for finding in findings:
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
    task_state = None
    actions: list[tuple[str, str, bool]] = []
    workflow_status = ""
    if story is not None:
        state = (
            WorkflowState.objects.active().for_instance(story).select_related("current_task_state").first()
        )
        if state is not None:
            workflow_status = state.get_status_display()
            if state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state is not None:
                task_state = state.current_task_state.specific
                actions = list(task_state.task.specific.get_actions(story, user))
    return SubmissionReview(
        submission=submission,
        draft_text=text,
        word_count=count_words(text),
        findings=findings,
        segments=segments(text, findings),
        findings_by_kind=by_kind,
        task_state=task_state,
        actions=actions,
        workflow_status=workflow_status,
    )


def submission_reviewer_emails(*, submission: Submission) -> list[str]:
    """Who to email when the writer answers or edits: the reviewers responsible for this story.

    That is the members of the groups of the workflow step the story is at (for a story waiting on the
    writer, the step that asked for changes), or of the review step when no workflow is running any more,
    plus every editor who has written to this writer (a superuser outside those groups, say). Active users
    with an email address only, each address once.
    """
    from fireside.editorial.workflow import submission_workflow

    group_ids: set[int] = set()
    if submission.story_id:
        state = (
            WorkflowState.objects.active()
            .for_instance(submission.story)
            .select_related("current_task_state__task")
            .first()
        )
        if state is not None and state.current_task_state is not None:
            task = state.current_task_state.task.specific
            group_ids.update(task.groups.values_list("pk", flat=True))
    if not group_ids:
        review = SubmissionReviewTask.objects.filter(
            workflow_tasks__workflow=submission_workflow(), active=True
        ).first()
        if review is not None:
            group_ids.update(review.groups.values_list("pk", flat=True))
    author_ids = submission.messages.filter(sender=MessageSender.EDITOR, author__isnull=False).values(
        "author_id"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(models.Q(groups__in=group_ids) | models.Q(pk__in=author_ids))
        .distinct()
        .order_by("pk")
    )
    emails = (email.strip() for email in users.values_list("email", flat=True))
    return list(dict.fromkeys(email for email in emails if email))
