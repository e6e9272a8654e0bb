from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site_chrome(request: HttpRequest) -> dict:
    """Sections for the site navigation: loaded only if a template renders it, and shared with the page."""

    def sections():
        from fireside.stories.selectors import reader_scope

        return reader_scope(request).sections

    return {"nav_sections": SimpleLazyObject(sections)}
