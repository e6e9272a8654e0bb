"""Cache-friendly responses: a strong ETag from the body, Last-Modified from the content, a short max-age.

Clients and proxies can then revalidate cheaply: an unchanged list or story answers ``304 Not Modified``.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

MAX_AGE = 60  # seconds: new stories show up within a minute
LAST_MODIFIED_ATTRIBUTE = "_content_api_last_modified"


def note_last_modified(request: HttpRequest, moments: list[datetime | None]) -> None:
    """Remember the newest of ``moments`` for the Last-Modified header of this request's response."""
    known = [moment for moment in moments if moment is not None]
    if known:
        setattr(request, LAST_MODIFIED_ATTRIBUTE, max(known))


def cacheable(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a django-ninja operation: add validators and answer conditional requests."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        last_modified = getattr(request, LAST_MODIFIED_ATTRIBUTE, None)
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)

    return wrapper
