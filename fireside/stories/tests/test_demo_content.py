import json

import pytest

from django.core.management import call_command

from wagtail.models import Site

from fireside.core.content_warnings import SLUGS
from fireside.stories.demo import DEMO_FILE, paragraphs_to_html
from fireside.stories.models import HomePage, SectionPage, StoryPage

pytestmark = pytest.mark.django_db


def test_demo_file_has_at_least_twelve_stories_in_three_sections():
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    assert len(data["sections"]) == 3
    assert len(data["stories"]) >= 12
    section_slugs = {section["slug"] for section in data["sections"]}
    for story in data["stories"]:
        assert story["section"] in section_slugs
        assert story["standfirst"] and story["tags"]
        assert set(story["content_warnings"]) <= SLUGS
    assert any(story["pen_name"] for story in data["stories"])
    assert any(not story["pen_name"] for story in data["stories"])
    assert any(story["content_warnings"] for story in data["stories"])


def test_loading_twice_does_not_duplicate_anything(capsys):
    call_command("load_demo_content")
    first = (HomePage.objects.count(), SectionPage.objects.count(), StoryPage.objects.count())
    call_command("load_demo_content")
    assert (HomePage.objects.count(), SectionPage.objects.count(), StoryPage.objects.count()) == first
    assert first[0] == 1 and first[1] == 3 and first[2] >= 12
    assert "0 stories added" in capsys.readouterr().out


def test_demo_site_serves_the_demo_home_page(client):
    call_command("load_demo_content")
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    html = client.get("/").content.decode()
    assert "Love &amp; Betrayal" in html and "Latest stories" in html
    assert StoryPage.objects.live().filter(first_published_at__isnull=False).count() >= 12


def test_paragraph_markup_becomes_safe_rich_text():
    html = paragraphs_to_html(["## A heading", "> A quote", "Plain *emphasis* <script>x</script>", ""])
    assert html == (
        "<h2>A heading</h2><blockquote>A quote</blockquote>"
        "<p>Plain <i>emphasis</i> &lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_ensure_admin_prints_a_generated_password_once(capsys, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("FIRESIDE_ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    assert "already exists" in capsys.readouterr().out


def test_ensure_admin_takes_the_password_from_the_environment(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("FIRESIDE_ADMIN_PASSWORD", "correct-horse-battery")
    call_command("ensure_admin")
    assert get_user_model().objects.get(username="admin").check_password("correct-horse-battery")
