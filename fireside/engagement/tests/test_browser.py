"""In a real browser: the beacon counts the view after load, and the share box works without and with JS."""

import time

import pytest

from fireside.engagement.models import StoryDaily
from fireside.engagement.services import views_flush
from fireside.engagement.tests.helpers import BROWSER_UA


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reading_a_story_in_chromium_counts_one_view_and_offers_copy_link(
    browser, live_site, make_story, fresh_engagement_state, artifacts_dir
):
    story = make_story(title="Read in a real browser")
    # Headless Chromium says "HeadlessChrome" in its user agent, which the crawler list rightly refuses.
    context = browser.new_context(user_agent=BROWSER_UA)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_site.url + story.url)
    page.wait_for_load_state("load")
    deadline = time.monotonic() + 10
    while fresh_engagement_state.pending_total() == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    page.reload()  # same reader again: a second view, still one reader
    page.wait_for_load_state("load")
    deadline = time.monotonic() + 10
    while fresh_engagement_state.pending_total() < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page.locator("[data-share-copy]").is_visible()
    assert page.locator(".share__link").count() == 10
    page.screenshot(path=str(artifacts_dir / "engagement-share-box.png"), full_page=True)
    context.close()
    views_flush()
    row = StoryDaily.objects.get(story=story)
    assert (row.views, row.unique_readers) == (2, 1)
    assert not [error for error in errors if "Content Security Policy" in error]
