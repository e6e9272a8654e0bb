"""RSS 2.0 and Atom feeds, parsed with feedparser as a feed reader would."""

import feedparser
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def magazine(publish_story, make_story, make_section, restrict, warnings_by_slug):
    other = make_section(title="Work", slug="work", description="Jobs, bosses and colleagues.")
    public = publish_story(
        title="The night shift & me",
        standfirst="Twelve years of 3 a.m. <coffee>.",
        body="<p>The first week I slept in the <b>car park</b>.</p>",
        pen_name="Owl",
        tags=["work life"],
    )
    publish_story(
        parent=other, title="My first boss", standfirst="She taught me to say no.", tags=["work life"]
    )
    make_story(title="An unfinished draft", live=False)
    restrict(make_story(title="A private letter"))
    return {"public": public, "work": other}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(("url", "version"), [("/feed/", "rss20"), ("/feed/atom/", "atom10")])
def test_site_feeds_are_valid_and_list_only_public_stories(client, magazine, url, version):
    response, feed = parse(client, url)
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert titles == ["My first boss", "The night shift & me"]
    entry = feed.entries[1]
    assert entry.link == "http://localhost/off-the-record/" + magazine["public"].slug + "/"
    assert entry.author == "Owl"
    assert {tag.term for tag in entry.tags} == {"Off The Record", "work life"}
    assert "Twelve years of 3 a.m. &lt;coffee&gt;." in entry.summary  # text shown as text, not as a tag
    assert "car park" not in response.content.decode()  # summary by default


def test_full_text_is_a_site_setting(client, magazine):
    from wagtail.models import Site

    from fireside.discovery.models import FeedSettings

    settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.full_text = True
    settings.save()
    _, rss = parse(client, "/feed/")
    _, atom = parse(client, "/feed/atom/")
    for feed in (rss, atom):
        body = feed.entries[1].content[0].value
        assert "<b>car park</b>" in body
        assert "&lt;coffee&gt;" in body


def test_section_and_tag_feeds(client, magazine):
    _, section = parse(client, "/section/work/feed/")
    assert [e.title for e in section.entries] == ["My first boss"]
    assert section.feed.title.startswith("Work")
    _, tag = parse(client, "/tags/work-life/feed/atom/")
    assert len(tag.entries) == 2
    assert "work life" in tag.feed.title


@pytest.mark.parametrize(
    "url", ["/section/nowhere/feed/", "/tags/nowhere/feed/", "/tags/" + "x" * 200 + "/feed/"]
)
def test_unknown_sections_and_tags_are_404(client, magazine, url):
    assert client.get(url).status_code == 404


def test_a_tag_used_only_by_drafts_has_no_feed(client, magazine, make_story):
    draft = make_story(title="Hidden", live=False, tags=["secret plans"])
    draft.save_revision()
    assert client.get("/tags/secret-plans/feed/").status_code == 404


def test_item_count_is_a_site_setting(client, magazine):
    from wagtail.models import Site

    from fireside.discovery.models import FeedSettings

    settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.item_count = 1
    settings.save()
    _, feed = parse(client, "/feed/")
    assert len(feed.entries) == 1


def test_feed_queries_do_not_grow_with_items(client, publish_story, django_assert_max_num_queries):
    publish_story(title="One", tags=["a"])
    client.get("/feed/")
    with django_assert_max_num_queries(40) as small:
        client.get("/feed/")
    small_count = len(small.captured_queries)
    for number in range(10):
        publish_story(title=f"More {number}", tags=["b", f"c{number}"])
    client.get("/feed/")
    with django_assert_max_num_queries(small_count):
        response = client.get("/feed/")
    assert len(feedparser.parse(response.content).entries) == 11
