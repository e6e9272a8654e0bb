"""Micro-F1 and per-label precision/recall/F1 of a model over labelled texts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import LABELS, LabelledText, WarningModel


@dataclass(frozen=True)
class LabelScore:
    label: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 0.0

    @property
    def f1(self) -> float:
        denominator = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / denominator if denominator else 0.0


@dataclass(frozen=True)
class Evaluation:
    per_label: tuple[LabelScore, ...]
    texts: int

    @property
    def micro(self) -> LabelScore:
        return LabelScore(
            "micro",
            sum(s.true_positives for s in self.per_label),
            sum(s.false_positives for s in self.per_label),
            sum(s.false_negatives for s in self.per_label),
        )

    def table(self) -> str:
        """A plain-text table: one row per label, then the micro average."""
        lines = [f"{'label':<16} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}"]
        for score in (*self.per_label, self.micro):
            lines.append(
                f"{score.label:<16} {score.precision:5.2f} {score.recall:5.2f} {score.f1:5.2f} "
                f"{score.true_positives:4d} {score.false_positives:4d} {score.false_negatives:4d}"
            )
        return "\n".join(lines)


def evaluate(model: WarningModel, examples: Iterable[LabelledText]) -> Evaluation:
    """Score ``model``'s suggestions (at its own threshold) against the labels of ``examples``."""
    counts = {label: [0, 0, 0] for label in LABELS}
    texts = 0
    for example in examples:
        texts += 1
        predicted = {suggestion.label for suggestion in model.suggest(example.text)}
        for label in LABELS:
            if label in predicted and label in example.labels:
                counts[label][0] += 1
            elif label in predicted:
                counts[label][1] += 1
            elif label in example.labels:
                counts[label][2] += 1
    return Evaluation(tuple(LabelScore(label, *counts[label]) for label in LABELS), texts)
