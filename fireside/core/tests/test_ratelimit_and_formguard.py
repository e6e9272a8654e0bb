import pytest

from django.core.cache import cache
from django.test import RequestFactory

from fireside.core.formguard import FormVerdict, check_form_token, issue_form_token
from fireside.core.ratelimit import client_ip, rate_limit_hit, rate_limit_peek


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_rate_limit_allows_up_to_the_limit_then_refuses():
    results = [rate_limit_hit(scope="t", identity="1.2.3.4", limit=3, window=60) for _ in range(5)]
    assert [r.allowed for r in results] == [True, True, True, False, False]
    assert 0 < results[-1].retry_after <= 60


def test_rate_limits_are_separate_per_identity_and_scope():
    for _ in range(3):
        rate_limit_hit(scope="comments", identity="a@example.org", limit=3, window=60)
    assert not rate_limit_hit(scope="comments", identity="a@example.org", limit=3, window=60).allowed
    assert rate_limit_hit(scope="comments", identity="b@example.org", limit=3, window=60).allowed
    assert rate_limit_hit(scope="submissions", identity="a@example.org", limit=3, window=60).allowed


def test_peek_does_not_count():
    for _ in range(5):
        assert rate_limit_peek(scope="t", identity="x", limit=1, window=60).allowed
    rate_limit_hit(scope="t", identity="x", limit=1, window=60)
    assert not rate_limit_peek(scope="t", identity="x", limit=1, window=60).allowed


def test_cache_keys_do_not_contain_the_identity():
    from django.core.cache.backends.locmem import LocMemCache

    rate_limit_hit(scope="t", identity="secret@example.org", limit=1, window=60)
    if isinstance(cache, LocMemCache) or hasattr(cache, "_cache"):
        assert not any("secret" in str(key) for key in cache._cache)


def test_form_token_accepts_a_person_and_refuses_bots_and_replays():
    token = issue_form_token(purpose="comment", now=1000.0)
    assert check_form_token(token, purpose="comment", now=1010.0).ok
    assert check_form_token(token, purpose="comment", now=1001.0).verdict is FormVerdict.TOO_FAST
    assert (
        check_form_token(token, purpose="comment", now=1000.0 + 2 * 3600 + 1).verdict is FormVerdict.EXPIRED
    )
    assert check_form_token(token, purpose="submission", now=1010.0).verdict is FormVerdict.TAMPERED
    assert check_form_token(token + "x", purpose="comment", now=1010.0).verdict is FormVerdict.TAMPERED
    assert check_form_token("", purpose="comment").verdict is FormVerdict.TAMPERED
    assert check_form_token("\x00<script>", purpose="comment").verdict is FormVerdict.TAMPERED
    assert (
        check_form_token(token, purpose="comment", honeypot="http://spam", now=1010.0).verdict
        is FormVerdict.HONEYPOT
    )


def test_client_ip_ignores_forwarded_header_unless_proxies_are_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.FIRESIDE_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.FIRESIDE_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
