"""Counting views: who counts, how often, and that a view never touches the database."""

import datetime as dt

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fireside.engagement.buffer import VIEWS_PER_READER, LocalBuffer
from fireside.engagement.models import StoryDaily
from fireside.engagement.readers import network_range, reader_hash, story_token_check, story_token_issue
from fireside.engagement.services import comment_record, views_flush
from fireside.engagement.tests.helpers import BROWSER_UA, read_story

pytestmark = pytest.mark.django_db


def totals(story):
    row = StoryDaily.objects.filter(story=story).first()
    return (row.views, row.unique_readers) if row else (0, 0)


def test_a_view_is_counted_without_any_database_query_and_lands_at_the_flush(client, make_story):
    story = make_story()
    with CaptureQueriesContext(connection) as queries:
        for n in range(20):
            assert read_story(client, story, ip=f"203.0.113.{n}").status_code == 204
    assert len(queries.captured_queries) == 0
    assert totals(story) == (0, 0)
    with CaptureQueriesContext(connection) as queries:
        result = views_flush()
    writes = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(writes) == 1  # one batched upsert for twenty views
    assert result.views == 20
    assert totals(story) == (20, 20)


def test_the_guard_against_queries_can_fail(client, make_story):
    story = make_story()
    with CaptureQueriesContext(connection) as queries:
        client.get(story.url)
    assert len(queries.captured_queries) > 0


def test_one_reader_counts_once_a_day_and_reloads_are_capped(client, make_story):
    story = make_story()
    for _ in range(VIEWS_PER_READER + 7):
        read_story(client, story, ip="198.51.100.4")
    views_flush()
    assert totals(story) == (VIEWS_PER_READER, 1)


def test_same_address_with_another_browser_is_another_reader(client, make_story):
    story = make_story()
    read_story(client, story, ip="198.51.100.4")
    read_story(client, story, ip="198.51.100.4", user_agent=BROWSER_UA.replace("131", "130"))
    views_flush()
    assert totals(story) == (2, 2)


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "WhatsApp/2.23.20.0",
        "TelegramBot (like TwitterBot)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Discordbot/2.0; +https://discordapp.com",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
        "Mozilla/5.0 " + "A" * 5000,
    ],
)
def test_bots_and_link_preview_fetchers_are_answered_but_not_counted(client, make_story, user_agent):
    story = make_story()
    assert read_story(client, story, user_agent=user_agent).status_code == 204
    views_flush()
    assert totals(story) == (0, 0)


def test_prefetches_are_not_counted(client, make_story):
    story = make_story()
    token = story_token_issue(story.pk)
    client.post(
        "/engagement/view/", {"t": token}, HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_PURPOSE="prefetch;prerender"
    )
    views_flush()
    assert totals(story) == (0, 0)


def test_editors_reading_the_site_are_not_counted(client, make_story, django_user_model):
    story = make_story()
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-for-tests-only")
    client.force_login(editor)
    read_story(client, story)
    views_flush()
    assert totals(story) == (0, 0)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "12",
        "not-a-token",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "1' OR '1'='1",
        "1:abc:def\x00",
        "\u200f1\u200b:x:y",
        "🔥" * 40,
        "x" * 5000,
    ],
)
def test_forged_tokens_get_a_clean_400_and_count_nothing(client, make_story, token):
    story = make_story()
    assert read_story(client, story, token=token).status_code in {400, 413}  # 413: the 5 kB one
    views_flush()
    assert totals(story) == (0, 0)


def test_a_token_for_one_story_cannot_be_edited_into_another(client, make_story):
    first, second = make_story(), make_story()
    token = story_token_issue(first.pk)
    forged = str(second.pk) + token[len(str(first.pk)) :]
    assert read_story(client, second, token=forged).status_code == 400


def test_expired_tokens_are_refused():
    token = story_token_issue(7)
    assert story_token_check(token) == 7
    assert story_token_check(token, max_age=-1) is None


def test_huge_bodies_and_wrong_methods_are_refused(client, make_story):
    story = make_story()
    huge = client.post(
        "/engagement/view/", {"t": story_token_issue(story.pk), "pad": "x" * 4000}, HTTP_USER_AGENT=BROWSER_UA
    )
    assert huge.status_code == 413
    assert client.get("/engagement/view/").status_code == 405
    assert client.post("/engagement/view.gif").status_code == 405


