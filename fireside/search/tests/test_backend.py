"""The ranked backends (fireside/search/sqlite_backend.py, postgres_backend.py) through ``search_stories``.

They replace Wagtail's query with one the database can answer from its full-text index; these tests pin what
must not change with that: which stories match, their order, the filters and the count.
"""

import pytest

from django.db import connection

from fireside.search import selectors
from fireside.search.selectors import search_stories
from fireside.stories.selectors import ReaderScope

pytestmark = pytest.mark.django_db


def found(query, **filters) -> list[str]:
    outcome = search_stories(query=query, scope=ReaderScope(), **filters)
    return [story.title for story in outcome.page.object_list] if outcome.page else []


@pytest.fixture
def corpus(publish_story):
    for number, subject in enumerate(["a bicycle", "a first job", "an old radio", "the attic", "a wedding"]):
        publish_story(title=f"On {subject}", standfirst=f"Notes {number}.", body=f"<p>About {subject}.</p>")
    return {
        "split": publish_story(
            title="The lantern room", standfirst="Upstairs.", body="<p>A quilt on the ferry bench.</p>"
        ),
        "headline": publish_story(title="Quilt", standfirst="Patches.", body="<p>Squares of old shirts.</p>"),
        "body": publish_story(
            title="Mending", standfirst="Evenings.", body="<p>She sewed a quilt, slowly.</p>"
        ),
    }


def test_every_word_must_match_but_may_be_in_headline_or_body(corpus):
    assert found("lantern quilt") == ["The lantern room"]  # "lantern" in the headline, "quilt" in the body
    assert found("lantern sewed") == []


def test_a_headline_match_ranks_above_a_body_match(corpus):
    titles = found("quilt")
    assert titles[0] == "Quilt"
    assert set(titles) == {"Quilt", "Mending", "The lantern room"}


def test_phrases_match_inside_one_field(corpus):
    assert found('"ferry bench"') == ["The lantern room"]
    assert found('"bench ferry"') == []


def test_filters_apply_before_ranking(corpus, make_section, publish_story, restrict):
    other = make_section(title="Sewing", slug="sewing", description="Needles.")
    publish_story(parent=other, title="Quilt squares", standfirst="A pattern.", body="<p>Quilt.</p>")
    restrict(publish_story(title="Private quilt", standfirst="Hidden.", body="<p>Quilt.</p>"))
    assert found("quilt", section=other) == ["Quilt squares"]
    assert "Private quilt" not in found("quilt")


def test_the_count_stops_at_the_cap(corpus, publish_story, monkeypatch):
    for number in range(4):
        publish_story(title=f"Blanket {number}", standfirst="Warm.", body="<p>Blanket.</p>")
    backend_module = (
        "fireside.search.sqlite_backend"
        if connection.vendor == "sqlite"
        else "fireside.search.postgres_backend"
    )
    monkeypatch.setattr(f"{backend_module}.COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    outcome = search_stories(query="blanket", scope=ReaderScope(), per_page=2)
    assert outcome.count == 3
    assert outcome.count_is_capped
    assert len(outcome.page.object_list) == 2


def test_pages_do_not_overlap(corpus, publish_story):
    for number in range(5):
        publish_story(title=f"Kettle {number}", standfirst="Steam.", body="<p>Kettle kettle.</p>")
    first = search_stories(query="kettle", scope=ReaderScope(), per_page=3)
    second = search_stories(query="kettle", scope=ReaderScope(), per_page=3, page_number=2)
    assert first.count == 5
    titles = [s.title for s in first.page.object_list] + [s.title for s in second.page.object_list]
    assert sorted(titles) == [f"Kettle {n}" for n in range(5)]
