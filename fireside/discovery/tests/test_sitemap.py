"""/sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output
from datetime import datetime

import pytest

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return {
        url.find("s:loc", NS).text: getattr(url.find("s:lastmod", NS), "text", None)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_public_pages_and_tags_with_lastmod(client, publish_story, make_story, restrict):
    story = publish_story(title="Public", tags=["river"])
    draft = make_story(title="Draft", live=False, tags=["draft-only"])
    draft.save_revision()
    private = publish_story(title="Private", tags=["hidden-tag"])
    restrict(private)
    entries = sitemap_entries(client)
    assert "http://localhost/" in entries
    assert "http://localhost/off-the-record/" in entries
    assert f"http://localhost/off-the-record/{story.slug}/" in entries
    assert "http://localhost/tags/river/" in entries
    assert entries[f"http://localhost/off-the-record/{story.slug}/"].startswith(
        str(story.last_published_at.year)
    )
    assert entries["http://localhost/tags/river/"] is not None
    assert not any(draft.slug in url or private.slug in url for url in entries)
    assert "http://localhost/tags/draft-only/" not in entries
    assert "http://localhost/tags/hidden-tag/" not in entries


def test_sitemap_queries_do_not_grow_with_pages(client, publish_story, django_assert_max_num_queries):
    publish_story(title="One", tags=["a"])
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(30) as small:
        client.get("/sitemap.xml")
    small_count = len(small.captured_queries)
    for number in range(10):
        publish_story(title=f"More {number}", tags=[f"t{number}"])
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(small_count):
        client.get("/sitemap.xml")
    assert len(sitemap_entries(client)) == 2 + 11 + 11


def test_robots_txt_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def test_past_the_limit_the_sitemap_becomes_an_index_of_numbered_files(client, publish_story, settings):
    """Home + section + 5 stories + 2 tags = 9 URLs; with 4 per file: pages in 2 files, tags in 1."""
    settings.FIRESIDE_SITEMAP_LIMIT = 4
    stories = [publish_story(title=f"Story {n}", tags=["river", "lamp"] if n == 0 else []) for n in range(5)]
    root = parse(client.get("/sitemap.xml"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [item.find("s:loc", NS).text for item in root.findall("s:sitemap", NS)]
    assert files == [
        "http://localhost/sitemap-pages.xml",
        "http://localhost/sitemap-pages.xml?p=2",
        "http://localhost/sitemap-tags.xml",
    ]
    lastmods = [item.find("s:lastmod", NS).text for item in root.findall("s:sitemap", NS)]
    assert all(lastmods)
    for story in stories:
        story.refresh_from_db()
    # Files follow tree order: home, section, stories 0 and 1 | stories 2, 3 and 4.
    second_file_newest = max(
        s.last_published_at or s.latest_revision_created_at or s.first_published_at for s in stories[2:]
    )
    assert datetime.fromisoformat(lastmods[1]) == second_file_newest

    listed = []
    for url in files:
        page = parse(client.get(url.removeprefix("http://localhost")))
        assert page.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        urls = [item.find("s:loc", NS).text for item in page.findall("s:url", NS)]
        assert 0 < len(urls) <= 4
        listed += urls
    assert len(listed) == len(set(listed)) == 9
    assert {f"http://localhost/off-the-record/{story.slug}/" for story in stories} <= set(listed)
    assert {"http://localhost/tags/river/", "http://localhost/tags/lamp/"} <= set(listed)


def test_numbered_sitemap_files_past_the_end_or_unknown_are_not_found(client, publish_story, settings):
    settings.FIRESIDE_SITEMAP_LIMIT = 2
    publish_story(title="Only one")
    assert client.get("/sitemap-pages.xml?p=2").status_code == 200
    for url in [
        "/sitemap-pages.xml?p=3",
        "/sitemap-pages.xml?p=x",
        "/sitemap-nothing.xml",
        "/sitemap-tags.xml?p=2",
    ]:
        assert client.get(url).status_code == 404, url


def test_at_the_limit_the_sitemap_stays_one_file(client, publish_story, settings):
    settings.FIRESIDE_SITEMAP_LIMIT = 3  # home, section, one story
    publish_story(title="Exactly three")
    assert parse(client.get("/sitemap.xml")).tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert len(sitemap_entries(client)) == 3


def test_sitemap_index_queries_do_not_grow_with_pages(
    client, publish_story, settings, django_assert_max_num_queries
):
    settings.FIRESIDE_SITEMAP_LIMIT = 2
    for number in range(3):
        publish_story(title=f"Few {number}")
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(30) as small:
        assert b"sitemapindex" in client.get("/sitemap.xml").content
    small_count = len(small.captured_queries)
    assert small_count > 0
    settings.FIRESIDE_SITEMAP_LIMIT = 12  # 35 URLs: three files again, as in the small case
    for number in range(30):
        publish_story(title=f"Many {number}")
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(small_count):
        assert b"sitemapindex" in client.get("/sitemap.xml").content
