"""The query parser and the snippet highlighter: pure functions, no database."""

import pytest

from fireside.search.highlight import highlight, snippet
from fireside.search.query import MAX_QUERY_LENGTH, MAX_TERMS, clean_query, parse_query


def test_plain_words_become_terms_casefolded_and_unique():
    parsed = parse_query("Lighthouse  KEEPER lighthouse")
    assert parsed.terms == ("lighthouse", "keeper")
    assert parsed.phrases == ()


def test_quoted_words_become_a_phrase():
    parsed = parse_query('winter "kitchen table" soup')
    assert parsed.terms == ("winter", "soup")
    assert parsed.phrases == (("kitchen", "table"),)


def test_an_unclosed_quote_is_plain_words():
    assert parse_query('"kitchen table').terms == ("kitchen", "table")


@pytest.mark.parametrize(
    "raw", ["", "   ", '"', '""', "'", "-", "*", "()", "^:", "&&||!", "\x00", "\u200b\u202e"]
)
def test_operator_and_quote_only_queries_are_empty(raw):
    assert parse_query(raw).is_empty


def test_operators_typed_as_words_are_ordinary_words():
    assert parse_query("cats AND NOT dogs").terms == ("cats", "and", "not", "dogs")


def test_unicode_words_survive():
    assert parse_query("Größe 日本語 café").terms == ("größe", "日本語", "café")


def test_long_queries_are_capped_in_length_and_terms():
    raw = " ".join(f"word{n}" for n in range(500))
    assert len(clean_query(raw)) == MAX_QUERY_LENGTH
    assert len(parse_query(raw).terms) == MAX_TERMS


def test_invisible_and_control_characters_are_removed():
    assert clean_query("bre\u200bad\x00 \u202esoup") == "bread soup"


def test_highlight_escapes_markup_and_marks_only_our_words():
    html = highlight(
        '<script>alert(1)</script> the harbour "><img src=x onerror=alert(1)>', ["harbour", "script"]
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "<mark>harbour</mark>" in html


def test_highlight_matches_word_starts_case_insensitively():
    marked = str(highlight("Walked, WALKING, sidewalk", ["walk"]))
    assert marked == "<mark>Walked</mark>, <mark>WALKING</mark>, sidewalk"


def test_snippet_centres_on_the_first_match_and_marks_the_cut():
    text = (
        ("Filler words before the point. " * 20) + "Then the harbour came into view." + (" More after." * 30)
    )
    html = str(snippet(text, ["harbour"], length=120))
    assert "<mark>harbour</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 200


def test_snippet_without_a_match_shows_the_opening():
    assert str(snippet("A quiet start. And more.", ["absent"])).startswith("A quiet start.")
