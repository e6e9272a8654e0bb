"""The beacon's fast path in front of Django (fireside/wsgi.py): same answers and counts as the Django view, no
database, and everything it should not decide handed to Django unchanged."""

import io
from urllib.parse import urlencode

import pytest

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from fireside.engagement.fastpath import beacon_fast_path
from fireside.engagement.models import StoryDaily
from fireside.engagement.readers import story_token_issue
from fireside.engagement.services import views_flush
from fireside.engagement.tests.helpers import BROWSER_UA

pytestmark = pytest.mark.django_db


class Site:
    """The production WSGI stack (Django's handler behind the fast path), called as a WSGI server would."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.django_calls = 0
        self.app = beacon_fast_path(self._to_django)

    def _to_django(self, environ, start_response):
        self.django_calls += 1
        return self.django(environ, start_response)

    def post(
        self,
        body: bytes | str,
        *,
        ip: str = "203.0.113.9",
        user_agent: str = BROWSER_UA,
        content_type: str = "application/x-www-form-urlencoded;charset=UTF-8",
        path: str = "/engagement/view/",
        method: str = "POST",
        **extra: str,
    ) -> tuple[int, dict[str, str], bytes]:
        data = body.encode() if isinstance(body, str) else body
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "fireside.example",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "fireside.example",
            "REMOTE_ADDR": ip,
            "HTTP_USER_AGENT": user_agent,
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(),
            **extra,
        }
        answer: dict = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        # As Django's test client does: a request must not close the test's database connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = self.app(environ, start_response)
            content = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return answer["status"], answer["headers"], content


def beacon(story) -> str:
    return urlencode({"t": story_token_issue(story.pk)})


def totals(story):
    row = StoryDaily.objects.filter(story=story).first()
    return (row.views, row.unique_readers) if row else (0, 0)


def test_a_beacon_is_answered_and_counted_without_django_or_any_query(make_story):
    story = make_story()
    site = Site()
    with CaptureQueriesContext(connection) as queries:
        answers = [site.post(beacon(story), ip=f"198.51.100.{n}") for n in range(10)]
        answers += [site.post(beacon(story), ip="198.51.100.0") for _ in range(2)]  # the same reader again
    assert len(queries.captured_queries) == 0
    assert site.django_calls == 0
    assert {status for status, _headers, _body in answers} == {204}
    headers = answers[0][1]
    assert headers["Cache-Control"] == "no-store, private"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    views_flush()
    assert totals(story) == (12, 10)


@pytest.mark.parametrize(
    ("user_agent", "extra"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {}),
        ("curl/8.5.0", {}),
        ("", {}),
        ("x" * 600, {}),
        (BROWSER_UA, {"HTTP_SEC_PURPOSE": "prefetch"}),
    ],
)
def test_bots_previews_and_prefetches_get_the_same_204_and_count_nothing(make_story, user_agent, extra):
    story = make_story()
    status, _headers, _body = Site().post(beacon(story), user_agent=user_agent, **extra)
    assert status == 204
    views_flush()
    assert totals(story) == (0, 0)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("t=", b"invalid token"),
        ("x=1", b"invalid token"),
        ("t=12", b"invalid token"),
        ("t=" + "%3Cscript%3Ealert(1)%3C/script%3E", b"invalid token"),
        ("t=1%27%20OR%20%271%27=%271", b"invalid token"),
        ("t=%F0%9F%94%A5%E2%80%8F%00", b"invalid token"),
        (b"t=\xff\xfe", b"malformed body"),
    ],
)
def test_forged_or_malformed_beacons_get_the_views_400(make_story, body, message):
    story = make_story()
    site = Site()
    status, headers, content = site.post(body)
    assert (status, content) == (400, message)
    assert headers["Content-Type"] == "text/plain"
    assert site.django_calls == 0
    views_flush()
    assert totals(story) == (0, 0)


def test_a_token_edited_to_name_another_story_is_refused(make_story):
    first, second = make_story(), make_story()
    token = story_token_issue(first.pk)
    forged = str(second.pk) + token[len(str(first.pk)) :]
    assert Site().post(urlencode({"t": forged}))[0] == 400


def test_an_editors_beacon_goes_to_django_and_is_not_counted(client, make_story, django_user_model):
    story = make_story()
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-for-tests-only")
    client.force_login(editor)
    site = Site()
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status, _headers, _body = site.post(beacon(story), HTTP_COOKIE=cookie)
    assert status == 204
    assert site.django_calls == 1
    views_flush()
    assert totals(story) == (0, 0)


def test_uncommon_requests_are_left_to_django_which_answers_as_before(make_story):
    story = make_story()
    site = Site()
    assert site.post(beacon(story), method="GET")[0] == 405
    assert site.post("t=" + "x" * 2000)[0] == 413
    assert site.post(beacon(story), content_type="application/json")[0] == 204  # the view reads the body too
    assert site.post(beacon(story), CONTENT_LENGTH="")[0] == 400  # no length: Django reads no body
    assert site.django_calls == 4
    views_flush()
    assert totals(story) == (1, 1)


@override_settings(ALLOWED_HOSTS=["fireside.example"])
def test_a_host_django_would_refuse_is_refused_by_django(make_story):
    story = make_story()
    site = Site()
    assert site.post(beacon(story), HTTP_HOST="evil.example")[0] == 400
    assert site.post(beacon(story))[0] == 204
    assert site.django_calls == 1


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600)
def test_plain_http_is_redirected_by_django_and_https_beacons_carry_hsts(make_story):
    story = make_story()
    site = Site()
    assert site.post(beacon(story))[0] == 301
    status, headers, _body = site.post(beacon(story), **{"wsgi.url_scheme": "https"})
    assert status == 204
    assert headers["Strict-Transport-Security"] == "max-age=3600"
    assert site.django_calls == 1


def test_the_site_wsgi_application_is_wrapped_by_the_fast_path():
    from fireside import wsgi

    assert wsgi.application.__qualname__ == "beacon_fast_path.<locals>.application"
