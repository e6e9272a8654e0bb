"""Fixtures for search tests: stories published the way an editor publishes them (revision, then publish).

Publishing through a revision matters here: the factory saves tags after the page, so a factory-made story's
search entry lacks its tags until the next save, exactly as ``publish()`` does it in the admin.
"""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish_story(make_story):
    def make(**kwargs):
        story = make_story(**kwargs)
        if kwargs.get("tags"):  # only then is the search entry missing something
            story.save_revision().publish()
            story.refresh_from_db()
        return story

    return make


@pytest.fixture
def restrict():
    from wagtail.models import PageViewRestriction

    def make(page):
        return PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")

    return make
