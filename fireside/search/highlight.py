"""Highlighted snippets for search results: everything escaped, except the ``<mark>`` tags we add ourselves."""

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 220


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Match any of ``words`` at the start of a word, so "walk" also marks "walked" (the indexes stem words)."""
    usable = sorted({word for word in words if word}, key=len, reverse=True)
    if not usable:
        return None
    alternatives = "|".join(re.escape(word) for word in usable)
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE | re.UNICODE)


def highlight(text: str, words: Sequence[str]) -> SafeString:
    """``text`` escaped, with each occurrence of a query word wrapped in ``<mark>``."""
    pattern = _pattern(words)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just above
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of reader text is escaped


def snippet(text: str, words: Sequence[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of about ``length`` characters around the first query word in ``text``, highlighted.

    With no match (the word was found in the title or a tag) the opening of the text is shown instead.
    """
    text = " ".join(text.split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 3:
        start = match.start() - length // 3
        # Begin on a word boundary so the snippet does not open mid-word.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + highlight(excerpt, words) + escape(suffix))  # noqa: S308 - escaped
