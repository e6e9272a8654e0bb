"""Reads: which model is in use, a text's suggestions (computed once per text version), and what a panel shows."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache

from fireside.core.content_warnings import VOCABULARY
from fireside.stories.reading import html_to_text
from fireside.textanalysis.warnings import DEFAULT_MODEL_PATH, WarningModel, default_model

# A score at or above this is shown as "strong"; between the model's threshold and this, "possible". On the
# held-out data of the shipped model, 76 of 85 suggestions at 0.7 or more were right (89%), 12 of 17 below (71%).
STRONG_SCORE = 0.7
# Suggestions of one text version under one model never change, so they can stay cached for long.
CACHE_SECONDS = 30 * 24 * 3600
# Longer texts are cut here before analysis: the submission form allows far less, and a pasted novel should not
# hold a request for seconds.
MAX_TEXT_CHARACTERS = 200_000

_TERMS = {term.slug: term for term in VOCABULARY}


@dataclass(frozen=True)
class Suggestion:
    """A suggested warning as editors see it: the label, a word for its strength, and the sentences behind it."""

    slug: str
    label: str
    description: str
    score: float
    strength: str  # "strong" or "possible"
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Suggestions:
    text_hash: str
    model_key: str
    items: tuple[Suggestion, ...]

    def get(self, slug: str) -> Suggestion | None:
        return next((item for item in self.items if item.slug == slug), None)


# --- the model in use ------------------------------------------------------------------------------------------
_lock = threading.Lock()
_site_model: tuple[int, WarningModel] | None = None


@lru_cache(maxsize=1)
def _shipped_key() -> str:
    return "shipped-" + hashlib.sha256(DEFAULT_MODEL_PATH.read_bytes()).hexdigest()[:12]


def current_model() -> tuple[str, WarningModel]:
    """The newest site-trained model if there is one, else the shipped model, as (key, model).

    One small query per call tells whether a newer model was stored by another process; the weights themselves are
    loaded once per process per model.
    """
    global _site_model
    from fireside.warning_suggestions.models import SiteWarningModel

    latest = SiteWarningModel.objects.order_by("-pk").values_list("pk", flat=True).first()
    if latest is None:
        return _shipped_key(), default_model()
    loaded = _site_model
    if loaded is None or loaded[0] != latest:
        with _lock:
            loaded = _site_model
            if loaded is None or loaded[0] != latest:
                weights = SiteWarningModel.objects.values_list("weights", flat=True).get(pk=latest)
                loaded = (latest, WarningModel.from_json(weights))
                _site_model = loaded
    return f"site-{loaded[0]}", loaded[1]


def forget_loaded_model() -> None:
    """Drop this process's copy of the site model (tests; a deleted model row)."""
    global _site_model
    _site_model = None


# --- suggestions -----------------------------------------------------------------------------------------------
def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def story_text(page) -> str:
    """The text of a story that suggestions are made from: its body as plain text (as the submission panel reads)."""
    return html_to_text(page.body or "").strip()[:MAX_TEXT_CHARACTERS]


def suggestions_for_text(text: str) -> Suggestions:
    """The current model's suggestions for ``text``, computed once per (text, model) and then read from the cache."""
    text = text[:MAX_TEXT_CHARACTERS]
    digest = text_hash(text)
    model_key, model = current_model()
    key = f"warning-suggestions:{model_key}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = [
            {"label": s.label, "score": s.score, "evidence": list(s.evidence)}
            for s in model.suggest(text)
            if s.label in _TERMS  # a site model could know labels the vocabulary has since dropped
        ]
        cache.set(key, rows, CACHE_SECONDS)
    items = tuple(
        Suggestion(
            slug=row["label"],
            label=_TERMS[row["label"]].label,
            description=_TERMS[row["label"]].description,
            score=row["score"],
            strength="strong" if row["score"] >= STRONG_SCORE else "possible",
            evidence=tuple(row["evidence"]),
        )
        for row in rows
        if row["label"] in _TERMS
    )
    return Suggestions(digest, model_key, items)


# --- what a panel shows ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SuggestionRow:
    suggestion: Suggestion
    warning_id: int | None  # the ContentWarning snippet's id (the editor's checkbox value)
    ticked: bool
    decision: object | None  # the latest WarningDecision for this story and label, if any


@dataclass(frozen=True)
class StorySuggestions:
    story_id: int | None
    text_hash: str
    model_key: str
    rows: tuple[SuggestionRow, ...]
    can_decide: bool


def story_suggestions(*, page, text: str | None = None, user=None, ticked_ids=None) -> StorySuggestions:
    """Suggestions for ``page``'s text (by default its body), each with its checkbox state and last decision.

    ``page`` is normally the latest draft (``get_latest_revision_as_object()``), so "ticked" means ticked in the
    draft the editor sees. A fixed number of queries: the model check, the warnings, the decisions, the ticks.
    """
    from fireside.stories.models import ContentWarning
    from fireside.warning_suggestions.models import WarningDecision

    found = suggestions_for_text(story_text(page) if text is None else text)
    slugs = [item.slug for item in found.items]
    story_id = page.pk if page is not None else None
    if not slugs:
        return StorySuggestions(story_id, found.text_hash, found.model_key, (), False)
    warning_ids = dict(ContentWarning.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    if ticked_ids is None:
        ticked_ids = {warning.pk for warning in page.content_warnings.all()} if page is not None else set()
    latest: dict[str, object] = {}
    if story_id is not None:
        # Newest first, so the first row seen per label is its current decision.
        for decision in WarningDecision.objects.filter(story_id=story_id, label__in=slugs).select_related(
            "editor"
        ):
            latest.setdefault(decision.label, decision)
    rows = tuple(
        SuggestionRow(
            suggestion=item,
            warning_id=warning_ids.get(item.slug),
            ticked=warning_ids.get(item.slug) in ticked_ids,
            decision=latest.get(item.slug),
        )
        for item in found.items
    )
    can_decide = story_id is not None and user is not None and user_can_decide(user=user, story=page)
    return StorySuggestions(story_id, found.text_hash, found.model_key, rows, can_decide)


def user_can_decide(*, user, story) -> bool:
    """Only people who may edit the story may accept or reject its suggestions."""
    if user is None or not user.is_authenticated or story is None or not story.pk:
        return False
    return story.permissions_for_user(user).can_edit()
