"""Sharing: the prompt, a plain link per network through our counting redirect, link previews and the card."""

import io
import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PIL import Image

from django.core.files.storage import default_storage

from wagtail.models import Site

from fireside.engagement.cards import card_render, drawable
from fireside.engagement.models import EngagementSettings, StoryShareDaily
from fireside.engagement.services import views_flush
from fireside.engagement.sharing import NETWORKS
from fireside.engagement.tests.helpers import BROWSER_UA

pytestmark = pytest.mark.django_db
EXPECTED = {
    "facebook",
    "x",
    "whatsapp",
    "telegram",
    "reddit",
    "pinterest",
    "linkedin",
    "bluesky",
    "threads",
    "email",
}


@pytest.fixture(autouse=True)
def card_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


def test_every_network_is_a_plain_link_through_our_redirect(client, make_story):
    story = make_story()
    html = client.get(story.url).content.decode()
    assert set(NETWORKS) == EXPECTED
    for slug in EXPECTED:
        assert f'href="/share/{story.pk}/{slug}/"' in html
    assert "Please let us know your thoughts and share this story with your friends and family" in html
    assert (
        "<iframe" not in html
        and "share.js" in html
        and "data-share-copy" in html
        and "data-web-share" in html
    )


def test_share_prompt_is_editable_in_settings(client, make_story, home_page):
    config = EngagementSettings.for_site(Site.objects.get(is_default_site=True))
    config.share_prompt = "Tell us what you think <and> pass it on"
    config.save()
    story = make_story()
    html = client.get(story.url).content.decode()
    assert "Tell us what you think &lt;and&gt; pass it on" in html


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_share_redirect_counts_and_sends_a_tracked_url(client, make_story, slug):
    story = make_story(title="Grandma’s letter 🔥 & the ‘lost’ summer")
    response = client.get(f"/share/{story.pk}/{slug}/", HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    target = response["Location"]
    assert target.startswith("mailto:" if slug == "email" else "https://")
    shared = unquote(target)
    assert story.get_full_url() in shared if slug != "email" else story.url in shared
    assert f"utm_source={slug}" in shared and "utm_medium=" in shared
    client.get(
        f"/share/{story.pk}/{slug}/", HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR="192.0.2.1"
    )  # same reader
    views_flush()
    assert StoryShareDaily.objects.get(story=story, network=slug).clicks == 1


def test_facebook_target_is_exactly_the_story_url_with_attribution(client, make_story):
    story = make_story()
    response = client.get(f"/share/{story.pk}/facebook/", HTTP_USER_AGENT=BROWSER_UA)
    query = parse_qs(urlsplit(response["Location"]).query)
    shared = urlsplit(query["u"][0])
    assert shared.path == story.url
    assert parse_qs(shared.query) == {
        "utm_source": ["facebook"],
        "utm_medium": ["social"],
        "utm_campaign": ["share"],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/share/{pk}/myspace/",
        "/share/{pk}/<script>/",
        "/share/{pk}/javascript:alert(1)/",
        "/share/999999/facebook/",
        "/share/{pk}/FACEBOOK/",
    ],
)
def test_unknown_networks_and_stories_are_404(client, make_story, path):
    story = make_story()
    assert client.get(path.format(pk=story.pk), HTTP_USER_AGENT=BROWSER_UA).status_code == 404


def test_unpublished_stories_cannot_be_shared(client, make_story):
    story = make_story()
    story.unpublish()
    assert client.get(f"/share/{story.pk}/x/").status_code == 404


def test_bots_following_share_links_are_redirected_but_not_counted(client, make_story):
    story = make_story()
    response = client.get(f"/share/{story.pk}/reddit/", HTTP_USER_AGENT="Googlebot/2.1")
    assert response.status_code == 302
    views_flush()
    assert not StoryShareDaily.objects.exists()


def test_link_preview_tags_describe_the_story(client, make_story, section):
    story = make_story(title='Quotes " and <tags> in a headline', standfirst="A standfirst & more.")
    html = client.get(story.url).content.decode()
    assert meta(html, "og:title") == 'Quotes " and <tags> in a headline'
    assert meta(html, "og:description") == "A standfirst & more."
    assert meta(html, "og:url") == story.get_full_url()
    assert meta(html, "og:type") == "article"
    assert meta(html, "article:section") == section.title
    assert meta(html, "article:published_time").startswith(str(story.first_published_at.year))
    assert meta(html, "twitter:card") == "summary_large_image"
    assert "<tags>" not in html.split("</head>")[0]
    image = meta(html, "og:image")
    assert re.match(rf"http://testserver/share/card/{story.pk}/[0-9a-f]{{16}}\.png$", image)


def test_generated_card_is_a_1200_by_630_png_and_changes_with_the_headline(client, make_story):
    story = make_story(title="The night the lights went out")
    image_url = meta(client.get(story.url).content.decode(), "og:image")
    response = client.get(image_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (1200, 630)
    story.title = "The night the lights came back on"
    story.save_revision().publish()
    new_url = meta(client.get(story.url).content.decode(), "og:image")
    assert new_url != image_url
    stale = client.get(image_url)
    assert stale.status_code == 302 and stale["Location"] == new_url.replace("http://testserver", "")
    assert client.get(new_url).status_code == 200
    # The old headline's card is gone; only the current one is kept.
    assert default_storage.listdir("engagement/cards")[1] == [f"{story.pk}-{new_url.rsplit('/', 1)[1]}"]


@pytest.mark.parametrize(
    "headline",
    [
        "جدتي قالت: الصبر مفتاح الفرج",
        "שלום, אמא — the letter I never sent",
        "🔥🔥 My brother's secret 😀 and the fire 🧯",
        "Nul\x00 bytes\x07 and \u200b zero-width \u202e override",
        "W" * 255,
        "",
    ],
)
def test_cards_draw_any_headline(headline):
    data = card_render(headline=headline, section="Family ✨ عائلة", site_name="Fireside")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)


def test_characters_the_font_lacks_are_left_out_not_boxed():
    assert drawable("Fire 🔥 ok") == "Fire ok"
    assert drawable("ok\x00go") == "okgo"
    assert drawable("שלום") == "שלום"


def test_card_for_unknown_or_private_story_is_404(client, make_story):
    story = make_story()
    story.unpublish()
    assert client.get(f"/share/card/{story.pk}/0123456789abcdef.png").status_code == 404
    assert client.get("/share/card/999999/0123456789abcdef.png").status_code == 404
