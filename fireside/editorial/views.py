"""The editors' submission list and panel inside Wagtail's admin."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fireside.editorial.forms import ApproveForm, DeclineForm, WriterMessageForm
from fireside.editorial.selectors import submission_review, user_can_review
from fireside.editorial.workflow import submission_workflow
from fireside.submissions.models import Submission, SubmissionStatus
from fireside.submissions.services import submission_mark_in_review, submission_message_writer

PER_PAGE_LIMIT = 200


class ReviewerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can_review(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SubmissionIndexView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/submission_index.html"
    page_title = "Reader submissions"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Reader submissions"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission_workflow()  # make sure it exists before an editor goes looking for it
        status = self.request.GET.get("status", "")
        submissions = Submission.objects.select_related("section", "story").order_by("-created_at", "-pk")
        if status in SubmissionStatus.values:
            submissions = submissions.filter(status=status)
        context.update(
            submissions=submissions[:PER_PAGE_LIMIT], statuses=SubmissionStatus.choices, current_status=status
        )
        return context


class SubmissionDetailView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/submission_detail.html"
    header_icon = "mail"

    def get_submission(self) -> Submission:
        return get_object_or_404(Submission.objects.with_status_page_data(), pk=self.kwargs["pk"])

    def get_page_title(self):
        return "Reader submission"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("editorial:submission_index"), "label": "Reader submissions"},
            {"url": "", "label": self.submission.headline or "(withdrawn)"},
        ]

    def get_page_subtitle(self):
        return self.submission.headline or "(withdrawn)"

    def get(self, request, *args, **kwargs):
        self.submission = submission_mark_in_review(submission=self.get_submission())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = submission_review(submission=self.submission, user=self.request.user)
        action_names = {name for name, _label, _modal in review.actions}
        context.update(
            submission=self.submission,
            review=review,
            action_names=action_names,
            message_form=kwargs.get("message_form") or WriterMessageForm(prefix="msg"),
            reject_form=kwargs.get("reject_form") or WriterMessageForm(prefix="reject"),
            decline_form=kwargs.get("decline_form") or DeclineForm(prefix="decline"),
            approve_form=kwargs.get("approve_form") or ApproveForm(prefix="approve"),
            retention_note=f"{settings.FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS} days",
            messages_thread=list(self.submission.messages.select_related("author")),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.submission.story_id])
            if self.submission.story_id
            else "",
        )
        return context

    def post(self, request, *args, **kwargs):
        self.submission = self.get_submission()
        action = request.POST.get("action", "")
        here = reverse("editorial:submission_detail", args=[self.submission.pk])
        if action == "message":
            form = WriterMessageForm(request.POST, prefix="msg")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(message_form=form), status=400)
            try:
                submission_message_writer(
                    submission=self.submission, editor=request.user, body=form.cleaned_data["message"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Message sent to the writer.")
            return redirect(here)
        forms = {
            "reject": ("reject_form", WriterMessageForm, "reject"),
            "decline": ("decline_form", DeclineForm, "decline"),
            "approve": ("approve_form", ApproveForm, "approve"),
            "send_to_edit": ("approve_form", ApproveForm, "approve"),
        }
        if action not in forms:
            messages.error(request, "Unknown action.")
            return redirect(here)
        context_name, form_class, prefix = forms[action]
        form = form_class(request.POST, prefix=prefix)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{context_name: form}), status=400)
        review = submission_review(submission=self.submission, user=request.user)
        if review.task_state is None or action not in {name for name, _l, _m in review.actions}:
            messages.error(request, "That action is not open to you at this step of the workflow.")
            return redirect(here)
        try:
            review.task_state.task.specific.on_action(
                review.task_state, request.user, action, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            self.submission.refresh_from_db()
            messages.success(request, f"Done. The story is now: {self.submission.effective_status_label}.")
        return redirect(here)
