"""Shared fixtures: a small magazine (home, sections, stories) on the default Wagtail site."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's guard against database access from
# async contexts would otherwise refuse the test's own ORM calls made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def home_page(db):
    from wagtail.models import Page, Site

    from fireside.stories.factories import HomePageFactory

    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def make_section(home_page):
    from fireside.stories.factories import SectionPageFactory

    def make(**kwargs):
        return SectionPageFactory(parent=home_page, **kwargs)

    return make


@pytest.fixture
def section(make_section):
    return make_section(
        title="Off The Record", slug="off-the-record", description="What people never say aloud."
    )


@pytest.fixture
def make_story(section):
    from fireside.stories.factories import StoryPageFactory

    def make(parent=None, **kwargs):
        return StoryPageFactory(parent=parent or section, **kwargs)

    return make


@pytest.fixture(autouse=True)
def _fresh_cache_and_counters():
    """Rate-limit counters and cached lists live in the cache, and engagement counts in a process-wide buffer;
    each test starts with neither, so no test sees another's views, comments or limits."""
    from django.core.cache import cache

    from fireside.engagement.buffer import LocalBuffer, set_buffer

    set_buffer(LocalBuffer())
    cache.clear()
    yield
    set_buffer(None)
    cache.clear()


@pytest.fixture
def publish_story(make_story):
    """A story published the way an editor publishes it (revision, then publish).

    The factory saves tags after the page, so a factory-made story's search entry lacks its tags until the next
    save; publishing through a revision indexes it exactly as the admin does.
    """

    def make(**kwargs):
        story = make_story(**kwargs)
        if kwargs.get("tags"):
            story.save_revision().publish()
            story.refresh_from_db()
        return story

    return make


@pytest.fixture
def restrict():
    """Put a page behind a password view restriction (private: never listed, searched or served by the API)."""
    from wagtail.models import PageViewRestriction

    def make(page):
        return PageViewRestriction.objects.create(
            page=page,
            restriction_type="password",
            password="secret",  # noqa: S106 - a test fixture
        )

    return make


@pytest.fixture
def warnings_by_slug(db):
    from fireside.stories.models import ContentWarning

    return {warning.slug: warning for warning in ContentWarning.objects.all()}


# --- Transactional tests (browser tests with a live server) ------------------------------------------------------
# A transactional test ends with a flush that also removes the rows migrations seeded (Wagtail's root page, site,
# locale and groups; our content warnings). Django's serialized_rollback restores them from a copy it keeps on the
# connection object, but Playwright's sync API runs the test in a greenlet whose context sees a fresh connection
# object without that copy. So we keep our own copy, hand it to whichever connection object the test sees (which
# also makes the flush skip post_migrate, so content types keep their ids), and restore from it when needed.
_MIGRATED_DATA: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        _MIGRATED_DATA["default"] = connection.creation.serialize_db_to_string()


@pytest.fixture
def migrated_data(transactional_db):
    """For tests marked ``django_db(transaction=True, serialized_rollback=True)``: the seeded rows are present."""
    from django.db import connection

    from wagtail.models import Page

    connection._test_serialized_contents = _MIGRATED_DATA["default"]
    if not Page.objects.exists():
        connection.creation.deserialize_db_from_string(_MIGRATED_DATA["default"])


@pytest.fixture
def live_site(live_server, migrated_data):
    """Django's live server over real HTTP on loopback, with the migration-seeded rows present."""
    return live_server


# --- Browser tests ---------------------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic (updates, sync, safe browsing) has nowhere to go on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def artifacts_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
