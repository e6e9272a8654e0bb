"""Tone flags: figures on the labelled comments (dev and held-out), negation and quotation, the learned part,
and hostile input.

The labelled comments in ``data/tone/`` are original writing. ``heldout.tsv`` was written before any cue and
has never been used to tune them; ``dev.tsv`` is what the cues were tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fireside.textanalysis.tone import (
    CATEGORY_LABELS,
    LEARNED,
    assess_tone,
    tone_features,
    train_counts,
)

DATA = Path(__file__).parent / "data" / "tone"
HARMFUL = {"blame", "mock", "threat", "harass"}
LABELS = HARMFUL | {"supportive", "critical", "sceptical", "tricky"}


def load(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        assert label in LABELS, label
        rows.append((label, text))
    return rows


def figures(rows, **model) -> tuple[float, float, list[str]]:
    true_pos = false_pos = false_neg = 0
    mistakes = []
    for label, text in rows:
        flagged = assess_tone(text, **model).flagged
        harmful = label in HARMFUL
        true_pos += flagged and harmful
        false_pos += flagged and not harmful
        false_neg += harmful and not flagged
        if flagged != harmful:
            mistakes.append(f"{'FP' if flagged else 'FN'} {label}: {text}")
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    return precision, recall, mistakes


def test_the_labelled_sets_are_big_enough_and_cover_every_kind():
    dev, heldout = load("dev"), load("heldout")
    assert len(dev) + len(heldout) >= 300
    assert len(heldout) >= 100
    for rows in (dev, heldout):
        assert {label for label, _ in rows} == LABELS
    assert not {text for _, text in dev} & {text for _, text in heldout}


def test_precision_and_recall_on_dev_and_held_out(capsys):
    dev, heldout = load("dev"), load("heldout")
    counts, harmful_docs, fine_docs = train_counts((text, label in HARMFUL) for label, text in dev)
    learned = {"counts": counts, "harmful_docs": harmful_docs, "fine_docs": fine_docs}
    results = {
        "dev, cues only": figures(dev),
        "held-out, cues only": figures(heldout),
        "held-out, cues + learned from dev decisions": figures(heldout, **learned),
    }
    with capsys.disabled():
        print()
        for name, (precision, recall, mistakes) in results.items():
            print(f"tone flags, {name}: precision {precision:.2f} recall {recall:.2f}")
            for mistake in mistakes:
                print("   ", mistake)
    for name in ("held-out, cues only", "held-out, cues + learned from dev decisions"):
        precision, recall, _ = results[name]
        assert precision >= 0.8 and recall >= 0.7, name


@pytest.mark.parametrize(
    "text",
    [
        "Nobody deserves that. Nobody.",
        "You didn't deserve any of it.",
        "It wasn't your fault, and it never was.",
        "People saying 'she deserved it' are wrong.",
        'The people in these comments saying "she deserved it" should be ashamed.',
        "He told you it was your fault for years. It never was.",
        "My aunt used to say girls like me had it coming. She was wrong.",
        "“No wonder he left” is such a cruel thing to say to a grieving woman.",
        "Your husband sounds like an idiot, honestly. You did well to leave.",
        "You're not stupid. You were lied to.",
        "Don't let anyone call you a drama queen for feeling this.",
        "I laughed so hard at the bit with the goat.",
    ],
)
def test_supportive_replies_that_quote_or_reject_a_cruel_phrase_are_not_flagged(text):
    assessment = assess_tone(text)
    assert not assessment.flagged, assessment.summary


@pytest.mark.parametrize(
    ("text", "category", "phrase"),
    [
        ("Honestly, she deserved it.", "blame", "she deserved it"),
        ("No wonder he left you.", "blame", "no wonder he left"),
        ("Boo hoo, another sad childhood.", "mocking", "boo hoo"),
        ("I know where you live.", "threat", "i know where you live"),
        ("You're a pathetic liar.", "harassment", "pathetic liar"),
    ],
)
def test_each_category_gives_its_reason_in_plain_words_with_the_evidence(text, category, phrase):
    assessment = assess_tone(text)
    assert assessment.flagged
    reason = next(reason for reason in assessment.reasons if reason.category == category)
    assert reason.label == CATEGORY_LABELS[category]
    assert any(phrase in evidence for evidence in reason.evidence)
    assert CATEGORY_LABELS[category] in assessment.summary


def test_learned_part_flags_wording_the_cues_do_not_know_once_moderators_have_decided():
    text = "What a walrus of a mother, flapping about on the page."
    assert not assess_tone(text).flagged
    decisions = [(f"You absolute walrus, number {n} of them flapping.", True) for n in range(8)]
    decisions += [(f"Lovely story about the sea and the boats, part {n}.", False) for n in range(8)]
    counts, harmful_docs, fine_docs = train_counts(decisions)
    assessment = assess_tone(text, counts=counts, harmful_docs=harmful_docs, fine_docs=fine_docs)
    assert assessment.flagged and assessment.learned_log_odds is not None and assessment.learned_log_odds > 0
    assert assessment.reasons[-1].category == LEARNED and "walrus" in assessment.reasons[-1].evidence


def test_not_harmful_decisions_silence_a_cue_that_keeps_misfiring():
    text = "Karen, your nan's Christmas cake recipe made me so happy."
    assert assess_tone(text).flagged  # "Karen" as a sneer; here it is the reader's name
    decisions = [(f"Karen, thank you for the lovely piece number {n}.", False) for n in range(12)]
    decisions += [(f"Cry me a river, story {n}.", True) for n in range(6)]
    counts, harmful_docs, fine_docs = train_counts(decisions)
    assessment = assess_tone(text, counts=counts, harmful_docs=harmful_docs, fine_docs=fine_docs)
    assert not assessment.flagged and assessment.learned_log_odds < 0


def test_the_learned_part_has_no_say_with_too_few_decisions():
    counts, harmful_docs, fine_docs = train_counts([("You absolute walrus.", True), ("Lovely.", False)])
    assessment = assess_tone(
        "You absolute walrus.", counts=counts, harmful_docs=harmful_docs, fine_docs=fine_docs
    )
    assert assessment.learned_log_odds is None and not assessment.flagged


def test_features_leave_out_quoted_words_and_function_words():
    features = tone_features('People saying "she deserved it" are wrong about the author.')
    assert "w:deserved" not in features and "w:the" not in features and "w:author" in features


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00" * 50,
        "y\u200bo\u200bu d\u200beserved it",
        "\u202eti devreserd uoy\u202c",
        "لقد استحقت ذلك " * 50,
        "😂🤣🙄🎻" * 1000,
        "you deserved it " * 2000,
        "a" * 200_000,
        '"' * 5000,
        "'" * 5000 + "she deserved it",
        "<script>alert(1)</script> \"><img src=x onerror=alert(1)> ' OR 1=1 --",
    ],
)
def test_hostile_input_never_crashes(text):
    assessment = assess_tone(text)
    assert 0.0 <= assessment.probability <= 1.0
    assert len(assessment.summary) < 1000
    tone_features(text)


def test_zero_width_characters_do_not_hide_a_cue():
    assert assess_tone("k\u200by\u200bs").flagged
    assert assess_tone("you d\u200beserved\u200d it").flagged
