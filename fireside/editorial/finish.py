"""What happens when a workflow is approved to the end (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail's default publishes as the approving user and refuses if that user lacks publish permission on the
page. In the reader-submissions workflow the task's groups *are* the permission: an editor trusted to approve
a story there may publish it, without also being given publish rights over the whole page tree. Every other
workflow keeps Wagtail's behaviour.

This module is imported while Wagtail's models load, so it must not import models at module level.
"""


def publish_workflow_state(workflow_state, user=None):
    from wagtail.workflows import publish_workflow_state as wagtail_publish

    from fireside.editorial.models import SubmissionReviewTask

    if SubmissionReviewTask.objects.filter(workflow_tasks__workflow_id=workflow_state.workflow_id).exists():
        # Reload: the cached object may predate a revision saved during this request (a go-live time, say).
        page = workflow_state.content_object
        revision = type(page).objects.get(pk=page.pk).get_latest_revision()
        return revision.publish(user=user, skip_permission_checks=True)
    return wagtail_publish(workflow_state, user=user)
