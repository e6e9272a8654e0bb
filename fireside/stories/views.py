"""Views outside the page tree: tag pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from taggit.models import Tag

from fireside.stories.models import paginate
from fireside.stories.selectors import attach_sections, reader_scope, tag_stories

MAX_TAG_SLUG_LENGTH = 100  # taggit's column size; anything longer cannot exist


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Live stories carrying a tag. A tag used only by drafts is not revealed: it is a 404 like an unknown one."""
    tag = Tag.objects.filter(slug=slug).first() if len(slug) <= MAX_TAG_SLUG_LENGTH else None
    if tag is None:
        raise Http404("No such tag")
    scope = reader_scope(request)
    stories = paginate(tag_stories(tag, scope=scope), request)
    if not stories.paginator.count:
        raise Http404("No published stories with this tag")
    stories.object_list = attach_sections(stories.object_list, scope.sections)
    return render(request, "pages/tag_page.html", {"tag": tag, "stories": stories})
