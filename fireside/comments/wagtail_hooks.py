"""The moderation queue in Wagtail's admin: a snippet listing with filters, search, an inspect view that shows
staff the commenter's email, IP and user agent, and bulk approve / spam / trash / unapprove actions that go
through ``comment_moderate`` (spam filter training and audit log)."""

import django_filters

from django.urls import reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from fireside.comments.models import Comment, CommentStatus
from fireside.comments.services import comment_moderate, comment_tone_clear
from fireside.stories.models import StoryPage


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=CommentStatus.choices, empty_label="Any status")
    story = django_filters.ModelChoiceFilter(
        queryset=StoryPage.objects.filter(comments__isnull=False).distinct().order_by("title"),
        empty_label="Any story",
    )
    tone_flagged = django_filters.ChoiceFilter(
        label="Tone flag",
        choices=[("1", "Flagged"), ("0", "Not flagged")],
        empty_label="Any tone",
        method="filter_tone",
    )

    class Meta:
        model = Comment
        fields = ["status", "story", "tone_flagged"]

    def filter_tone(self, queryset, name, value):
        return queryset.filter(tone_flagged=value == "1")


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = CommentFilterSet
    list_per_page = 50
    search_fields = ["body", "author_name", "author_email"]
    search_backend_name = None  # a plain database search: comments are not in the site's search index
    ordering = ["-created_at"]
    list_display = [
        "__str__",
        Column("story", label="Story", accessor="story"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("hold_reason", label="Why held"),
        Column("tone_display", label="Tone flag"),
        Column("spam_score", label="Spam score"),
        Column("created_at", label="Posted"),
    ]
    inspect_view_fields = [
        "story",
        "status",
        "hold_reason",
        "tone_flagged",
        "tone_reasons",
        "spam_score",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "parent",
        "ip_address",
        "user_agent",
        "created_at",
        "trained_as",
        "tone_trained_as",
    ]

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("list")) + "?status=pending"

    def get_queryset(self, request):
        return Comment.objects.select_related("story")


register_snippet(CommentViewSet)


class ModerateBulkAction(SnippetBulkAction):
    """Base for the four status changes; each comment goes through the service, one audit entry each."""

    template_name = "comments/admin/confirm_bulk_moderate.html"
    target_status: str = ""
    verb = ""

    models = [Comment]

    def check_perm(self, obj):
        return self.request.user.has_perm("comments.moderate_comment") or self.request.user.has_perm(
            "comments.change_comment"
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = 0
        for comment in objects:
            if comment.status != cls.target_status:
                comment_moderate(comment=comment, status=cls.target_status, user=user)
                changed += 1
        return changed, 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb, "action_label": self.display_name}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} comment{'s' if num_parent_objects != 1 else ''} {self.verb}."


class ApproveBulkAction(ModerateBulkAction):
    display_name = "Approve"
    action_type = "approve_comments"
    aria_label = "Approve selected comments"
    action_priority = 10
    target_status = CommentStatus.APPROVED
    verb = "approved"


class SpamBulkAction(ModerateBulkAction):
    display_name = "Spam"
    action_type = "spam_comments"
    aria_label = "Mark selected comments as spam"
    action_priority = 20
    target_status = CommentStatus.SPAM
    verb = "marked as spam"


class TrashBulkAction(ModerateBulkAction):
    display_name = "Trash"
    action_type = "trash_comments"
    aria_label = "Move selected comments to the trash"
    action_priority = 25
    target_status = CommentStatus.TRASH
    verb = "moved to the trash"


class UnapproveBulkAction(ModerateBulkAction):
    display_name = "Unapprove"
    action_type = "unapprove_comments"
    aria_label = "Send selected comments back to pending"
    action_priority = 28
    target_status = CommentStatus.PENDING
    verb = "sent back to pending"


class NotHarmfulBulkAction(ModerateBulkAction):
    """Clear the tone flag and teach the tone model "fine"; the comment's status does not change."""

    display_name = "Not harmful"
    action_type = "not_harmful_comments"
    aria_label = "Clear the tone flag of the selected comments"
    action_priority = 30
    verb = "marked as not harmful"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = 0
        for comment in objects:
            if comment.tone_flagged:
                comment_tone_clear(comment=comment, user=user)
                changed += 1
        return changed, 0


for action in (ApproveBulkAction, SpamBulkAction, TrashBulkAction, UnapproveBulkAction, NotHarmfulBulkAction):
    hooks.register("register_bulk_action", action)


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action("comments.approve", "Approve comment", "Approved the comment")
    actions.register_action("comments.spam", "Mark comment as spam", "Marked the comment as spam")
    actions.register_action("comments.trash", "Trash comment", "Moved the comment to the trash")
    actions.register_action("comments.unapprove", "Unapprove comment", "Sent the comment back to pending")
    actions.register_action("comments.erase", "Erase comment", "The commenter erased the comment")
    actions.register_action("comments.not_harmful", "Clear tone flag", "Cleared the tone flag: not harmful")


@hooks.register("register_permissions")
def register_moderate_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment")


@hooks.register("register_snippet_listing_buttons")
def comment_listing_buttons(snippet, user, next_url=None):
    from wagtail.admin.widgets import Button

    if not isinstance(snippet, Comment) or not snippet.story_id:
        return []
    url = snippet.story.url
    if not url:
        return []
    return [Button("View on site", f"{url}#{snippet.anchor}", icon_name="link-external", priority=5)]
