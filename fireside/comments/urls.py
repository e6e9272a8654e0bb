"""URLs of the comments app, included at the site root by fireside/urls.py (so each path here is absolute)."""

from django.urls import path

from fireside.comments import views

app_name = "comments"

urlpatterns = [
    path("comments/post/", views.post_comment, name="post"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("comments/erase/", views.erase_request, name="erase_request"),
    path("comments/erase/<str:token>/", views.erase_confirm, name="erase_confirm"),
]
