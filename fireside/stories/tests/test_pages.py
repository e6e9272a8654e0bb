"""Rendering of home, section, story and tag pages, with query-count guards."""

import re

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from fireside.stories.models import StoryPage

pytestmark = pytest.mark.django_db

STORY_BODY_300_WORDS = "<p>" + " ".join(["word"] * 300) + "</p>"


def count_queries(client, url):
    """Queries for one request in the steady state (Wagtail caches the site's root paths after a first one)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_story_page_shows_every_part_in_reading_order(client, make_story, warnings_by_slug):
    story = make_story(
        title="My sister kept a secret for eleven years",
        standfirst="A letter in a drawer changed how I saw my whole family.",
        pen_name="Juniper W.",
        body=STORY_BODY_300_WORDS,
        tags=["siblings", "secrets"],
        warnings=[warnings_by_slug["abandonment"]],
    )
    html = client.get(story.url).content.decode()

    assert '<a href="/off-the-record/">Off The Record</a>' in html
    assert re.search(r"<h1[^>]*>My sister kept a secret for eleven years</h1>", html)
    assert "A letter in a drawer changed how I saw my whole family." in html
    assert "Juniper W." in html
    assert story.first_published_at.strftime("%Y") in html and "<time datetime=" in html
    assert "2 min read" in html  # 300 words / 265 per minute, rounded up
    assert '<details class="content-warning">' in html and "Abandonment" in html
    assert html.index('class="content-warning"') < html.index('class="story__body')
    assert 'href="/tags/siblings/"' in html and 'href="/tags/secrets/"' in html
    assert "Share your own story" in html
    assert "Now Trending" in html or StoryPage.objects.live().count() == 1


def test_story_without_pen_name_is_by_anonymous_and_has_no_warning_notice(client, make_story):
    story = make_story(pen_name="  ")
    html = client.get(story.url).content.decode()
    assert '<span class="pen-name">Anonymous</span>' in html
    assert "content-warning" not in html


def test_now_trending_ranks_read_stories_first_and_leaves_out_the_current_one(client, make_story):
    from fireside.engagement.services import views_flush
    from fireside.engagement.tests.helpers import read_story

    others = [make_story(title=f"Another story {n}") for n in range(3)]
    story = make_story(title="The story being read")
    for n in range(4):  # four readers of the oldest "other" story, one of the current story
        read_story(client, others[0], ip=f"198.51.{n}.7")
    read_story(client, story, ip="198.51.9.7")
    views_flush()
    html = client.get(story.url).content.decode()
    trending = html[html.index('id="trending-heading"') :]
    assert all(other.title in trending for other in others)
    assert trending.index(others[0].title) < trending.index(others[2].title)
    assert "The story being read" not in trending


def test_story_text_is_escaped_and_right_to_left_text_survives(client, make_story):
    story = make_story(
        title="جدتي قالت: الصبر مفتاح الفرج <script>alert(1)</script>",
        standfirst="שלום — a standfirst with Hebrew, \u200f RTL marks and emoji 🔥",
        pen_name="<b>Noor</b>",
    )
    html = client.get(story.url).content.decode()
    assert "جدتي قالت: الصبر مفتاح الفرج &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert "שלום" in html and "🔥" in html
    assert "&lt;b&gt;Noor&lt;/b&gt;" in html


def test_story_page_query_count_does_not_grow_with_tags_warnings_or_archive(
    client, make_story, make_section, warnings_by_slug
):
    small = make_story(tags=["one"], warnings=[warnings_by_slug["divorce"]])
    small_count = count_queries(client, small.url)

    for n in range(6):
        make_section(title=f"Extra section {n}")
    for n in range(30):
        make_story(title=f"Filler {n}", tags=[f"tag-{n}", "shared"])
    big = make_story(tags=[f"many-{n}" for n in range(12)], warnings=list(warnings_by_slug.values()))
    assert count_queries(client, big.url) == small_count

    with pytest.raises(AssertionError):  # the guard itself must be able to fail
        with CaptureQueriesContext(connection) as ctx:
            client.get(big.url)
        assert len(ctx.captured_queries) < small_count


def test_story_page_query_budget(client, make_story, django_assert_max_num_queries):
    """A cold first request: routing and site (7), reader scope (2), warnings and tags (2), Now Trending on a
    cache miss (up to 5), engagement and comment settings and counts (5). Warm requests need fewer."""
    story = make_story(tags=["a", "b"])
    with django_assert_max_num_queries(22):
        client.get(story.url)


def test_home_page_leads_with_newest_story_and_lists_sections(client, home_page, make_section, make_story):
    family = make_section(title="Family", slug="family", description="Parents, children, the ties that bind.")
    make_story(title="An older story")
    newest = make_story(parent=family, title="The newest story of all")
    html = client.get("/").content.decode()
    lead = html[html.index('aria-label="Lead story"') : html.index('id="latest-heading"')]
    assert newest.title in lead
    assert "Parents, children, the ties that bind." in html
    assert 'id="trending-heading"' in html


def test_editor_chosen_lead_story_leads_the_home_page(client, home_page, make_story):
    chosen = make_story(title="The editors' pick")
    make_story(title="Newer but not chosen")
    home_page.lead_story = chosen
    home_page.save()
    html = client.get("/").content.decode()
    lead = html[html.index('aria-label="Lead story"') : html.index('id="latest-heading"')]
    assert "The editors&#x27; pick" in lead and "Newer but not chosen" not in lead


def test_home_page_query_count_does_not_grow_with_stories_or_sections(
    client, home_page, make_section, make_story, warnings_by_slug
):
    make_story(warnings=[warnings_by_slug["addiction"]])
    small_count = count_queries(client, "/")
    sections = [make_section(title=f"Section {n}") for n in range(8)]
    for n in range(40):
        make_story(parent=sections[n % 8], tags=[f"t{n}"], warnings=[warnings_by_slug["divorce"]])
    assert count_queries(client, "/") == small_count


def test_home_page_query_budget(client, home_page, make_story, django_assert_max_num_queries):
    make_story()
    with django_assert_max_num_queries(12):
        client.get("/")


def test_section_lists_newest_first_twenty_per_page(client, section, make_story):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for n in range(45):
        make_story(title=f"Story number {n:02d}", first_published_at=now - timedelta(hours=n))
    first = client.get(section.url).content.decode()
    assert first.count('class="card"') == 20
    assert first.index("Story number 00") < first.index("Story number 01")
    third = client.get(section.url + "?page=3").content.decode()
    assert third.count('class="card"') == 5 and "Story number 44" in third
    assert "Page 3 of 3" in third


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("abc", "Page 1 of 3"),
        ("", "Page 1 of 3"),
        ("999", "Page 3 of 3"),
        ("-1", "Page 3 of 3"),
        ("0", "Page 3 of 3"),
        ("1e9", "Page 1 of 3"),
        ("9" * 400, "Page 3 of 3"),
        ("２", "Page 2 of 3"),
    ],
)
def test_bad_page_numbers_give_first_or_last_page_never_an_error(client, section, make_story, page, expected):
    for n in range(45):
        make_story(title=f"S{n}")
    response = client.get(section.url, {"page": page})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_section_page_query_count_does_not_grow_with_stories(client, section, make_story, warnings_by_slug):
    make_story()
    small_count = count_queries(client, section.url)
    for n in range(25):
        make_story(tags=[f"x{n}"], warnings=[warnings_by_slug["infidelity"]])
    assert count_queries(client, section.url) == small_count


def test_drafts_are_not_listed_anywhere(client, home_page, section, make_story):
    make_story(title="Published story", tags=["kept"])
    draft = make_story(title="Unpublished draft", live=False, tags=["kept", "draft-only"])
    for url in ["/", section.url, "/tags/kept/"]:
        assert "Unpublished draft" not in client.get(url).content.decode()
    assert client.get(draft.url_path).status_code == 404
    assert client.get("/tags/draft-only/").status_code == 404


def test_tag_page_lists_live_stories_with_the_tag(client, make_story):
    make_story(title="Tagged one", tags=["second chances"])
    make_story(title="Untagged one")
    response = client.get("/tags/second-chances/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tagged one" in html and "Untagged one" not in html
    assert "1 story tagged" in html


def test_tag_page_query_count_does_not_grow(client, make_story):
    make_story(tags=["grief"])
    small_count = count_queries(client, "/tags/grief/")
    for n in range(15):
        make_story(tags=["grief", f"other{n}"])
    assert count_queries(client, "/tags/grief/") == small_count


@pytest.mark.parametrize(
    "path",
    [
        "/tags/" + "a" * 5000 + "/",
        "/tags/%00/",
        "/off-the-record/%00/",
        "/off-the-record/a%00b/",
        "/tags/%E2%80%AE%E2%80%8B/",
        "/tags/unknown/",
        "/no/such/page/",
        "/off-the-record/" + "x" * 3000 + "/",
        "/tags/' OR 1=1 --/",
    ],
)
def test_unknown_and_hostile_urls_get_the_designed_404(client, section, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html and 'class="skip-link"' in html


def test_unicode_tag_names_get_working_tag_pages(client, make_story):
    story = make_story(title="Tagged in Arabic", tags=["الأسرة", "🔥 hot"])
    html = client.get(story.url).content.decode()
    links = re.findall(r'href="(/tags/[^"]+/)"', html)
    assert len(links) == 2
    for link in links:
        assert client.get(link).status_code == 200


def test_very_long_tag_name_renders(client, make_story):
    long_name = "a-very-long-tag-" + "x" * 80
    story = make_story(tags=[long_name])
    assert long_name in client.get(story.url).content.decode()
    assert client.get(f"/tags/{long_name}/").status_code == 200


def test_server_error_page_uses_the_site_design(client, make_story, monkeypatch):
    story = make_story()

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(StoryPage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(story.url)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "site.css" in html


def test_hero_image_requires_alt_text(make_story):
    story = make_story()
    story.hero_image = Image.objects.create(title="A quiet kitchen", file=get_test_image_file())
    story.hero_image_alt = "  "
    with pytest.raises(ValidationError) as excinfo:
        story.full_clean()
    assert "hero_image_alt" in excinfo.value.message_dict
    story.hero_image_alt = "A kitchen table with two cups of tea"
    story.full_clean()


def test_hero_image_is_shown_with_its_alt_text(client, make_story):
    image = Image.objects.create(title="Kitchen", file=get_test_image_file())
    story = make_story(hero_image=image, hero_image_alt="Two cups of tea on a kitchen table")
    html = client.get(story.url).content.decode()
    assert 'alt="Two cups of tea on a kitchen table"' in html


def test_word_count_is_stored_on_save(make_story):
    story = make_story(body=STORY_BODY_300_WORDS)
    assert StoryPage.objects.get(pk=story.pk).word_count == 300


def test_search_index_covers_headline_standfirst_and_body(make_story):
    make_story(
        title="Harbour lights", standfirst="A ferry crossing.", body="<p>The lighthouse keeper waved.</p>"
    )
    make_story(title="Unrelated", standfirst="Nothing here.", body="<p>Only gardens.</p>")
    for term in ["harbour", "ferry", "lighthouse"]:
        titles = [page.title for page in StoryPage.objects.live().search(term)]
        assert titles == ["Harbour lights"], term


def test_public_pages_send_security_headers(client, make_story):
    story = make_story()
    response = client.get(story.url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_load_nothing_from_other_hosts(client, make_story):
    story = make_story(tags=["kept"])
    for url in ["/", story.url, story.get_parent().url, "/tags/kept/", "/missing/"]:
        html = client.get(url).content.decode()
        loaded = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*(?:src|href)="([^"]+)"', html)
        assert loaded, url
        for address in loaded:
            assert address.startswith(("/", "http://localhost/", "http://testserver/")), (url, address)
