"""URLs of the editorial app, included at the site root by fireside/urls.py (so each path here is absolute).

The editors' views live inside Wagtail's admin and are registered by ``wagtail_hooks.admin_urls`` instead.
"""

urlpatterns: list = []
