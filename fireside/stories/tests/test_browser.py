"""A reader's path through the demo site in a real Chromium: home -> section -> story -> content warning.

Screenshots at phone and desktop widths (light and dark) land in ``test-artifacts/`` for a person to look at;
axe-core checks each page for serious or critical accessibility violations.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from fireside.stories.demo import load_demo_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"phone": 375, "desktop": 1280}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def assert_fits_width(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_reader_follows_a_section_to_a_story_and_opens_its_warning(
    live_site, browser, artifacts_dir, width, scheme
):
    load_demo_content()
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, color_scheme=scheme, java_script_enabled=True
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(live_site.url + "/")
    assert page.get_by_role("heading", name="Latest stories").is_visible()
    assert page.get_by_role("heading", name="Now Trending").is_visible()
    assert serious_violations(page) == []
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir / f"home-{width}-{scheme}.png", full_page=True)

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Love & Betrayal").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="Love & Betrayal").is_visible()
    assert serious_violations(page) == []
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir / f"section-{width}-{scheme}.png", full_page=True)

    page.get_by_role("link", name="My husband left six weeks after our twins were born").first.click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "My husband left six weeks after our twins were born"
    )
    warning = page.locator("details.content-warning")
    assert warning.get_attribute("open") is None
    assert not page.get_by_text("Take care while reading.").is_visible()
    warning.locator("summary").click()
    assert warning.get_attribute("open") is not None
    assert page.get_by_text("Take care while reading.").is_visible()
    assert warning.get_by_text("Abandonment").is_visible()
    assert "min read" in page.locator(".story__meta .reading-time").inner_text()
    assert serious_violations(page) == []
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir / f"story-{width}-{scheme}.png", full_page=True)

    assert problems == []  # no CSP violations, no script errors, nothing blocked
    context.close()


def test_pages_work_without_javascript_and_keyboard_can_skip_to_the_story(live_site, browser):
    load_demo_content()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_site.url + "/")
    page.get_by_role("link", name="Family", exact=True).first.click()
    page.get_by_role("link", name="We lost our second baby").first.click()
    page.locator("details.content-warning summary").click()
    assert page.get_by_text("Take care while reading.").is_visible()
    context.close()

    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the story")
    assert skip.is_visible()  # it appears when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_editor_signs_in_and_opens_a_story_in_the_admin(live_site, browser):
    from django.contrib.auth import get_user_model

    from fireside.stories.models import StoryPage

    load_demo_content()
    get_user_model().objects.create_superuser("editor", "", "a-long-test-password")
    story = StoryPage.objects.get(slug="we-lost-our-second-baby")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_site.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url + "/admin/")
    page.goto(f"{live_site.url}/admin/pages/{story.pk}/edit/")
    assert page.locator("input[name=title]").input_value() == story.title
    assert page.get_by_label("Pregnancy loss").is_checked()
    assert blocked == []
    context.close()
