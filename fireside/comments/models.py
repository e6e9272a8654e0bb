"""Comments on stories, the rules that moderate them (a site setting) and the spam filter's shared counts."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

MAX_BODY = 5_000
MAX_NAME = 100
MAX_URL = 200
MAX_DEPTH = 5  # levels of a thread: a top-level comment is level 1


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    TRASH = "trash", "Trash"


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=CommentStatus.APPROVED)

    def by_email(self, email: str) -> "CommentQuerySet":
        return self.filter(author_email__iexact=email.strip())

    def public_fields(self) -> "CommentQuerySet":
        """Only what public pages may show: the email, IP and user agent are never even loaded."""
        return self.only(
            "pk", "story_id", "parent_id", "thread_id", "depth", "author_name", "author_url", "body",
            "status", "created_at", "erased_at",
        )  # fmt: skip


class Comment(models.Model):
    story = models.ForeignKey("stories.StoryPage", on_delete=models.CASCADE, related_name="comments")
    # Where the comment sits in the thread (at most MAX_DEPTH levels) and the top-level comment of its thread,
    # so a page of threads loads with one query for all their replies.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", editable=False
    )
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # The comment the reader pressed "Reply" under (may differ from ``parent`` past the depth limit).
    replied_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    depth = models.PositiveSmallIntegerField(default=1, editable=False)

    author_name = models.CharField("name", max_length=MAX_NAME)
    author_email = models.EmailField("email", max_length=254, help_text="Never published.")
    author_url = models.URLField(
        "website", max_length=MAX_URL, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    body = models.TextField("comment", max_length=MAX_BODY)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )

    status = models.CharField(max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    hold_reason = models.CharField(max_length=200, blank=True, editable=False)
    spam_score = models.FloatField(null=True, blank=True, editable=False)
    # What the spam filter was last taught from this comment ("spam", "ham" or ""), so a moderator changing
    # their mind moves the counts instead of adding to them twice.
    trained_as = models.CharField(max_length=4, blank=True, editable=False)
    repeat_key = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    # Tone flag for moderators (blaming or mocking the storyteller, threats, insults) with its reasons in plain
    # words. Never shown to the commenter. "Not harmful" clears the flag and keeps the reasons for the record.
    tone_flagged = models.BooleanField("tone flag", default=False, db_index=True, editable=False)
    tone_reasons = models.CharField("tone flag reasons", max_length=300, blank=True, editable=False)
    tone_score = models.FloatField(null=True, blank=True, editable=False)
    # What the tone model was last taught from this comment ("harmful", "fine" or ""), as ``trained_as``.
    tone_trained_as = models.CharField(max_length=7, blank=True, editable=False)

    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)

    notify_replies = models.BooleanField(default=False, editable=False)
    reply_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    panels = [
        FieldPanel("body"),
        FieldPanel("author_name"),
        FieldPanel("author_email"),
        FieldPanel("author_url"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["story", "status", "parent", "created_at"], name="comment_listing"),
            models.Index(fields=["thread", "status"], name="comment_thread"),
            models.Index(fields=["author_email", "created_at"], name="comment_author_recent"),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self) -> str:
        excerpt = " ".join(self.body.split())[:60]
        return f"{self.author_name}: {excerpt}" if excerpt else self.author_name

    @property
    def tone_display(self) -> str:
        """The queue's "Tone" column: the reasons while flagged, marked cleared once a moderator said so."""
        if self.tone_flagged:
            return self.tone_reasons
        return f"cleared: {self.tone_reasons}" if self.tone_reasons else ""

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def initials(self) -> str:
        """Up to two letters for the local avatar: first letters of the first and last words of the name."""
        words = [word for word in self.author_name.split() if any(char.isalnum() for char in word)]
        letters = [next(char for char in word if char.isalnum()) for word in words]
        if not letters:
            return "?"
        picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
        return picked.upper()

    @property
    def avatar_hue(self) -> int:
        """One of eight colours chosen from the *name* (never the email), so the avatar leaks nothing."""
        return sum(ord(char) for char in self.author_name) % 8


class SpamFeature(models.Model):
    """Counts of one spam-filter feature: in how many spam and legitimate comments a moderator has seen it."""

    feature = models.CharField(max_length=100, unique=True)
    spam = models.PositiveIntegerField(default=0)
    ham = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.feature} ({self.spam}/{self.ham})"


