"""Keep the index in step with the archive, whichever path changed a story's text.

A story's text changes through several doors: the submission form, the writer's revision, the editor's
"Save draft" and "Publish", a workflow action, an import. Each of them saves a ``Revision``, so that one
signal is the single place that sees them all; the check runs after the transaction commits, so a rolled-back
save is never checked and a failing check can never undo an editor's work. Deleted pages (a withdrawn
submission, an editor's delete) leave the index in the same transaction.
"""

import logging
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Revision

from fireside.stories.models import StoryPage

logger = logging.getLogger(__name__)


def _check_after_commit(revision_id: int) -> None:
    from fireside.similarity.services import revision_check

    try:
        revision_check(revision_id=revision_id)
    except Exception:
        logger.exception("copied-story check failed for revision %s", revision_id)


@receiver(post_save, sender=Revision, dispatch_uid="similarity_check_revision")
def check_saved_revision(sender, instance: Revision, created: bool, raw: bool = False, **kwargs) -> None:
    from fireside.similarity.services import checks_are_deferred

    # Not only new revisions: Wagtail's autosave and "Save draft" overwrite the editor's latest revision.
    if raw or checks_are_deferred():
        return
    if ContentType.objects.get_for_id(instance.content_type_id).model_class() is not StoryPage:
        return
    transaction.on_commit(partial(_check_after_commit, instance.pk))


@receiver(post_delete, sender=StoryPage, dispatch_uid="similarity_forget_story")
def forget_deleted_story(sender, instance: StoryPage, **kwargs) -> None:
    from fireside.similarity.services import story_forget

    # Deleting through the base Page cascades to the StoryPage row, so this fires on every path.
    story_forget(story_id=instance.pk)
