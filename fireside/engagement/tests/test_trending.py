"""Now Trending: the decayed score, the editors' overrides, privacy, and the one-cached-query read."""

import datetime as dt

import pytest

from django.core.cache import cache

from wagtail.models import PageViewRestriction

from fireside.engagement.models import EngagementSettings, StoryDaily
from fireside.engagement.selectors import (
    Weights,
    day_decays,
    trending_invalidate,
    trending_ranking,
    trending_stories,
)
from fireside.engagement.services import comment_record, views_flush
from fireside.engagement.tests.helpers import read_story

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def readers(client, story, count, *, start=0):
    for n in range(start, start + count):
        read_story(client, story, ip=f"10.{n // 250}.{n % 250}.1")


def titles(entries):
    return [entry.title for entry in entries]


def test_decay_halves_each_half_life_and_is_smooth_across_midnight():
    noon = dt.datetime(2026, 6, 10, 12, tzinfo=UTC)
    decays = day_decays(now=noon, half_life_hours=12)
    assert decays[dt.date(2026, 6, 10)] == pytest.approx(0.5 ** (6 / 12))  # today: half the 12 h elapsed
    assert decays[dt.date(2026, 6, 9)] == pytest.approx(0.5 ** (24 / 12))  # yesterday's midpoint, 24 h ago
    before = day_decays(now=dt.datetime(2026, 6, 10, 23, 59, 59, tzinfo=UTC), half_life_hours=12)
    after = day_decays(now=dt.datetime(2026, 6, 11, 0, 0, 1, tzinfo=UTC), half_life_hours=12)
    assert before[dt.date(2026, 6, 10)] == pytest.approx(after[dt.date(2026, 6, 10)], rel=1e-3)
    assert len(day_decays(now=noon, half_life_hours=12)) == 6  # older days weigh under 2**-10
    assert min(day_decays(now=noon, half_life_hours=2).values()) > 0


def test_old_activity_falls_behind_fresh_activity(make_story):
    now = dt.datetime.now(UTC)
    old, fresh = make_story(title="Big last week"), make_story(title="Modest today")
    StoryDaily.objects.create(story=old, day=now.date() - dt.timedelta(days=4), unique_readers=400, views=400)
    StoryDaily.objects.create(story=fresh, day=now.date(), unique_readers=30, views=30)
    ranked = trending_ranking(now=now, weights=Weights())
    assert [row.story_id for row in ranked] == [fresh.pk, old.pk]
    # With a week-long half-life the big old story still leads.
    ranked = trending_ranking(now=now, weights=Weights(half_life_hours=24 * 7))
    assert [row.story_id for row in ranked] == [old.pk, fresh.pk]


def test_weights_for_shares_and_comments_move_the_ranking(make_story):
    now = dt.datetime.now(UTC)
    read, shared = make_story(title="Read"), make_story(title="Shared")
    StoryDaily.objects.create(story=read, day=now.date(), unique_readers=40)
    StoryDaily.objects.create(story=shared, day=now.date(), unique_readers=2, share_clicks=2, comments=1)
    assert trending_ranking(now=now, weights=Weights())[0].story_id == read.pk
    heavy = Weights(view=1, share=20, comment=40)
    assert trending_ranking(now=now, weights=heavy)[0].story_id == shared.pk


def test_trending_moves_with_real_activity_once_the_cached_minute_is_over(client, make_story):
    quiet, busy = make_story(title="Quiet story"), make_story(title="Busy story")
    readers(client, quiet, 3)
    views_flush()
    assert titles(trending_stories())[0] == "Quiet story"
    readers(client, busy, 5)
    views_flush()
    assert titles(trending_stories())[0] == "Quiet story"  # the cached list holds for its minute
    cache.delete("engagement:trending:all:5")  # the minute passes
    assert titles(trending_stories())[:2] == ["Busy story", "Quiet story"]


