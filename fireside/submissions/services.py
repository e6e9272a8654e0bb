"""Writes for reader submissions: create, revise, reply, withdraw, and the editorial transitions' bookkeeping.

Every function validates, saves inside a transaction and then sends its email, so a rolled-back write never
sends a message about something that did not happen. The workflow itself (who may approve, what publishing
means) lives in ``fireside.editorial``; this module only records what happened and tells the writer.
"""

import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug

from fireside.stories.models import ContentWarning, SectionPage, StoryPage
from fireside.submissions.models import (
    LIVE_CAPABLE_STATUSES,
    OPEN_STATUSES,
    MessageKind,
    MessageSender,
    Submission,
    SubmissionMessage,
    SubmissionStatus,
)
from fireside.textanalysis.pii import is_pseudonym

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32  # 256 bits: the link is the writer's only key, so it must not be guessable


@dataclass(frozen=True)
class SubmissionReceipt:
    """What the writer is told after sending. ``token`` is None for a duplicate: the first link still works."""

    submission: Submission
    token: str | None
    duplicate: bool


# --- Small pure helpers ----------------------------------------------------------------------------------------
def normalise_email(email: str) -> str:
    return email.strip().lower()


def writer_key_for(email: str) -> str:
    """A keyed hash of the email, so duplicates are recognised without keeping the address in clear text."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"submission-writer:" + normalise_email(email).encode(), hashlib.sha256).hexdigest()


def text_fingerprint_for(body: str) -> str:
    """Whitespace and case do not make a different story; a changed word does."""
    return hashlib.sha256(" ".join(body.split()).casefold().encode()).hexdigest()


def token_hash_for(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def body_to_html(body: str) -> str:
    """The writer's plain text as rich-text paragraphs: every non-empty line one paragraph, all of it escaped."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in body.splitlines() if line.strip())


def submission_for_token(token: str) -> Submission | None:
    if not token or len(token) > 200:
        return None
    return Submission.objects.with_status_page_data().filter(token_hash=token_hash_for(token)).first()


