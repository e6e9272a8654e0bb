"""``{% submission_warning_suggestions submission %}``: the suggestions block of the submission review page."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from fireside.warning_suggestions.models import Source
from fireside.warning_suggestions.selectors import story_suggestions

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_warning_suggestions(context, submission):
    """Suggestions for the submission's draft story (its latest revision), or for the writer's text if none."""
    request = context.get("request")
    story = submission.story
    if story is not None:
        draft = story.get_latest_revision_as_object()
        found = story_suggestions(page=draft, user=getattr(request, "user", None))
        decide_url = reverse("warning_suggestions:decide", args=[story.pk])
    else:
        found = story_suggestions(page=None, text=submission.body)
        decide_url = ""
    return render_to_string(
        "warning_suggestions/submission.html",
        {
            "found": found,
            "decide_url": decide_url,
            "next_url": reverse("editorial:submission_detail", args=[submission.pk]),
            "source": Source.SUBMISSION_REVIEW,
        },
        request=request,
    )
