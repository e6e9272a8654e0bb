"""``{% similarity_notice story_id %}``: the stored copied-story check, in words an editor can act on."""

from django import template

from fireside.similarity.selectors import story_similarity_check

register = template.Library()


@register.inclusion_tag("similarity/notice.html")
def similarity_notice(story_id):
    return {"check": story_similarity_check(story_id=story_id), "story_id": story_id}
