"""Reads for feeds and the sitemap: public live stories only, in a fixed number of queries."""

from django.db.models import Count, Max, OuterRef, Subquery

from taggit.models import Tag

from fireside.stories.models import SectionPage, StoryPageQuerySet, StoryTag
from fireside.stories.selectors import ReaderScope


def feed_stories(
    *, scope: ReaderScope, section: SectionPage | None = None, tag: Tag | None = None, limit: int = 20
) -> StoryPageQuerySet:
    """The newest public stories, optionally of one section or tag, with tags and warnings prefetched."""
    stories = scope.stories()
    if section is not None:
        stories = stories.in_section(section)
    if tag is not None:
        stories = stories.filter(pk__in=StoryTag.objects.filter(tag=tag).values("content_object_id"))
    return (
        stories.newest_first()
        .select_related("hero_image")
        .prefetch_related("tags", "content_warnings")[: max(1, min(limit, 100))]
    )


def public_tags(*, scope: ReaderScope):
    """Tags carried by at least one public story, with how many and when the newest was last published."""
    public_ids = scope.stories().values("pk")
    links = StoryTag.objects.filter(content_object_id__in=public_ids)
    per_tag = links.filter(tag=OuterRef("pk")).values("tag")
    return (
        Tag.objects.filter(pk__in=links.values("tag_id"))
        .annotate(
            story_count=Subquery(per_tag.annotate(n=Count("pk")).values("n")[:1]),
            lastmod=Subquery(per_tag.annotate(m=Max("content_object__last_published_at")).values("m")[:1]),
        )
        .order_by("name")
    )
