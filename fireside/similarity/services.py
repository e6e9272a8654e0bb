"""Writes of the copied-story check: check a story against the archive, rebuild the index, import stories.

The archive is every ``StoryPage`` there is — published, draft, scheduled and declined (a declined submission
keeps its draft page and text; only a withdrawn one is deleted, and its page takes its index rows with it).
A story's text is its latest revision's body as plain text: what the editors last saved, which for a draft
is all there is and for a published story with pending edits is the newer text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.coreutils import find_available_slug
from wagtail.models import Revision

from fireside.similarity.models import CheckSource, SimilarityCheck, Verdict
from fireside.similarity.store import DatabaseShingleStore
from fireside.stories.models import SectionPage, StoryPage
from fireside.stories.reading import html_to_text
from fireside.textanalysis.boilerplate import strip_boilerplate
from fireside.textanalysis.duplicates import NearDuplicateIndex, tokenise

logger = logging.getLogger(__name__)

# Set while a caller runs the check itself (the import), so the revision signal does not check twice.
_checks_deferred: ContextVar[bool] = ContextVar("similarity_checks_deferred", default=False)


def similarity_index() -> NearDuplicateIndex:
    """The shared index. Holds no state of its own, so it is cheap to make per call."""
    return NearDuplicateIndex(DatabaseShingleStore())


def story_text(story: StoryPage) -> str:
    """The text the index compares: the body as plain text (the headline and standfirst are not included,
    because a copy usually gets a new headline and a summary of the wrong length says nothing)."""
    return html_to_text(story.body or "").strip()


def story_check(
    *, story: StoryPage, source: str = CheckSource.EDIT, text: str | None = None
) -> SimilarityCheck:
    """Check ``story`` against every other story in the archive, store the result, then (re)index it.

    ``text`` defaults to the body of ``story`` as given: pass the latest revision's object for drafts.
    """
    if story.pk is None:
        raise ValueError("save the story before checking it")
    text = story_text(story) if text is None else text
    index = similarity_index()
    matches = index.query(text, limit=5, exclude={story.pk})
    flagged = [m for m in matches if m.verdict != "different"]
    # The index may still hold a story deleted a moment ago in another process: only name stories that exist.
    existing = set(StoryPage.objects.filter(pk__in=[m.doc_id for m in flagged]).values_list("pk", flat=True))
    best = next((m for m in flagged if m.doc_id in existing), None)
    check = SimilarityCheck(
        story_id=story.pk,
        matched_story_id=best.doc_id if best else None,
        verdict=Verdict(best.verdict) if best else Verdict.CLEAR,
        coverage=best.coverage if best else 0.0,
        containment=best.containment if best else 0.0,
        source=source,
        checked_at=timezone.now(),
    )
    check.full_clean(exclude=["story", "matched_story"], validate_unique=False)
    with transaction.atomic():
        check.save()
        index.store.lock()
        index.add(story.pk, text)
    return check


def story_forget(*, story_id: int) -> bool:
    """Take a deleted story out of the index (its stored check goes with the page)."""
    index = similarity_index()
    with transaction.atomic():
        index.store.lock()
        return index.remove(story_id)


def revision_check(*, revision_id: int) -> SimilarityCheck | None:
    """Check the text of a saved revision of a story: an editor's save, a submission or a writer's revision."""
    from fireside.submissions.models import Submission

    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return None
    story = revision.as_object()
    if not isinstance(story, StoryPage) or not StoryPage.objects.filter(pk=story.pk).exists():
        return None
    text = story_text(story)
    previous = SimilarityCheck.objects.filter(story_id=story.pk).first()
    if previous is not None:
        # Autosave rewrites the revision on every pause in typing, mostly with the body unchanged (a new
        # title, a tag): then the stored verdict stands and the archive is not searched again.
        stored = similarity_index().store.tokens(story.pk)
        if stored is not None and list(stored) == tokenise(text):
            return previous
    submitted = Submission.objects.filter(story_id=story.pk).exists()
    return story_check(
        story=story, source=CheckSource.SUBMISSION if submitted else CheckSource.EDIT, text=text
    )


@contextmanager
def checks_deferred() -> Iterator[None]:
    """Within this block saved revisions are not checked by the signal: the caller checks them itself."""
    token = _checks_deferred.set(True)
    try:
        yield
    finally:
        _checks_deferred.reset(token)


def checks_are_deferred() -> bool:
    return _checks_deferred.get()


# --- Rebuild ----------------------------------------------------------------------------------------------------
def _archive_texts(batch_size: int) -> Iterator[list[tuple[int, str]]]:
    """Every story's latest text in batches of (page id, plain text), in page-id order."""
    last = 0
    while True:
        rows = list(
            StoryPage.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "body", "has_unpublished_changes", "latest_revision_id")[:batch_size]
        )
        if not rows:
            return
        last = rows[-1][0]
        revision_ids = [rev for _pk, _body, pending, rev in rows if pending and rev]
        revised = {
            pk: content.get("body", "")
            for pk, content in Revision.objects.filter(pk__in=revision_ids).values_list("pk", "content")
        }
        yield [
            (pk, html_to_text(revised.get(rev, body) if pending and rev else body or "").strip())
            for pk, body, pending, rev in rows
        ]


