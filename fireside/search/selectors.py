"""Reads for the search page: ranked full-text search over the stories a reader may see."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

from wagtail.search.query import And, Phrase, PlainText, SearchQuery

from fireside.search.highlight import highlight, snippet
from fireside.search.query import ParsedQuery, parse_query
from fireside.stories.models import ContentWarning, SectionPage, StoryPage, StoryPageQuerySet
from fireside.stories.reading import html_to_text
from fireside.stories.selectors import ReaderScope, attach_sections

RESULTS_PER_PAGE = 10
COUNT_CAP = 1000  # as in sqlite_backend.py and postgres_backend.py (each imports on its database only)


@dataclass
class SearchOutcome:
    parsed: ParsedQuery
    page: PaginatorPage | None  # None when there was nothing to search for

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page is not None else 0

    @property
    def count_is_capped(self) -> bool:
        """The count stops at ``COUNT_CAP`` (see sqlite_backend.py, postgres_backend.py); say "or more" then."""
        return self.count == COUNT_CAP  # exactly the cap: a search server counts exactly, past it too


def backend_query(parsed: ParsedQuery) -> SearchQuery:
    """The query object for Wagtail's search: every plain term AND every phrase must match."""
    parts: list[SearchQuery] = []
    if parsed.terms:
        parts.append(PlainText(" ".join(parsed.terms), operator="and"))
    parts.extend(Phrase(" ".join(phrase)) for phrase in parsed.phrases)
    return reduce(lambda left, right: And([left, right]), parts)


def searchable_stories(
    *, scope: ReaderScope, section: SectionPage | None = None, hide: Sequence[ContentWarning] = ()
) -> StoryPageQuerySet:
    """Public live stories, narrowed to a section and without stories carrying any of ``hide``.

    Only filters on fields Wagtail indexes as FilterFields (``path``, ``id``) are used, so the same queryset
    works with the database backend and with OpenSearch/Elasticsearch.
    """
    stories = scope.stories()
    if section is not None:
        stories = stories.filter(path__startswith=section.path)
    if hide:
        # A subquery, not a list of ids: a common warning can cover tens of thousands of stories.
        warned = StoryPage.content_warnings.through.objects.filter(contentwarning__in=[w.pk for w in hide])
        stories = stories.exclude(id__in=warned.values("storypage_id"))
    return stories


def search_stories(
    *,
    query: str,
    scope: ReaderScope,
    section: SectionPage | None = None,
    hide: Sequence[ContentWarning] = (),
    page_number: Any = 1,
    per_page: int = RESULTS_PER_PAGE,
) -> SearchOutcome:
    """One page of ranked results for ``query`` with a highlighted snippet and the section set on each story."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return SearchOutcome(parsed=parsed, page=None)
    stories = searchable_stories(scope=scope, section=section, hide=hide)
    results = stories.search(backend_query(parsed), operator="and")
    page = Paginator(results, per_page).get_page(page_number)
    found = list(page.object_list)
    _attach_details(found, parsed=parsed, scope=scope)
    page.object_list = found
    return SearchOutcome(parsed=parsed, page=page)


def _attach_details(stories: list[StoryPage], *, parsed: ParsedQuery, scope: ReaderScope) -> None:
    """Sections, content warnings and snippets for one page of results, in a fixed number of queries."""
    attach_sections(stories, scope.sections)
    through = StoryPage.content_warnings.through.objects.filter(storypage_id__in=[s.pk for s in stories])
    warnings_by_story: dict[int, list[ContentWarning]] = {}
    for link in through.select_related("contentwarning").order_by("contentwarning__label"):
        warnings_by_story.setdefault(link.storypage_id, []).append(link.contentwarning)
    for story in stories:
        story.warning_list = warnings_by_story.get(story.pk, [])
        story.title_highlighted = highlight(story.title, parsed.words)
        text = html_to_text(story.body)
        story.snippet = snippet(f"{story.standfirst} {text}", parsed.words)
