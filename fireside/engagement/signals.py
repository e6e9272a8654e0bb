"""Cache invalidation only: a published, unpublished, moved or restricted story must leave or join Now Trending at
once rather than after the cache's minute. (No counting or other side effects happen here.)"""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from fireside.engagement.models import EngagementSettings


def _invalidate(**_kwargs) -> None:
    from fireside.engagement.selectors import trending_invalidate

    trending_invalidate()


def _page_changed(sender, instance=None, **kwargs) -> None:
    # Any page: a section renamed or moved changes the labels and URLs in the cached list too.
    if isinstance(instance, Page):
        _invalidate()


def connect() -> None:
    post_save.connect(_page_changed, dispatch_uid="engagement-page-saved")
    post_delete.connect(_page_changed, dispatch_uid="engagement-page-deleted")
    for sender in (PageViewRestriction, EngagementSettings):
        post_save.connect(_invalidate, sender=sender, dispatch_uid=f"engagement-save-{sender.__name__}")
        post_delete.connect(_invalidate, sender=sender, dispatch_uid=f"engagement-delete-{sender.__name__}")
    page_published.connect(_invalidate, dispatch_uid="engagement-published")
    page_unpublished.connect(_invalidate, dispatch_uid="engagement-unpublished")
