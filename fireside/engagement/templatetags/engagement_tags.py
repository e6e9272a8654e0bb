"""Template tags for story and home pages: the view beacon, share links, social meta tags and Now Trending."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from fireside.engagement import cards, readers
from fireside.engagement.selectors import TRENDING_COUNT, engagement_config, trending_stories
from fireside.engagement.sharing import NETWORKS
from fireside.stories.models import StoryPage
from fireside.stories.selectors import reader_scope

register = template.Library()


def public_story(story_id: int, request: HttpRequest) -> StoryPage | None:
    """A live story an anonymous reader may see, or None."""
    return reader_scope(request).stories().filter(pk=story_id).first()


def _section_title(story: StoryPage) -> str:
    section = getattr(story, "section", None)
    if section is None and not hasattr(story, "section"):
        section = story.get_parent()
    return section.title if section is not None else ""


def card_url(story: StoryPage) -> str:
    version = cards.card_version(
        headline=story.title, section=_section_title(story), site_name=settings.WAGTAIL_SITE_NAME
    )
    return reverse("engagement-card", args=[story.pk, version])


def _counts(context: template.Context) -> bool:
    request = context.get("request")
    page = context.get("page")
    return bool(request and page and page.live and not getattr(request, "is_preview", False))


@register.inclusion_tag("engagement/view_beacon.html", takes_context=True)
def view_beacon(context: template.Context, story: StoryPage) -> dict:
    """The beacon that counts this view after the page loads; nothing at all in previews."""
    if not _counts(context):
        return {"token": ""}
    return {"token": readers.story_token_issue(story.pk)}


@register.inclusion_tag("engagement/share_links.html", takes_context=True)
def share_links(context: template.Context, story: StoryPage) -> dict:
    """The share prompt (editable in the admin's settings), the share links, copy link and Web Share button."""
    request = context.get("request")
    return {
        "prompt": engagement_config().share_prompt,
        "networks": [
            (network, reverse("engagement-share", args=[story.pk, network.slug]))
            for network in NETWORKS.values()
        ],
        "story_url": story.get_full_url(request),
        "story_title": story.title,
    }


@register.inclusion_tag("engagement/social_meta.html", takes_context=True)
def social_meta(context: template.Context, story: StoryPage) -> dict:
    """OpenGraph and Twitter-card tags: what a link preview shows."""
    request = context.get("request")
    section = context.get("section")
    image_url, image_alt, width, height = "", "", 1200, 630
    if story.hero_image_id:
        rendition = story.hero_image.get_rendition("fill-1200x630")
        image_url, image_alt = rendition.url, story.hero_image_alt
        width, height = rendition.width, rendition.height
    else:
        image_url, image_alt = card_url(story), story.title
    if request is not None:
        image_url = request.build_absolute_uri(image_url)
    return {
        "story": story,
        "url": story.get_full_url(request),
        "section_title": section.title if section else _section_title(story),
        "image_url": image_url,
        "image_alt": image_alt,
        "image_width": width,
        "image_height": height,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


@register.inclusion_tag("engagement/now_trending.html", takes_context=True)
def now_trending(context: template.Context, exclude=None, section=None, limit: int = TRENDING_COUNT) -> dict:
    """Now Trending, site-wide or for one section (a section page: its own top stories, under its own heading,
    without repeating the section's name on each), without the story being read."""
    entries = trending_stories(
        section=section,
        exclude_id=getattr(exclude, "pk", None),
        limit=int(limit),
        request=context.get("request"),
    )
    return {"entries": entries, "section": section}