def test_noscript_pixel_counts_like_the_beacon(client, make_story):
    story = make_story()
    response = client.get(
        "/engagement/view.gif",
        {"t": story_token_issue(story.pk)},
        HTTP_USER_AGENT=BROWSER_UA,
        REMOTE_ADDR="192.0.2.8",
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    views_flush()
    assert totals(story) == (1, 1)


def test_story_page_carries_a_signed_token_beacon_and_noscript_pixel(client, make_story):
    story = make_story()
    html = client.get(story.url).content.decode()
    assert "engagement/beacon.js" in html and "<noscript><img" in html
    token = html.split('data-token="', 1)[1].split('"', 1)[0]
    assert story_token_check(token) == story.pk


def test_previews_carry_no_beacon(admin_client, make_story):
    story = make_story()
    html = admin_client.get(f"/admin/pages/{story.pk}/view_draft/").content.decode()
    assert "data-view-beacon" not in html


def test_a_burst_from_one_network_range_is_capped(client, make_story, settings):
    settings.FIRESIDE_ENGAGEMENT_RANGE_CAP = 3
    story = make_story()
    for n in range(10):
        read_story(client, story, ip=f"203.0.113.{n + 1}")  # ten "readers" in one /24
    for n in range(4):
        read_story(client, story, ip=f"198.51.{n}.9")  # four readers elsewhere
    for _ in range(3):
        read_story(client, story, ip="203.0.113.9")  # a capped reader stays uncounted on reload
    views_flush()
    assert totals(story) == (7, 7)


def test_network_ranges():
    assert network_range("203.0.113.77") == "203.0.113.0/24"
    assert network_range("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert network_range("::ffff:203.0.113.5") == "203.0.113.0/24"
    assert network_range("not an ip") == "unknown"


def test_reader_hash_depends_on_the_day_salt_which_rotates():
    buffer = LocalBuffer()
    today, tomorrow = dt.date(2026, 3, 1).isoformat(), dt.date(2026, 3, 2).isoformat()
    salt_today = buffer.salt(today)
    assert buffer.salt(today) == salt_today
    salt_tomorrow = buffer.salt(tomorrow)
    assert salt_tomorrow != salt_today
    assert list(buffer._salts) == [tomorrow]  # yesterday's salt is gone
    one = reader_hash(salt=salt_today, ip="192.0.2.1", user_agent="ua")
    assert one != reader_hash(salt=salt_tomorrow, ip="192.0.2.1", user_agent="ua")
    assert "192.0.2.1" not in one


def test_flushes_add_up_and_deleted_stories_are_dropped(client, make_story):
    story, doomed = make_story(), make_story()
    read_story(client, story, ip="192.0.2.1")
    views_flush()
    read_story(client, story, ip="192.0.2.2")
    read_story(client, doomed, ip="192.0.2.3")
    comment_record(story_id=story.pk)
    doomed.delete()
    result = views_flush()
    assert result.dropped == 1
    row = StoryDaily.objects.get(story=story)
    assert (row.views, row.unique_readers, row.comments) == (2, 2, 1)
    assert views_flush().rows == 0  # nothing counted twice


def test_a_failed_flush_keeps_the_batch_for_the_next_one(fresh_engagement_state):
    buffer = fresh_engagement_state
    buffer.record_comment(day="2026-01-01", story_id=1)
    with pytest.raises(RuntimeError), buffer.take_batch() as batch:
        assert batch.counts
        raise RuntimeError("database went away")
    assert buffer.pending_total() == 1


def test_flush_command_reports(client, make_story):
    from io import StringIO

    from django.core.management import call_command

    story = make_story()
    read_story(client, story)
    out = StringIO()
    call_command("flush_view_counts", stdout=out)
    assert "Flushed 1 views into 1 story-days" in out.getvalue()


@pytest.mark.parametrize(
    ("content_type", "body", "extra"),
    [
        ("multipart/form-data; boundary=zzz", b"--zzz\r\nContent-Disposition: broken\r\n\r\nx", {}),
        ("multipart/form-data", b"no boundary at all", {}),
        ("application/x-www-form-urlencoded", b"t=%ff%fe%00", {}),
        ("application/x-www-form-urlencoded", b"t=1", {"CONTENT_LENGTH": "not-a-number"}),
        ("text/plain", b"\x00\x01\x02", {"HTTP_X_FORWARDED_FOR": "<script>, ' OR 1=1 --"}),
    ],
)
def test_malformed_beacons_are_a_clean_4xx(client, content_type, body, extra):
    response = client.generic(
        "POST", "/engagement/view/", body, content_type=content_type, HTTP_USER_AGENT=BROWSER_UA, **extra
    )
    assert 400 <= response.status_code < 500
