"""Admin views: the decision endpoint (script and forms alike) and the suggestions page that works without JS."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fireside.core.ratelimit import rate_limit_hit
from fireside.stories.models import StoryPage
from fireside.warning_suggestions.forms import DecisionForm
from fireside.warning_suggestions.models import Decision, Source
from fireside.warning_suggestions.selectors import story_suggestions, user_can_decide
from fireside.warning_suggestions.services import warning_decision_record


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _error(request, message: str, status: int, back: str):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    messages.error(request, message)
    return HttpResponseRedirect(back)


class StorySuggestionsView(WagtailAdminTemplateMixin, TemplateView):
    """Every suggestion for the story's last saved draft, each with a real accept/reject form (no JS needed)."""

    template_name = "warning_suggestions/story_page.html"
    page_title = "Suggested content warnings"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        self.story = get_object_or_404(StoryPage, pk=kwargs["page_id"])
        if not user_can_decide(user=request.user, story=self.story):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.story.draft_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.story.get_latest_revision_as_object()
        context.update(
            story=draft,
            found=story_suggestions(page=draft, user=self.request.user),
            decide_url=reverse("warning_suggestions:decide", args=[self.story.pk]),
            next_url=reverse("warning_suggestions:story", args=[self.story.pk]),
            source=Source.SUGGESTIONS_PAGE,
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.story.pk]),
        )
        return context


@require_POST
def decide(request, page_id: int):
    """Accept or reject one suggestion. The page editor's script gets JSON; forms get a redirect and a message."""
    story = get_object_or_404(StoryPage, pk=page_id)
    fallback = reverse("warning_suggestions:story", args=[story.pk])
    next_url = request.POST.get("next", "")
    back = (
        next_url
        if len(next_url) <= 500
        and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
        else fallback
    )
    if not user_can_decide(user=request.user, story=story):
        return _error(request, "Only people who can edit this story can decide on its warnings.", 403, back)
    limit = rate_limit_hit(
        scope="warning-decision",
        identity=str(request.user.pk),
        limit=settings.FIRESIDE_WARNING_DECISIONS_PER_HOUR,
        window=3600,
    )
    if not limit.allowed:
        return _error(request, "Too many decisions in an hour; try again later.", 429, back)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _error(request, "That decision could not be read. Reload the page and try again.", 400, back)
    data = form.cleaned_data
    from_editor = _wants_json(request)
    source = data["source"] or (Source.PAGE_EDITOR if from_editor else Source.SUGGESTIONS_PAGE)
    try:
        result = warning_decision_record(
            story=story,
            label=data["label"],
            decision=data["decision"],
            editor=request.user,
            source=source,
            seen_text_hash=data["text_hash"],
            # In the page editor the script ticks the box in the open form; elsewhere the draft gets a revision.
            add_to_draft=not from_editor,
        )
    except ValidationError as error:
        return _error(request, " ".join(error.messages), 400, back)
    except PermissionDenied as error:
        return _error(request, str(error) or "Not allowed.", 403, back)
    accepted = result.decision.decision == Decision.ACCEPTED
    if accepted and result.added_to_draft:
        message = f"Accepted “{result.decision.get_label_display()}”: a new draft with it ticked was saved."
    elif accepted and result.already_ticked:
        message = f"Accepted “{result.decision.get_label_display()}”: it was already ticked on the draft."
    elif accepted:
        message = (
            f"Accepted “{result.decision.get_label_display()}”: ticked above. Save the draft to keep it."
        )
    else:
        message = f"Rejected “{result.decision.get_label_display()}”. Thank you: retraining learns from this."
    if from_editor:
        return JsonResponse(
            {
                "ok": True,
                "decision": result.decision.decision,
                "label": result.decision.label,
                "warning": result.warning_id,
                "message": message,
            }
        )
    messages.success(request, message)
    return HttpResponseRedirect(back)
