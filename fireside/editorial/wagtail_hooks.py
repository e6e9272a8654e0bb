"""Hooks: the "Reader submissions" menu item and admin views, and a header button on submitted stories."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import HeaderButton

from fireside.editorial import admin_urls
from fireside.editorial.selectors import user_can_review
from fireside.submissions.models import Submission, SubmissionStatus
from fireside.submissions.services import submission_mark_in_review


@hooks.register("register_admin_urls")
def register_submission_urls():
    return [path("submissions/", include(admin_urls, namespace="editorial"))]


class SubmissionsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_review(request.user)


@hooks.register("register_admin_menu_item")
def register_submissions_menu_item():
    return SubmissionsMenuItem(
        "Reader submissions", reverse("editorial:submission_index"), icon_name="mail", order=250
    )


@hooks.register("register_page_header_buttons")
def submission_header_button(page, user, view_name, next_url=None):
    if page.specific_class is None or page.specific_class._meta.label != "stories.StoryPage":
        return
    pk = Submission.objects.filter(story_id=page.pk).values_list("pk", flat=True).first()
    if pk is not None and user_can_review(user):
        yield HeaderButton(
            "Reader submission",
            reverse("editorial:submission_detail", args=[pk]),
            icon_name="mail",
            priority=5,
        )


@hooks.register("before_edit_page")
def submission_in_review_on_open(request, page):
    """An editor opening a submitted story's draft has started reviewing it: the writer sees "in review"."""
    if request.method != "GET":
        return None
    submission = Submission.objects.filter(story_id=page.pk, status=SubmissionStatus.RECEIVED).first()
    if submission is not None and user_can_review(request.user):
        submission_mark_in_review(submission=submission)
    return None
