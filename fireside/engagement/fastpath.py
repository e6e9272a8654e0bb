"""The view beacon answered by a few lines of WSGI in front of Django: the production server's hot path.

Every page view of a viral story sends one beacon, so the beacon is the busiest request the site serves. Through
Django it costs the whole middleware stack (sessions, CSRF, auth, messages, security headers, Wagtail's redirect
lookup) and URL routing, several times what counting itself costs. ``beacon_fast_path`` wraps the site's WSGI
application (``fireside/wsgi.py``) and answers the common beacon itself, with exactly the rules of
``views.view_beacon``: the host must be allowed, the body small and urlencoded, the signed story token valid;
bots, link-preview fetchers and prefetches get the same 204 without being counted; a counted view goes to the
buffer through ``services.view_count`` — no database, no session, no template.

Anything uncommon goes on to Django unchanged, so it keeps the one full implementation of every rule: another
method or path, a request carrying a session cookie (it may be an editor's, and editors are not counted — only
Django can tell), a multipart or unsized body, a host Django would refuse, or plain HTTP when HTTPS is required.
"""

from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.urls import reverse

from fireside.core.middleware import PUBLIC_POLICY
from fireside.engagement import readers, services
from fireside.engagement.views import MAX_BEACON_BODY

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
_FORM_TYPES = ("application/x-www-form-urlencoded", "text/plain")


class _Environ:
    """What the shared request helpers (``client_ip``, ``is_prefetch``) read from a request: its META."""

    __slots__ = ("META",)

    def __init__(self, environ: dict) -> None:
        self.META = environ


def _headers(*, secure: bool, content_type: str | None = None) -> list[tuple[str, str]]:
    # What the middleware stack would add to a beacon's answer (SecurityMiddleware, our CSP, clickjacking).
    headers = [("Cache-Control", "no-store, private"), ("Content-Security-Policy", PUBLIC_POLICY)]
    if content_type:
        headers.append(("Content-Type", content_type))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append(("Referrer-Policy", settings.SECURE_REFERRER_POLICY))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return headers


def _is_secure(environ: dict) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header:
        name, value = header
        if name in environ:
            return environ[name].split(",")[0].strip() == value
    return environ.get("wsgi.url_scheme") == "https"


def _allowed_hosts() -> list[str] | None:
    """ALLOWED_HOSTS as Django's get_host() applies them; None when it would read X-Forwarded-Host (rare, and
    then Django decides)."""
    if settings.USE_X_FORWARDED_HOST:
        return None
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [".localhost", "127.0.0.1", "[::1]"]
    return list(settings.ALLOWED_HOSTS)


def _host_allowed(environ: dict, allowed: list[str] | None) -> bool:
    if allowed is None:
        return False
    domain, _port = split_domain_port(environ.get("HTTP_HOST", ""))
    return bool(domain) and validate_host(domain, allowed)


def _body_length(environ: dict) -> int | None:
    """The declared body length if the fast path can take the body, else None (Django decides)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    return length if 0 < length <= MAX_BEACON_BODY else None


def beacon_fast_path(app: WSGIApp) -> WSGIApp:
    """Wrap the site's WSGI ``app`` so the common view beacon is answered without going through Django.

    Settings are read once, on the first request (as Django's own middleware reads them once when loaded)."""
    beacon_path = ""
    session_cookie = f"{settings.SESSION_COOKIE_NAME}="
    ssl_redirect = settings.SECURE_SSL_REDIRECT
    allowed = _allowed_hosts()
    answers: dict[tuple[str, bool], tuple[str, list[tuple[str, str]], list[bytes]]] = {}

    def answer(kind: str, secure: bool) -> tuple[str, list[tuple[str, str]], list[bytes]]:
        if (kind, secure) not in answers:
            answers[(kind, secure)] = (
                ("204 No Content", _headers(secure=secure), [])
                if kind == "counted"
                else ("400 Bad Request", _headers(secure=secure, content_type="text/plain"), [kind.encode()])
            )
        return answers[(kind, secure)]

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        nonlocal beacon_path
        if not beacon_path:
            beacon_path = reverse("engagement-view")  # the URL conf is loaded by now
        if (
            environ.get("PATH_INFO") != beacon_path
            or environ.get("REQUEST_METHOD") != "POST"
            or session_cookie in environ.get("HTTP_COOKIE", "")
            or not environ.get("CONTENT_TYPE", "").startswith(_FORM_TYPES)
        ):
            return app(environ, start_response)
        length = _body_length(environ)
        secure = _is_secure(environ)
        if length is None or (ssl_redirect and not secure) or not _host_allowed(environ, allowed):
            return app(environ, start_response)
        status, headers, body = answer(_count(environ, length), secure)
        start_response(status, list(headers))
        return body

    return application


def _token(body: bytes) -> str | None:
    """The ``t`` field of an urlencoded body, as ``QueryDict`` reads it (last value wins); None if not UTF-8."""
    try:
        fields = parse_qsl(body.decode(), keep_blank_values=True)
    except UnicodeDecodeError:
        return None
    token = ""
    for name, value in fields:
        if name == "t":
            token = value
    return token


def _count(environ: dict, length: int) -> str:
    """Count the beacon if it should be; the answer's kind: "counted" (also for bots: same 204) or an error."""
    token = _token(environ["wsgi.input"].read(length))
    if token is None:
        return "malformed body"
    story_id = readers.story_token_check(token)
    if story_id is None:
        return "invalid token"
    request = _Environ(environ)
    ip, user_agent = readers.request_identity(request)
    if not (readers.is_bot(user_agent) or readers.is_prefetch(request)):
        services.view_count(story_id=story_id, ip=ip, user_agent=user_agent)
    return "counted"
