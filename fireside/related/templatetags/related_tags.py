"""``{% related_stories page %}``: the "More stories like this" cards under a story."""

from django import template

from fireside.related.selectors import related_for_story
from fireside.related.services import SHOWN
from fireside.stories.models import StoryPage
from fireside.stories.selectors import reader_scope

register = template.Library()


@register.inclusion_tag("related/related_stories.html", takes_context=True)
def related_stories(context: template.Context, story: StoryPage, limit: int = SHOWN) -> dict:
    """Up to ``limit`` stored related stories as cards; nothing at all when there are none."""
    request = context.get("request")
    stories = related_for_story(story=story, scope=reader_scope(request), limit=int(limit))
    return {"stories": stories, "request": request}
