"""Admin views: one story's numbers over time, and what is trending now and why. Reads only; logic in selectors."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fireside.engagement.charts import Series, line_chart
from fireside.engagement.selectors import (
    day_decays,
    engagement_config,
    restricted_paths,
    story_daily_totals,
    story_shares_by_network,
    trending_ranking,
)
from fireside.engagement.sharing import NETWORKS
from fireside.stories.models import StoryPage

STATS_DAYS = 30


class TrendingNowView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "engagement/admin/trending.html"
    page_title = "Trending now"
    header_icon = "pick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = dt.datetime.now(dt.UTC)
        weights = engagement_config().weights
        ranked = trending_ranking(now=now, weights=weights, limit=25, restricted=restricted_paths())
        stories = StoryPage.objects.in_bulk([row.story_id for row in ranked])
        context.update(
            rows=[(row, stories.get(row.story_id)) for row in ranked],
            weights=weights,
            decays=sorted(day_decays(now=now, half_life_hours=weights.half_life_hours).items(), reverse=True),
            pinned=StoryPage.objects.live().filter(trending_override="pin").order_by("title"),
            excluded=StoryPage.objects.filter(trending_override="exclude").order_by("title"),
        )
        return context


class StoryStatsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "engagement/admin/story_stats.html"
    header_icon = "pick"

    def get_page_title(self):
        return f"Stats: {self.story.title}"

    def dispatch(self, request, *args, **kwargs):
        self.story = get_object_or_404(StoryPage, pk=kwargs["story_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = story_daily_totals(story=self.story, days=STATS_DAYS)
        labels = [day["day"].strftime("%d %b") for day in days]
        chart = line_chart(
            labels=labels,
            series=[
                Series("Views", [d["views"] for d in days], "chart__line--views"),
                Series("Unique readers", [d["unique_readers"] for d in days], "chart__line--readers"),
                Series("Share clicks", [d["share_clicks"] for d in days], "chart__line--shares"),
                Series("Comments", [d["comments"] for d in days], "chart__line--comments"),
            ],
        )
        totals = {
            key: sum(d[key] for d in days) for key in ("views", "unique_readers", "share_clicks", "comments")
        }
        shares = [
            (NETWORKS[slug].label if slug in NETWORKS else slug, clicks)
            for slug, clicks in story_shares_by_network(story=self.story, since=days[0]["day"])
        ]
        context.update(story=self.story, days=reversed(days), chart=chart, totals=totals, shares=shares)
        return context
