"""The read-only content API, /api/v1/: stories, sections and tags, described by /api/v1/openapi.json.

Built with django-ninja (see docs/decisions/0004-content-api-library.md). No authentication: everything here is
already public on the site. Every endpoint reads through ``ReaderScope``, so drafts and view-restricted pages
are never returned, and outputs are built from explicit schemas, so no editor-only field can slip out.
"""

from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from ninja import NinjaAPI, Path, Query, Status
from ninja.decorators import decorate_view
from pydantic import Field, StringConstraints

from django.http import HttpRequest
from django.utils import timezone

from fireside.api import schemas, serializers
from fireside.api.http import cacheable, note_last_modified
from fireside.api.selectors import StoryFilters, api_sections, api_stories, api_story, api_tags
from fireside.discovery.canonical import site_root_url
from fireside.stories.selectors import attach_sections, reader_scope

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000
MAX_ID = 2**63 - 1  # the largest primary key either database can hold; beyond it a lookup would overflow

Slug = Annotated[str, StringConstraints(pattern=r"^[-\w]+$", min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$", max_length=200)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]

api = NinjaAPI(
    title="Fireside content API",
    version="1",
    description="Published stories, sections and tags of this Fireside magazine. Read-only; no authentication.",
    urls_namespace="content_api",
    docs_url=None,  # the interactive docs load scripts from other hosts, which the site's CSP forbids
    openapi_url="/openapi.json",
)

NOT_FOUND = {404: schemas.Error}


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return moment.replace(tzinfo=UTC)
    return moment


def _page_links(
    request: HttpRequest, *, count: int, limit: int, offset: int
) -> tuple[str | None, str | None]:
    def link(new_offset: int) -> str:
        params = request.GET.copy()
        params["offset"] = str(new_offset)
        params["limit"] = str(limit)
        return site_root_url(request) + request.path + "?" + urlencode(sorted(params.lists()), doseq=True)

    following = link(offset + limit) if offset + limit < count else None
    previous = link(max(0, offset - limit)) if offset > 0 else None
    return following, previous


def _paginate(request: HttpRequest, items, *, limit: int, offset: int) -> tuple[list, dict]:
    count = items.count()
    page = list(items[offset : offset + limit])
    following, previous = _page_links(request, count=count, limit=limit, offset=offset)
    return page, {"count": count, "next": following, "previous": previous}


@api.get("/stories/", response=schemas.StoryList, tags=["stories"], summary="List published stories")
@decorate_view(cacheable)
def list_stories(
    request: HttpRequest,
    section: Slug | None = None,
    tag: Slug | None = None,
    pen_name: Text | None = None,
    hide_warning: Annotated[
        list[Slug] | None, Query(description="Leave out stories with this warning")
    ] = None,
    published_after: datetime | None = None,
    published_before: datetime | None = None,
    q: Annotated[str | None, StringConstraints(max_length=1000)] = None,
    order: Literal["newest", "oldest"] = "newest",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
):
    """Newest first (or oldest first, or by relevance when ``q`` is given), ``limit`` at a time."""
    scope = reader_scope(request)
    filters = StoryFilters(
        section=section,
        tag=tag,
        pen_name=pen_name,
        hide_warning=tuple(hide_warning or ()),
        published_after=_aware(published_after),
        published_before=_aware(published_before),
        q=q,
        order=order,
    )
    stories, meta = _paginate(request, api_stories(scope=scope, filters=filters), limit=limit, offset=offset)
    attach_sections(stories, scope.sections)
    note_last_modified(request, [story.last_published_at for story in stories])
    return {**meta, "results": [serializers.story_summary(story, request=request) for story in stories]}


def _story_response(request: HttpRequest, story):
    scope = reader_scope(request)
    if story is None:
        return Status(404, {"detail": "No published story here."})
    if isinstance(story, list):
        return Status(409, {"detail": "Several sections have a story with this slug; add ?section=<slug>."})
    attach_sections([story], scope.sections)
    note_last_modified(request, [story.last_published_at])
    return Status(200, serializers.story_detail(story, request=request))


@api.get(
    "/stories/{id}/",
    response={200: schemas.StoryDetail, 404: schemas.Error},
    tags=["stories"],
    summary="One published story by id",
)
@decorate_view(cacheable)
def get_story(request: HttpRequest, id: Id):  # noqa: A002 - the path parameter is called id
    return _story_response(request, api_story(scope=reader_scope(request), pk=id))


@api.get(
    "/stories/slug/{slug}/",
    response={200: schemas.StoryDetail, 404: schemas.Error, 409: schemas.Error},
    tags=["stories"],
    summary="One published story by slug",
)
@decorate_view(cacheable)
def get_story_by_slug(request: HttpRequest, slug: Annotated[Slug, Path()], section: Slug | None = None):
    return _story_response(request, api_story(scope=reader_scope(request), slug=slug, section=section))


@api.get("/sections/", response=schemas.SectionList, tags=["sections"], summary="List sections")
@decorate_view(cacheable)
def list_sections(request: HttpRequest, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
    sections = api_sections(scope=reader_scope(request))
    page = sections[offset : offset + limit]
    following, previous = _page_links(request, count=len(sections), limit=limit, offset=offset)
    note_last_modified(request, [section.last_published_at for section in page])
    return {
        "count": len(sections),
        "next": following,
        "previous": previous,
        "results": [serializers.section(section, request=request) for section in page],
    }


def _section_response(request: HttpRequest, match):
    if match is None:
        return Status(404, {"detail": "No published section here."})
    note_last_modified(request, [match.last_published_at])
    return Status(200, serializers.section(match, request=request))


@api.get("/sections/{id}/", response={200: schemas.Section, 404: schemas.Error}, tags=["sections"])
@decorate_view(cacheable)
def get_section(request: HttpRequest, id: Id):  # noqa: A002
    sections = api_sections(scope=reader_scope(request))
    return _section_response(request, next((s for s in sections if s.pk == id), None))


@api.get("/sections/slug/{slug}/", response={200: schemas.Section, 404: schemas.Error}, tags=["sections"])
@decorate_view(cacheable)
def get_section_by_slug(request: HttpRequest, slug: Annotated[Slug, Path()]):
    sections = api_sections(scope=reader_scope(request))
    return _section_response(request, next((s for s in sections if s.slug == slug), None))


@api.get("/tags/", response=schemas.TagList, tags=["tags"], summary="List tags used by published stories")
@decorate_view(cacheable)
def list_tags(request: HttpRequest, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
    tags, meta = _paginate(request, api_tags(scope=reader_scope(request)), limit=limit, offset=offset)
    note_last_modified(request, [tag.lastmod for tag in tags])
    return {**meta, "results": [serializers.tag(tag, request=request) for tag in tags]}


def _tag_response(request: HttpRequest, match):
    if match is None:
        return Status(404, {"detail": "No tag with published stories here."})
    note_last_modified(request, [match.lastmod])
    return Status(200, serializers.tag(match, request=request))


@api.get("/tags/{id}/", response={200: schemas.Tag, 404: schemas.Error}, tags=["tags"])
@decorate_view(cacheable)
def get_tag(request: HttpRequest, id: Id):  # noqa: A002
    return _tag_response(request, api_tags(scope=reader_scope(request)).filter(pk=id).first())


@api.get("/tags/slug/{slug}/", response={200: schemas.Tag, 404: schemas.Error}, tags=["tags"])
@decorate_view(cacheable)
def get_tag_by_slug(request: HttpRequest, slug: Annotated[Slug, Path()]):
    return _tag_response(request, api_tags(scope=reader_scope(request)).filter(slug=slug).first())
