"""Reads for the reading site. Every function here runs a fixed number of queries, whatever the archive's size.

Two things are needed by nearly every public page: which parts of the tree are behind a view restriction
(private stories must never be listed) and the list of sections (navigation, section labels on cards). A
``ReaderScope`` loads both once per request, and every listing reuses them.

A story's section is its parent page. Asking each story for its parent would cost one query per card, so
listings match stories to the already loaded sections by tree path instead.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from fireside.stories.models import HomePage, SectionPage, StoryPage, StoryPageQuerySet, StoryTag

HOME_LATEST_COUNT = 12
_REQUEST_ATTRIBUTE = "_fireside_reader_scope"


@dataclass
class ReaderScope:
    """What an anonymous reader may see: live pages outside any view restriction."""

    @cached_property
    def restricted_paths(self) -> list[str]:
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    def public(self, queryset: StoryPageQuerySet) -> StoryPageQuerySet:
        hidden = Q()
        for path in self.restricted_paths:
            hidden |= Q(path__startswith=path)
        queryset = queryset.live()
        return queryset.exclude(hidden) if hidden else queryset

    @cached_property
    def sections(self) -> list[SectionPage]:
        return list(self.public(SectionPage.objects.all()).order_by("path"))

    def stories(self) -> StoryPageQuerySet:
        return self.public(StoryPage.objects.all())


def reader_scope(request: HttpRequest | None = None) -> ReaderScope:
    """The scope for this request, made once and shared by the page, its listings and the navigation."""
    if request is None:
        return ReaderScope()
    scope = getattr(request, _REQUEST_ATTRIBUTE, None)
    if scope is None:
        scope = ReaderScope()
        setattr(request, _REQUEST_ATTRIBUTE, scope)
    return scope


def attach_sections(stories: Iterable[StoryPage], sections: Iterable[SectionPage]) -> list[StoryPage]:
    """Set ``story.section`` on each story from an already loaded list of sections, without queries."""
    by_path = {section.path: section for section in sections}
    attached = []
    for story in stories:
        story.section = by_path.get(story.path[: -Page.steplen])
        attached.append(story)
    return attached


def home_page_listing(*, home: HomePage, scope: ReaderScope) -> dict[str, Any]:
    """The lead story, the newest stories after it and the sections (Now Trending: the engagement app's tag)."""
    newest = list(scope.stories().newest_first().for_listing()[: HOME_LATEST_COUNT + 1])
    lead = None
    if home.lead_story_id:
        lead = next((story for story in newest if story.pk == home.lead_story_id), None)
        if lead is None:
            lead = scope.stories().for_listing().filter(pk=home.lead_story_id).first()
    if lead is None and newest:
        lead = newest[0]
    latest = [story for story in newest if lead is None or story.pk != lead.pk][:HOME_LATEST_COUNT]
    attach_sections([lead] if lead else [], scope.sections)
    return {
        "lead_story": lead,
        "latest_stories": attach_sections(latest, scope.sections),
        "sections": scope.sections,
    }


def section_stories(section: SectionPage, *, scope: ReaderScope) -> StoryPageQuerySet:
    """A section's live stories, newest first, ready for cards (paginated by the caller)."""
    return scope.stories().in_section(section).newest_first().for_listing()


def story_page_extras(*, story: StoryPage, scope: ReaderScope) -> dict[str, Any]:
    """Everything around a story's own fields: its section, warnings and tags."""
    attach_sections([story], scope.sections)
    return {
        "section": story.section,
        "content_warnings": list(story.content_warnings.all()),
        "story_tags": sorted(story.tags.all(), key=lambda tag: tag.name.casefold()),
    }


def tag_stories(tag: Tag, *, scope: ReaderScope) -> StoryPageQuerySet:
    tagged = StoryTag.objects.filter(tag=tag).values("content_object_id")
    return scope.stories().filter(pk__in=tagged).newest_first().for_listing()
