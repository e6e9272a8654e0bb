"""Word counts and reading time for story bodies.

Kept free of models so listings can show a stored word count and the story page, tests and benchmarks can all
use one definition of a "word".
"""

import html
import math
import re

from django.utils.html import strip_tags

WORDS_PER_MINUTE = 265

# Letters and digits joined by inner apostrophes or hyphens count once ("don't", "mother-in-law").
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Block-level closing tags become spaces so "end.</p><p>Next" does not fuse into one word.
_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|li)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    """Visible text of rich-text HTML, with block boundaries kept as whitespace."""
    return html.unescape(strip_tags(_BLOCK_END.sub(" \n", markup or "")))


def count_words(text: str) -> int:
    """Number of words in plain text. Scripts without spaces (Chinese, Japanese) count low; see docs."""
    return sum(1 for _ in _WORD.finditer(text or ""))


def reading_minutes(word_count: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Minutes to read ``word_count`` words, rounded up; never less than one for a story that exists."""
    return max(1, math.ceil(max(word_count, 0) / words_per_minute))
