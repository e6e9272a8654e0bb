""" "More stories like this": the ranking function and its mean reciprocal rank on the premise twins."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from fireside.textanalysis.related import (
    Idf,
    Related,
    RelatedIndex,
    StoryFeatures,
    StoryTerms,
    Weights,
    fit_idf,
    related_stories,
    split_opening,
    story_terms,
    terms,
)

DATA = Path(__file__).resolve().parent / "data" / "related"
_HEADER = re.compile(r"^=== (\w+) \| (\w+) \| ([\w-]+) \| tags: ([^|]*)\| warnings:(.*)$")


def load_twins() -> tuple[list[StoryFeatures], dict[str, str]]:
    """All labelled stories, and each story's split ("dev", "heldout", "distractor")."""
    stories: list[StoryFeatures] = []
    splits: dict[str, str] = {}
    for path in sorted(DATA.glob("*.txt")):
        for chunk in path.read_text(encoding="utf-8").split("\n=== ")[0:]:
            chunk = chunk if chunk.startswith("=== ") else "=== " + chunk
            lines = chunk.strip("\n").split("\n")
            match = _HEADER.match(lines[0])
            assert match, lines[0]
            story_id, split, section, tags, warnings = match.groups()
            assert lines[1].startswith("# ") and lines[2].startswith("> "), story_id
            opening, rest = split_opening("\n".join(lines[3:]))
            stories.append(
                StoryFeatures(
                    story_id=story_id,
                    headline=lines[1][2:],
                    standfirst=lines[2][2:],
                    opening=opening,
                    body=rest,
                    tags=frozenset(t.strip() for t in tags.split(",") if t.strip()),
                    warnings=frozenset(w.strip() for w in warnings.split(",") if w.strip()),
                    section=section,
                )
            )
            splits[story_id] = split
    return stories, splits


def twin_of(story_id: str) -> str:
    return story_id[:-1] + ("b" if story_id.endswith("a") else "a")


def mean_reciprocal_rank(
    stories: list[StoryFeatures], queries: list[str], weights: Weights | None = None, *, exhaustive=False
) -> tuple[float, dict[str, int]]:
    """Each query ranks every other story; the reciprocal rank of its twin, averaged (0 when not ranked)."""
    w = weights or Weights()
    stored = [story_terms(s, w) for s in stories]
    by_id = {s.story_id: s for s in stored}
    index = RelatedIndex(stored, weights=w)
    ranks: dict[str, int] = {}
    total = 0.0
    for query in queries:
        ranking = sorted(
            index.score(by_id[query], exhaustive=exhaustive), key=lambda r: (-r.score, r.story_id)
        )
        ids = [r.story_id for r in ranking]
        rank = ids.index(twin_of(query)) + 1 if twin_of(query) in ids else 0
        ranks[query] = rank
        total += 1 / rank if rank else 0.0
    return total / len(queries), ranks


@pytest.fixture(scope="module")
def twins():
    return load_twins()


def test_labelled_set_has_thirty_pairs_and_distractors(twins):
    stories, splits = twins
    ids = {s.story_id for s in stories}
    pairs = {i[:-1] for i in ids if i.startswith("p")}
    assert len(pairs) >= 30
    assert all(twin_of(i) in ids for i in ids if i.startswith("p"))
    assert sum(1 for s in splits.values() if s == "distractor") >= 12
    assert sum(1 for s in splits.values() if s == "heldout") >= 20
    for story in stories:
        assert 50 <= len((story.opening + " " + story.body).split()) <= 400, story.story_id


def test_mean_reciprocal_rank_of_premise_twins(twins):
    stories, splits = twins
    dev = [i for i, s in splits.items() if s == "dev"]
    held_out = [i for i, s in splits.items() if s == "heldout"]
    dev_mrr, dev_ranks = mean_reciprocal_rank(stories, dev)
    held_mrr, held_ranks = mean_reciprocal_rank(stories, held_out)
    misses = {k: v for k, v in {**dev_ranks, **held_ranks}.items() if v != 1}
    print(f"\nMRR dev {dev_mrr:.3f} ({len(dev)} queries), held-out {held_mrr:.3f} ({len(held_out)} queries)")
    print(f"twin not first: {misses}")
    # Baselines on the same data, for the docs: whole-story text only, and the premise fields only.
    whole = Weights(premise_share=0.0, text=1.0, tags=0.0, warnings=0.0, section=0.0)
    base, _ = mean_reciprocal_rank(stories, dev + held_out, whole, exhaustive=True)
    text_only = Weights(text=1.0, tags=0.0, warnings=0.0, section=0.0)
    premise, _ = mean_reciprocal_rank(stories, dev + held_out, text_only, exhaustive=True)
    print(f"all queries: whole-body text only {base:.3f}, premise-weighted text only {premise:.3f}")
    assert held_mrr >= 0.6
    assert dev_mrr >= 0.6


def _story(story_id, headline, opening="", **kwargs) -> StoryFeatures:
    return StoryFeatures(story_id=story_id, headline=headline, opening=opening, **kwargs)


