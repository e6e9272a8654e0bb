"""Now Trending per section: a section page lists the top five of its own stories, from one cached read."""

import pytest

from django.core.cache import cache

from fireside.engagement.selectors import trending_invalidate
from fireside.engagement.services import views_flush
from fireside.engagement.tests.helpers import read_story

pytestmark = pytest.mark.django_db


def readers(client, story, count, *, start=0):
    for n in range(start, start + count):
        read_story(client, story, ip=f"10.{n // 250}.{n % 250}.7")


def trending_part(html: str) -> str:
    start = html.index('id="trending-heading"')
    return html[start : html.index("</section>", start)]


def test_a_section_page_lists_its_own_top_five_by_activity(client, make_story, make_section, section):
    elsewhere = make_section(title="Elsewhere")
    here = [make_story(title=f"Here {n}") for n in range(7)]
    for n, story in enumerate(here):
        readers(client, story, n + 1)  # "Here 6" has the most readers
    readers(client, make_story(parent=elsewhere, title="Busier elsewhere"), 20)
    views_flush()
    listed = trending_part(client.get(section.url).content.decode())
    assert f"Now Trending in {section.title}" in listed
    positions = [listed.index(f"Here {n}<") for n in (6, 5, 4, 3, 2)]
    assert positions == sorted(positions)
    assert "Here 1<" not in listed and "Here 0<" not in listed
    assert "Busier elsewhere" not in listed
    assert "trending__section" not in listed  # every entry is in this section: no label repeated
    other = trending_part(client.get(elsewhere.url).content.decode())
    assert "Busier elsewhere" in other and "Here 6" not in other


def test_the_section_list_holds_for_its_cached_minute_then_moves(client, make_story, section):
    first, second = make_story(title="First up"), make_story(title="Catching up")
    readers(client, first, 3)
    views_flush()
    listed = trending_part(client.get(section.url).content.decode())
    assert listed.index("First up") < listed.index("Catching up")
    readers(client, second, 8, start=100)
    views_flush()
    listed = trending_part(client.get(section.url).content.decode())
    assert listed.index("First up") < listed.index("Catching up")  # cached for its minute
    cache.delete(f"engagement:trending:{section.pk}:5")  # the minute passes
    listed = trending_part(client.get(section.url).content.decode())
    assert listed.index("Catching up") < listed.index("First up")


def test_a_quiet_section_shows_its_newest_stories_and_an_empty_one_shows_no_list(
    client, make_story, make_section, section
):
    make_story(title="Only one here")
    listed = trending_part(client.get(section.url).content.decode())
    assert "Only one here" in listed
    empty = make_section(title="Nothing yet")
    assert 'id="trending-heading"' not in client.get(empty.url).content.decode()


def test_the_section_page_reads_the_list_with_no_query_once_cached_whatever_the_activity(
    client, make_story, section, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(section.url).status_code == 200
        return len(queries.captured_queries)

    story = make_story(title="Small")
    readers(client, story, 2)
    views_flush()
    page_queries()  # warm-up: Wagtail caches the site's root paths, the list is built
    small_cached = page_queries()
    trending_invalidate()
    small_fresh = page_queries()
    assert 0 < small_fresh - small_cached <= 5  # building the list: a fixed handful of queries, once a minute
    for n in range(25):
        readers(client, make_story(title=f"Busy {n}"), 1 + n % 4, start=10 * n)
    views_flush()
    trending_invalidate()
    page_queries()  # rebuilds the list once
    with django_assert_max_num_queries(small_cached):  # the listing itself is paginated: no growth either
        client.get(section.url)
    trending_invalidate()
    with django_assert_max_num_queries(small_fresh):
        client.get(section.url)
