"""A comment spam filter that learns from the site's own moderators: naive Bayes over tokens, links, metadata.

No outside service: each site trains its own model from what its moderators mark as spam or not spam. A comment
becomes a *set* of features (words of the comment, the domains it links to, how many links it has, its length,
the commenter's website and email domains, the shape of the name). Each feature carries two counts: in how many
spam and in how many legitimate ("ham") comments it was seen. A new comment's score combines the
log-likelihood ratios of its most telling features (Graham's "most interesting features" idea, so a long
comment is not judged by sheer length) into a probability of spam.

The model is plain counts, so it can be updated incrementally (``learn``/``unlearn`` when a moderator changes
their mind), serialised to JSON, or kept in database rows shared by several processes: ``score_features`` needs
only the counts of the features in front of it, which the Django side loads in one query.

Pure Python, no Django imports: strings in, dataclasses out.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "LINK_RE",
    "CommentSample",
    "NaiveBayes",
    "SpamScore",
    "comment_features",
    "count_links",
    "find_links",
    "repeat_fingerprint",
    "score_features",
]

# Links as readers write them: with a scheme, or starting "www.". Stops at whitespace, quotes and angle brackets
# so a link never swallows the markup-looking text around it.
LINK_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""
_WORD_RE = re.compile(r"[^\W_]{2,40}")
# Zero-width and bidirectional control characters: rare in honest comments, common in filter evasion.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_WORD_FEATURES = (
    400  # a 5,000-character comment has fewer distinct words than this; caps pathological input
)
MAX_FEATURE_LENGTH = 100
REPEAT_MIN_CHARS = 20  # shorter comments ("Thank you for sharing") are legitimately repeated by many readers


@dataclass(frozen=True)
class CommentSample:
    """What the filter looks at. No IP: features outlive the 90-day IP retention, so they must not hold one."""

    body: str
    name: str = ""
    email: str = ""
    url: str = ""


@dataclass(frozen=True)
class SpamScore:
    """``probability`` of spam in [0, 1]; ``informative`` is False until both classes have enough examples."""

    probability: float
    informative: bool
    evidence: tuple[tuple[str, float], ...] = field(default=())  # the features used, with their log-odds


def find_links(text: str) -> list[str]:
    """Links in ``text``, trailing sentence punctuation removed."""
    links = []
    for match in LINK_RE.finditer(text):
        link = match.group(0).rstrip(_TRAILING_PUNCTUATION)
        if len(link) > len("www."):
            links.append(link)
    return links


def count_links(text: str) -> int:
    return len(find_links(text)) + len(re.findall(r"(?i)<a\s", text))


def _domain(link: str) -> str:
    link = re.sub(r"(?i)^https?://", "", link.strip())
    host = re.split(r"[/?#:]", link, maxsplit=1)[0].casefold()
    host = host.removeprefix("www.")
    return host[:MAX_FEATURE_LENGTH]


def _bucket(value: int, edges: Iterable[int]) -> str:
    last = 0
    for edge in edges:
        if value < edge:
            return f"{last}-{edge - 1}"
        last = edge
    return f"{last}+"


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def comment_features(sample: CommentSample) -> frozenset[str]:
    """The set of features of one comment. Prefixes keep the kinds apart ("w:" words, "link:" domains...)."""
    body = _normalise(sample.body)
    features: set[str] = set()
    links = find_links(body)
    without_links = LINK_RE.sub(" ", body)
    words = []
    for word in _WORD_RE.findall(without_links):
        if word not in words:
            words.append(word)
        if len(words) >= MAX_WORD_FEATURES:
            break
    features.update(f"w:{word}" for word in words)
    features.update(f"link:{_domain(link)}" for link in links)
    features.add(f"links:{_bucket(count_links(body), (1, 2, 3, 5))}")
    features.add(f"len:{_bucket(len(sample.body), (20, 80, 300, 1000, 3000))}")

    letters = [char for char in sample.body if char.isalpha()]
    if len(letters) >= 20 and sum(char.isupper() for char in letters) / len(letters) > 0.5:
        features.add("meta:shouting")
    if any(char in _INVISIBLE for char in sample.body + sample.name):
        features.add("meta:invisible")

    url = sample.url.strip()
    features.add(f"url:{_domain(url)}" if url else "url:none")
    if "@" in sample.email:
        features.add(f"email:{_normalise(sample.email.rsplit('@', 1)[1])[:MAX_FEATURE_LENGTH]}")

    name = _normalise(sample.name)
    features.update(f"name:{word}" for word in _WORD_RE.findall(name)[:5])
    if any(char.isdigit() for char in name):
        features.add("name:has-digits")
    if LINK_RE.search(name) or re.search(r"\.(com|net|org|info|biz|ru|xyz)\b", name):
        features.add("name:looks-like-a-site")
    if len(name) > 40:
        features.add("name:long")
    return frozenset(feature[:MAX_FEATURE_LENGTH] for feature in features)


def score_features(
    features: Iterable[str],
    *,
    counts: Mapping[str, tuple[int, int]],
    spam_docs: int,
    ham_docs: int,
    min_docs: int = 5,
    max_evidence: int = 25,
    smoothing: float = 1.0,
) -> SpamScore:
    """Score a feature set against (spam, ham) document counts per feature.

    Classes get equal prior weight: moderators label far more spam than ham, and that imbalance says nothing
    about the next comment. Features never seen in training are skipped rather than smoothed, so they cannot
    tilt the score by the size difference of the two classes. Until each class has ``min_docs`` examples the
    score is reported as not informative and callers should ignore it.
    """
    if spam_docs < min_docs or ham_docs < min_docs:
        return SpamScore(0.5, informative=False)
    spam_total = spam_docs + 2 * smoothing
    ham_total = ham_docs + 2 * smoothing
    evidence = []
    for feature in set(features):
        spam_count, ham_count = counts.get(feature, (0, 0))
        if spam_count <= 0 and ham_count <= 0:
            continue
        p_spam = (min(spam_count, spam_docs) + smoothing) / spam_total
        p_ham = (min(ham_count, ham_docs) + smoothing) / ham_total
        evidence.append((feature, math.log(p_spam / p_ham)))
    evidence.sort(key=lambda item: (-abs(item[1]), item[0]))
    evidence = evidence[:max_evidence]
    log_odds = sum(weight for _, weight in evidence)
    log_odds = max(-50.0, min(50.0, log_odds))
    probability = 1.0 / (1.0 + math.exp(-log_odds))
    return SpamScore(probability, informative=True, evidence=tuple(evidence))


class NaiveBayes:
    """The in-memory model: counts per feature, trained and untrained one comment at a time."""

    def __init__(
        self,
        *,
        spam_docs: int = 0,
        ham_docs: int = 0,
        counts: Mapping[str, tuple[int, int]] | None = None,
        min_docs: int = 5,
    ) -> None:
        self.spam_docs = spam_docs
        self.ham_docs = ham_docs
        self.counts: dict[str, tuple[int, int]] = dict(counts or {})
        self.min_docs = min_docs

    def _add(self, features: Iterable[str], *, spam: bool, delta: int) -> None:
        if spam:
            self.spam_docs = max(0, self.spam_docs + delta)
        else:
            self.ham_docs = max(0, self.ham_docs + delta)
        for feature in set(features):
            spam_count, ham_count = self.counts.get(feature, (0, 0))
            if spam:
                spam_count = max(0, spam_count + delta)
            else:
                ham_count = max(0, ham_count + delta)
            if spam_count or ham_count:
                self.counts[feature] = (spam_count, ham_count)
            else:
                self.counts.pop(feature, None)

    def learn(self, features: Iterable[str], *, spam: bool) -> None:
        self._add(features, spam=spam, delta=1)

    def unlearn(self, features: Iterable[str], *, spam: bool) -> None:
        """Take back an earlier ``learn`` (a moderator changed their mind)."""
        self._add(features, spam=spam, delta=-1)

    def score(self, features: Iterable[str]) -> SpamScore:
        return score_features(
            features,
            counts=self.counts,
            spam_docs=self.spam_docs,
            ham_docs=self.ham_docs,
            min_docs=self.min_docs,
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 1,
                "spam_docs": self.spam_docs,
                "ham_docs": self.ham_docs,
                "counts": {feature: list(pair) for feature, pair in sorted(self.counts.items())},
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, data: str, *, min_docs: int = 5) -> NaiveBayes:
        loaded = json.loads(data)
        if loaded.get("version") != 1:
            raise ValueError("unknown spam model version")
        counts = {str(feature): (int(pair[0]), int(pair[1])) for feature, pair in loaded["counts"].items()}
        return cls(
            spam_docs=int(loaded["spam_docs"]),
            ham_docs=int(loaded["ham_docs"]),
            counts=counts,
            min_docs=min_docs,
        )


def repeat_fingerprint(text: str) -> str:
    """A key equal for exact and near-exact repeats: case, spacing, punctuation and invisible characters ignored.

    Returns "" for comments too short to call a repeat suspicious.
    """
    normalised = _normalise(text)
    kept = "".join(char for char in normalised if char.isalnum())
    if len(kept) < REPEAT_MIN_CHARS:
        return ""
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()[:40]
