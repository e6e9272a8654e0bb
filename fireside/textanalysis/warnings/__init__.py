"""Content-warning suggestions for personal stories: strings in, dataclasses out, no Django.

    >>> from fireside.textanalysis.warnings import suggest_warnings
    >>> [s.label for s in suggest_warnings("No heartbeat at the scan. The midwife went very quiet.")]
    ['pregnancy-loss']

``suggest_warnings(text)`` uses the model shipped in ``fireside/textanalysis/data/warnings/model.json``;
``suggest_warnings_with(model, text)`` uses any other. ``train(examples)`` fits a new ``WarningModel`` (numpy only,
a few seconds) and ``WarningModel.save``/``load`` read and write the JSON file, so a management command that
retrains with editors' accepted and rejected suggestions is a thin wrapper:

    examples = load_examples(DEFAULT_DATA_DIR) + [LabelledText(story_text, accepted_labels, "story"), ...]
    train(examples).save(path)

An editor's decision on one suggestion says something about one label only, so it becomes an example limited to
that label: ``LabelledText(evidence, frozenset({label}), only=frozenset({label}))`` when accepted,
``LabelledText(evidence, frozenset(), only=frozenset({label}))`` when rejected (``fireside.warning_suggestions``
builds these from the stored decisions; ``weight`` scales an example against the shipped ones).

Scores are calibrated probabilities that the text warrants the warning; suggestions at or above the model's
threshold (``DEFAULT_THRESHOLD``, 0.35) are returned, highest first. Decisions:

- Recovery counts: "not a drop since 2019" and "I don't hurt myself any more" suggest ``addiction`` and
  ``self-harm``, because the vocabulary's warnings cover recovery and a reader in recovery is who they protect.
- A negated or figurative use does not count: "I was never hit", "I could have killed him", "my phone died".
- A passing mention scores low: "my divorced neighbour lent us a ladder" is not a story about divorce.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .evaluation import Evaluation, evaluate
from .model import (
    DEFAULT_THRESHOLD,
    LABELS,
    LabelledText,
    WarningModel,
    WarningSuggestion,
    train,
)

__all__ = [
    "DEFAULT_DATA_DIR",
    "DEFAULT_MODEL_PATH",
    "DEFAULT_THRESHOLD",
    "LABELS",
    "LabelledText",
    "WarningModel",
    "WarningSuggestion",
    "Evaluation",
    "default_model",
    "evaluate",
    "load_examples",
    "suggest_warnings",
    "suggest_warnings_with",
    "train",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "warnings"
DEFAULT_MODEL_PATH = DEFAULT_DATA_DIR / "model.json"


@lru_cache(maxsize=1)
def default_model() -> WarningModel:
    """The shipped model, loaded once per process."""
    return WarningModel.load(DEFAULT_MODEL_PATH)


def suggest_warnings(text: str) -> list[WarningSuggestion]:
    """Content warnings the shipped model suggests for ``text``, highest score first."""
    return default_model().suggest(text)


def suggest_warnings_with(model: WarningModel, text: str) -> list[WarningSuggestion]:
    """Content warnings ``model`` suggests for ``text``, highest score first."""
    return model.suggest(text)


def load_examples(
    directory: str | Path = DEFAULT_DATA_DIR, *, split: str | None = "dev"
) -> list[LabelledText]:
    """Labelled snippets and stories from ``snippets.jsonl`` and ``stories.jsonl`` in ``directory``.

    ``split`` picks "dev" (what the shipped model is trained on), "heldout" (evaluation only), or None for both.
    """
    base = Path(directory)
    examples: list[LabelledText] = []
    sources: tuple[tuple[str, Literal["snippet", "story"]], ...] = (
        ("snippets.jsonl", "snippet"),
        ("stories.jsonl", "story"),
    )
    for name, kind in sources:
        path = base / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.strip():
                    continue
                row = json.loads(line)
                if split is None or row.get("split") == split:
                    examples.append(LabelledText(row["text"], frozenset(row["labels"]), kind))
    return examples