def status_url(*, token: str, site_url: str | None = None) -> str:
    base = (site_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse("submissions:status", args=[token])


def _send_to_writer(*, submission: Submission, subject: str, template: str, context: dict) -> bool:
    """Email the writer if we still have their address. Returns whether a message went out."""
    if not submission.contact_email:
        return False
    text = render_to_string(
        f"submissions/email/{template}.txt",
        {"submission": submission, "site_name": settings.WAGTAIL_SITE_NAME, **context},
    )
    try:
        send_mail(subject, text, None, [submission.contact_email])
    except OSError:
        # A mail server that is down must not undo an editor's decision; the message stays on the status page.
        logger.exception("could not email the writer of submission %s", submission.pk)
        return False
    return True


# --- The writer ------------------------------------------------------------------------------------------------
def submission_create(
    *,
    headline: str,
    summary: str,
    body: str,
    section: SectionPage,
    content_warnings: Iterable[ContentWarning] = (),
    pen_name: str = "",
    contact_email: str,
    consent_own_story: bool,
    consent_publish: bool,
    consent_names_changed: bool,
    replacements_accepted: dict[str, int] | None = None,
    pseudonyms: Iterable[str] = (),
    site_url: str | None = None,
) -> SubmissionReceipt:
    """Record a story, make it a draft ``StoryPage`` in its section and start the editorial workflow.

    The same text from the same email is recognised and returned as a duplicate instead of being doubled
    (a double click, a refreshed confirmation page, or a writer who forgot they already sent it).
    """
    from fireside.editorial.workflow import submission_workflow_start

    writer_key = writer_key_for(contact_email)
    fingerprint = text_fingerprint_for(body)
    existing = Submission.objects.filter(writer_key=writer_key, text_fingerprint=fingerprint).first()
    if existing is not None:
        return SubmissionReceipt(submission=existing, token=None, duplicate=True)

    token = secrets.token_urlsafe(TOKEN_BYTES)
    warnings = list(content_warnings)
    submission = Submission(
        section=section,
        headline=headline.strip(),
        summary=summary.strip(),
        body=body,
        pen_name=pen_name.strip(),
        contact_email=normalise_email(contact_email),
        writer_key=writer_key,
        text_fingerprint=fingerprint,
        token_hash=token_hash_for(token),
        consent_own_story=consent_own_story,
        consent_publish=consent_publish,
        consent_names_changed=consent_names_changed,
        replacements_accepted={k: int(v) for k, v in (replacements_accepted or {}).items()},
        pseudonyms=[str(name)[:80] for name in pseudonyms if is_pseudonym(str(name))][:100],
    )
    if not (consent_own_story and consent_publish and consent_names_changed):
        raise ValidationError("All three consents are needed before a story can be sent.")
    submission.full_clean(exclude=["story", "token_hash"])
    try:
        with transaction.atomic():
            story = StoryPage(
                title=submission.headline,
                slug=find_available_slug(section, slugify(submission.headline)[:60] or "story"),
                standfirst=submission.summary,
                pen_name=submission.pen_name,
                body=body_to_html(body),
                live=False,
                first_published_at=None,
            )
            section.add_child(instance=story)
            story.content_warnings.set(warnings)
            story.save_revision(log_action=False)
            submission.story = story
            submission.save()
            submission.content_warnings.set(warnings)
            submission_workflow_start(story=story)
    except IntegrityError:
        # The same writer sent the same text at the same moment from two tabs: the other request won.
        existing = Submission.objects.filter(writer_key=writer_key, text_fingerprint=fingerprint).first()
        if existing is None:
            raise
        return SubmissionReceipt(submission=existing, token=None, duplicate=True)

    _send_to_writer(
        submission=submission,
        subject=f"We received your story: {submission.headline}",
        template="received",
        context={"status_url": status_url(token=token, site_url=site_url)},
    )
    return SubmissionReceipt(submission=submission, token=token, duplicate=False)


def _notify_editors(*, submission: Submission, message: SubmissionMessage) -> bool:
    """Email the reviewers responsible for this story about the writer's answer or edit; mark it emailed.

    The email carries the message and a link to the admin review page, never the writer's contact address,
    so forwarding it cannot leak who the writer is. Returns whether at least one email went out.
    """
    from fireside.editorial.selectors import submission_reviewer_emails

    recipients = submission_reviewer_emails(submission=submission)
    if not recipients:
        logger.warning("no reviewer with an email address for submission %s", submission.pk)
        return False
    revised = message.kind == MessageKind.REVISED
    subject = (
        f"The writer edited “{submission.headline}”"
        if revised
        else f"The writer answered about “{submission.headline}”"
    )
    text = render_to_string(
        "submissions/email/to_editors.txt",
        {
            "submission": submission,
            "message": message,
            "revised": revised,
            "review_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("editorial:submission_detail", args=[submission.pk]),
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    emails = [EmailMessage(subject, text, None, [address]) for address in recipients]
    try:
        sent = get_connection().send_messages(emails)
    except OSError:
        # The writer's answer is saved either way; editors also see it in the panel.
        logger.exception("could not email the editors about submission %s", submission.pk)
        return False
    if sent:
        message.emailed_at = timezone.now()
        SubmissionMessage.objects.filter(pk=message.pk).update(emailed_at=message.emailed_at)
    return bool(sent)


def submission_reply(*, submission: Submission, body: str) -> SubmissionMessage:
    """The writer answers the editors on their status page; the reviewers responsible are emailed."""
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise ValidationError("This story was withdrawn.")
    message = SubmissionMessage(submission=submission, sender=MessageSender.WRITER, body=body.strip())
    message.full_clean()
    with transaction.atomic():
        message.save()
        Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
    _notify_editors(submission=submission, message=message)
    return message


def submission_revise(
    *,
    submission: Submission,
    headline: str,
    summary: str,
    body: str,
    note: str = "",
    replacements_accepted: dict[str, int] | None = None,
    pseudonyms: Iterable[str] = (),
) -> Submission:
    """The writer's edit while changes are requested: a new draft revision, and the workflow resumes.

    The privacy replacements accepted during this edit are added to the submission's tally, and the new
    pseudonyms join the old ones so later checks (the writer's and the editors') do not flag them as people.
    The reviewers responsible are emailed.
    """
    from fireside.editorial.workflow import submission_workflow_resume

    if submission.status != SubmissionStatus.CHANGES_REQUESTED:
        raise ValidationError("You can edit your story only while the editors have asked for changes.")
    counts = {str(k): int(v) for k, v in (submission.replacements_accepted or {}).items()}
    for kind, count in (replacements_accepted or {}).items():
        counts[kind] = counts.get(kind, 0) + int(count)
    names = [
        str(name)[:80] for name in [*(submission.pseudonyms or []), *pseudonyms] if is_pseudonym(str(name))
    ]
    submission.headline = headline.strip()
    submission.summary = summary.strip()
    submission.body = body
    submission.status = SubmissionStatus.IN_REVIEW
    submission.replacements_accepted = counts
    submission.pseudonyms = list(dict.fromkeys(name for name in names if name))[:100]
    submission.full_clean(exclude=["story", "token_hash", "writer_key"])
    with transaction.atomic():
        submission.save()
        if submission.story_id:
            draft = submission.story.get_latest_revision_as_object()
            draft.title = submission.headline
            draft.standfirst = submission.summary
            draft.body = body_to_html(body)
            draft.save_revision(log_action=True)
            submission_workflow_resume(story=submission.story)
        message = SubmissionMessage.objects.create(
            submission=submission,
            sender=MessageSender.WRITER,
            kind=MessageKind.REVISED,
            body=note.strip() or "I have edited my story.",
        )
    _notify_editors(submission=submission, message=message)
    return submission


def submission_withdraw(*, submission: Submission) -> Submission:
    """The writer takes the story back: the draft page, the text, the messages and the email are deleted.

    The row stays (status "withdrawn", no text) so the secret link can still say what happened.
    """
    from fireside.editorial.workflow import submission_workflow_cancel

    if submission.status == SubmissionStatus.WITHDRAWN:
        return submission
    with transaction.atomic():
        story = submission.story
        if story is not None:
            submission_workflow_cancel(story=story)
            # Deleting the page deletes its revisions too, so no copy of the text survives in the drafts.
            story.delete()
        submission.messages.all().delete()
        submission.content_warnings.clear()
        now = timezone.now()
        Submission.objects.filter(pk=submission.pk).update(
            story=None,
            status=SubmissionStatus.WITHDRAWN,
            headline="",
            summary="",
            body="",
            pen_name="",
            text_fingerprint="",
            replacements_accepted={},
            pseudonyms=[],
            contact_email="",
            contact_email_deleted_at=now,
            withdrawn_at=now,
            updated_at=now,
        )
    submission.refresh_from_db()
    return submission


# --- What editors do, recorded here and told to the writer ------------------------------------------------------
def submission_mark_in_review(*, submission: Submission) -> Submission:
    """An editor opened the story: the writer sees "in review"."""
    if submission.status == SubmissionStatus.RECEIVED:
        Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.RECEIVED).update(
            status=SubmissionStatus.IN_REVIEW, updated_at=timezone.now()
        )
        submission.status = SubmissionStatus.IN_REVIEW
    return submission


def submission_message_writer(
    *, submission: Submission, editor, body: str, kind: str = MessageKind.MESSAGE
) -> SubmissionMessage:
    """An editor writes to the writer: kept with the submission and emailed through Django's mail framework."""
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise ValidationError("This story was withdrawn; the writer can no longer be reached.")
    message = SubmissionMessage(
        submission=submission, sender=MessageSender.EDITOR, kind=kind, author=editor, body=body.strip()
    )
    message.full_clean()
    with transaction.atomic():
        message.save()
    subjects = {
        MessageKind.MESSAGE: f"A message from the editors about “{submission.headline}”",
        MessageKind.CHANGES_REQUESTED: f"The editors asked for changes to “{submission.headline}”",
        MessageKind.DECLINED: f"About your story “{submission.headline}”",
    }
    if _send_to_writer(
        submission=submission,
        subject=subjects.get(kind, subjects[MessageKind.MESSAGE]),
        template="editor_message",
        context={"message": message},
    ):
        message.emailed_at = timezone.now()
        message.save(update_fields=["emailed_at"])
    return message


def submission_request_changes(*, submission: Submission, editor, message: str) -> Submission:
    if submission.status not in OPEN_STATUSES:
        raise ValidationError("Changes can only be requested while the story is in review.")
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.CHANGES_REQUESTED, updated_at=timezone.now()
        )
        submission.status = SubmissionStatus.CHANGES_REQUESTED
    submission_message_writer(
        submission=submission, editor=editor, body=message, kind=MessageKind.CHANGES_REQUESTED
    )
    return submission


def submission_decline(*, submission: Submission, editor, reason: str) -> Submission:
    if submission.status not in OPEN_STATUSES:
        raise ValidationError("Only a story still in review can be declined.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Tell the writer why."})
    now = timezone.now()
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.DECLINED, decline_reason=reason, closed_at=now, updated_at=now
        )
        submission.status, submission.decline_reason, submission.closed_at = (
            SubmissionStatus.DECLINED,
            reason,
            now,
        )
    submission_message_writer(submission=submission, editor=editor, body=reason, kind=MessageKind.DECLINED)
    return submission


