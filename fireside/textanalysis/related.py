""" "More stories like this": rank an archive's stories by how closely they share a story's premise.

What a reader wants under a story is another story *about the same thing* (a stranger who donated a kidney,
a wedding called off days before), not one that happens to be written in the same voice. Measured on our
labelled premise twins, a whole-story word vector mostly matches writing style: long bodies are dominated by
the everyday vocabulary of personal writing ("kitchen", "phone", "remember"). The premise lives in the
headline, the standfirst and the opening paragraph, so those fields carry most of the weight:

    premise vector  = TF-IDF of  3 x headline + 2 x standfirst + 1.5 x opening       (sublinear tf)
    body vector     = TF-IDF of  the rest of the body
    text            = 0.8 x cos(premise) + 0.2 x cos(body)
    score           = 0.70 x text + 0.15 x J(tags) + 0.10 x J(warnings) + 0.05 x [same section]

``J`` is Jaccard overlap. IDF is fitted over the whole archive (``fit_idf``), deterministic and smoothed
(``ln((1 + n) / (1 + df)) + 1``), so the same archive always gives the same scores.

Never shown: the story itself, and near-copies of it (a reprint, a story pasted twice): a body cosine of
``COPY_BODY_COSINE`` or more, or a premise cosine of ``COPY_PREMISE_COSINE`` or more. Different stories on one
premise measured at most 0.33 body cosine on the labelled set. A candidate must also reach ``min_score`` and
share some text or a tag; stories that only share a section are not "like this".

Words: Unicode NFKC, casefolded, apostrophes dropped, function words and very short words dropped, a light
suffix stripper ("donated", "donating", "donation" -> "donat"), and capitalised words inside a sentence
dropped (names of people and places differ between twins and say nothing about the premise).

The terms of a story are computed once (``story_terms``) and can be stored, so a service can rank an archive
without reloading bodies: ``related_stories`` accepts ``StoryFeatures`` (text) or ``StoryTerms`` (stored).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fireside.textanalysis.sparse import cosine

__all__ = [
    "SCHEME_VERSION",
    "Idf",
    "Related",
    "StoryFeatures",
    "StoryTerms",
    "Weights",
    "fit_idf",
    "RelatedIndex",
    "related_stories",
    "score_candidates",
    "split_opening",
    "story_terms",
    "terms",
]

# Bump when tokenising or field weighting changes: stored terms from another scheme must be recomputed.
SCHEME_VERSION = 1

OPENING_WORDS = 80  # the opening: the first paragraphs of the body, up to about this many words
MAX_BODY_TERMS = 300  # stored body terms per story (most frequent first); enough for a cosine, small in JSON
COPY_BODY_COSINE = 0.80
COPY_PREMISE_COSINE = 0.95

StoryId = int | str


@dataclass(frozen=True)
class StoryFeatures:
    """What the ranking looks at, as plain text. ``opening`` is the first paragraph or two; ``body`` the rest."""

    story_id: StoryId
    headline: str
    standfirst: str = ""
    opening: str = ""
    body: str = ""
    tags: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()
    section: str = ""


@dataclass(frozen=True)
class StoryTerms:
    """A story reduced to weighted term counts, ready to store (JSON-friendly) and to rank."""

    story_id: StoryId
    premise: Mapping[str, float]
    body: Mapping[str, float]
    tags: frozenset[str] = frozenset()
    warnings: frozenset[str] = frozenset()
    section: str = ""


@dataclass(frozen=True)
class Related:
    """One related story: ``score`` in 0-1, ``reasons`` short phrases an editor can read ("tags: grief")."""

    story_id: StoryId
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Weights:
    """The blend. Tuned on the dev split of the premise twins only (see docs/textanalysis.md)."""

    headline: float = 3.0
    standfirst: float = 2.0
    opening: float = 1.5
    premise_share: float = 0.8  # of the text score; the rest is the body cosine
    text: float = 0.70
    tags: float = 0.20
    warnings: float = 0.10
    section: float = 0.05  # a proportional bonus for the same section (x 1.05), see _score_pair
    min_score: float = 0.04


@dataclass(frozen=True)
class Idf:
    """Document frequencies over an archive; ``weight`` is the smoothed IDF of a term."""

    n_docs: int
    df: Mapping[str, int] = field(default_factory=dict)

    def weight(self, term: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0


# ---------------------------------------------------------------------------------------------------------
# Words

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")
_STOP_WORDS = """
    a about above after again against ago all almost along already also although always am among an and another
    any anyone anything are around as asked at away back be became because become been before began being
    below between both but by came can cannot could couldnt day days did didnt do does doesnt doing done dont
    down during each either else enough even ever every everyone everything few finally first for found from
    front further get gets getting got gone had hadnt has hasnt have havent having he hed her here hers
    herself hes him himself his how however i id if ill im in instead into is isnt it its itself ive just
    kept know knew last later least left less let like little long look looked made make many may maybe me
    might more most much must my myself never next no nobody none nor not nothing now of off often oh ok okay
    on once one only onto or other others our ours ourselves out over own perhaps please put quite rather
    really right said same saw say says see seemed she shed shes should shouldnt since so some someone
    something sometimes soon still such take than that thats the their theirs them themselves then there
    theres these they theyd theyre thing things think this those though thought through thus time times to
    told too took toward towards tried try two under until up upon us used very want wanted was wasnt way we
    wed well went were werent weve what whatever whats when where whether which while who whole whom whose
    why will with within without wont would wouldnt year years yes yet you youd youll your youre yours
    yourself three four five six seven eight nine ten
