"""A reader searches from the header in a real Chromium: results, highlight, filter, no-results page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_reader_searches_filters_and_finds_nothing_gracefully(live_site, browser, artifacts_dir, make_story):
    make_story(title="The ferry in fog", body="<p>The ferry horn sounded twice before dawn.</p>")
    make_story(
        title="A bakery at four", body="<p>Flour on every surface and a ferry ticket in my pocket.</p>"
    )
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.goto(live_site.url + "/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Search").click()
    page.wait_for_load_state()
    page.get_by_label("Search stories").fill("ferry")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "2 stories found for “ferry”."
    assert page.locator(".search-result mark").first.inner_text().lower() == "ferry"
    assert page.get_by_label("Search stories").input_value() == "ferry"
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "search-results-phone.png", full_page=True)

    page.get_by_text("Filters").click()
    page.get_by_label("Section", exact=True).select_option(label="Off The Record")
    page.get_by_label("Search stories").fill("zeppelin")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "No stories found for “zeppelin”" in page.get_by_role("status").inner_text()
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "search-empty-phone.png", full_page=True)
    context.close()