def similarity_index_rebuild(
    *, batch_size: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Refill the index from the whole archive; returns the number of stories indexed.

    Each batch commits on its own so a long rebuild never holds the database's write lock for minutes (on
    SQLite that would stall every other write). Meanwhile queries see a partly filled index, and a story an
    editor saves during the rebuild is indexed by that save and skipped here.
    """
    store = DatabaseShingleStore()
    index = NearDuplicateIndex(store)
    total = StoryPage.objects.count()
    with transaction.atomic():
        store.lock()
        store.clear()
    done = 0
    if progress:
        progress(0, total)
    for batch in _archive_texts(batch_size):
        with transaction.atomic():
            store.lock()
            present = store.tokens_many([pk for pk, _ in batch])
            index.add_many((pk, text) for pk, text in batch if pk not in present)
        done += len(batch)
        if progress:
            progress(done, max(total, done))
    store.analyze()
    return len(store)


# --- Import -----------------------------------------------------------------------------------------------------
MAX_IMPORT_BODY_CHARACTERS = 200_000  # a long memoir chapter is ~60,000; beyond this it is not one story
IMPORT_FIELDS = ("headline", "standfirst", "body", "pen_name")


@dataclass
class ImportResult:
    """What happened to each item of an import file, by position."""

    created: list[tuple[int, StoryPage, SimilarityCheck]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _clean_field(value: object, name: str, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"“{name}” must be text")
    # PostgreSQL refuses NUL characters in text; nobody means them.
    value = value.replace("\x00", "")
    if required and not value.strip():
        raise ValidationError(f"“{name}” is missing or empty")
    return value


def _body_html(text: str) -> str:
    from fireside.submissions.services import body_to_html

    return body_to_html(text)


def story_import(*, item: object, section: SectionPage) -> tuple[StoryPage, SimilarityCheck]:
    """Create one draft story from an import item, strip site furniture, then check it against the archive."""
    if not isinstance(item, dict):
        raise ValidationError("each item must be an object with headline, standfirst, body and pen_name")
    headline = " ".join(_clean_field(item.get("headline"), "headline", required=True).split())
    standfirst = " ".join(_clean_field(item.get("standfirst"), "standfirst", required=False).split())
    pen_name = " ".join(_clean_field(item.get("pen_name"), "pen_name", required=False).split())
    if len(headline) > 255:
        raise ValidationError("the headline is longer than 255 characters")
    raw_body = _clean_field(item.get("body"), "body", required=True)
    if len(raw_body) > MAX_IMPORT_BODY_CHARACTERS:
        raise ValidationError(f"the body is longer than {MAX_IMPORT_BODY_CHARACTERS:,} characters")
    body = strip_boilerplate(raw_body).strip()
    if not body:
        raise ValidationError("the body is only site furniture (share buttons, comment forms)")
    with checks_deferred():
        with transaction.atomic():
            story = StoryPage(
                title=headline,
                slug=find_available_slug(section, slugify(headline)[:60] or "story"),
                standfirst=standfirst or headline,
                pen_name=pen_name,
                body=_body_html(body),
                live=False,
                first_published_at=None,
            )
            section.add_child(instance=story)  # Wagtail validates the page (full_clean) here
            story.save_revision(log_action=False)
        check = story_check(story=story, source=CheckSource.IMPORT, text=story_text(story))
    return story, check


def stories_import(*, items: Iterable[object], section: SectionPage) -> ImportResult:
    """Import each item on its own: one bad item is reported and skipped, the others still land."""
    result = ImportResult()
    for position, item in enumerate(items, start=1):
        try:
            story, check = story_import(item=item, section=section)
        except ValidationError as error:
            result.errors.append((position, "; ".join(_messages(error))))
        else:
            result.created.append((position, story, check))
    return result


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return list(error.messages)
