"""URLs of the api app, included at the site root by fireside/urls.py (so each path here is absolute)."""

from django.urls import path

from fireside.api.api import api

urlpatterns = [path("api/v1/", api.urls)]