def test_the_story_itself_and_its_copies_are_never_related(twins):
    stories, _ = twins
    target = next(s for s in stories if s.story_id == "p01a")
    copy = replace(target, story_id="copy-of-p01a")
    renamed = replace(
        target,
        story_id="renamed",
        headline=target.headline.replace("stranger", "stranger,"),
        body=target.body.replace("Tuesday", "Thursday"),
    )
    found = related_stories(target, [*stories, copy, renamed], limit=10)
    ids = [r.story_id for r in found]
    assert "p01a" not in ids
    assert "copy-of-p01a" not in ids
    assert "renamed" not in ids
    assert "p01b" in ids[:3]


def test_a_different_story_on_the_same_premise_is_not_a_copy(twins):
    stories, _ = twins
    by_id = {s.story_id: s for s in stories}
    found = related_stories(by_id["p16a"], [by_id["p16b"]], idf=fit_idf(stories))
    assert [r.story_id for r in found] == ["p16b"]


def test_shared_tags_warnings_and_section_lift_a_story_and_say_why():
    target = _story("t", "Moving house again", tags=frozenset({"home"}), section="family")
    plain = _story("a", "A garden of tomatoes", tags=frozenset({"home"}))
    same_section = _story("b", "A garden of tomatoes", tags=frozenset({"home"}), section="family")
    found = related_stories(target, [plain, same_section])
    assert [r.story_id for r in found] == ["b", "a"]
    assert found[0].reasons == ("tags: home", "same section")
    assert found[0].score > found[1].score

    with_warning = _story(
        "c", "A garden of tomatoes", tags=frozenset({"home"}), warnings=frozenset({"divorce"})
    )
    warned = replace(target, warnings=frozenset({"divorce"}))
    found = related_stories(warned, [plain, with_warning])
    assert found[0].story_id == "c"
    assert "warnings: divorce" in found[0].reasons


def test_text_similarity_outweighs_metadata():
    target = _story(
        "t", "My brother sold our late mother's house", "The inheritance was split; the house was sold."
    )
    text = _story(
        "a", "Why my sister sold our parents' house", "She sold the house we inherited without asking."
    )
    tags = _story("b", "Learning to knit at ninety", tags=frozenset({"family"}), section="family")
    target = replace(target, tags=frozenset({"family"}), section="family")
    found = related_stories(target, [tags, text], idf=Idf(n_docs=100))
    assert found[0].story_id == "a"
    assert found[0].reasons[0].startswith("premise: ")
    assert "hous" in found[0].reasons[0]


def test_nothing_related_gives_an_empty_list():
    target = _story("t", "I learned to swim at sixty")
    other = _story("o", "The bakery on the corner closed")
    assert related_stories(target, [other]) == []
    assert related_stories(target, []) == []
    assert related_stories(target, [target]) == []
    assert related_stories(target, [other], limit=0) == []


def test_limit_and_stable_order_whatever_the_input_order(twins):
    stories, _ = twins
    idf = fit_idf(stories)
    first = related_stories(stories[0], stories, limit=5, idf=idf)
    second = related_stories(stories[0], list(reversed(stories)), limit=5, idf=idf)
    assert len(first) == 5
    assert first == second
    assert all(isinstance(r, Related) and 0 < r.score <= 1 for r in first)
    assert [r.score for r in first] == sorted((r.score for r in first), reverse=True)


def test_the_index_shortlist_changes_no_ranking(twins):
    stories, _ = twins
    index = RelatedIndex(stories)
    small = RelatedIndex(stories, shortlist=10)
    for story in stories:
        exact = sorted(index.score(story, exhaustive=True), key=lambda r: (-r.score, r.story_id))[:5]
        fast = sorted(index.score(story), key=lambda r: (-r.score, r.story_id))[:5]
        assert fast == exact, story.story_id
    all_scored = {s.story_id: len(index.score(s, exhaustive=True)) for s in stories}
    assert all(len(small.score(s)) <= 10 for s in stories)
    assert max(all_scored.values()) > 10  # the small shortlist really did leave stories out


def test_stored_terms_rank_like_text(twins):
    stories, _ = twins
    stored = [story_terms(s) for s in stories]
    assert all(isinstance(s, StoryTerms) for s in stored)
    idf = fit_idf(stories)
    assert fit_idf(stored) == idf
    assert related_stories(stored[3], stored, idf=idf) == related_stories(stories[3], stories, idf=idf)


def test_words_drop_names_and_function_words_and_survive_hostile_text():
    assert terms("Yesterday Corinne donated a kidney to Delphine.") == ["yesterday", "donat", "kidney"]
    assert terms("Donating, donated, donation") == ["donat", "donat", "donat"]
    assert terms("A Stranger Gave Me Her Kidney") == ["stranger", "gave", "kidney"]
    hostile = '<script>alert(1)</script>\x00 ‮kidney​ "><img src=x onerror=alert(1)> 🎉 DROP TABLE'
    assert "kidney" in terms(hostile)
    assert terms("") == []
    big = "kidney donor " * 50_000
    assert len(related_stories(_story("t", "kidney", big), [_story("o", "kidney donor story")])) == 1


def test_split_opening_takes_whole_paragraphs():
    body = "First paragraph has five words.\n\nSecond one too, five words.\n\n" + "word " * 200
    opening, rest = split_opening(body, words=8)
    assert opening == "First paragraph has five words."
    assert rest.startswith("Second one too")
    opening, rest = split_opening("word " * 300, words=80)
    assert len(opening.split()) == 80
    assert len(rest.split()) == 220
