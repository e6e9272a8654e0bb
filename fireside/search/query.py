"""Turn what a reader typed into a search query the database backends can run safely.

The backends pass terms on to SQLite FTS5 or PostgreSQL ``tsquery``, both of which have their own operator
syntax (``NEAR``, ``*``, ``^``, ``:``, ``!``, ``&`` ...). A stray operator typed by a reader must never reach
them as syntax, so only runs of letters and digits survive: a quoted part becomes a phrase, the rest plain
terms that must all match. This module has no Django imports; it is tested and benchmarked on its own.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 1000
# Enough for any real question; a pasted paragraph is cut here so the database query stays small.
MAX_TERMS = 24
# Letters and digits, with inner apostrophes and hyphens split off (the indexes split there too).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_INVISIBLE = re.compile("[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class ParsedQuery:
    """The words to match: ``terms`` anywhere, each of ``phrases`` as consecutive words."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = field(default=())  # every word, for highlighting

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases


def clean_query(raw: str) -> str:
    """The query as kept in the search box: control and invisible characters removed, capped in length."""
    return _INVISIBLE.sub("", raw or "").strip()[:MAX_QUERY_LENGTH]


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def parse_query(raw: str) -> ParsedQuery:
    """Split ``raw`` into plain terms and quoted phrases made only of word characters.

    Operators typed by the reader (``AND``, ``-``, ``*``...) are treated as ordinary words or dropped: the
    search is always "all of these words", which is what readers of a magazine expect.
    """
    text = clean_query(raw)
    parts = text.split('"')
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    budget = MAX_TERMS
    for position, part in enumerate(parts):
        found = words_of(part)[:budget]
        budget -= len(found)
        # Odd positions sit between a pair of quotes; an unclosed quote's tail is plain words.
        quoted = position % 2 == 1 and position < len(parts) - 1
        if quoted and len(found) > 1:
            phrases.append(tuple(found))
        else:
            terms.extend(found)
        if budget <= 0:
            break
    unique_terms = tuple(dict.fromkeys(term.lower() for term in terms))
    every_word = unique_terms + tuple(word.lower() for phrase in phrases for word in phrase)
    return ParsedQuery(terms=unique_terms, phrases=tuple(phrases), words=tuple(dict.fromkeys(every_word)))
