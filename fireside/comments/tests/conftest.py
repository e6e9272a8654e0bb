"""Fixtures for the comment tests: a story, its site's rules, a comment maker and a valid form post."""

import time

import pytest

from django.core.cache import cache

from fireside.core.formguard import issue_form_token


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(make_story):
    return make_story(title="The night the river came into the kitchen", slug="river-kitchen")


@pytest.fixture
def rules(home_page):
    from fireside.comments.services import comment_settings

    return comment_settings()


@pytest.fixture
def make_comment(story):
    from fireside.comments.models import Comment, CommentStatus

    counter = {"n": 0}

    def make(**kwargs):
        counter["n"] += 1
        n = counter["n"]
        values = {
            "story": story,
            "author_name": f"Reader {n}",
            "author_email": f"reader{n}@example.org",
            "body": f"A thought about the story, number {n}.",
            "status": CommentStatus.APPROVED,
        }
        values.update(kwargs)
        parent = values.get("parent")
        if parent is not None:
            values.setdefault("thread", parent.thread or parent)
            values.setdefault("depth", parent.depth + 1)
        return Comment.objects.create(**values)

    return make


@pytest.fixture
def form_data(story):
    """A valid post, as a person who took ten seconds to write it would send it."""

    def data(**overrides):
        values = {
            "story": str(story.pk),
            "comment": "This reminded me of my grandmother's house by the canal.",
            "author": "Hester Vale",
            "email": "hester.vale@example.net",
            "url": "",
            "form_token": issue_form_token(purpose="comment", now=time.time() - 10),
            "website_confirm": "",
        }
        values.update(overrides)
        return values

    return data
