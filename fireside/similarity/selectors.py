"""Reads for the editors: a story's stored check, and two stories side by side with their shared passages."""

from __future__ import annotations

from dataclasses import dataclass

from fireside.similarity.models import SimilarityCheck
from fireside.similarity.services import story_text
from fireside.stories.models import StoryPage
from fireside.textanalysis.duplicates import matching_passages


def story_similarity_check(*, story_id: int | None) -> SimilarityCheck | None:
    """The stored result for one story, with the matched story's title: one query, never a recomputation."""
    if not story_id:
        return None
    return SimilarityCheck.objects.select_related("matched_story").filter(story_id=story_id).first()


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


@dataclass(frozen=True)
class Comparison:
    story: StoryPage
    other: StoryPage
    story_segments: list[Segment]
    other_segments: list[Segment]
    passages: int
    story_share: int  # percent of the story's characters inside matching passages
    other_share: int


def _segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Split ``text`` into plain and marked runs; overlapping or unordered spans are merged first."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Segment] = []
    at = 0
    for start, end in merged:
        if start > at:
            out.append(Segment(text[at:start], False))
        out.append(Segment(text[start:end], True))
        at = end
    if at < len(text):
        out.append(Segment(text[at:], False))
    return out


def _share(segments: list[Segment]) -> int:
    total = sum(len(s.text.strip()) for s in segments)
    marked = sum(len(s.text.strip()) for s in segments if s.marked)
    return round(100 * marked / total) if total else 0


def story_comparison(*, story: StoryPage, other: StoryPage) -> Comparison:
    """Both stories' latest texts with the passages that line up between them marked."""
    text = story_text(story.get_latest_revision_as_object())
    other_text = story_text(other.get_latest_revision_as_object())
    pairs = matching_passages(text, other_text)
    left = _segments(text, [(p.a_start, p.a_end) for p in pairs])
    right = _segments(other_text, [(p.b_start, p.b_end) for p in pairs])
    return Comparison(
        story=story,
        other=other,
        story_segments=left,
        other_segments=right,
        passages=len(pairs),
        story_share=_share(left),
        other_share=_share(right),
    )
