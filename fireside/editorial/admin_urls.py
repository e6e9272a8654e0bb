"""Admin URLs, mounted under /admin/ by ``wagtail_hooks``."""

from django.urls import path

from fireside.editorial import views

app_name = "editorial"
urlpatterns = [
    path("", views.SubmissionIndexView.as_view(), name="submission_index"),
    path("<int:pk>/", views.SubmissionDetailView.as_view(), name="submission_detail"),
]
