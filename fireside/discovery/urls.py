"""URLs of the discovery app, included at the site root by fireside/urls.py (so each path here is absolute)."""

urlpatterns: list = []
