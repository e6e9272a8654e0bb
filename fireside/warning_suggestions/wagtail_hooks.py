"""Hooks: the decision endpoints under the admin, and the decisions' entries in each page's history."""

from django.urls import include, path

from wagtail import hooks

from fireside.warning_suggestions import admin_urls


@hooks.register("register_admin_urls")
def register_warning_suggestion_urls():
    return [path("warning-suggestions/", include(admin_urls, namespace="warning_suggestions"))]


@hooks.register("register_log_actions")
def register_warning_suggestion_log_actions(actions):
    actions.register_action(
        "warning_suggestions.accepted", "Accept suggested warning", "Accepted a suggested content warning"
    )
    actions.register_action(
        "warning_suggestions.rejected", "Reject suggested warning", "Rejected a suggested content warning"
    )
