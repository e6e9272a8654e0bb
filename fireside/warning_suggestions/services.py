"""Writes: recording an editor's decision on a suggestion, and retraining the model from the decisions."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wagtail.log_actions import log

from fireside.core.content_warnings import SLUGS
from fireside.textanalysis.warnings import (
    Evaluation,
    LabelledText,
    WarningModel,
    evaluate,
    load_examples,
    train,
)
from fireside.warning_suggestions import selectors
from fireside.warning_suggestions.models import Decision, SiteWarningModel, Source, WarningDecision

# An editor's decision on this site's own stories counts for twice a shipped example: there are few of them and
# they are exactly the kind of text the model will see here.
DECISION_WEIGHT = 2.0


@dataclass(frozen=True)
class DecisionResult:
    decision: WarningDecision
    warning_id: int
    added_to_draft: bool  # a new draft revision with the warning ticked was saved
    already_ticked: bool


def warning_decision_record(
    *,
    story,
    label: str,
    decision: str,
    editor,
    source: str,
    seen_text_hash: str = "",
    add_to_draft: bool = False,
) -> DecisionResult:
    """Record ``editor``'s ``decision`` ("accepted"/"rejected") on the ``label`` suggested for ``story``'s draft.

    The evidence and score are taken from the server's own suggestions for the latest draft, never from the
    request. ``seen_text_hash`` is the draft version the editor looked at: if someone has saved a different text
    since, the decision is refused rather than recorded against text the editor never saw.

    With ``add_to_draft`` an accepted warning is ticked on a new draft revision, saved and logged the way Wagtail's
    editor saves one. The page editor does not use it: there the browser ticks the box in the open form, so the
    editor's unsaved changes are kept and go into the same save.
    """
    from fireside.stories.models import ContentWarning

    if label not in SLUGS:
        raise ValidationError({"label": "That is not a warning the suggestions know."})
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose accept or reject."})
    if not selectors.user_can_decide(user=editor, story=story):
        raise PermissionDenied("Only people who can edit this story can decide on its warnings.")
    warning = ContentWarning.objects.filter(slug=label).first()
    if warning is None:
        raise ValidationError({"label": "That warning has been removed from the site."})
    with transaction.atomic():
        draft = story.get_latest_revision_as_object()
        found = selectors.suggestions_for_text(selectors.story_text(draft))
        if seen_text_hash and seen_text_hash != found.text_hash:
            raise ValidationError(
                "The story's saved draft has changed since these suggestions were shown. Reload to see the "
                "suggestions for the current draft."
            )
        suggestion = found.get(label)
        if suggestion is None:
            raise ValidationError({"label": "That warning is not suggested for the current draft."})
        row = WarningDecision(
            story=story,
            label=label,
            decision=decision,
            score=suggestion.score,
            evidence=list(suggestion.evidence),
            text_hash=found.text_hash,
            model_key=found.model_key,
            source=source,
            editor=editor,
        )
        row.full_clean()
        row.save()
        log(
            instance=story,
            action=f"warning_suggestions.{decision}",
            user=editor,
            data={"label": label, "score": suggestion.score, "decision_id": row.pk, "source": source},
        )
        already = warning.pk in {w.pk for w in draft.content_warnings.all()}
        added = False
        if decision == Decision.ACCEPTED and add_to_draft and not already:
            lock = story.get_lock()
            if lock and lock.for_user(editor):
                raise PermissionDenied("The story is locked, so the warning cannot be added to its draft.")
            draft.content_warnings.add(warning)
            draft.save_revision(user=editor, log_action=True, clean=False)
            added = True
    return DecisionResult(row, warning.pk, added, already)


# --- retraining ------------------------------------------------------------------------------------------------
def decision_examples() -> list[LabelledText]:
    """Each story's current decision per label as a training example limited to that label.

    Accepted: its evidence sentences are a positive for the label. Rejected: a negative for that label only (the
    sentences may still warrant another warning). Only the latest decision per story and label counts.
    """
    examples: list[LabelledText] = []
    seen: set[tuple[int, str]] = set()
    rows = WarningDecision.objects.order_by("-created_at", "-pk").values_list(
        "story_id", "label", "decision", "evidence"
    )
    for story_id, label, decision, evidence in rows.iterator():
        if (story_id, label) in seen or label not in SLUGS:
            continue
        seen.add((story_id, label))
        text = " ".join(sentence for sentence in evidence if isinstance(sentence, str)).strip()
        if not text:
            continue
        positive = decision == Decision.ACCEPTED
        examples.append(
            LabelledText(
                text,
                frozenset({label}) if positive else frozenset(),
                "snippet",
                only=frozenset({label}),
                weight=DECISION_WEIGHT,
            )
        )
    return examples


def _figures(result: Evaluation) -> dict:
    micro = result.micro
    return {
        "texts": result.texts,
        "precision": round(micro.precision, 4),
        "recall": round(micro.recall, 4),
        "f1": round(micro.f1, 4),
        "per_label": {s.label: round(s.f1, 4) for s in result.per_label},
    }


@dataclass(frozen=True)
class TrainingReport:
    stored: SiteWarningModel | None
    model: WarningModel
    decisions: int
    examples: int
    before: Evaluation
    after: Evaluation
    decisions_agreed_before: int
    decisions_agreed_after: int
    seconds: float


def _agreement(model: WarningModel, examples: list[LabelledText]) -> int:
    """How many decisions the model agrees with (suggests accepted labels, does not suggest rejected ones)."""
    agreed = 0
    for example in examples:
        (label,) = tuple(example.only or ())
        suggested = any(s.label == label for s in model.suggest(example.text))
        agreed += suggested == (label in example.labels)
    return agreed


def warning_model_train(*, store: bool = True) -> TrainingReport:
    """Retrain on the shipped dev data plus this site's decisions; store it as the site model; report figures.

    The held-out split is never trained on, so its figures before (the model in use) and after are comparable.
    """
    started = time.perf_counter()
    decisions = decision_examples()
    examples = load_examples(split="dev") + decisions
    heldout = load_examples(split="heldout")
    _key, current = selectors.current_model()
    model = train(examples)
    model.info["site_decisions"] = len(decisions)
    before = evaluate(current, heldout)
    after = evaluate(model, heldout)
    stored = None
    if store:
        with transaction.atomic():
            stored = SiteWarningModel(
                weights=model.to_json(),
                examples=len(examples),
                decisions=len(decisions),
                heldout_before=_figures(before),
                heldout_after=_figures(after),
            )
            stored.full_clean()
            stored.save()
    return TrainingReport(
        stored=stored,
        model=model,
        decisions=len(decisions),
        examples=len(examples),
        before=before,
        after=after,
        decisions_agreed_before=_agreement(current, decisions),
        decisions_agreed_after=_agreement(model, decisions),
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "DECISION_WEIGHT",
    "DecisionResult",
    "Source",
    "TrainingReport",
    "decision_examples",
    "warning_decision_record",
    "warning_model_train",
]
