"""Editors' decisions on suggested content warnings, and the models retrained from them."""

from django.conf import settings
from django.db import models

from fireside.core.content_warnings import VOCABULARY


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Source(models.TextChoices):
    PAGE_EDITOR = "page_editor", "Page editor"
    SUGGESTIONS_PAGE = "suggestions_page", "Suggestions page"
    SUBMISSION_REVIEW = "submission_review", "Submission review"


class WarningDecision(models.Model):
    """One editor's accept or reject of one suggested warning on one version of a story's text.

    Rows are never updated: a change of mind is a new row, so the table is the audit trail and the latest row per
    (story, label) is the current decision. The evidence sentences are kept because they are what retraining
    learns from; the text itself is not (it lives in the page's revisions), only its hash.
    """

    story = models.ForeignKey("stories.StoryPage", on_delete=models.CASCADE, related_name="warning_decisions")
    label = models.CharField(max_length=60, choices=[(term.slug, term.label) for term in VOCABULARY])
    decision = models.CharField(max_length=10, choices=Decision.choices)
    score = models.FloatField()
    evidence = models.JSONField(default=list)
    text_hash = models.CharField(max_length=64)
    model_key = models.CharField(max_length=40, help_text="Which model made the suggestion.")
    source = models.CharField(max_length=20, choices=Source.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["story", "label", "-created_at"], name="warnsug_story_label")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.label} on story {self.story_id}"


class SiteWarningModel(models.Model):
    """A content-warning model retrained on this site (``manage.py train_warning_model``).

    Kept in the database so every app process uses the same one; the newest row is the one in use.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    weights = models.JSONField(help_text="WarningModel.to_json() of the trained model.")
    examples = models.PositiveIntegerField()
    decisions = models.PositiveIntegerField(help_text="Editors' decisions among the training examples.")
    heldout_before = models.JSONField(default=dict)
    heldout_after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-pk"]
        get_latest_by = "pk"

    def __str__(self) -> str:
        return f"Site content-warning model #{self.pk} ({self.decisions} decisions)"