def submission_mark_approved(*, submission: Submission, go_live_at: datetime | None = None) -> Submission:
    """The workflow finished: the story is live, or scheduled for ``go_live_at``."""
    now = timezone.now()
    scheduled = go_live_at is not None and go_live_at > now
    status = SubmissionStatus.SCHEDULED if scheduled else SubmissionStatus.PUBLISHED
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            status=status, closed_at=go_live_at if scheduled else now, updated_at=now
        )
        submission.status = status
        submission.closed_at = go_live_at if scheduled else now
    story_url = submission.story.full_url if submission.story_id and not scheduled else ""
    _send_to_writer(
        submission=submission,
        subject=(
            f"Your story “{submission.headline}” is scheduled"
            if scheduled
            else f"Your story “{submission.headline}” is published"
        ),
        template="approved",
        context={"scheduled": scheduled, "go_live_at": go_live_at, "story_url": story_url},
    )
    return submission


def submission_contacts_purge(
    *, older_than_days: int, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Erase contact emails of stories published or declined more than ``older_than_days`` ago.

    Also settles stories that went live outside our workflow actions (Wagtail's scheduler, a direct "Publish").
    Idempotent and made of set-based updates, so it is safe to run from cron as often as you like, even twice
    at once.
    """
    now = now or timezone.now()
    went_live = Submission.objects.filter(status__in=LIVE_CAPABLE_STATUSES, story__live=True)
    if not dry_run:
        for submission in went_live.select_related("story"):
            Submission.objects.filter(pk=submission.pk, status__in=LIVE_CAPABLE_STATUSES).update(
                status=SubmissionStatus.PUBLISHED,
                closed_at=submission.story.last_published_at or now,
                updated_at=now,
            )
    cutoff = now - timedelta(days=older_than_days)
    due = Submission.objects.filter(
        status__in=[SubmissionStatus.PUBLISHED, SubmissionStatus.DECLINED],
        closed_at__lte=cutoff,
    ).exclude(contact_email="")
    if dry_run:
        return due.count()
    return due.update(contact_email="", contact_email_deleted_at=now)
