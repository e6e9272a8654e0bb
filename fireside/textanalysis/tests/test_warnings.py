"""Content-warning suggestions: behaviour, hostile input, and the held-out evaluation.

Pure Python and numpy, no Django:
    .venv/bin/python -m pytest fireside/textanalysis/tests/test_warnings.py -q -p no:django -p no:cacheprovider
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from fireside.core.content_warnings import SLUGS
from fireside.textanalysis.warnings import (
    DEFAULT_DATA_DIR,
    DEFAULT_THRESHOLD,
    LABELS,
    LabelledText,
    WarningModel,
    default_model,
    evaluate,
    load_examples,
    suggest_warnings,
    suggest_warnings_with,
    train,
)
from fireside.textanalysis.warnings.text import clean

# A neutral first-person story used as padding: about 230 words of ordinary life.
ORDINARY_DAY = (
    "Our street has a bakery at one end and a launderette at the other, and I know most of the people in "
    "between. On Saturdays I walk the dog to the park before anyone else is up. The café by the gates opens at "
    "eight, and the owner keeps a bowl of water outside for the dogs and a jar of biscuits behind the counter. "
    "My daughter has started learning the trumpet, which the neighbours are being very patient about. My son "
    "is saving for a bike and has drawn up a spreadsheet of his pocket money with a column for interest that "
    "he has invented himself. In the evenings we cook together, or at least I cook and they argue about whose "
    "turn it is to lay the table. Last month we repainted the hallway a colour the tin called oatmeal, and it "
    "took three coats and most of a bank holiday weekend. We went to the coast in August and ate chips on the "
    "harbour wall while the gulls watched us. None of this is remarkable. It is just the shape of our weeks, "
    "and I have come to love it."
)


def labels_of(text: str) -> list[str]:
    return [suggestion.label for suggestion in suggest_warnings(text)]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("She signed the papers at the kitchen table and I moved into my brother's box room.", "divorce"),
        ("The bottle of gin was empty by noon, and I had bought it at nine.", "addiction"),
        ("No heartbeat at the scan. The midwife went very quiet and fetched the doctor.", "pregnancy-loss"),
        ("The undertaker asked what Dad should wear, and I chose his old cricket jumper.", "death-and-grief"),
        (
            "He checked my phone every night and took my bank card so I had to ask him for bus fare.",
            "domestic-abuse",
        ),
        ("I kept a blade in my pencil case and wore long sleeves all through the summer.", "self-harm"),
    ],
)
def test_implicit_wording_is_caught(text: str, label: str) -> None:
    assert label in labels_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "I could have killed him when he forgot to pick up the kids.",
        "My heart died a little when I saw the price of the school trip.",
        "The divorce of cheese and wine at that party was a tragedy, frankly.",
        "I was never hit as a child; my parents were gentle people.",
        "My phone died halfway through the directions.",
        "I'm dying to see the new series of that baking programme.",
        "I'm addicted to crosswords and do three before breakfast.",
        "I cheated at Monopoly all through my childhood.",
        "I've never drunk alcohol; I just don't like the taste.",
        "The scan showed a healthy baby with a strong heartbeat, and I cried with relief.",
    ],
)
def test_negated_and_figurative_speech_is_not_flagged(text: str) -> None:
    assert labels_of(text) == []


def test_recovery_still_warrants_addiction() -> None:
    # Documented decision: the vocabulary's addiction warning covers recovery.
    assert "addiction" in labels_of("Not a drop since 2019, but I still count the days.")


def test_a_passing_mention_in_a_long_story_scores_low() -> None:
    story = ORDINARY_DAY.replace(
        "I know most of the people in between.",
        "I know most of the people in between, including my divorced neighbour, who lends us his ladder.",
    )
    scores = {s.label: s.score for s in suggest_warnings(story)}
    assert "divorce" not in scores
    model = default_model()
    divorce = model.labels.index("divorce")
    assert model.scores(story)[0][divorce] < DEFAULT_THRESHOLD


def test_a_story_with_the_theme_throughout_is_flagged_with_evidence_from_it() -> None:
    story = (
        ORDINARY_DAY
        + " That was before the winter my husband moved out. The solicitor's letters came every week, and we sold"
        " the house we had bought as newlyweds. The children now spend every other weekend at his flat."
    )
    suggestions = suggest_warnings(story)
    divorce = next(s for s in suggestions if s.label == "divorce")
    assert divorce.score >= DEFAULT_THRESHOLD
    assert 1 <= len(divorce.evidence) <= 3
    for sentence in divorce.evidence:
        assert sentence in story
    assert (
        "solicitor" in divorce.evidence[0]
        or "weekend" in divorce.evidence[0]
        or "moved out" in divorce.evidence[0]
    )


def test_suggestions_are_vocabulary_slugs_sorted_by_score_and_above_threshold() -> None:
    text = (
        "Dad drank himself to death when I was fifteen. After the funeral my mother stopped speaking to me, and"
        " by Christmas she had moved abroad without leaving an address."
    )
    suggestions = suggest_warnings(text)
    assert suggestions
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    for suggestion in suggestions:
        assert suggestion.label in SLUGS
        assert DEFAULT_THRESHOLD <= suggestion.score <= 1.0
        assert isinstance(suggestion.evidence, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        suggestions[0].score = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "\x00" * 1000,
        "No heartbeat\x00 at the scan.\x00",
        "😢😢😢 My dad died 💔 last spring 🌸 and I miss him.",
        "\u202eMy dad died last spring.\u202c \u200b\u200b\u200d\ufeff",
        "أبي مات في الربيع. My dad died last spring.",
        "<p>My dad <b>died</b> last spring.</p><script>alert('overdose')</script><!-- hidden -->",
        "<" * 5000 + ">" * 5000,
        "." * 20000,
        "a" * 50000,
    ],
)
def test_hostile_input_does_not_crash(text: str) -> None:
    suggestions = suggest_warnings(text)
    cleaned = clean(text)
    for suggestion in suggestions:
        for sentence in suggestion.evidence:
            assert sentence in cleaned
            assert "<" not in sentence
            assert "\x00" not in sentence
            assert "\u200b" not in sentence


def test_html_is_read_as_its_text_and_scripts_are_ignored() -> None:
    suggestions = suggest_warnings("<p>My dad <b>died</b> last spring.</p><script>took an overdose</script>")
    assert [s.label for s in suggestions] == ["death-and-grief"]
    assert suggestions[0].evidence == ("My dad died last spring.",)


def test_one_megabyte_of_text_does_not_crash() -> None:
    text = (ORDINARY_DAY + " ") * (1_000_000 // (len(ORDINARY_DAY) + 1))
    assert len(text) >= 990_000
    assert suggest_warnings(text) == []


def test_train_save_and_load_round_trip(tmp_path) -> None:
    examples = load_examples(split="dev")[::4]  # a quarter keeps the test quick
    model = train(examples)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = WarningModel.load(path)
    text = "She signed the papers, and the children now have two bedrooms in two houses."
    assert [s.label for s in suggest_warnings_with(loaded, text)] == [s.label for s in model.suggest(text)]
    assert json.loads(path.read_text())["format"] == "fireside-content-warnings/1"


def test_suggest_warnings_with_uses_the_given_models_threshold() -> None:
    strict = dataclasses.replace(default_model(), threshold=0.999999)
    text = "She signed the papers at the kitchen table."
    assert suggest_warnings_with(strict, text) == []
    assert "divorce" in [s.label for s in suggest_warnings_with(default_model(), text)]


def test_training_rejects_labels_outside_the_vocabulary() -> None:
    with pytest.raises(ValueError, match="unknown"):
        LabelledText("Some text.", frozenset({"spiders"}))


def test_labelled_data_meets_its_own_rules() -> None:
    snippets = [json.loads(line) for line in (DEFAULT_DATA_DIR / "snippets.jsonl").read_text().splitlines()]
    stories = [json.loads(line) for line in (DEFAULT_DATA_DIR / "stories.jsonl").read_text().splitlines()]
    assert len(snippets) >= 420
    assert len(stories) >= 40
    for rows in (snippets, stories):
        share = sum(row["split"] == "heldout" for row in rows) / len(rows)
        assert 0.25 <= share <= 0.30
        for row in rows:
            assert set(row["labels"]) <= SLUGS
    for story in stories:
        assert 150 <= len(story["text"].split()) <= 400
    texts = [row["text"] for row in snippets + stories]
    assert len(texts) == len(set(texts))
    # The shipped model saw the dev split only.
    assert default_model().info["examples"] == sum(row["split"] == "dev" for row in snippets + stories)


def test_held_out_micro_f1_is_at_least_075() -> None:
    heldout = load_examples(split="heldout")
    result = evaluate(default_model(), heldout)
    print(f"\nheld-out: {result.texts} texts (snippets and stories)\n{result.table()}")
    assert result.micro.f1 >= 0.75


def test_limited_examples_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown"):
        LabelledText("Text.", frozenset(), only=frozenset({"spiders"}))
    with pytest.raises(ValueError, match="among the labels"):
        LabelledText("Text.", frozenset({"divorce"}), only=frozenset({"addiction"}))
    with pytest.raises(ValueError, match="only snippets"):
        LabelledText("Text.", frozenset(), "story", only=frozenset({"divorce"}))
    for weight in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="weight"):
            LabelledText("Text.", frozenset(), weight=weight)


def test_a_limited_negative_teaches_only_its_label() -> None:
    # An editor rejects "infidelity" on controlling behaviour; the sentence may still warrant domestic abuse.
    base = load_examples(split="dev")[::3]
    rejected = "He read my messages every evening and decided which friends I was allowed to see."
    similar = "Every night he went through my texts and told me which of my friends I could see."
    before = train(base)
    after = train(
        base + [LabelledText(rejected, frozenset(), only=frozenset({"infidelity"}), weight=3.0)] * 2
    )
    infidelity = LABELS.index("infidelity")
    abuse = LABELS.index("domestic-abuse")
    assert after.scores(similar)[0][infidelity] < before.scores(similar)[0][infidelity] - 0.01
    # The window weights of untaught labels see no new example.
    assert np.allclose(after.weights[abuse], before.weights[abuse], atol=0.05)