"""
_STOP = frozenset(_STOP_WORDS.split())
# Longest first; a suffix is stripped only when at least three letters remain.
_SUFFIXES = (
    "ions", "ion", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s",
)  # fmt: skip
_DOUBLE_OK = frozenset("lsz")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return stem + "y"
            if suffix == "s" and stem.endswith("s"):
                return word  # "glass", "loss"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _DOUBLE_OK:
                return stem[:-1]  # "winning" -> "win", "stopped" -> "stop"
            return stem
    return word


def terms(text: str) -> list[str]:
    """The content words of ``text``, normalised and stemmed, in order (names and function words dropped)."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)
    matches = list(_WORD.finditer(text))
    capitals = sum(1 for m in matches if m.group()[0].isupper())
    # In Title Case Headlines capitals carry no information: keep every word.
    drop_names = capitals <= 0.5 * len(matches)
    out: list[str] = []
    for m in matches:
        raw = m.group()
        word = raw.casefold().replace("'", "").replace("’", "")
        if len(word) < 3 or word in _STOP:
            continue
        if drop_names and raw[0].isupper() and not raw.isupper():
            start = m.start()
            before = text[max(0, start - 3) : start]
            if start and not _SENTENCE_END.search(before) and "\n" not in before:
                continue  # capitalised mid-sentence: a name
        out.append(_stem(word.replace("-", "")))
    return out


def split_opening(body: str, words: int = OPENING_WORDS) -> tuple[str, str]:
    """Split plain body text into (opening, rest): the first paragraph, and the next ones while the opening
    stays within ``words`` words. A first paragraph longer than 1.5 x ``words`` is cut at ``words``."""
    paragraphs = [p.strip() for p in re.split(r"\n", body) if p.strip()]
    if not paragraphs:
        return "", ""
    first = paragraphs[0].split()
    if len(first) > words * 1.5:
        return " ".join(first[:words]), "\n\n".join([" ".join(first[words:]), *paragraphs[1:]])
    opening = [paragraphs[0]]
    count = len(first)
    index = 1
    while index < len(paragraphs):
        size = len(paragraphs[index].split())
        if count + size > words:
            break
        opening.append(paragraphs[index])
        count += size
        index += 1
    return "\n\n".join(opening), "\n\n".join(paragraphs[index:])


def story_terms(features: StoryFeatures, weights: Weights | None = None) -> StoryTerms:
    """Weighted term counts of a story's premise fields and of the rest of its body."""
    w = weights or Weights()
    premise: dict[str, float] = {}
    for text, weight in (
        (features.headline, w.headline),
        (features.standfirst, w.standfirst),
        (features.opening, w.opening),
    ):
        for term in terms(text):
            premise[term] = premise.get(term, 0.0) + weight
    body = Counter(terms(features.body)).most_common(MAX_BODY_TERMS)
    return StoryTerms(
        story_id=features.story_id,
        premise={t: round(v, 3) for t, v in premise.items()},
        body=dict(body),
        tags=frozenset(t.casefold() for t in features.tags),
        warnings=frozenset(features.warnings),
        section=features.section,
    )


def fit_idf(stories: Iterable[StoryFeatures | StoryTerms]) -> Idf:
    """Document frequencies of every term over the archive (premise and body terms together)."""
    df: Counter[str] = Counter()
    n = 0
    for story in stories:
        st = _as_terms(story)
        df.update(set(st.premise) | set(st.body))
        n += 1
    return Idf(n_docs=n, df=dict(df))


# ---------------------------------------------------------------------------------------------------------
# Ranking


def _as_terms(story: StoryFeatures | StoryTerms, weights: Weights | None = None) -> StoryTerms:
    return story if isinstance(story, StoryTerms) else story_terms(story, weights)