class SpamCorpus(models.Model):
    """The number of spam and legitimate comments the filter has learned from (a single row, pk=1)."""

    spam_docs = models.PositiveIntegerField(default=0)
    ham_docs = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"spam {self.spam_docs} / ham {self.ham_docs}"


class ToneFeature(models.Model):
    """Counts of one tone feature: in how many comments moderators trashed (harmful) or kept (fine)."""

    feature = models.CharField(max_length=100, unique=True)
    harmful = models.PositiveIntegerField(default=0)
    fine = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.feature} ({self.harmful}/{self.fine})"


class ToneCorpus(models.Model):
    """How many harmful and fine decisions the tone model has learned from (a single row, pk=1)."""

    harmful_docs = models.PositiveIntegerField(default=0)
    fine_docs = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"harmful {self.harmful_docs} / fine {self.fine_docs}"


def _words_help(what: str) -> str:
    return (
        f"One word, phrase or IP address per line. A comment whose text, name, email, website or IP contains "
        f"one of them (ignoring case) is {what}."
    )


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """The moderation rules, each with the default WordPress and Coral ship."""

    hold_first_comments = models.BooleanField(
        "hold until a first comment is approved",
        default=True,
        help_text="A commenter's comments wait for moderation until one of theirs (by email) has been approved.",
    )
    max_links = models.PositiveSmallIntegerField(
        "hold comments with this many links",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    hold_words = models.TextField("hold list", blank=True, help_text=_words_help("held for moderation"))
    reject_words = models.TextField(
        "reject list", blank=True, help_text=_words_help("put straight in the trash")
    )
    rejected_share = models.PositiveSmallIntegerField(
        "hold commenters whose rejected share exceeds (%)",
        default=30,
        validators=[MaxValueValidator(100)],
        help_text="Share of a commenter's comments marked spam or trash over the window below.",
    )
    rejected_window_days = models.PositiveSmallIntegerField(
        "over the last (days)", default=7, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    repeat_window_days = models.PositiveSmallIntegerField(
        "repeats count as spam within (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="An exact or near-exact repeat of a comment posted by anyone in this window goes to spam.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments on stories older than (days)",
        default=0,
        validators=[MaxValueValidator(36500)],
        help_text="0 keeps comments open. Editors can also close a single story in its settings tab.",
    )
    spam_threshold = models.PositiveSmallIntegerField(
        "spam filter: send to spam at (%)",
        default=95,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    hold_threshold = models.PositiveSmallIntegerField(
        "spam filter: hold for moderation at (%)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    notify_editors = models.BooleanField(
        "email editors about comments awaiting moderation",
        default=True,
        help_text="The story's owner and the people listed below are told about each held comment.",
    )
    moderator_emails = models.TextField(
        "also notify", blank=True, help_text="Extra addresses, one per line, told about held comments."
    )
    ip_retention_days = models.PositiveSmallIntegerField(
        "keep IP addresses for (days)", default=90, validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("hold_first_comments"),
                FieldPanel("max_links"),
                FieldPanel("hold_words"),
                FieldPanel("reject_words"),
                FieldPanel("rejected_share"),
                FieldPanel("rejected_window_days"),
                FieldPanel("repeat_window_days"),
                FieldPanel("close_after_days"),
            ],
            heading="Moderation rules",
        ),
        MultiFieldPanel([FieldPanel("spam_threshold"), FieldPanel("hold_threshold")], heading="Spam filter"),
        MultiFieldPanel(
            [FieldPanel("notify_editors"), FieldPanel("moderator_emails")], heading="Notifications"
        ),
        FieldPanel("ip_retention_days"),
    ]

    class Meta:
        verbose_name = "comment settings"

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip().casefold() for line in text.splitlines() if line.strip()]

    @property
    def hold_list(self) -> list[str]:
        return self._lines(self.hold_words)

    @property
    def reject_list(self) -> list[str]:
        return self._lines(self.reject_words)

    @property
    def moderator_email_list(self) -> list[str]:
        return [line.strip() for line in self.moderator_emails.splitlines() if "@" in line]
