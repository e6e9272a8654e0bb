"""JSON-LD builders (schema.org): plain dicts, rendered by the ``json_ld`` template filter.

Only what a reader can already see on the page goes in: the headline, standfirst, dates, the pen name (or
"Anonymous": a story's real author is never published), the section and the hero image.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from wagtail.models import Page

from fireside.discovery.canonical import site_root_url
from fireside.stories.models import HomePage, SectionPage, StoryPage

SCHEMA = "https://schema.org"


def publisher(request: HttpRequest) -> dict[str, Any]:
    root = site_root_url(request)
    return {
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": root + "/",
        "logo": {"@type": "ImageObject", "url": root + static("img/favicon.svg")},
    }


def _hero_image(story: StoryPage, request: HttpRequest) -> list[str]:
    if not story.hero_image_id:
        return []
    rendition = story.hero_image.get_rendition("width-1200")
    url = rendition.url
    return [url if url.startswith(("http://", "https://")) else site_root_url(request) + url]


def article(story: StoryPage, *, section: SectionPage | None, request: HttpRequest) -> dict[str, Any]:
    """schema.org ``Article`` for a story page."""
    url = story.get_full_url(request)
    published = story.first_published_at or story.last_published_at
    modified = story.last_published_at or published
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": story.title[:110],  # search engines truncate longer headlines
        "description": story.search_description or story.standfirst,
        "author": {"@type": "Person", "name": story.byline},
        "publisher": publisher(request),
        "wordCount": story.word_count,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if published:
        data["datePublished"] = published.isoformat()
    if modified:
        data["dateModified"] = modified.isoformat()
    if section is not None:
        data["articleSection"] = section.title
    image = _hero_image(story, request)
    if image:
        data["image"] = image
    return data


def breadcrumbs(story: StoryPage, *, section: SectionPage | None, request: HttpRequest) -> dict[str, Any]:
    """schema.org ``BreadcrumbList``: home, section, story."""
    trail: list[tuple[str, str]] = [("Home", site_root_url(request) + "/")]
    if section is not None:
        trail.append((section.title, section.get_full_url(request)))
    trail.append((story.title, story.get_full_url(request)))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def website(home: Page, *, request: HttpRequest) -> dict[str, Any]:
    """schema.org ``WebSite`` with a ``SearchAction`` pointing at /search/."""
    root = site_root_url(request)
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": root + "/",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": root + reverse("search") + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    if isinstance(home, HomePage) and home.introduction:
        data["description"] = home.introduction
    return data
