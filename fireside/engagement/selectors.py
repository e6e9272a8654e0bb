"""Reads: Now Trending and the editors' stats. See docs/engagement.md for the trending formula.

Score of a story at time ``now``::

    score = sum over its daily totals d of  (wv * unique_readers_d + ws * share_clicks_d + wc * comments_d)
                                            * 0.5 ** (age_d / half_life)

where ``age_d`` is the age of the day's activity: for a past day, the time since its midpoint; for today, half
the time elapsed since midnight (activity so far is taken as spread evenly over it). The two meet at midnight,
so a story's score moves smoothly across days. The whole ranking is one aggregate query, cached for 60 seconds.
"""

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum, Value, When
from django.http import HttpRequest

from wagtail.models import Page, PageViewRestriction

from fireside.engagement.models import DEFAULT_SHARE_PROMPT, EngagementSettings, StoryDaily, StoryShareDaily
from fireside.stories.models import SectionPage, StoryPage
from fireside.stories.selectors import ReaderScope, reader_scope

TRENDING_COUNT = 5
CACHE_SECONDS = 60
_GENERATION_KEY = "engagement:trending:generation"
_MAX_WINDOW_DAYS = 30


@dataclass(frozen=True)
class TrendingEntry:
    """What the Now Trending list shows: plain values, so the cached list needs no query to render."""

    story_id: int
    title: str
    url: str
    section_title: str
    score: float
    pinned: bool = False


@dataclass(frozen=True)
class Weights:
    view: float = 1.0
    share: float = 5.0
    comment: float = 10.0
    half_life_hours: float = 12.0


@dataclass
class ScoredStory:
    story_id: int
    score: float
    views: int = 0
    unique_readers: int = 0
    share_clicks: int = 0
    comments: int = 0
    extra: dict = field(default_factory=dict)


def engagement_config() -> "EngagementConfig":
    """The editors' settings for the default site, cached until they change (saving them bumps the generation)."""
    return _cached("engagement:config", _load_config, None)


@dataclass(frozen=True)
class EngagementConfig:
    share_prompt: str
    weights: Weights


def _load_config() -> EngagementConfig:
    # One query, and no row created on read: a site whose editors never saved the settings uses the defaults.
    config = EngagementSettings.objects.filter(site__is_default_site=True).first()
    if config is None:
        return EngagementConfig(share_prompt=DEFAULT_SHARE_PROMPT, weights=Weights())
    return EngagementConfig(
        share_prompt=config.share_prompt or DEFAULT_SHARE_PROMPT,
        weights=Weights(
            config.view_weight, config.share_weight, config.comment_weight, config.half_life_hours
        ),
    )


def _cached(key: str, build, timeout: int | None):
    """``build()`` cached under ``key`` until ``timeout`` or the next ``trending_invalidate``: one cache round trip."""
    found = cache.get_many([_GENERATION_KEY, key])
    generation = found.get(_GENERATION_KEY)
    cached = found.get(key)
    if cached is not None and generation is not None and cached[0] == generation:
        return cached[1]
    value = build()
    if generation is None:
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(_GENERATION_KEY)
    cache.set(key, (generation, value), timeout)
    return value


def day_decays(*, now: dt.datetime, half_life_hours: float) -> dict[dt.date, float]:
    """The decay factor of each day still worth counting (older days weigh under 2**-10 and are left out)."""
    today = now.astimezone(dt.UTC).date()
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    days = min(_MAX_WINDOW_DAYS, math.ceil(half_life_hours * 10 / 24) + 1)
    decays = {}
    for back in range(days):
        day = today - dt.timedelta(days=back)
        if back == 0:
            age = (now - midnight).total_seconds() / 2
        else:
            age = (now - (midnight - dt.timedelta(days=back) + dt.timedelta(hours=12))).total_seconds()
        decays[day] = 0.5 ** (age / 3600 / half_life_hours)
    return decays


def _public(prefix: str, restricted: list[str], section: SectionPage | None) -> Q:
    """Live stories outside any view restriction, not excluded by editors (and in ``section``)."""
    condition = Q(**{f"{prefix}live": True}) & ~Q(**{f"{prefix}trending_override": "exclude"})
    for path in restricted:
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    if section is not None:
        condition &= Q(**{f"{prefix}path__startswith": section.path})
    return condition


def restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def trending_ranking(
    *,
    now: dt.datetime,
    weights: Weights,
    section: SectionPage | None = None,
    limit: int = 20,
    restricted: list[str] | None = None,
) -> list[ScoredStory]:
    """Stories by decayed engagement score, best first, with their totals over the window: one query."""
    restricted = restricted_paths() if restricted is None else restricted
    decays = day_decays(now=now, half_life_hours=weights.half_life_hours)
    engagement = ExpressionWrapper(
        F("unique_readers") * Value(weights.view)
        + F("share_clicks") * Value(weights.share)
        + F("comments") * Value(weights.comment),
        output_field=FloatField(),
    )
    score = Sum(
        Case(
            *[When(day=day, then=engagement * Value(decay)) for day, decay in decays.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    rows = (
        StoryDaily.objects.filter(_public("story__", restricted, section), day__gte=min(decays))
        .values("story_id", "story__title", "story__path", "story__url_path")
        .annotate(
            score=score,
            total_views=Sum("views"),
            total_readers=Sum("unique_readers"),
            total_shares=Sum("share_clicks"),
            total_comments=Sum("comments"),
        )
        .filter(score__gt=0)
        .order_by("-score", "-story_id")[:limit]
    )
    return [
        ScoredStory(
            story_id=row["story_id"],
            score=row["score"],
            views=row["total_views"],
            unique_readers=row["total_readers"],
            share_clicks=row["total_shares"],
            comments=row["total_comments"],
            extra={
                "title": row["story__title"],
                "path": row["story__path"],
                "url_path": row["story__url_path"],
            },
        )
        for row in rows
    ]


def _build_entries(
    *, section: SectionPage | None, limit: int, scope: ReaderScope, request: HttpRequest | None
) -> list[TrendingEntry]:
    """Pinned stories, then the best scored, then (on a quiet site) the newest: two queries."""
    restricted = scope.restricted_paths
    weights = engagement_config().weights
    ranked = trending_ranking(
        now=dt.datetime.now(dt.UTC), weights=weights, section=section, limit=limit, restricted=restricted
    )
    # Pinned stories first, and the newest as filler for a new or quiet magazine, in one query.
    candidates = list(
        StoryPage.objects.filter(_public("", restricted, section))
        .annotate(pinned=Case(When(trending_override="pin", then=Value(1)), default=Value(0)))
        .order_by("-pinned", "-first_published_at", "-pk")
        .values("pk", "title", "path", "url_path", "pinned")[:limit]
    )
    pinned = [row for row in candidates if row["pinned"]]
    chosen: dict[int, tuple[dict, float, bool]] = {}
    for row in pinned:
        chosen[row["pk"]] = (row, 0.0, True)
    for row in ranked:
        chosen.setdefault(row.story_id, (row.extra, row.score, False))
    for row in candidates:
        chosen.setdefault(row["pk"], (row, 0.0, False))
    section_titles = {item.path: item.title for item in scope.sections}
    entries = []
    for story_id, (row, score, is_pinned) in list(chosen.items())[:limit]:
        page = Page(
            id=story_id, path=row["path"], url_path=row["url_path"], depth=len(row["path"]) // Page.steplen
        )
        entries.append(
            TrendingEntry(
                story_id=story_id,
                title=row["title"],
                url=page.get_url(request) or "",
                section_title=section_titles.get(row["path"][: -Page.steplen], ""),
                score=round(score, 3),
                pinned=is_pinned,
            )
        )
    return entries


def trending_invalidate() -> None:
    """Forget every cached list: a story was published, unpublished, restricted or the weights changed."""
    cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)


def trending_stories(
    *,
    section: SectionPage | None = None,
    exclude_id: int | None = None,
    limit: int = TRENDING_COUNT,
    request: HttpRequest | None = None,
) -> list[TrendingEntry]:
    """Now Trending: pinned stories first, then by score. One cache read; the queries run at most once a minute."""
    key = f"engagement:trending:{section.pk if section else 'all'}:{limit}"
    entries = _cached(
        key,
        # One spare entry, for the story being read.
        lambda: _build_entries(
            section=section, limit=limit + 1, scope=reader_scope(request), request=request
        ),
        CACHE_SECONDS,
    )
    return [entry for entry in entries if entry.story_id != exclude_id][:limit]


# --- Editors' stats ----------------------------------------------------------------------------------------------
def story_daily_totals(*, story: StoryPage, days: int = 30, today: dt.date | None = None) -> list[dict]:
    """One dict per day of the last ``days`` days, zeros filled in, oldest first."""
    today = today or dt.datetime.now(dt.UTC).date()
    first = today - dt.timedelta(days=days - 1)
    rows = {row.day: row for row in StoryDaily.objects.filter(story=story, day__gte=first, day__lte=today)}
    totals = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        row = rows.get(day)
        totals.append(
            {
                "day": day,
                "views": row.views if row else 0,
                "unique_readers": row.unique_readers if row else 0,
                "share_clicks": row.share_clicks if row else 0,
                "comments": row.comments if row else 0,
            }
        )
    return totals


def story_shares_by_network(*, story: StoryPage, since: dt.date) -> list[tuple[str, int]]:
    rows: QuerySet = (
        StoryShareDaily.objects.filter(story=story, day__gte=since)
        .values("network")
        .annotate(clicks=Sum("clicks"))
        .order_by("-clicks", "network")
    )
    return [(row["network"], row["clicks"]) for row in rows]
