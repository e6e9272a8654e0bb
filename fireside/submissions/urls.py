"""URLs of the submissions app, included at the site root by fireside/urls.py (so each path here is absolute)."""

from django.urls import path

from fireside.submissions import views

app_name = "submissions"
urlpatterns = [
    path("submit/", views.submit, name="submit"),
    path("submit/status/<str:token>/", views.status, name="status"),
]
