import pytest

from fireside.stories.reading import count_words, html_to_text, reading_minutes


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(0, 1), (1, 1), (265, 1), (266, 2), (530, 2), (531, 3), (2650, 10)],
)
def test_reading_time_is_words_over_265_rounded_up(words, minutes):
    assert reading_minutes(words) == minutes


def test_block_boundaries_do_not_fuse_words():
    text = html_to_text("<p>The end.</p><p>Next day</p><h2>Later</h2><blockquote>She said no</blockquote>")
    assert count_words(text) == 8


def test_contractions_and_hyphenated_words_count_once():
    assert count_words("I don't trust my mother-in-law’s smile") == 6


def test_entities_and_unicode_scripts_are_counted_as_words():
    assert count_words(html_to_text("<p>Caf&eacute; &amp; تمر وحليب — שלום</p>")) == 4
