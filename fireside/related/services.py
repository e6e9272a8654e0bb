"""Compute and store each story's "More stories like this" list (``fireside.textanalysis.related`` does the maths).

When a story is published (or republished with changes) it gets a fresh list, and, because the score is
symmetric, the same pass decides which other stories' lists it joins or leaves. Nothing is computed per
request. When a story is unpublished, deleted or made private, it is taken out of every list and those lists
are topped up from the archive.

Ranking reads ``StoryProfile`` rows (a few hundred weighted terms each), never story bodies. The archive's
IDF is persisted as document frequencies in one ``ArchiveVocabulary`` row, moved by each profile saved or
removed (under a row lock), so a publish does not refit it; ``rebuild_related_stories`` recounts it. At
10,000 stories a publish is one profile query of about 20 MB and an in-memory index (see
bench/related_stories.py and docs/textanalysis.md for the figures).
"""

from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from fireside.related.models import ArchiveVocabulary, RelatedStory, StoryProfile
from fireside.stories.models import StoryPage
from fireside.stories.reading import html_to_text
from fireside.textanalysis.related import (
    SCHEME_VERSION,
    Idf,
    Related,
    RelatedIndex,
    StoryFeatures,
    StoryTerms,
    fit_idf,
    split_opening,
    story_terms,
)

logger = logging.getLogger(__name__)

# Rows kept per story. Readers see at most SHOWN; the spares stand in when a listed story turns private
# between two publishes (the read filters it out at once; the lists are topped up on the next change).
STORED = 8
SHOWN = 5


def story_features(story: StoryPage) -> StoryFeatures:
    """What the ranking reads from a page: its published text, tags, warnings and section (its parent path)."""
    opening, rest = split_opening(html_to_text(story.body))
    return StoryFeatures(
        story_id=story.pk,
        headline=story.title,
        standfirst=story.standfirst,
        opening=opening,
        body=rest,
        tags=frozenset(tag.name for tag in story.tags.all()),
        warnings=frozenset(warning.slug for warning in story.content_warnings.all()),
        section=story.path[: -Page.steplen],
    )


def _terms(profile: StoryProfile) -> StoryTerms:
    return StoryTerms(
        story_id=profile.story_id,
        premise=profile.premise,
        body=profile.body,
        tags=frozenset(profile.tags),
        warnings=frozenset(profile.warnings),
        section=profile.section_path,
    )


def _vocabulary() -> ArchiveVocabulary:
    """The vocabulary row, locked until the end of the transaction (two publishes must not lose counts)."""
    vocabulary = ArchiveVocabulary.objects.select_for_update().filter(scheme=SCHEME_VERSION).first()
    if vocabulary is None:
        ArchiveVocabulary.objects.all().delete()
        vocabulary = _vocabulary_recount()
    return vocabulary


def _vocabulary_recount() -> ArchiveVocabulary:
    # Every stored profile is counted: profiles exist for live stories only (removed on unpublish).
    rows = StoryProfile.objects.filter(scheme=SCHEME_VERSION).values_list("premise", "body")
    idf = fit_idf(StoryTerms(story_id=0, premise=premise, body=body) for premise, body in rows)
    vocabulary, _ = ArchiveVocabulary.objects.update_or_create(
        pk=1, defaults={"scheme": SCHEME_VERSION, "n_docs": idf.n_docs, "df": dict(idf.df)}
    )
    return vocabulary


def _vocabulary_change(old: set[str] | None, new: set[str] | None) -> None:
    """Move the document frequencies from a story's old terms (None: it was not counted) to its new ones."""
    vocabulary = _vocabulary()
    df = vocabulary.df
    for term in (old or set()) - (new or set()):
        df[term] = df.get(term, 0) - 1
        if df[term] <= 0:
            del df[term]
    for term in (new or set()) - (old or set()):
        df[term] = df.get(term, 0) + 1
    vocabulary.n_docs = max(0, vocabulary.n_docs + (new is not None) - (old is not None))
    vocabulary.save()


def _counted_terms(story_id: int) -> set[str] | None:
    row = (
        StoryProfile.objects.filter(story_id=story_id, scheme=SCHEME_VERSION)
        .values_list("premise", "body")
        .first()
    )
    return None if row is None else set(row[0]) | set(row[1])


def _profile_delete(story_id: int) -> None:
    old = _counted_terms(story_id)
    if old is not None:
        _vocabulary_change(old, None)
    StoryProfile.objects.filter(story_id=story_id).delete()


def _profile_save(story: StoryPage, *, count: bool = True) -> StoryTerms:
    terms = story_terms(story_features(story))
    if count:
        _vocabulary_change(_counted_terms(story.pk), set(terms.premise) | set(terms.body))
    StoryProfile.objects.update_or_create(
        story_id=story.pk,
        defaults={
            "scheme": SCHEME_VERSION,
            "premise": dict(terms.premise),
            "body": dict(terms.body),
            "tags": sorted(terms.tags),
            "warnings": sorted(terms.warnings),
            "section_path": terms.section,
        },
    )
    return terms


def _restricted_filter(prefix: str) -> Q:
    hidden = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        hidden |= Q(**{f"{prefix}path__startswith": path})
    return hidden


@dataclass
class _Archive:
    """The live archive as stored profiles: all of them (for the IDF) and the public ones (candidates)."""

    terms: dict[int, StoryTerms]
    public: set[int]
    index: RelatedIndex


