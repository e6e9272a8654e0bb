"""Admin URLs, mounted under /admin/warning-suggestions/ by ``wagtail_hooks`` (so only admin users reach them)."""

from django.urls import path

from fireside.warning_suggestions import views

app_name = "warning_suggestions"
urlpatterns = [
    path("stories/<int:page_id>/", views.StorySuggestionsView.as_view(), name="story"),
    path("stories/<int:page_id>/decide/", views.decide, name="decide"),
]
