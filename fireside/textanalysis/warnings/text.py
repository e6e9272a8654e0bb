"""Cleaning and sentence splitting for content-warning analysis.

Input is whatever an author pasted: HTML from a rich-text field, NUL bytes, zero-width and bidirectional control
characters, emoji. ``clean`` turns it into plain text; ``split_sentences`` returns the sentences *as they appear
in the cleaned text*, so evidence quoted back to an editor is the author's own wording.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Tags are replaced by a space (a </p> is a sentence boundary); scripts and styles are dropped with their content.
_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG_RE = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
_SPACE_RE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES_RE = re.compile(r"\s*\n\s*")

# A sentence ends at . ! ? or an ellipsis, optionally followed by closing quotes or brackets, then whitespace and
# something that can start a sentence. A line break always ends one.
_SENTENCE_END_RE = re.compile(
    r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])|\n+"
)
# "Mr. Smith" and "St. Mary's" are not sentence ends.
_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "rev.", "no.", "vs.", "etc.", "e.g.", "i.e.")

MAX_SENTENCE_CHARS = 1_000

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


# ASCII control characters other than tab and newline.
_ASCII_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _keep_char(char: str) -> bool:
    # Cc: control (NUL ...), Cf: format (zero-width, bidi overrides), Cs/Co/Cn: surrogates, private use, unassigned.
    return not unicodedata.category(char).startswith("C")


def _drop_invisible(match: re.Match[str]) -> str:
    char = match.group(0)
    return char if _keep_char(char) else ""


def clean(text: str) -> str:
    """Plain text from ``text``: HTML removed and unescaped, control and invisible characters dropped."""
    if "<" in text:
        text = _SCRIPT_RE.sub(" ", text)
        text = _BLOCK_TAG_RE.sub("\n", text)
        text = _TAG_RE.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _ASCII_CONTROL_RE.sub("", text)
    if not text.isascii():
        text = _NON_ASCII_RE.sub(_drop_invisible, text)
    text = _SPACE_RE.sub(" ", text)
    return _BLANK_LINES_RE.sub("\n", text).strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of already-``clean`` text, in order; over-long runs without punctuation are cut into pieces."""
    pieces: list[str] = []
    pending = ""
    for part in _SENTENCE_END_RE.split(text):
        part = part.strip()
        if not part:
            continue
        if pending:
            part = f"{pending} {part}"
            pending = ""
        if part.lower().endswith(_ABBREVIATIONS):
            pending = part
            continue
        pieces.append(part)
    if pending:
        pieces.append(pending)
    sentences: list[str] = []
    for piece in pieces:
        while len(piece) > MAX_SENTENCE_CHARS:
            cut = piece.rfind(" ", 0, MAX_SENTENCE_CHARS)
            cut = cut if cut > MAX_SENTENCE_CHARS // 2 else MAX_SENTENCE_CHARS
            sentences.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if piece:
            sentences.append(piece)
    return sentences


def normalise(sentence: str) -> str:
    """Lower-case matching form of a sentence: straight apostrophes and quotes, single spaces."""
    return " ".join(sentence.translate(_APOSTROPHES).lower().split())
