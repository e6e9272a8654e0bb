"""Canonical URLs and robots rules shared by every public page.

A canonical URL is the page's own address on the site's configured host, with only the query parameters that
change what the page shows (``page`` past the first page; the search's own fields). Everything else is dropped:
tracking parameters (``utm_*``, ``fbclid``, ``gclid``...), typos, cache busters. A whitelist rather than a list
of trackers to strip, because new trackers appear every year.
"""

from collections.abc import Iterable
from urllib.parse import urlencode

from django.http import HttpRequest

from wagtail.models import Page, Site

# Documented for readers of this module; the whitelist already drops them.
TRACKING_PARAMETERS = ("utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid")


def site_root_url(request: HttpRequest) -> str:
    """The scheme and host of the Wagtail site serving ``request`` (its configured name, not the Host header)."""
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return f"{request.scheme}://{request.get_host()}"


def page_number(request: HttpRequest) -> int:
    """The ``?page=`` number asked for; anything malformed counts as the first page."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except (TypeError, ValueError):
        return 1


def canonical_url(request: HttpRequest, *, page: Page | None = None, keep: Iterable[str] = ("page",)) -> str:
    """The canonical address of what ``request`` shows; ``keep`` names the query parameters that matter."""
    if page is not None and getattr(page, "pk", None):
        base = page.get_full_url(request) or site_root_url(request) + request.path
    else:
        base = site_root_url(request) + request.path
    pairs: list[tuple[str, str]] = []
    for name in keep:
        values = [value for value in request.GET.getlist(name) if value]
        if name == "page":
            number = page_number(request)
            values = [str(number)] if number > 1 else []
        pairs.extend((name, value) for value in values)
    return base + ("?" + urlencode(pairs) if pairs else "")


def robots_directive(request: HttpRequest) -> str:
    """``noindex, follow`` for pages past the first of a listing; empty (index as usual) otherwise."""
    return "noindex, follow" if page_number(request) > 1 else ""