def _vector(counts: Mapping[str, float], idf: Idf) -> tuple[dict[str, float], float]:
    vector = {
        t: (1.0 + math.log(c)) * idf.weight(t) if c >= 1 else c * idf.weight(t) for t, c in counts.items()
    }
    return vector, math.sqrt(sum(v * v for v in vector.values()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class _Prepared:
    """A story's vectors under one IDF. The body vector is made on first use: most stories in an index are
    never shortlisted, and the body is the larger half."""

    __slots__ = ("_body", "idf", "premise", "terms")

    def __init__(self, terms: StoryTerms, idf: Idf) -> None:
        self.terms = terms
        self.idf = idf
        self.premise = _vector(terms.premise, idf)
        self._body: tuple[dict[str, float], float] | None = None

    @property
    def body(self) -> tuple[dict[str, float], float]:
        if self._body is None:
            self._body = _vector(self.terms.body, self.idf)
        return self._body


def _prepare(story: StoryTerms, idf: Idf) -> _Prepared:
    return _Prepared(story, idf)


def related_stories(
    target: StoryFeatures | StoryTerms,
    candidates: Iterable[StoryFeatures | StoryTerms] | RelatedIndex,
    limit: int = 5,
    *,
    idf: Idf | None = None,
    weights: Weights | None = None,
) -> list[Related]:
    """The ``limit`` candidates most like ``target``, best first.

    ``idf`` should be fitted over the whole archive (``fit_idf``); without it, it is fitted over the target
    and the candidates given. The target itself (same ``story_id``) and near-copies of it are never returned.
    To rank many stories against one archive, build a ``RelatedIndex`` once and pass it as ``candidates``.
    """
    if limit <= 0:
        return []
    if isinstance(candidates, RelatedIndex):
        index = candidates
    else:
        w = weights or Weights()
        target_terms = _as_terms(target, w)
        others = [_as_terms(c, w) for c in candidates]
        if idf is None:
            idf = fit_idf([target_terms, *(o for o in others if o.story_id != target_terms.story_id)])
        index = RelatedIndex(others, idf=idf, weights=w)
        target = target_terms
    return heapq.nlargest(limit, index.score(target), key=_order)


def score_candidates(
    target: StoryFeatures | StoryTerms,
    candidates: Iterable[StoryFeatures | StoryTerms] | RelatedIndex,
    *,
    idf: Idf,
    weights: Weights | None = None,
) -> list[Related]:
    """The candidates related to ``target`` (unordered), without the target itself or near-copies.

    The score is symmetric (``a`` like ``b`` as much as ``b`` like ``a``), so a service can use one pass to
    rank a new story's neighbours *and* to decide which other stories' lists the new story should join.
    """
    index = (
        candidates
        if isinstance(candidates, RelatedIndex)
        else RelatedIndex(candidates, idf=idf, weights=weights)
    )
    return index.score(target)


class RelatedIndex:
    """An archive prepared for ranking many stories: vectors computed once, premise terms and tags inverted.

    Ranking one story reads only the postings of its own premise terms, tags and warnings, keeps the
    ``shortlist`` best by premise cosine and tag and warning overlap (the part of the score postings can
    give), and scores those exactly. A story sharing none of these can only score through its body (at most
    0.14), so the shortlist loses nothing a reader would see: on the premise twins every top five is identical
    with and without it, and at 10,000 stories a ranking reads a few thousand postings, not every vector.
    """

    def __init__(
        self,
        stories: Iterable[StoryFeatures | StoryTerms],
        *,
        idf: Idf | None = None,
        weights: Weights | None = None,
        shortlist: int = 300,
    ) -> None:
        self.weights = weights or Weights()
        items = [_as_terms(s, self.weights) for s in stories]
        self.idf = idf if idf is not None else fit_idf(items)
        self.shortlist = shortlist
        self._stories: dict[StoryId, _Prepared] = {}
        self._premise: dict[str, list[tuple[StoryId, float]]] = {}
        self._tags: dict[str, list[StoryId]] = {}
        self._warnings: dict[str, list[StoryId]] = {}
        for item in items:
            self.add(item)

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._stories

    def add(self, story: StoryFeatures | StoryTerms) -> None:
        """Add a story (with the index's IDF). Adding an id twice is an error: build a new index instead."""
        item = _as_terms(story, self.weights)
        if item.story_id in self._stories:
            raise KeyError(f"{item.story_id!r} is already indexed")
        prepared = _prepare(item, self.idf)
        self._stories[item.story_id] = prepared
        vector, norm = prepared.premise
        if norm:
            for term, weight in vector.items():
                self._premise.setdefault(term, []).append((item.story_id, weight / norm))
        for tag in item.tags:
            self._tags.setdefault(tag, []).append(item.story_id)
        for warning in item.warnings:
            self._warnings.setdefault(warning, []).append(item.story_id)

    def score(self, target: StoryFeatures | StoryTerms, *, exhaustive: bool = False) -> list[Related]:
        """Indexed stories related to ``target`` (unordered), never the target itself nor its near-copies.

        ``exhaustive`` scores every indexed story instead of the shortlist (for measurements and tests).
        """
        w = self.weights
        me = _as_terms(target, w)
        prepared = _prepare(me, self.idf)
        if exhaustive:
            pairs = (
                _score_pair(prepared, other, w) for sid, other in self._stories.items() if sid != me.story_id
            )
            return [r for r in pairs if r is not None]
        vector, norm = prepared.premise
        partial: dict[StoryId, float] = {}
        if norm:
            get = partial.get
            # A term in a tenth of a large archive ("mother", "wedding") cannot pick out a premise, but reading
            # its postings costs more than all the others: it is left out of the shortlist, never the score.
            common = max(500, len(self._stories) // 10)
            for term, weight in vector.items():
                postings = self._premise.get(term, ())
                if len(postings) > common:
                    continue
                q = weight / norm
                for story_id, d in postings:
                    partial[story_id] = get(story_id, 0.0) + q * d
        text_weight = w.text * w.premise_share
        keys = {story_id: text_weight * value for story_id, value in partial.items()}
        for mine, labels, weight, field_of in (
            (me.tags, self._tags, w.tags, _tags_of),
            (me.warnings, self._warnings, w.warnings, _warnings_of),
        ):
            shared: Counter[StoryId] = Counter()
            for label in mine:
                shared.update(labels.get(label, ()))
            for story_id, n in shared.items():
                others = len(field_of(self._stories[story_id]))
                keys[story_id] = keys.get(story_id, 0.0) + weight * n / (len(mine) + others - n)
        keys.pop(me.story_id, None)
        chosen = heapq.nlargest(self.shortlist, keys.items(), key=lambda kv: (kv[1], str(kv[0])))
        found = []
        for story_id, _ in chosen:
            related = _score_pair(prepared, self._stories[story_id], w)
            if related is not None:
                found.append(related)
        return found


def _tags_of(prepared: _Prepared) -> frozenset[str]:
    return prepared.terms.tags


def _warnings_of(prepared: _Prepared) -> frozenset[str]:
    return prepared.terms.warnings


def _order(related: Related) -> tuple[float, str]:
    # Ties broken the same way every time, whatever the order of the candidates.
    return (related.score, str(related.story_id))


def _score_pair(a: _Prepared, b: _Prepared, weights: Weights) -> Related | None:
    """How much ``b`` is like ``a`` (symmetric), or None when it is a near-copy or not related at all."""
    w = weights
    premise = cosine(a.premise, b.premise)
    body = cosine(a.body, b.body)
    if body >= COPY_BODY_COSINE or premise >= COPY_PREMISE_COSINE:
        return None
    shared_tags = a.terms.tags & b.terms.tags
    shared_warnings = a.terms.warnings & b.terms.warnings
    if premise + body < 0.02 and not shared_tags:
        return None
    text = w.premise_share * premise + (1 - w.premise_share) * body
    same_section = bool(a.terms.section) and a.terms.section == b.terms.section
    score = (
        w.text * text
        + w.tags * _jaccard(a.terms.tags, b.terms.tags)
        + w.warnings * _jaccard(a.terms.warnings, b.terms.warnings)
    )
    if same_section:
        # A bonus in proportion, not an addend: a section is broad, and a constant would lift every unrelated
        # story of the section above related stories elsewhere (measured: dev MRR 0.63 -> 0.50 at +0.03).
        score *= 1 + w.section
    if score < w.min_score:
        return None
    reasons: list[str] = []
    shared_terms = _top_shared(a.premise[0], b.premise[0], 3)
    if shared_terms:
        reasons.append("premise: " + ", ".join(shared_terms))
    if shared_tags:
        reasons.append("tags: " + ", ".join(sorted(shared_tags)))
    if shared_warnings:
        reasons.append("warnings: " + ", ".join(sorted(shared_warnings)))
    if same_section:
        reasons.append("same section")
    return Related(story_id=b.terms.story_id, score=round(score, 4), reasons=tuple(reasons))


def _top_shared(a: Mapping[str, float], b: Mapping[str, float], n: int) -> list[str]:
    shared = [(a[t] * b[t], t) for t in a.keys() & b.keys()]
    return [t for _, t in sorted(shared, key=lambda x: (-x[0], x[1]))[:n]]
