"""Model objects to plain dicts holding only public fields (the schemas in ``schemas.py`` check them again)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from taggit.models import Tag
from wagtail.rich_text import expand_db_html

from fireside.discovery.canonical import site_root_url
from fireside.stories.models import SectionPage, StoryPage


def section_ref(section: SectionPage | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {"id": section.pk, "slug": section.slug, "title": section.title}


def story_summary(story: StoryPage, *, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": story.pk,
        "slug": story.slug,
        "url": story.get_full_url(request),
        "headline": story.title,
        "standfirst": story.standfirst,
        "byline": story.byline,
        "section": section_ref(getattr(story, "section", None)),
        "tags": [
            {"slug": t.slug, "name": t.name}
            for t in sorted(story.tags.all(), key=lambda t: t.name.casefold())
        ],
        "content_warnings": [{"slug": w.slug, "label": w.label} for w in story.content_warnings.all()],
        "first_published_at": story.first_published_at,
        "last_published_at": story.last_published_at,
        "word_count": story.word_count,
        "reading_minutes": story.reading_minutes,
    }


def story_detail(story: StoryPage, *, request: HttpRequest) -> dict[str, Any]:
    data = story_summary(story, request=request)
    data["body_html"] = expand_db_html(story.body)
    data["hero_image"] = None
    if story.hero_image_id:
        rendition = story.hero_image.get_rendition("width-1200")
        url = rendition.url if rendition.url.startswith("http") else site_root_url(request) + rendition.url
        data["hero_image"] = {
            "url": url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": story.hero_image_alt,
        }
    return data


def section(section: SectionPage, *, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": section.pk,
        "slug": section.slug,
        "url": section.get_full_url(request),
        "title": section.title,
        "description": section.description,
        "story_count": getattr(section, "story_count", 0),
    }


def tag(tag: Tag, *, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": tag.pk,
        "slug": tag.slug,
        "name": tag.name,
        "url": site_root_url(request) + reverse("tag", args=[tag.slug]),
        "story_count": tag.story_count or 0,
    }