def test_repeat_views_and_a_burst_from_one_range_cannot_buy_the_top_spot(client, make_story, settings):
    settings.FIRESIDE_ENGAGEMENT_RANGE_CAP = 5
    honest, gamed = make_story(title="Honest"), make_story(title="Gamed")
    readers(client, honest, 8)
    for _ in range(200):
        read_story(client, gamed, ip="192.0.2.10")  # one reader reloading
    for n in range(100):
        read_story(client, gamed, ip=f"192.0.2.{n + 20}")  # a burst from one /24
    views_flush()
    assert StoryDaily.objects.get(story=gamed).unique_readers == 5
    assert titles(trending_stories())[0] == "Honest"


def test_pinned_first_excluded_never_and_current_story_left_out(client, make_story):
    pinned = make_story(title="Pinned by editors", trending_override="pin")
    excluded = make_story(title="Kept off the list", trending_override="exclude")
    popular = make_story(title="Popular")
    readers(client, excluded, 50)
    readers(client, popular, 10)
    views_flush()
    listed = titles(trending_stories())
    assert listed[:2] == ["Pinned by editors", "Popular"]
    assert "Kept off the list" not in listed
    assert "Popular" not in titles(trending_stories(exclude_id=popular.pk))
    assert pinned.pk not in [e.story_id for e in trending_stories(exclude_id=pinned.pk)]


def test_unpublished_and_private_stories_leave_the_list_at_once(client, make_story):
    gone, private, stays = make_story(title="Gone"), make_story(title="Private"), make_story(title="Stays")
    for story in (gone, private, stays):
        readers(client, story, 3)
    views_flush()
    assert set(titles(trending_stories())) >= {"Gone", "Private", "Stays"}
    gone.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    listed = titles(trending_stories())
    assert "Gone" not in listed and "Private" not in listed and "Stays" in listed


def test_per_section_lists(client, make_story, make_section, section):
    other_section = make_section(title="Elsewhere")
    here, there = make_story(title="Here"), make_story(parent=other_section, title="There")
    readers(client, here, 2)
    readers(client, there, 9)
    views_flush()
    assert titles(trending_stories(section=section)) == ["Here"]
    assert titles(trending_stories())[0] == "There"


def test_weights_from_settings_apply_once_saved(client, make_story, home_page):
    from wagtail.models import Site

    read, commented = make_story(title="Read a lot"), make_story(title="Talked about")
    readers(client, read, 12)
    comment_record(story_id=commented.pk)
    views_flush()
    assert titles(trending_stories())[0] == "Read a lot"
    config = EngagementSettings.for_site(Site.objects.get(is_default_site=True))
    config.comment_weight = 100
    config.save()  # saving invalidates the cached list and settings
    assert titles(trending_stories())[0] == "Talked about"


def test_reading_the_list_costs_no_query_when_cached_and_a_fixed_number_when_not(
    client, make_story, django_assert_num_queries
):
    story = make_story()
    readers(client, story, 2)
    views_flush()
    trending_stories()  # warm-up: Wagtail caches the site's root paths
    trending_invalidate()
    # Restrictions, settings, ranking, pinned-and-newest, sections (a page request has the last from its scope).
    with django_assert_num_queries(5):
        trending_stories()
    with django_assert_num_queries(0):
        trending_stories()
    for n in range(30):
        readers(client, make_story(title=f"More {n}"), 1, start=n)
    views_flush()
    trending_invalidate()
    with django_assert_num_queries(5):
        assert len(trending_stories()) == 5


def test_home_and_story_pages_show_the_list(client, make_story, home_page):
    top, reading = make_story(title="Top story"), make_story(title="Being read")
    readers(client, top, 4)
    readers(client, reading, 9)
    views_flush()
    home = client.get("/").content.decode()
    assert home.index("Being read", home.index('id="trending-heading"')) < home.index(
        "Top story", home.index('id="trending-heading"')
    )
    page = client.get(reading.url).content.decode()
    trending = page[page.index('id="trending-heading"') :]
    assert "Top story" in trending and "Being read" not in trending
