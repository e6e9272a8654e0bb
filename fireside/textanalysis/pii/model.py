"""The result types and the text operations that only need findings, not detection."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KINDS: tuple[str, ...] = ("email", "phone", "address", "postcode", "url", "handle", "name")

# When two detectors claim overlapping text the more specific one wins: an email contains something that looks
# like a domain, a street address can contain a word that is also a given name, and so on.
PRIORITY: dict[str, int] = {
    "email": 0,
    "url": 1,
    "handle": 2,
    "phone": 3,
    "address": 4,
    "postcode": 5,
    "name": 6,
}


@dataclass(frozen=True)
class Finding:
    """One piece of identifying information: ``text == original[start:end]``.

    ``replacement`` is what the writer is offered instead: a pseudonym for a person (the same one wherever the
    same person is mentioned), or a bracketed placeholder such as ``[phone number]`` for everything else.
    """

    kind: str
    start: int
    end: int
    text: str
    replacement: str


@dataclass(frozen=True)
class Segment:
    """A run of the original text: plain (``finding is None``) or exactly one finding.

    Templates loop over segments and wrap finding segments in ``<mark>``, letting the template engine escape
    every piece, so no HTML is ever built from user text by string concatenation.
    """

    text: str
    start: int
    end: int
    finding: Finding | None = None

    @property
    def is_finding(self) -> bool:
        return self.finding is not None


def resolve_overlaps(candidates: Iterable[Finding]) -> list[Finding]:
    """Keep the highest-priority (then longest, then earliest) candidates that do not overlap, sorted by start."""
    ordered = sorted(candidates, key=lambda f: (PRIORITY[f.kind], f.start - f.end, f.start))
    starts: list[int] = []
    kept: list[Finding] = []  # parallel to starts, kept sorted by start
    for cand in ordered:
        i = bisect.bisect_left(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        kept.insert(i, cand)
    return kept


def _checked(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Sort findings and refuse stale or overlapping ones rather than silently corrupting a story."""
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    previous_end = 0
    for finding in ordered:
        if (
            not 0 <= finding.start <= finding.end <= len(text)
            or text[finding.start : finding.end] != finding.text
        ):
            raise ValueError(
                f"finding {finding.text!r} at {finding.start}:{finding.end} does not match the text"
            )
        if finding.start < previous_end:
            raise ValueError(f"finding {finding.text!r} at {finding.start} overlaps the previous one")
        previous_end = finding.end
    return ordered


def apply_replacements(text: str, findings: Sequence[Finding]) -> str:
    """Return ``text`` with exactly the given findings replaced (the writer may have accepted only some).

    Raises ``ValueError`` if a finding no longer matches the text (it was edited since detection) or two
    findings overlap.
    """
    parts: list[str] = []
    position = 0
    for finding in _checked(text, findings):
        parts.append(text[position : finding.start])
        parts.append(finding.replacement)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def segments(text: str, findings: Sequence[Finding]) -> list[Segment]:
    """Split ``text`` into plain and finding segments; joining their ``text`` gives back the original."""
    result: list[Segment] = []
    position = 0
    for finding in _checked(text, findings):
        if finding.start > position:
            result.append(Segment(text[position : finding.start], position, finding.start))
        result.append(Segment(finding.text, finding.start, finding.end, finding))
        position = finding.end
    if position < len(text):
        result.append(Segment(text[position:], position, len(text)))
    return result
