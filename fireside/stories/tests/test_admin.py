"""What an editor gets in the Wagtail admin: the page types, their fields, the content-warning snippet."""

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import Page

from fireside.core.content_warnings import VOCABULARY
from fireside.stories.models import BODY_FEATURES, ContentWarning, StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def test_admin_dashboard_and_story_editor_load(editor_client, make_story):
    story = make_story(tags=["grief"])
    assert editor_client.get("/admin/").status_code == 200
    response = editor_client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in [
        "standfirst",
        "pen_name",
        "body",
        "content_warnings",
        "tags",
        "hero_image",
        "hero_image_alt",
    ]:
        assert f'name="{field}"' in html, field


def test_page_tree_only_allows_home_then_section_then_story(section, home_page):
    from fireside.stories.models import HomePage, SectionPage

    assert [m.__name__ for m in HomePage.allowed_subpage_models()] == ["SectionPage"]
    assert [m.__name__ for m in SectionPage.allowed_subpage_models()] == ["StoryPage"]
    assert StoryPage.allowed_subpage_models() == []
    assert StoryPage.can_exist_under(section) and not StoryPage.can_exist_under(home_page)


def test_editor_can_create_a_story_through_the_admin(editor_client, section, warnings_by_slug):
    response = editor_client.post(
        f"/admin/pages/add/stories/storypage/{section.pk}/",
        {
            "title": "I moved back in with my parents at forty",
            "slug": "moved-back-at-forty",
            "standfirst": "It was meant to be three weeks.",
            "pen_name": "",
            "body": '{"blocks":[{"key":"a1","type":"unstyled","text":"It was meant to be three weeks.","depth":0,'
            '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "content_warnings": [warnings_by_slug["divorce"].pk],
            "tags": "home, parents",
            "hero_image_alt": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = StoryPage.objects.get(slug="moved-back-at-forty")
    assert story.live and story.byline == "Anonymous"
    assert [w.slug for w in story.content_warnings.all()] == ["divorce"]
    assert sorted(t.name for t in story.tags.all()) == ["home", "parents"]
    assert story.word_count == 7


def test_body_rich_text_is_limited_to_the_agreed_features():
    assert set(BODY_FEATURES) == {"h2", "h3", "bold", "italic", "link", "blockquote"}
    field = StoryPage._meta.get_field("body")
    assert field.features == BODY_FEATURES


def test_vocabulary_is_seeded_and_editors_can_add_warnings(editor_client):
    assert {w.slug for w in ContentWarning.objects.all()} >= {term.slug for term in VOCABULARY}
    response = editor_client.post(
        "/admin/snippets/stories/contentwarning/add/",
        {"label": "Eating disorders", "slug": "eating-disorders", "description": "Restricting, bingeing."},
    )
    assert response.status_code == 302
    assert ContentWarning.objects.filter(slug="eating-disorders").exists()


def test_new_install_has_a_single_root(db):
    assert Page.get_first_root_node() is not None
