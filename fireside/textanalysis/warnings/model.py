"""The content-warning model: concept-cue features, per-label logistic regression, story-level calibration.

How a text is scored
    The cleaned text is split into sentences. Every sentence, and every pair of neighbouring sentences (so "Dad
    said he was popping out for cigarettes. I waited up for him until I was twelve." is read together), is a
    *window*. A window's features are the concept-group hits of ``cues`` plus a few per-label interactions
    ("setting and event in the same window"). Each label has its own logistic regression over those features.
    The story's raw score for a label is its best window's probability; a three-parameter calibration
    (``a * logit(best) + b + c * log(windows)``, shared by all labels) turns that into a probability for the whole
    text, so a 3,000-word story with one passing "my divorced neighbour" does not score like a snippet about a
    divorce. Evidence is the sentences of the best windows.

How it is trained (``train``)
    Snippets are single windows with their labels. A story contributes every sentence as a *negative* for each
    label the story does not carry (a divorce story's sentences teach every other label what ordinary narrative
    looks like); for the labels it does carry, its best window under a first fit is added as a half-weight
    positive (multiple-instance learning), which is how editors' accepted suggestions on whole stories feed back.
    The regression is pulled towards prior weights that encode the cue lists' intent (an explicit word counts for
    more than a setting word) rather than towards zero: with a few dozen examples per label, shrinking to zero
    would throw away the knowledge the cue lists carry. The calibration is fitted on out-of-fold scores.

Only numpy is needed, for training and scoring alike; the fitted model is a small JSON file of named weights.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from fireside.core.content_warnings import VOCABULARY

from .cues import GROUP_FEATURES, LABEL_CUES, sentence_hits
from .text import clean, normalise, split_sentences

LABELS: tuple[str, ...] = tuple(term.slug for term in VOCABULARY)

# Scores are calibrated probabilities; 0.35 rather than 0.5 because a missed warning costs a reader more than a
# rejected suggestion costs an editor (and on dev cross-validation F1 is flat between 0.3 and 0.5).
DEFAULT_THRESHOLD = 0.35
FORMAT = "fireside-content-warnings/1"

_INTERACTIONS = ("setting&event", "explicit&other", "event2")
FEATURES: tuple[str, ...] = tuple(GROUP_FEATURES) + tuple(
    f"{label}:{kind}" for kind in _INTERACTIONS for label in LABEL_CUES
)
_FEATURE_INDEX = {name: i for i, name in enumerate(FEATURES)}

# Prior weights: what the cue lists mean before any data is seen. Regularisation pulls towards these.
_PRIOR_BIAS = -4.5
_PRIOR_OWN = {
    "explicit": 4.0,
    "setting&event": 2.0,
    "explicit&other": 1.0,
    "event2": 0.8,
    "event": 0.7,
    "setting": 0.3,
    "explicit:neg": -0.5,
}
_PRIOR_SHARED = {"shared:reassure": -1.0, "shared:passing": -0.5, "shared:pet": -0.5}
_CROSS_LABEL_PENALTY = 4.0

# Window probabilities are clipped before the logit so one absurdly confident window cannot dominate calibration.
_EPS = 1e-4


@dataclass(frozen=True)
class LabelledText:
    """One training example: a snippet (a single window) or a whole story (many sentences, one label set).

    ``only`` limits what the example teaches to some labels: an editor who rejects "divorce" on three sentences
    says they do not warrant divorce, not that they warrant nothing else. None (the default) means the example's
    labels are complete, as in the shipped data. ``weight`` scales the example against the others (snippets only).
    """

    text: str
    labels: frozenset[str]
    kind: Literal["snippet", "story"] = "snippet"
    only: frozenset[str] | None = None
    weight: float = 1.0

    def __post_init__(self) -> None:
        unknown = set(self.labels) - set(LABELS)
        if self.only is not None:
            unknown |= set(self.only) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown content-warning labels: {sorted(unknown)}")
        object.__setattr__(self, "labels", frozenset(self.labels))
        if self.only is not None:
            if self.kind != "snippet":
                raise ValueError("only snippets can be limited to some labels")
            if not set(self.labels) <= set(self.only):
                raise ValueError("a limited example's labels must be among the labels it teaches")
            object.__setattr__(self, "only", frozenset(self.only))
        if not (math.isfinite(self.weight) and self.weight > 0):
            raise ValueError("an example's weight must be a positive number")


@dataclass(frozen=True)
class WarningSuggestion:
    """A suggested content warning: a vocabulary slug, a probability-like score, and the sentences behind it."""

    label: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class _Windows:
    sentences: list[str]
    members: list[tuple[int, ...]]
    features: np.ndarray  # (windows, features)


_LABEL_INDICES = tuple(
    (
        f"{label}:explicit",
        f"{label}:setting",
        f"{label}:event",
        _FEATURE_INDEX[f"{label}:setting&event"],
        _FEATURE_INDEX[f"{label}:explicit&other"],
        _FEATURE_INDEX[f"{label}:event2"],
    )
    for label in LABEL_CUES
)


def _window_vector(counts: dict[str, int]) -> np.ndarray:
    vector = np.zeros(len(FEATURES), dtype=np.float64)
    if not counts:
        return vector
    for name, count in counts.items():
        vector[_FEATURE_INDEX[name]] = 1.0 + 0.5 * (count - 1)
    for explicit_name, setting_name, event_name, both, explicit_other, event_two in _LABEL_INDICES:
        explicit = counts.get(explicit_name, 0)
        setting = counts.get(setting_name, 0)
        event = counts.get(event_name, 0)
        if setting and event:
            vector[both] = 1.0
        if explicit and (setting or event):
            vector[explicit_other] = 1.0
        if event >= 2:
            vector[event_two] = 1.0
    return vector


def _merge(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    merged = dict(first)
    for name, count in second.items():
        merged[name] = min(merged.get(name, 0) + count, 3)
    return merged


def _windows(text: str, *, whole: bool = False) -> _Windows:
    """Sentences of ``text`` and its windows; ``whole`` makes the entire text one window (training snippets)."""
    sentences = split_sentences(clean(text))
    normalised = [normalise(sentence) for sentence in sentences]
    spans: list[tuple[int, int]] = []
    offset = 0
    for sentence in normalised:
        spans.append((offset, offset + len(sentence)))
        offset += len(sentence) + 1
    hits = sentence_hits("\n".join(normalised), spans)
    if whole:
        merged: dict[str, int] = {}
        for counts in hits:
            merged = _merge(merged, counts)
        members = [tuple(range(len(sentences)))]
        vectors = [_window_vector(merged)]
    else:
        members = [(i,) for i in range(len(sentences))]
        vectors = [_window_vector(counts) for counts in hits]
        for i in range(len(sentences) - 1):
            if hits[i] and hits[i + 1]:  # a pair adds nothing when one side has no cue at all
                members.append((i, i + 1))
                vectors.append(_window_vector(_merge(hits[i], hits[i + 1])))
    features = np.vstack(vectors) if vectors else np.zeros((0, len(FEATURES)))
    return _Windows(sentences, members, features)


_Cache = dict[tuple[str, bool], _Windows]


def _cached_windows(text: str, whole: bool, cache: _Cache) -> _Windows:
    key = (text, whole)
    if key not in cache:
        cache[key] = _windows(text, whole=whole)
    return cache[key]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35.0, 35.0)))


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, _EPS, 1.0 - _EPS)
    return np.log(p / (1.0 - p))


def _calibration_design(probabilities: np.ndarray) -> np.ndarray:
    """(labels, 3): logit of the best window's probability, log of the window count, and 1.

    The window count discounts the many chances a long story has to contain one odd sentence. (A runner-up
    window term was tried and dropped: on dev cross-validation it was collinear with the best window and hurt.)
    """
    n_windows, n_labels = probabilities.shape
    if n_windows == 0:
        return np.tile([float(_logit(0.0)), 0.0, 1.0], (n_labels, 1))
    best = probabilities.max(axis=0)
    return np.column_stack([_logit(best), np.full(n_labels, math.log(n_windows)), np.ones(n_labels)])


@dataclass
class WarningModel:
    """Per-label weights over ``FEATURES`` plus the story-level calibration; ``save``/``load`` as JSON."""

    weights: np.ndarray  # (labels, features)
    bias: np.ndarray  # (labels,)
    calibration: tuple[float, ...] = (1.0, 0.0, 0.0)
    threshold: float = DEFAULT_THRESHOLD
    labels: tuple[str, ...] = LABELS
    info: dict[str, Any] = field(default_factory=dict)

    def window_probabilities(self, features: np.ndarray) -> np.ndarray:
        """(windows, labels) probabilities that each window on its own warrants each label."""
        return _sigmoid(features @ self.weights.T + self.bias)

    def calibrate(self, probabilities: np.ndarray) -> np.ndarray:
        """Per-label probability for the whole text from its (windows, labels) window probabilities."""
        return _sigmoid(_calibration_design(probabilities) @ np.asarray(self.calibration))

    def scores(self, text: str) -> tuple[np.ndarray, _Windows, np.ndarray]:
        """Calibrated per-label scores, the windows, and their probabilities."""
        windows = _windows(text)
        if not windows.members:
            return np.zeros(len(self.labels)), windows, np.zeros((0, len(self.labels)))
        probabilities = self.window_probabilities(windows.features)
        return self.calibrate(probabilities), windows, probabilities

    def suggest(self, text: str, *, threshold: float | None = None) -> list[WarningSuggestion]:
        limit = self.threshold if threshold is None else threshold
        scores, windows, probabilities = self.scores(text)
        suggestions = []
        for j in np.argsort(-scores, kind="stable"):
            if scores[j] < limit:
                break
            suggestions.append(
                WarningSuggestion(
                    self.labels[j], round(float(scores[j]), 3), _evidence(windows, probabilities[:, j])
                )
            )
        return suggestions

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "labels": list(self.labels),
            "threshold": self.threshold,
            "calibration": list(self.calibration),
            "bias": {label: round(float(b), 5) for label, b in zip(self.labels, self.bias, strict=True)},
            "weights": {
                label: {
                    name: round(float(w), 5) for name, w in zip(FEATURES, row, strict=True) if abs(w) >= 1e-5
                }
                for label, row in zip(self.labels, self.weights, strict=True)
            },
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WarningModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model file")
        labels = tuple(data["labels"])
        weights = np.zeros((len(labels), len(FEATURES)))
        for j, label in enumerate(labels):
            for name, value in data["weights"][label].items():
                # A cue group renamed or removed since training simply stops contributing.
                if name in _FEATURE_INDEX:
                    weights[j, _FEATURE_INDEX[name]] = float(value)
        bias = np.array([float(data["bias"][label]) for label in labels])
        calibration = tuple(float(x) for x in data["calibration"])
        return cls(weights, bias, calibration, float(data["threshold"]), labels, dict(data.get("info", {})))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> WarningModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def _evidence(windows: _Windows, probabilities: np.ndarray, limit: int = 3) -> tuple[str, ...]:
    """Sentences of the strongest windows, most telling first; weak windows far below the best are left out."""
    best = float(probabilities.max()) if len(probabilities) else 0.0
    chosen: list[int] = []
    for w in np.argsort(-probabilities, kind="stable"):
        if probabilities[w] < max(0.5 * best, 0.05) or len(chosen) >= limit:
            break
        members = windows.members[w]
        # In a pair, the sentence that scores higher alone comes first.
        for i in sorted(members, key=lambda i: -probabilities[i]):
            if i not in chosen and len(chosen) < limit:
                chosen.append(i)
    return tuple(windows.sentences[i] for i in chosen)


# --------------------------------------------------------------------------------------------------- training


@dataclass
class _Instances:
    features: np.ndarray  # (n, features)
    targets: np.ndarray  # (n, labels) 0/1
    weights: np.ndarray  # (n, labels) 0 means "not an example for this label"


def _prior() -> tuple[np.ndarray, np.ndarray]:
    w0 = np.zeros((len(LABELS), len(FEATURES)))
    for j, label in enumerate(LABELS):
        for suffix, value in _PRIOR_OWN.items():
            name = f"{label}:{suffix}"
            if name in _FEATURE_INDEX:
                w0[j, _FEATURE_INDEX[name]] = value
        for name, value in _PRIOR_SHARED.items():
            w0[j, _FEATURE_INDEX[name]] = value
    return w0, np.full(len(LABELS), _PRIOR_BIAS)


def _fit_label(
    x: np.ndarray, y: np.ndarray, s: np.ndarray, w0: np.ndarray, b0: float, l2: np.ndarray
) -> tuple[np.ndarray, float]:
    """Weighted logistic regression with a per-feature L2 pull ``l2`` towards (w0, b0), by Newton's method."""
    keep = s > 0
    x, y, s = x[keep], y[keep], s[keep]
    # A feature that never fires in the data keeps its prior weight exactly; leaving it out makes Newton cheap.
    active = np.flatnonzero(np.any(x != 0, axis=0))
    design = np.hstack([x[:, active], np.ones((len(x), 1))])
    theta = np.append(w0[active], b0)
    centre = theta.copy()
    penalty = np.append(l2[active], 1e-3)  # the bias is barely regularised
    for _ in range(50):
        p = _sigmoid(design @ theta)
        gradient = design.T @ (s * (p - y)) + penalty * (theta - centre)
        hessian = (design * (s * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    weights = w0.copy()
    weights[active] = theta[:-1]
    return weights, float(theta[-1])


def _instances(examples: Sequence[LabelledText], positive_weight: float, cache: _Cache) -> _Instances:
    rows: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for example in examples:
        gold = np.array([label in example.labels for label in LABELS], dtype=np.float64)
        if example.kind == "snippet":
            windows = _cached_windows(example.text, True, cache)
            if not windows.members:
                continue
            rows.append(windows.features)
            targets.append(gold[None, :])
            weight = np.where(gold > 0, positive_weight, 1.0) * example.weight
            if example.only is not None:
                weight = weight * np.array([label in example.only for label in LABELS], dtype=np.float64)
            weights.append(weight[None, :])
        else:
            windows = _cached_windows(example.text, False, cache)
            single = [k for k, members in enumerate(windows.members) if len(members) == 1]
            if not single:
                continue
            rows.append(windows.features[single])
            targets.append(np.zeros((len(single), len(LABELS))))
            # Sentences of a story are negatives only for labels the story does not carry.
            weights.append(np.tile(1.0 - gold, (len(single), 1)))
    if not rows:
        raise ValueError("no usable training examples")
    return _Instances(np.vstack(rows), np.vstack(targets), np.vstack(weights))


def _best_windows(model: WarningModel, stories: Sequence[LabelledText], cache: _Cache) -> _Instances:
    """Multiple-instance positives: for each label a story carries, its highest-scoring window."""
    rows, targets, weights = [], [], []
    for story in stories:
        windows = _cached_windows(story.text, False, cache)
        if not windows.members:
            continue
        probabilities = model.window_probabilities(windows.features)
        for j, label in enumerate(LABELS):
            if label in story.labels:
                k = int(np.argmax(probabilities[:, j]))
                rows.append(windows.features[k])
                target = np.zeros(len(LABELS))
                target[j] = 1.0
                weight = np.zeros(len(LABELS))
                weight[j] = 0.5
                targets.append(target)
                weights.append(weight)
    if not rows:
        return _Instances(
            np.zeros((0, len(FEATURES))), np.zeros((0, len(LABELS))), np.zeros((0, len(LABELS)))
        )
    return _Instances(np.vstack(rows), np.vstack(targets), np.vstack(weights))


def _penalties(l2: float) -> np.ndarray:
    """(labels, features) L2 strength: another label's cues may inform a label, but only on strong evidence."""
    penalties = np.full((len(LABELS), len(FEATURES)), l2 * _CROSS_LABEL_PENALTY)
    for j, label in enumerate(LABELS):
        for i, name in enumerate(FEATURES):
            if name.startswith((f"{label}:", "shared:")):
                penalties[j, i] = l2
    return penalties


def _fit(instances: _Instances, l2: float) -> WarningModel:
    w0, b0 = _prior()
    penalties = _penalties(l2)
    weights = np.zeros_like(w0)
    bias = np.zeros(len(LABELS))
    for j in range(len(LABELS)):
        weights[j], bias[j] = _fit_label(
            instances.features, instances.targets[:, j], instances.weights[:, j], w0[j], b0[j], penalties[j]
        )
    return WarningModel(weights, bias)


def _concat(first: _Instances, second: _Instances) -> _Instances:
    return _Instances(
        np.vstack([first.features, second.features]),
        np.vstack([first.targets, second.targets]),
        np.vstack([first.weights, second.weights]),
    )


def _fit_windows(
    examples: Sequence[LabelledText], l2: float, positive_weight: float, cache: _Cache
) -> WarningModel:
    base = _instances(examples, positive_weight, cache)
    model = _fit(base, l2)
    stories = [example for example in examples if example.kind == "story" and example.labels]
    if stories:
        model = _fit(_concat(base, _best_windows(model, stories, cache)), l2)
    return model


def _fit_calibration(designs: list[np.ndarray], gold: np.ndarray, weights: np.ndarray) -> tuple[float, ...]:
    """Weighted logistic fit of the story-level calibration on out-of-fold designs, pooled over labels."""
    design = np.vstack(designs)
    y = gold.ravel()
    w = weights.ravel() if weights.ndim == 2 else np.repeat(weights, gold.shape[1])
    centre = np.array([1.0, 0.0, 0.0])
    theta = centre.copy()
    for _ in range(50):
        p = _sigmoid(design @ theta)
        gradient = design.T @ (w * (p - y)) + 1e-2 * (theta - centre)
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design + 1e-2 * np.eye(len(theta))
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return tuple(float(v) for v in theta)


def _designs(model: WarningModel, texts: Sequence[str], cache: _Cache) -> list[np.ndarray]:
    designs = []
    for text in texts:
        windows = _cached_windows(text, False, cache)
        designs.append(_calibration_design(model.window_probabilities(windows.features)))
    return designs


def train(
    examples: Iterable[LabelledText],
    *,
    l2: float = 8.0,
    positive_weight: float = 2.0,
    folds: int = 4,
    threshold: float = DEFAULT_THRESHOLD,
) -> WarningModel:
    """Fit a ``WarningModel`` on labelled snippets and stories (see the module docstring for how)."""
    data = list(examples)
    if not data:
        raise ValueError("no training examples")
    cache: _Cache = {}
    model = _fit_windows(data, l2, positive_weight, cache)
    # Calibration needs scores the windows model has not been fitted on: out-of-fold, in a fixed order.
    designs: list[np.ndarray] = [np.zeros(0)] * len(data)
    order = np.random.default_rng(0).permutation(len(data))
    for k in range(folds):
        held = order[k::folds]
        held_set = set(held.tolist())
        fold_model = _fit_windows(
            [data[i] for i in range(len(data)) if i not in held_set], l2, positive_weight, cache
        )
        for i, design in zip(held, _designs(fold_model, [data[i].text for i in held], cache), strict=True):
            designs[i] = design
    gold = np.array([[label in example.labels for label in LABELS] for example in data], dtype=np.float64)
    # Stories and snippets weigh the same in total, or the many snippets would set the calibration alone.
    is_story = np.array([example.kind == "story" for example in data])
    n_story = max(int(is_story.sum()), 1)
    n_snippet = max(len(data) - n_story, 1)
    balance = np.where(is_story, len(data) / (2 * n_story), len(data) / (2 * n_snippet))
    # Per (example, label): a limited example says nothing about the labels it does not teach.
    known = np.array(
        [[example.only is None or label in example.only for label in LABELS] for example in data],
        dtype=np.float64,
    )
    scale = np.array([example.weight for example in data])
    model.calibration = _fit_calibration(designs, gold, (balance * scale)[:, None] * known)
    model.threshold = threshold
    model.info = {
        "examples": len(data),
        "stories": sum(1 for example in data if example.kind == "story"),
        "limited": sum(1 for example in data if example.only is not None),
        "l2": l2,
        "positive_weight": positive_weight,
    }
    return model
