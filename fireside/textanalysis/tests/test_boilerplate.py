"""Site furniture is stripped from pasted stories, and the story itself survives untouched."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from fireside.textanalysis.boilerplate import boilerplate_spans, strip_boilerplate

CORPUS = Path(__file__).parent / "data" / "duplicates_corpus.json"

OPENING = "The summer I turned nine, my grandfather taught me to row across the reservoir before breakfast."
CLOSING = "He is ninety now, and he still asks whether I keep my elbows in when I row."


def _story(*furniture: str) -> str:
    return "\n\n".join([OPENING, *furniture, CLOSING])


def _assert_only_story_left(text: str) -> None:
    assert strip_boilerplate(text) == f"{OPENING}\n\n{CLOSING}"


def test_now_trending_heading_and_its_headlines_are_removed() -> None:
    _assert_only_story_left(
        _story(
            "Now Trending:\n\n"
            "Retired Nurse Finds Her First Love Through A Crossword Puzzle\n"
            "They Laughed At His Tiny House Until The Storm Came\n"
            "• my stepmother read my diary and then did something worse\n"
            "10 Wedding Traditions Nobody Wants To Admit They Hate"
        )
    )


def test_headline_list_stops_at_the_story_paragraph() -> None:
    text = (
        "Now Trending:\nThe Baker Who Fed A Whole Street\nDog Walks Himself To The Vet\n\n"
        "That was the year Dad sold the boat."
    )
    assert strip_boilerplate(text) == "That was the year Dad sold the boat."


def test_related_posts_heading_and_list_are_removed() -> None:
    _assert_only_story_left(
        _story(
            "Related posts:\n- The Letter I Never Sent My Brother\n- Why I Stopped Going Home For Christmas"
        )
    )


def test_comment_form_block_and_its_labels_are_removed() -> None:
    form = (
        "Leave a Reply Cancel reply\n"
        "Your email address will not be published. Required fields are marked *\n\n"
        "Comment *\n\nName *\n\nEmail *\n\nWebsite\n\n"
        "Save my name, email, and website in this browser for the next time I comment.\n\n"
        "Post Comment"
    )
    assert strip_boilerplate(f"{OPENING}\n\n{CLOSING}\n\n{form}") == f"{OPENING}\n\n{CLOSING}"


def test_comment_form_pasted_onto_one_line_is_removed() -> None:
    form = (
        "Leave a Reply Cancel reply Your email address will not be published. Required fields are marked * "
        "Comment * Name * Email * Website Save my name, email, and website in this browser for the next time "
        "I comment. Post Comment"
    )
    _assert_only_story_left(_story(form))


@pytest.mark.parametrize(
    "prompt",
    [
        "Please let us know your thoughts and SHARE this story with your Friends and Family!",
        "Please let us know what you think and share this story with your friends and family.",
        "👉 Let us know your thoughts in the comments and SHARE this post with your loved ones!",
        "Don't forget to SHARE this story with your friends on Facebook!",
        "If you enjoyed this story, please share it with someone who needs it today.",
        "Share this with your friends and family!!!",
    ],
)
def test_share_prompts_are_removed(prompt: str) -> None:
    _assert_only_story_left(_story(prompt))


def test_share_prompt_glued_to_the_last_paragraph_is_removed() -> None:
    text = f"{OPENING}\n\n{CLOSING} Please let us know your thoughts and SHARE this story with your Friends and Family!"
    assert strip_boilerplate(text) == f"{OPENING}\n\n{CLOSING}"


@pytest.mark.parametrize(
    "bar",
    [
        "Share on Facebook | Tweet | WhatsApp | Pinterest | Email | Copy link",
        "Share on Facebook\nShare on Twitter\nWhatsApp\nPin it\nEmail\nCopy link",
        "1.2K Shares · Facebook · Twitter · Email",
        "Share this:\nTwitter\nFacebook\nPrint",
    ],
)
def test_share_button_text_is_removed(bar: str) -> None:
    _assert_only_story_left(_story(bar))


def test_advertisement_markers_are_removed() -> None:
    text = (
        f"{OPENING}\n\nADVERTISEMENT\n\nWe pushed off from the jetty at six. ADVERTISEMENT The water was flat."
        f"\n\nAdvertisement\n\n- Story continues below advertisement -\n\n{CLOSING}"
    )
    expected = f"{OPENING}\n\nWe pushed off from the jetty at six. The water was flat.\n\n{CLOSING}"
    assert strip_boilerplate(text) == expected


def test_cookie_banner_and_its_buttons_are_removed() -> None:
    banner = (
        "This website uses cookies to improve your experience. By continuing to browse the site you agree to "
        "our use of cookies.\nAccept all\nReject all\nManage preferences"
    )
    _assert_only_story_left(_story(banner))


@pytest.mark.parametrize(
    "link",
    [
        "Click here to read more",
        "Click here to read Part 2 of this story!",
        "Read More »",
        "Continue reading →",
    ],
)
def test_read_more_links_are_removed(link: str) -> None:
    _assert_only_story_left(_story(link))


def test_story_without_furniture_is_returned_exactly() -> None:
    stories = json.loads(CORPUS.read_text(encoding="utf-8"))["stories"]
    for story in stories:
        assert strip_boilerplate(story["text"]) == story["text"], story["id"]
        assert boilerplate_spans(story["text"]) == []


@pytest.mark.parametrize(
    "line",
    [
        "I did not share this story with my family for eleven years.",
        "We use cookies as bribes, and the children know it.",
        "Her website was a single page with a photo of her goats.",
        "Email me when you land, my mother said.",
        "Related stories from strangers always made me cry in the car.",
        "Trending topics never interested my father.",
        "The advertisement in the paper asked for a night cook.",
        "Next.",
        "Comment cards sat in a jar by the till.",
        "My Aunt Rosalind Never Learned To Drive, And She Never Cared.",
    ],
)
def test_story_sentences_that_mention_furniture_words_are_kept(line: str) -> None:
    text = f"{OPENING}\n\n{line}\n\n{CLOSING}"
    assert strip_boilerplate(text) == text


def test_spans_point_into_the_original_text() -> None:
    text = _story("Share on Facebook | Tweet | Email", "ADVERTISEMENT")
    spans = boilerplate_spans(text)
    removed = "".join(text[start:end] for start, end in spans)
    assert "Share on Facebook" in removed
    assert "ADVERTISEMENT" in removed
    assert OPENING not in removed
    assert CLOSING not in removed
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert spans == sorted(spans)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "word",
        "\x00\x00Share on Facebook\x00",
        "🙂🙃 Tweet 🙂 Email 🙃",
        "שלום, זה סיפור שלי.\u200f\nShare on Facebook | Tweet",
        "مرحبا\u200b بكم\nADVERTISEMENT",
        "Lo\u200bre\u200dm ip\u2060sum\r\nNow Trending:\r\nA Headline Here\r\n\r\nThe end.",
    ],
)
def test_hostile_input_is_handled(text: str) -> None:
    result = strip_boilerplate(text)
    assert isinstance(result, str)
    assert "Share on Facebook" not in result
    assert "ADVERTISEMENT" not in result


def test_a_megabyte_of_text_is_stripped_quickly() -> None:
    paragraph = f"{OPENING} {CLOSING}\n\nShare on Facebook | Tweet\n\n"
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    result = strip_boilerplate(text)
    assert time.perf_counter() - started < 5
    assert "Tweet" not in result
    assert result.count(OPENING) == text.count(OPENING)
