"""Keep the stored lists in step with what is published. Wagtail's publish/unpublish signals are the page
lifecycle's own hooks; the work itself is in ``services.py``.

A failure here must never stop an editor publishing: it is logged, rolled back to a savepoint, and the next
publish or ``rebuild_related_stories`` repairs the lists.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from fireside.stories.models import StoryPage

logger = logging.getLogger(__name__)


def _safely(work: Callable[[], object], what: str) -> None:
    try:
        with transaction.atomic():
            work()
    except Exception:
        logger.exception("related stories: %s failed; run manage.py rebuild_related_stories", what)


def _published(sender, instance=None, **kwargs) -> None:
    from fireside.related.services import related_refresh

    _safely(lambda: related_refresh(story=instance), f"refresh after publishing {instance.pk}")


def _unpublished(sender, instance=None, **kwargs) -> None:
    from fireside.related.services import related_remove

    _safely(lambda: related_remove(story_id=instance.pk), f"removal after unpublishing {instance.pk}")


def _deleted(sender, instance=None, **kwargs) -> None:
    # Wagtail deletes a page's descendants with it; only story pages carry lists.
    from fireside.related.services import related_remove

    if isinstance(instance, StoryPage) or getattr(instance, "specific_class", None) is StoryPage:
        _safely(lambda: related_remove(story_id=instance.pk), f"removal after deleting {instance.pk}")


def _moved(sender, instance=None, **kwargs) -> None:
    from fireside.related.services import related_refresh

    if instance is not None and instance.specific_class is StoryPage and instance.live:
        story = StoryPage.objects.get(pk=instance.pk)
        _safely(lambda: related_refresh(story=story), f"refresh after moving {instance.pk}")


def _restricted(sender, instance=None, **kwargs) -> None:
    from fireside.related.services import related_hide

    ids = list(StoryPage.objects.filter(path__startswith=instance.page.path).values_list("pk", flat=True))
    if ids:
        _safely(lambda: related_hide(story_ids=ids), f"hiding {len(ids)} restricted stories")


def _unrestricted(sender, instance=None, **kwargs) -> None:
    from fireside.related.services import related_unhide

    ids = list(StoryPage.objects.filter(path__startswith=instance.page.path).values_list("pk", flat=True))
    if ids:
        _safely(lambda: related_unhide(story_ids=ids), f"showing {len(ids)} stories no longer restricted")


def connect() -> None:
    page_published.connect(_published, sender=StoryPage, dispatch_uid="related-published")
    page_unpublished.connect(_unpublished, sender=StoryPage, dispatch_uid="related-unpublished")
    pre_delete.connect(_deleted, dispatch_uid="related-page-deleted")
    post_page_move.connect(_moved, dispatch_uid="related-page-moved")
    post_save.connect(_restricted, sender=PageViewRestriction, dispatch_uid="related-restricted")
    post_delete.connect(_unrestricted, sender=PageViewRestriction, dispatch_uid="related-unrestricted")
