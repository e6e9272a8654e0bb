"""Thin views: the view beacon (and its no-JavaScript pixel), the share redirect and the link-preview card.

The beacon answers without touching the database: token check (HMAC), bot check (in memory), one Redis call.
Whatever is wrong with a request earns a small 4xx; a request that is fine but not counted (a bot, an editor, a
repeat) gets the same 204 as a counted one, so nobody can probe what counts.
"""

import base64

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from fireside.engagement import cards, readers, services
from fireside.engagement.sharing import NETWORKS, share_target
from fireside.engagement.templatetags.engagement_tags import card_url, public_story
from fireside.stories.selectors import attach_sections, reader_scope

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MAX_BEACON_BODY = 1024


def _count(request: HttpRequest, token: str) -> bool:
    story_id = readers.story_token_check(token)
    if story_id is None:
        return False
    services.view_record(request=request, story_id=story_id)
    return True


def _no_store(response: HttpResponse) -> HttpResponse:
    # Set directly: Django's never_cache computes several headers and costs more than the rest of the beacon.
    response["Cache-Control"] = "no-store, private"
    return response


@csrf_exempt  # the signed story token is the proof of origin; sendBeacon cannot carry a CSRF token
@require_POST
def view_beacon(request: HttpRequest) -> HttpResponse:
    try:
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BEACON_BODY
    except ValueError:
        return HttpResponseBadRequest("bad length", content_type="text/plain")
    if too_big:
        return HttpResponse(status=413)
    try:
        if request.content_type == "multipart/form-data":
            token = request.POST.get("t", "")
        else:  # sendBeacon(URLSearchParams): a tiny urlencoded body, parsed without the form machinery
            token = QueryDict(request.body[:MAX_BEACON_BODY], encoding="utf-8").get("t", "")
    except (MultiPartParserError, UnicodeDecodeError, RequestDataTooBig):
        return HttpResponseBadRequest("malformed body", content_type="text/plain")
    if not _count(request, token):
        return HttpResponseBadRequest("invalid token", content_type="text/plain")
    return _no_store(HttpResponse(status=204))


@require_GET
def view_pixel(request: HttpRequest) -> HttpResponse:
    """The same count for readers without JavaScript, from a 1x1 image inside <noscript>."""
    if not _count(request, request.GET.get("t", "")):
        return HttpResponseBadRequest("invalid token", content_type="text/plain")
    return _no_store(HttpResponse(PIXEL, content_type="image/gif"))


class ShareRedirect(HttpResponseRedirect):
    allowed_schemes = ["https", "mailto"]  # the networks' pages, and the reader's own mail program


@require_GET
@never_cache
def share_redirect(request: HttpRequest, story_id: int, network: str) -> HttpResponse:
    """Count a share click and send the reader to the network's own share page."""
    target = NETWORKS.get(network)
    if target is None:
        raise Http404("Unknown network")
    story = public_story(story_id, request)
    if story is None:
        raise Http404("No such story")
    services.share_click_record(request=request, story_id=story.pk, network=target.slug)
    attach_sections([story], reader_scope(request).sections)
    url = share_target(
        network=target,
        story_url=story.get_full_url(request),
        title=story.title,
        text=story.standfirst,
        image_url=request.build_absolute_uri(card_url(story)),
    )
    response = ShareRedirect(url)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def story_card(request: HttpRequest, story_id: int, version: str) -> HttpResponse:
    """The story's generated card. An old version redirects to the current one."""
    story = public_story(story_id, request)
    if story is None:
        raise Http404("No such story")
    attach_sections([story], reader_scope(request).sections)
    section = story.section.title if story.section else ""
    current = cards.card_version(headline=story.title, section=section, site_name=settings.WAGTAIL_SITE_NAME)
    if version != current:
        return redirect(card_url(story), permanent=False)
    path = cards.card_ensure(
        story_id=story.pk, headline=story.title, section=section, site_name=settings.WAGTAIL_SITE_NAME
    )
    return FileResponse(default_storage.open(path, "rb"), content_type="image/png")
