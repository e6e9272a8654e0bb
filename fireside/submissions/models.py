"""A reader's story submission, the messages between writer and editors, and nothing the public ever sees.

The story text lives twice on purpose: on the ``Submission`` (what the writer sent and may still edit while
changes are requested) and on the draft ``StoryPage`` the editors work on. The contact email lives only here,
never on the page, and is erased by ``purge_submission_contacts`` a while after the story is closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_BODY_CHARACTERS = 50_000
MIN_BODY_WORDS = 300


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which the story is still moving; the others are final (or wait only for the scheduler).
OPEN_STATUSES = (SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW, SubmissionStatus.CHANGES_REQUESTED)


# Statuses in which the page may go live behind our back (Wagtail's scheduler, or an editor's "Publish" button).
LIVE_CAPABLE_STATUSES = (*OPEN_STATUSES, SubmissionStatus.SCHEDULED)


class SubmissionQuerySet(models.QuerySet):
    def with_status_page_data(self) -> "SubmissionQuerySet":
        return self.select_related("story", "section").prefetch_related("content_warnings")


class Submission(models.Model):
    story = models.OneToOneField(
        "stories.StoryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="submission"
    )
    section = models.ForeignKey(
        "stories.SectionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )

    headline = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField(max_length=MAX_BODY_CHARACTERS)
    pen_name = models.CharField(max_length=80, blank=True, help_text="Blank means Anonymous.")
    content_warnings = models.ManyToManyField("stories.ContentWarning", blank=True, related_name="+")
    consent_own_story = models.BooleanField(default=False)
    consent_publish = models.BooleanField(default=False)
    consent_names_changed = models.BooleanField(default=False)
    # Counts by kind ("name": 3, "phone": 1) of the privacy replacements the writer accepted. Never the
    # replaced text itself: keeping that would defeat the point.
    replacements_accepted = models.JSONField(default=dict, blank=True)
    # The invented names the writer accepted as pseudonyms (never the real ones), so the privacy check does
    # not flag them again.
    pseudonyms = models.JSONField(default=list, blank=True)

    contact_email = models.EmailField(blank=True)
    contact_email_deleted_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the email and of the text: recognises a duplicate even after the email is erased.
    writer_key = models.CharField(max_length=64, db_index=True)
    text_fingerprint = models.CharField(max_length=64, blank=True)
    # SHA-256 of the secret status-page token; the token itself is shown once and emailed, never stored.
    token_hash = models.CharField(max_length=64, unique=True)

    decline_reason = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the story was published or declined: the contact-email retention clock starts here.
    closed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["writer_key", "text_fingerprint"],
                condition=~Q(text_fingerprint=""),
                name="submission_unique_text_per_writer",
            )
        ]

    def __str__(self) -> str:
        return self.headline or f"Withdrawn submission {self.pk}"

    @property
    def byline(self) -> str:
        return self.pen_name.strip() or "Anonymous"

    @property
    def effective_status(self) -> str:
        """The status, corrected for what Wagtail did on its own (a scheduled story that has since gone live)."""
        if self.status in LIVE_CAPABLE_STATUSES and self.story_id and self.story.live:
            return SubmissionStatus.PUBLISHED
        return self.status

    @property
    def effective_status_label(self) -> str:
        return SubmissionStatus(self.effective_status).label


class MessageSender(models.TextChoices):
    EDITOR = "editor", "Editor"
    WRITER = "writer", "Writer"


class MessageKind(models.TextChoices):
    MESSAGE = "message", "Message"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    DECLINED = "declined", "Declined"
    REVISED = "revised", "Story revised"


class SubmissionMessage(models.Model):
    """One message in the thread between the editors and the writer.

    Editor messages are emailed to the writer; the writer's answers and edits are emailed to the reviewers
    responsible. ``emailed_at`` records that the email went out, whichever way it went.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=MessageSender.choices)
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_sender_display()} {self.get_kind_display().lower()} on {self.submission_id}"
