"""RSS 2.0 and Atom feeds for the whole site, each section and each tag.

Feed objects are shared between requests, so nothing request-specific is stored on them: ``get_object``
returns a ``FeedSource`` that carries the request, and every item's address is worked out in ``items``.
"""

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from taggit.models import Tag
from wagtail.rich_text import expand_db_html

from fireside.discovery.canonical import site_root_url
from fireside.discovery.models import FeedSettings
from fireside.discovery.selectors import feed_stories
from fireside.stories.models import SectionPage, StoryPage, StoryTag
from fireside.stories.selectors import attach_sections, reader_scope


class FullTextRss(Rss201rev2Feed):
    """RSS 2.0 with the full story in ``content:encoded`` when the site setting asks for it."""

    def rss_attributes(self):
        attributes = super().rss_attributes()
        attributes["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class FullTextAtom(Atom1Feed):
    """Atom with the full story in ``<content type="html">`` when the site setting asks for it."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class FeedSource:
    request: HttpRequest
    title: str
    description: str
    link: str
    section: SectionPage | None = None
    tag: Tag | None = None


class StoryFeed(Feed):
    feed_type = FullTextRss

    def get_object(self, request: HttpRequest, slug: str | None = None) -> FeedSource:
        root = site_root_url(request)
        return FeedSource(
            request=request,
            title=django_settings.WAGTAIL_SITE_NAME,
            description="True stories from readers, newest first.",
            link=root + "/",
        )

    def title(self, source: FeedSource) -> str:
        return source.title

    def description(self, source: FeedSource) -> str:
        return source.description

    def subtitle(self, source: FeedSource) -> str:  # Atom's name for the description
        return source.description

    def link(self, source: FeedSource) -> str:
        return source.link

    def feed_url(self, source: FeedSource) -> str:
        return site_root_url(source.request) + source.request.path

    def items(self, source: FeedSource) -> list[StoryPage]:
        request = source.request
        scope = reader_scope(request)
        settings = FeedSettings.for_request(request)
        stories = list(
            feed_stories(scope=scope, section=source.section, tag=source.tag, limit=settings.item_count)
        )
        attach_sections(stories, scope.sections)
        for story in stories:
            story.feed_url = story.get_full_url(request)
            story.feed_full_text = settings.full_text
        return stories

    def item_title(self, item: StoryPage) -> str:
        return item.title

    def item_description(self, item: StoryPage) -> str:
        # Feed readers treat the description as HTML; the standfirst is plain text, so escape it once here.
        return escape(item.search_description or item.standfirst)

    def item_link(self, item: StoryPage) -> str:
        return item.feed_url

    def item_guid(self, item: StoryPage) -> str:
        return item.feed_url

    def item_pubdate(self, item: StoryPage):
        return item.first_published_at

    def item_updateddate(self, item: StoryPage):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item: StoryPage) -> str:
        return item.byline

    def item_categories(self, item: StoryPage) -> list[str]:
        names = [item.section.title] if getattr(item, "section", None) else []
        return names + sorted(tag.name for tag in item.tags.all())

    def item_extra_kwargs(self, item: StoryPage) -> dict:
        if not item.feed_full_text:
            return {}
        content = f"<p><em>{escape(item.standfirst)}</em></p>" + expand_db_html(item.body)
        return {"content": content}


class StoryAtomFeed(StoryFeed):
    feed_type = FullTextAtom


class SectionFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str | None = None) -> FeedSource:
        section = next((s for s in reader_scope(request).sections if s.slug == slug), None)
        if section is None:
            raise Http404("No such section")
        source = super().get_object(request)
        source.section = section
        source.title = f"{section.title} · {source.title}"
        source.description = section.description
        source.link = section.get_full_url(request)
        return source


class SectionAtomFeed(SectionFeed):
    feed_type = FullTextAtom


class TagFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str | None = None) -> FeedSource:
        tag = Tag.objects.filter(slug=slug).first() if slug and len(slug) <= 100 else None
        if tag is None:
            raise Http404("No such tag")
        public = reader_scope(request).stories().values("pk")
        if not StoryTag.objects.filter(tag=tag, content_object_id__in=public).exists():
            raise Http404("No published stories with this tag")  # a draft-only tag is not revealed
        source = super().get_object(request)
        source.tag = tag
        source.title = f"Stories tagged “{tag.name}” · {source.title}"
        source.description = f"Stories tagged “{tag.name}”, newest first."
        source.link = site_root_url(request) + reverse("tag", args=[tag.slug])
        return source


class TagAtomFeed(TagFeed):
    feed_type = FullTextAtom