def _archive(*, exclude: Collection[int] = (), idf: Idf | None = None) -> _Archive:
    profiles = StoryProfile.objects.filter(story__live=True, scheme=SCHEME_VERSION).exclude(
        story_id__in=list(exclude)
    )
    terms = {p.story_id: _terms(p) for p in profiles}
    hidden = _restricted_filter("")
    private = set(StoryPage.objects.filter(hidden).values_list("pk", flat=True)) if hidden else set()
    public = set(terms) - private
    if idf is None:
        vocabulary = _vocabulary()
        idf = Idf(n_docs=vocabulary.n_docs, df=vocabulary.df)
    index = RelatedIndex((terms[pk] for pk in sorted(public)), idf=idf)
    return _Archive(terms=terms, public=public, index=index)


def _top(found: Iterable[Related], n: int = STORED) -> list[Related]:
    return heapq.nlargest(n, found, key=lambda r: (r.score, str(r.story_id)))


def _write(lists: dict[int, list[Related]]) -> None:
    """Replace the stored lists of the given stories."""
    if not lists:
        return
    RelatedStory.objects.filter(story_id__in=list(lists)).delete()
    RelatedStory.objects.bulk_create(
        [
            RelatedStory(
                story_id=story_id,
                related_id=int(r.story_id),
                rank=rank,
                score=r.score,
                reasons=list(r.reasons),
            )
            for story_id, found in lists.items()
            for rank, r in enumerate(found, start=1)
        ]
    )


def _rank(story_id: int, archive: _Archive) -> list[Related]:
    return _top(archive.index.score(archive.terms[story_id]))


@transaction.atomic
def related_refresh(*, story: StoryPage) -> list[Related]:
    """Recompute ``story``'s list from its published content, and put it into (or out of) other stories' lists.

    ``story`` must be the live page (as Wagtail's ``page_published`` signal hands it over). Returns its new
    list, best first.
    """
    if not story.live:
        related_remove(story_id=story.pk)
        return []
    _profile_save(story)
    archive = _archive()
    mine = _rank(story.pk, archive)
    lists = {story.pk: mine}
    if story.pk in archive.public:
        lists.update(_others_with(story.pk, archive))
    else:
        lists.update(_others_without({story.pk}, archive))
    _write(lists)
    return mine


def _others_with(story_id: int, archive: _Archive) -> dict[int, list[Related]]:
    """Other stories' lists after ``story_id`` joined the archive or changed: the score is symmetric, so its own
    scores against every story say where it now belongs."""
    target = archive.terms[story_id]
    # The index holds public stories only; a private story's own list is ranked but it never joins others'.
    scores = {int(r.story_id): r for r in archive.index.score(target)}
    current: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for owner, related, score in RelatedStory.objects.exclude(story_id=story_id).values_list(
        "story_id", "related_id", "score"
    ):
        current[owner].append((related, score))
    changed: dict[int, list[Related]] = {}
    for owner in archive.terms:
        if owner == story_id:
            continue
        listed = current.get(owner, [])
        was_listed = any(related == story_id for related, _ in listed)
        joins = owner in scores and (
            len(listed) - was_listed < STORED or scores[owner].score > min(score for _, score in listed)
        )
        if joins or was_listed:
            # Recompute the owner's list from the archive: exact, and only for the few stories concerned.
            changed[owner] = _rank(owner, archive)
    return changed


def _others_without(gone: set[int], archive: _Archive) -> dict[int, list[Related]]:
    owners = set(RelatedStory.objects.filter(related_id__in=gone).values_list("story_id", flat=True))
    return {owner: _rank(owner, archive) for owner in owners - gone if owner in archive.terms}


@transaction.atomic
def related_remove(*, story_id: int) -> None:
    """Take a story out of every list (unpublished, deleted or made private) and top those lists up."""
    _profile_delete(story_id)
    RelatedStory.objects.filter(story_id=story_id).delete()
    archive = _archive(exclude={story_id})
    _write(_others_without({story_id}, archive))
    RelatedStory.objects.filter(related_id=story_id).delete()


@transaction.atomic
def related_hide(*, story_ids: Collection[int]) -> None:
    """Stories just put behind a view restriction: they keep their own lists but leave everyone else's."""
    archive = _archive()
    _write(_others_without(set(story_ids), archive))
    RelatedStory.objects.filter(related_id__in=list(story_ids)).delete()


@transaction.atomic
def related_unhide(*, story_ids: Collection[int]) -> None:
    """Stories whose view restriction was lifted: they may join other stories' lists again."""
    archive = _archive()
    lists: dict[int, list[Related]] = {}
    for story_id in story_ids:
        if story_id in archive.public:
            lists.update(_others_with(story_id, archive))
    _write(lists)


def related_rebuild(*, progress: Callable[[int, int], None] | None = None, batch: int = 500) -> int:
    """Recompute every live story's profile and list. Returns the number of stories."""
    ids = list(StoryPage.objects.live().order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        StoryProfile.objects.exclude(story_id__in=ids).delete()
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            stories = StoryPage.objects.filter(pk__in=chunk).prefetch_related("tags", "content_warnings")
            for story in stories:
                _profile_save(story, count=False)
            if progress:
                progress(min(start + batch, len(ids)), len(ids) * 2)
    with transaction.atomic():
        vocabulary = _vocabulary_recount()
    archive = _archive(idf=Idf(n_docs=vocabulary.n_docs, df=vocabulary.df))
    done = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            _write({pk: _rank(pk, archive) for pk in chunk if pk in archive.terms})
        done += len(chunk)
        if progress:
            progress(len(ids) + done, len(ids) * 2)
    RelatedStory.objects.exclude(story_id__in=ids).delete()
    return len(ids)
