"""The side-by-side view: two stories with the passages they share highlighted (reviewers only)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fireside.editorial.selectors import user_can_review
from fireside.similarity.selectors import story_comparison, story_similarity_check
from fireside.stories.models import StoryPage


class CompareView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "similarity/compare.html"
    page_title = "Compare stories"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Compare stories"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = get_object_or_404(StoryPage, pk=self.kwargs["story_id"])
        other = get_object_or_404(StoryPage, pk=self.kwargs["other_id"])
        context.update(
            comparison=story_comparison(story=story, other=other),
            check=story_similarity_check(story_id=story.pk),
        )
        return context
