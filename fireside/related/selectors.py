"""Reads for "More stories like this": a fixed number of queries, whatever the archive's size."""

from django.db.models import OuterRef, Subquery

from fireside.related.models import RelatedStory
from fireside.related.services import SHOWN
from fireside.stories.models import StoryPage
from fireside.stories.selectors import ReaderScope, attach_sections


def related_for_story(*, story: StoryPage, scope: ReaderScope, limit: int = SHOWN) -> list[StoryPage]:
    """The stored related stories an anonymous reader may see (live, not private), best first, ready for cards.

    Visibility is checked here as well as when the lists are computed: a story made private or unpublished
    by any path must vanish at once.
    """
    if not story.pk:
        return []
    links = RelatedStory.objects.filter(story_id=story.pk)
    rank = links.filter(related_id=OuterRef("pk")).values("rank")[:1]
    stories = (
        scope.stories()
        .filter(pk__in=links.values("related_id"))
        .exclude(pk=story.pk)
        .annotate(related_rank=Subquery(rank))
        .order_by("related_rank")
        .for_listing()[:limit]
    )
    return attach_sections(stories, scope.sections)
