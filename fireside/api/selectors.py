"""Reads for the content API. Everything starts from ``ReaderScope``: live pages outside view restrictions."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from taggit.models import Tag
from wagtail.models import Page

from fireside.discovery.selectors import public_tags
from fireside.search.query import parse_query
from fireside.search.selectors import backend_query
from fireside.stories.models import SectionPage, StoryPage, StoryPageQuerySet, StoryTag
from fireside.stories.selectors import ReaderScope


@dataclass(frozen=True)
class StoryFilters:
    section: str | None = None
    tag: str | None = None
    pen_name: str | None = None
    hide_warning: tuple[str, ...] = ()
    published_after: datetime | None = None
    published_before: datetime | None = None
    q: str | None = None
    order: str = "newest"


def api_stories(*, scope: ReaderScope, filters: StoryFilters):
    """Public stories matching ``filters``: a queryset, or search results when ``q`` has words in it."""
    stories: StoryPageQuerySet = scope.stories()
    if filters.section:
        section = next((s for s in scope.sections if s.slug == filters.section), None)
        if section is None:
            return stories.none()
        stories = stories.in_section(section)
    if filters.tag:
        stories = stories.filter(
            pk__in=StoryTag.objects.filter(tag__slug=filters.tag).values("content_object_id")
        )
    if filters.pen_name:
        stories = stories.filter(pen_name__iexact=filters.pen_name)
    if filters.hide_warning:
        warned = StoryPage.content_warnings.through.objects.filter(
            contentwarning__slug__in=filters.hide_warning
        )
        stories = stories.exclude(pk__in=warned.values("storypage_id"))
    if filters.published_after:
        stories = stories.filter(first_published_at__gte=filters.published_after)
    if filters.published_before:
        stories = stories.filter(first_published_at__lt=filters.published_before)
    stories = stories.select_related("hero_image").prefetch_related("tags", "content_warnings")
    parsed = parse_query(filters.q or "")
    if not parsed.is_empty:
        return stories.search(backend_query(parsed), operator="and")
    ordered = (
        stories.newest_first() if filters.order == "newest" else stories.order_by("first_published_at", "pk")
    )
    return ordered.defer("body")


def api_story(
    *, scope: ReaderScope, pk: int | None = None, slug: str | None = None, section: str | None = None
):
    """One public story by id, or by slug (and section slug when two sections share a story slug)."""
    stories = scope.stories().select_related("hero_image").prefetch_related("tags", "content_warnings")
    if pk is not None:
        return stories.filter(pk=pk).first()
    if section:
        parent = next((s for s in scope.sections if s.slug == section), None)
        if parent is None:
            return None
        stories = stories.in_section(parent)
    matches = list(stories.filter(slug=slug)[:2])
    return matches[0] if len(matches) == 1 else (matches if matches else None)


def section_story_counts(*, scope: ReaderScope) -> dict[str, int]:
    """How many public stories each section holds, keyed by the section's tree path, in one query."""
    if not scope.sections:
        return {}
    length = len(scope.sections[0].path)
    rows = (
        scope.stories()
        .filter(depth=scope.sections[0].depth + 1)
        .annotate(parent_path=Substr("path", 1, length))
        .values("parent_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["parent_path"]: row["n"] for row in rows}


def api_sections(*, scope: ReaderScope) -> list[SectionPage]:
    counts = section_story_counts(scope=scope)
    for section in scope.sections:
        section.story_count = counts.get(section.path, 0)
    return scope.sections


def api_tags(*, scope: ReaderScope) -> QuerySet[Tag]:
    return public_tags(scope=scope)


def section_for(story: StoryPage, *, scope: ReaderScope) -> SectionPage | None:
    by_path = {section.path: section for section in scope.sections}
    return by_path.get(story.path[: -Page.steplen])
