"""/sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output

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
