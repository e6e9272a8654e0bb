"""The editors' stats: one story over time as an SVG chart, and what is trending now and why."""

import datetime as dt

import pytest

from fireside.engagement.models import StoryDaily, StoryShareDaily

pytestmark = pytest.mark.django_db


def test_story_stats_show_totals_chart_and_networks(admin_client, make_story):
    story = make_story(title="A story with <b>markup</b>")
    today = dt.datetime.now(dt.UTC).date()
    StoryDaily.objects.create(
        story=story, day=today, views=321, unique_readers=123, share_clicks=7, comments=2
    )
    StoryDaily.objects.create(story=story, day=today - dt.timedelta(days=3), views=40, unique_readers=30)
    StoryShareDaily.objects.create(story=story, day=today, network="whatsapp", clicks=5)
    StoryShareDaily.objects.create(story=story, day=today, network="bluesky", clicks=2)
    html = admin_client.get(f"/admin/engagement/stories/{story.pk}/").content.decode()
    assert "<svg" in html and "<polyline" in html and "Daily totals, peak 321" in html
    assert "Views: 361" in html and "Unique readers (one a day each): 153" in html
    assert html.index("WhatsApp") < html.index("Bluesky")
    assert "<b>markup</b>" not in html


def test_trending_now_explains_the_ranking(admin_client, make_story):
    today = dt.datetime.now(dt.UTC).date()
    first, second = make_story(title="First place"), make_story(title="Second place")
    make_story(title="Pinned one", trending_override="pin")
    StoryDaily.objects.create(story=first, day=today, unique_readers=50, views=60)
    StoryDaily.objects.create(story=second, day=today, unique_readers=10, views=10, share_clicks=1)
    html = admin_client.get("/admin/engagement/").content.decode()
    assert html.index("First place") < html.index("Second place")
    assert "halved every 12.0 hours" in html and "Pinned one" in html


def test_stats_are_for_editors_only(client, make_story):
    story = make_story()
    assert client.get(f"/admin/engagement/stories/{story.pk}/").status_code == 302
    assert client.get("/admin/engagement/").status_code == 302


def test_story_editor_has_a_stats_button(admin_client, make_story):
    story = make_story()
    html = admin_client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert f"/admin/engagement/stories/{story.pk}/" in html
