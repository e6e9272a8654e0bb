"""Template tags for canonical links, robots directives and JSON-LD blocks."""

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from fireside.discovery import canonical

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, keep: str = "page") -> str:
    request = context.get("request")
    if request is None:
        return ""
    return canonical.canonical_url(request, page=context.get("page"), keep=keep.split())


@register.simple_tag(takes_context=True)
def robots_meta(context: template.Context) -> str:
    request = context.get("request")
    directive = canonical.robots_directive(request) if request is not None else ""
    return format_html('<meta name="robots" content="{}">', directive) if directive else ""


@register.filter
def json_ld(data: Any) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` block, safe against markup in any value."""
    if not data:
        return mark_safe("")  # noqa: S308 - empty string
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def story_structured_data(context: template.Context) -> SafeString:
    """Article and BreadcrumbList for the story page in ``context``."""
    from fireside.discovery.structured_data import article, breadcrumbs

    request, story = context.get("request"), context.get("page")
    if request is None or story is None:
        return mark_safe("")  # noqa: S308 - empty string
    section = context.get("section")
    return json_ld(article(story, section=section, request=request)) + json_ld(
        breadcrumbs(story, section=section, request=request)
    )


@register.simple_tag(takes_context=True)
def home_structured_data(context: template.Context) -> SafeString:
    """WebSite with a SearchAction for the home page."""
    from fireside.discovery.structured_data import website

    request, home = context.get("request"), context.get("page")
    if request is None or home is None:
        return mark_safe("")  # noqa: S308 - empty string
    return json_ld(website(home, request=request))
