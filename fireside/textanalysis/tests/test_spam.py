"""The comment spam model: features, learning from moderators, scoring, serialising, repeat fingerprints."""

from __future__ import annotations

import pytest

from fireside.textanalysis.spam import (
    CommentSample,
    NaiveBayes,
    comment_features,
    count_links,
    find_links,
    repeat_fingerprint,
    score_features,
)

# Written for these tests: the kind of thing readers of personal stories write, and the kind of thing bots do.
HAM = [
    CommentSample("My dad did the same thing when I was small. Thank you for writing this down.", "Maren"),
    CommentSample("I read this twice. The part about the kitchen table stayed with me all evening.", "Tomas"),
    CommentSample("We lost our house in a flood too. It took years before I could talk about it.", "Ines K"),
    CommentSample(
        "Your grandmother sounds like she was a force of nature. I hope you kept her recipes.", "Bo"
    ),
    CommentSample("This made me call my sister, whom I had not spoken to since the funeral.", "Lucia"),
    CommentSample("Brave of you to share. The ending surprised me and I am still thinking about it.", "Dev"),
    CommentSample("I was a night nurse for ten years and recognised every word of the ward scene.", "Ruth"),
]
SPAM = [
    CommentSample(
        "Cheap replica watches best price buy now https://watches-deal.example/shop",
        "Best Watches 2024",
        "sales@watches-deal.example",
        "https://watches-deal.example",
    ),
    CommentSample(
        "Earn money fast from home, crypto bonus guaranteed, click https://coin-bonus.example now",
        "crypto4u",
        "x@coin-bonus.example",
        "https://coin-bonus.example",
    ),
    CommentSample(
        "Great post! Visit my site for cheap pills https://pills.example and https://pills.example/buy",
        "pillshop.com",
        "a@pills.example",
        "https://pills.example",
    ),
    CommentSample(
        "Buy followers cheap, best price guaranteed http://followers.example",
        "SEO expert 99",
        "seo@followers.example",
        "http://followers.example",
    ),
    CommentSample(
        "Casino bonus free spins guaranteed win click https://casino.example/free now",
        "casino-online",
        "win@casino.example",
        "https://casino.example",
    ),
    CommentSample(
        "Nice article. Cheap loans approved fast https://loans.example apply now",
        "Loan Guru 7",
        "l@loans.example",
        "https://loans.example",
    ),
]


def trained_model() -> NaiveBayes:
    model = NaiveBayes()
    for sample in HAM:
        model.learn(comment_features(sample), spam=False)
    for sample in SPAM:
        model.learn(comment_features(sample), spam=True)
    return model


def test_features_cover_words_links_and_metadata():
    features = comment_features(
        CommentSample(
            "Read THIS at https://www.Example.org/page, and www.other.example too.",
            name="Sam 2",
            email="Sam@Mail.Example",
            url="http://shop.example/x",
        )
    )
    assert "w:read" in features and "w:this" in features
    assert "link:example.org" in features and "link:other.example" in features
    assert "links:2-2" in features
    assert "url:shop.example" in features
    assert "email:mail.example" in features
    assert "name:has-digits" in features
    assert not any("https" in feature for feature in features if feature.startswith("w:"))


def test_features_flag_invisible_characters_and_shouting():
    features = comment_features(CommentSample("HELLO EVERYONE THIS IS AMAZING READ\u200b IT NOW", name="A"))
    assert "meta:invisible" in features and "meta:shouting" in features
    assert "url:none" in features


def test_hostile_and_huge_input_gives_a_bounded_feature_set():
    body = " ".join(f"word{n}" for n in range(20_000)) + "\x00<script>alert(1)</script>"
    features = comment_features(CommentSample(body, name="\u202e" * 500, url="javascript:alert(1)"))
    assert len(features) < 450
    assert all(len(feature) <= 100 for feature in features)


def test_model_is_not_informative_until_both_classes_have_examples():
    model = NaiveBayes(min_docs=5)
    for sample in SPAM:
        model.learn(comment_features(sample), spam=True)
    score = model.score(comment_features(SPAM[0]))
    assert not score.informative and score.probability == 0.5


def test_trained_model_separates_unseen_spam_from_unseen_ham():
    model = trained_model()
    new_spam = CommentSample(
        "Cheap watches and crypto bonus, best price guaranteed https://deal.example click now",
        "Deals 4 you",
        "d@deal.example",
        "https://deal.example",
    )
    new_ham = CommentSample(
        "My mother kept letters like that in a drawer too. Thank you for sharing this.", "Astrid"
    )
    spam_score = model.score(comment_features(new_spam))
    ham_score = model.score(comment_features(new_ham))
    assert spam_score.informative and ham_score.informative
    assert spam_score.probability > 0.95
    assert ham_score.probability < 0.05
    assert spam_score.evidence and all(isinstance(weight, float) for _, weight in spam_score.evidence)


def test_learning_from_a_moderator_moves_the_score():
    model = trained_model()
    borderline = CommentSample("Lovely story, see my garden blog https://garden.example", "Pia")
    features = comment_features(borderline)
    before = model.score(features).probability
    for _ in range(3):
        model.learn(features, spam=False)
    assert model.score(features).probability < before


def test_unlearn_takes_back_a_decision_exactly():
    model = trained_model()
    snapshot = model.to_json()
    features = comment_features(CommentSample("Buy the thing https://thing.example", "Thing Shop"))
    model.learn(features, spam=True)
    assert model.to_json() != snapshot
    model.unlearn(features, spam=True)
    assert model.to_json() == snapshot


def test_unlearning_more_than_was_learned_never_goes_negative():
    model = NaiveBayes()
    model.unlearn({"w:hello"}, spam=True)
    assert model.spam_docs == 0 and model.counts == {}


def test_model_round_trips_through_json():
    model = trained_model()
    copy = NaiveBayes.from_json(model.to_json())
    sample = comment_features(SPAM[2])
    assert copy.score(sample) == model.score(sample)
    assert copy.counts == model.counts


def test_from_json_refuses_an_unknown_version():
    with pytest.raises(ValueError):
        NaiveBayes.from_json('{"version": 9, "spam_docs": 0, "ham_docs": 0, "counts": {}}')


def test_score_features_needs_only_the_counts_of_the_features_at_hand():
    model = trained_model()
    features = comment_features(SPAM[1])
    subset = {feature: model.counts[feature] for feature in features if feature in model.counts}
    partial = score_features(features, counts=subset, spam_docs=model.spam_docs, ham_docs=model.ham_docs)
    assert partial == model.score(features)


def test_links_are_found_without_trailing_punctuation():
    text = "See https://a.example/x). And www.b.example, or <a href=x>c</a>. Not javascript:alert(1)."
    assert find_links(text) == ["https://a.example/x", "www.b.example"]
    assert count_links(text) == 3


@pytest.mark.parametrize(
    "first,second",
    [
        ("I loved this story so much, thank you!", "i LOVED this story so much thank you"),
        ("I loved this story so much, thank you!", "I loved\u200b this story  so much, thank you!!"),
    ],
)
def test_near_exact_repeats_share_a_fingerprint(first, second):
    assert repeat_fingerprint(first) == repeat_fingerprint(second) != ""


def test_different_comments_and_short_ones_do_not_collide():
    assert repeat_fingerprint("I loved this story so much, thank you!") != repeat_fingerprint(
        "I hated this story so much, no thank you!"
    )
    assert repeat_fingerprint("Thank you!") == ""
