"""Per-story daily totals behind the stats views and Now Trending, and the editors' engagement settings.

Rows are only ever written by the flush (``services.views_flush``), in one batch of upserts, never per view.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_SHARE_PROMPT = "Please let us know your thoughts and share this story with your friends and family."


class StoryDaily(models.Model):
    """One story's totals for one day (UTC)."""

    # No index of its own: the unique (story, day) index starts with story and serves every lookup by story.
    story = models.ForeignKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="daily_totals", db_index=False
    )
    day = models.DateField()
    # Accepted page views: signed token, not a bot, not an editor; at most a few per reader per day.
    views = models.PositiveIntegerField(default=0)
    # Distinct readers that day; the first view of each. This is what trending counts.
    unique_readers = models.PositiveIntegerField(default=0)
    share_clicks = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "day"], name="engagement_story_day_unique")]
        indexes = [models.Index(fields=["day"], name="engagement_daily_day_idx")]

    def __str__(self) -> str:
        return f"{self.story_id} on {self.day}"


class StoryShareDaily(models.Model):
    """Share clicks on one story through one network on one day."""

    story = models.ForeignKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="daily_shares", db_index=False
    )
    day = models.DateField()
    network = models.CharField(max_length=20)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "day", "network"], name="engagement_share_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.story_id} {self.network} on {self.day}"


@register_setting(icon="pick")
class EngagementSettings(BaseSiteSetting):
    """What editors may tune without a deploy: the share prompt and how Now Trending weighs activity."""

    share_prompt = models.CharField(max_length=200, default=DEFAULT_SHARE_PROMPT)
    view_weight = models.FloatField(
        default=1.0,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text="Per unique reader.",
    )
    share_weight = models.FloatField(
        default=5.0, validators=[MinValueValidator(0), MaxValueValidator(1000)], help_text="Per share click."
    )
    comment_weight = models.FloatField(
        default=10.0,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text="Per approved comment.",
    )
    half_life_hours = models.FloatField(
        default=12.0,
        validators=[MinValueValidator(0.5), MaxValueValidator(24 * 14)],
        help_text="After this many hours, a view counts half as much towards trending.",
    )

    panels = [
        FieldPanel("share_prompt"),
        MultiFieldPanel(
            [
                FieldPanel("view_weight"),
                FieldPanel("share_weight"),
                FieldPanel("comment_weight"),
                FieldPanel("half_life_hours"),
            ],
            heading="Now Trending",
        ),
    ]

    class Meta:
        verbose_name = "engagement"
