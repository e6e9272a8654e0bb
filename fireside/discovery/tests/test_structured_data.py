"""JSON-LD on story and home pages, canonical links and robots directives."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict[str, dict]:
    blocks = [json.loads(block) for block in LD_BLOCK.findall(html)]
    assert all(block["@context"] == "https://schema.org" for block in blocks)
    return {block["@type"]: block for block in blocks}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_story_page_has_article_and_breadcrumbs(client, publish_story):
    story = publish_story(
        title="Letters from the lighthouse", standfirst="Forty years of weather.", pen_name="Gull"
    )
    data = json_ld(get(client, story.url))
    article = data["Article"]
    url = f"http://localhost/off-the-record/{story.slug}/"
    assert article["headline"] == "Letters from the lighthouse"
    assert article["description"] == "Forty years of weather."
    assert article["author"] == {"@type": "Person", "name": "Gull"}
    assert article["publisher"]["@type"] == "Organization" and article["publisher"]["name"] == "Fireside"
    assert article["publisher"]["logo"]["url"].startswith("http://localhost/static/")
    assert article["articleSection"] == "Off The Record"
    assert article["mainEntityOfPage"]["@id"] == url
    assert article["datePublished"].startswith(str(story.first_published_at.year))
    assert "dateModified" in article
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [
        (1, "Home"),
        (2, "Off The Record"),
        (3, "Letters from the lighthouse"),
    ]
    assert crumbs[2]["item"] == url


def test_article_author_is_anonymous_without_a_pen_name_and_image_when_set(client, make_story):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Sea", file=get_test_image_file())
    story = make_story(title="No name", pen_name="  ", hero_image=image, hero_image_alt="Grey sea")
    article = json_ld(get(client, story.url))["Article"]
    assert article["author"]["name"] == "Anonymous"
    assert article["image"][0].startswith("http://localhost/")


def test_markup_in_a_headline_cannot_break_out_of_the_json_block(client, make_story):
    story = make_story(title='</script><script>alert(1)</script> & "quotes"')
    html = get(client, story.url)
    assert "<script>alert(1)</script>" not in html
    assert json_ld(html)["Article"]["headline"] == '</script><script>alert(1)</script> & "quotes"'


def test_home_page_has_website_with_search_action(client, make_story):
    make_story()
    website = json_ld(get(client, "/"))["WebSite"]
    assert website["url"] == "http://localhost/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def canonical(html: str) -> str:
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    assert len(found) == 1, found
    return found[0]


def test_canonical_ignores_tracking_parameters(client, make_story):
    story = make_story()
    html = get(client, story.url, utm_source="mail", utm_campaign="x", fbclid="1", gclid="2", other="3")
    assert canonical(html) == f"http://localhost/off-the-record/{story.slug}/"
    assert 'name="robots"' not in html


def test_paginated_pages_past_the_first_are_noindex_with_their_own_canonical(client, make_story):
    for number in range(21):
        make_story(title=f"Story {number}")
    first = get(client, "/off-the-record/", page="1", utm_medium="social")
    assert canonical(first) == "http://localhost/off-the-record/"
    assert 'name="robots"' not in first
    second = get(client, "/off-the-record/", page="2", gclid="abc")
    assert canonical(second) == "http://localhost/off-the-record/?page=2"
    assert '<meta name="robots" content="noindex, follow">' in second


def test_tag_page_canonical(client, publish_story):
    publish_story(tags=["rivers"])
    html = get(client, "/tags/rivers/", utm_source="x")
    assert canonical(html) == "http://localhost/tags/rivers/"
    assert 'href="/tags/rivers/feed/"' in html


def test_every_page_links_to_search_and_the_feeds(client, make_story):
    story = make_story()
    for url in ["/", "/off-the-record/", story.url, "/search/"]:
        html = get(client, url)
        assert 'href="/search/"' in html
        if url != "/search/":
            assert 'type="application/rss+xml"' in html
