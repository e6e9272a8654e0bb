"""Find identifying information in a true story so the writer can strip it before publication.

Strings in, dataclasses out, no Django: the submissions service stores the accepted findings, the editorial
view shows ``segments`` with each finding wrapped in ``<mark>``, and ``apply_replacements`` produces the
anonymised text from whichever findings the writer accepted.

Everything here is rules and word lists and runs in a few milliseconds on a long story. It is a helper for a
human, not a guarantee: see ``names`` for what the name finder misses. A statistical recogniser (spaCy, for
instance) could later be offered as an optional extra behind the same ``Finding`` type.
"""

from __future__ import annotations

from .contact import find_emails, find_phones, find_urls
from .handles import find_handles
from .model import KINDS, Finding, Segment, apply_replacements, resolve_overlaps, segments
from .names import find_names, is_pseudonym
from .places import find_addresses, find_postcodes

__all__ = [
    "KINDS",
    "Finding",
    "Segment",
    "apply_replacements",
    "find_identifying_information",
    "is_pseudonym",
    "segments",
]


def find_identifying_information(text: str) -> list[Finding]:
    """Return every finding in ``text``, sorted by start and never overlapping.

    Offsets index the text exactly as given (nothing is normalised first), so ``text[f.start:f.end] ==
    f.text`` holds even with NUL bytes, zero-width or right-to-left marks, emoji or HTML in the text.
    """
    if not text:
        return []
    candidates: list[Finding] = []
    for detector in (find_emails, find_urls, find_handles, find_phones, find_addresses, find_postcodes):
        candidates.extend(detector(text))
    candidates.extend(find_names(text))
    return resolve_overlaps(candidates)
