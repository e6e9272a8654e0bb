"""URLs of the search app, included at the site root by fireside/urls.py (so each path here is absolute)."""

from django.urls import path

from fireside.search import views

urlpatterns = [path("search/", views.search, name="search")]
