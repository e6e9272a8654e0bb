"""Stored "More stories like this": each story's ranked neighbours, and the term profile they were ranked from.

Both tables are derived data, recomputed from the published pages (``services.py``); losing them loses nothing
that ``manage.py rebuild_related_stories`` cannot rebuild.
"""

from django.db import models

from fireside.stories.models import StoryPage


class StoryProfile(models.Model):
    """A live story reduced to weighted term counts (``fireside.textanalysis.related.story_terms``).

    Stored so that ranking one newly published story against the archive reads these small rows instead of
    every story's body, and so the archive's IDF can be fitted from them.
    """

    story = models.OneToOneField(StoryPage, on_delete=models.CASCADE, primary_key=True, related_name="+")
    scheme = models.PositiveSmallIntegerField(help_text="fireside.textanalysis.related.SCHEME_VERSION")
    premise = models.JSONField(default=dict, help_text="Weighted terms of headline, standfirst and opening.")
    body = models.JSONField(default=dict, help_text="Terms of the rest of the body (the most frequent).")
    tags = models.JSONField(default=list)
    warnings = models.JSONField(default=list)
    section_path = models.CharField(max_length=255, help_text="Tree path of the story's section.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of story {self.story_id}"


class RelatedStory(models.Model):
    """``related`` is the ``rank``-th story most like ``story`` (1 = most alike) when it was last computed."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list, help_text='Short phrases, e.g. "tags: grief".')

    class Meta:
        ordering = ["story", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["story", "rank"], name="related_unique_rank"),
            models.UniqueConstraint(fields=["story", "related"], name="related_unique_pair"),
            models.CheckConstraint(condition=~models.Q(story=models.F("related")), name="related_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.story_id} -> {self.related_id} (#{self.rank})"


class ArchiveVocabulary(models.Model):
    """Document frequencies of every term over the live stories' profiles: the archive's IDF, persisted.

    One row, kept up to date as profiles are saved and removed (under a row lock), so a publish need not
    refit the IDF over every profile; ``rebuild_related_stories`` recounts it from scratch.
    """

    scheme = models.PositiveSmallIntegerField()
    n_docs = models.PositiveIntegerField(default=0)
    df = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"vocabulary of {self.n_docs} stories"
