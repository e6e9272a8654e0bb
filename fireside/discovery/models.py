"""Per-site settings for feeds, edited under Settings → Feeds in Wagtail's admin."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="rss")
class FeedSettings(BaseSiteSetting):
    full_text = models.BooleanField(
        default=False,
        help_text="Put each story's full text in the feeds. Untick to send the standfirst only, so feed "
        "readers link back to the site.",
    )
    item_count = models.PositiveSmallIntegerField(
        default=20, help_text="How many of the newest stories each feed lists (1 to 100)."
    )

    panels = [FieldPanel("full_text"), FieldPanel("item_count")]

    class Meta:
        verbose_name = "Feeds"

    def clean(self) -> None:
        super().clean()
        self.item_count = min(max(self.item_count or 20, 1), 100)
