"""Tests for the identifying-information finder (pure Python: no Django, no database).

The labelled set in ``data/pii_labelled.json`` labels each finding by kind and exact substring. A label is
placed at the first whole-word occurrence of its text not already taken by a longer label, or at its
``nth`` whole-word occurrence (0-based) when the text also uses the same word in another sense.

Matching rule for the scores: a labelled finding counts as found if any finding of the same kind overlaps it,
and a finding counts as correct if it overlaps a labelled finding of the same kind. Boundaries are not scored
because the writer sees every finding highlighted in place and a near miss still draws the eye.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from fireside.textanalysis.pii import (
    KINDS,
    Finding,
    apply_replacements,
    find_identifying_information,
    is_pseudonym,
    segments,
)

# Each item: {"split": "dev" | "heldout", "text": str, "findings": [{"kind": str, "text": str, "nth"?: int}]}
LABELLED: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "pii_labelled.json").read_text(encoding="utf-8")
)
RECALL_FLOORS = {"email": 0.95, "phone": 0.95, "url": 0.95, "handle": 0.95, "name": 0.85}


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifying_information(text)]


def by_text(findings: list[Finding]) -> dict[str, Finding]:
    return {f.text: f for f in findings}


# -- each kind ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "020 7946 0018",
        "(01632) 960 001",
        "0161 496 0000",
        "(555) 010-4477",
        "555-010-4477",
        "555.010.4477",
        "+1 555 010 4477",
        "1-555-010-4477",
        "+234 803 555 0147",
        "+33 6 12 34 56 78",
        "+91 98765 43210",
        "0044 20 7946 0018",
        "(+44) 7700 900123",
    ],
)
def test_uk_us_and_international_phone_numbers_are_found(number: str) -> None:
    text = f"If you knew me then, ring {number} and ask for the night porter."
    assert kinds_and_texts(text) == [("phone", number)]


def test_years_and_prices_are_not_phone_numbers() -> None:
    text = (
        "In 1998 I earned £4.50 an hour; by 2003 it was $1,200 a month. We paid 1 200 000 zloty for the flat "
        "on 05/06/2015 at 10:30, receipt 2015-0044-7781, section 12.3.4, and I was 12345 miles from home. "
        "Between 2019-2021 I owed £3,400 and rang the bank 17 times."
    )
    assert find_identifying_information(text) == []


def test_emails_including_spelled_out_ones_are_found() -> None:
    text = "Write to deb.h+fireside@example.co.uk or, if that bounces, jo [at] example [dot] org."
    assert kinds_and_texts(text) == [
        ("email", "deb.h+fireside@example.co.uk"),
        ("email", "jo [at] example [dot] org"),
    ]


def test_plain_words_at_and_dot_are_not_an_email() -> None:
    assert find_identifying_information("I worked at the dot com startup until it folded.") == []


def test_urls_with_and_without_a_scheme_are_found_without_trailing_punctuation() -> None:
    text = (
        "It is all at https://example.org/our-story?page=2, on www.example.net, at bit.ly/x9, "
        "and (briefly) at example.com/about."
    )
    assert kinds_and_texts(text) == [
        ("url", "https://example.org/our-story?page=2"),
        ("url", "www.example.net"),
        ("url", "bit.ly/x9"),
        ("url", "example.com/about"),
    ]


def test_abbreviations_and_file_names_are_not_urls() -> None:
    assert (
        find_identifying_information("We ate at 7 p.m., e.g. soup, and I saved photo.jpg on the U.S. trip.")
        == []
    )


def test_social_handles_are_found() -> None:
    text = (
        "Follow @quiet_harbour, or u/throwaway_2020 on Reddit. My Instagram is jane.doe91 and my TikTok "
        "username is nightowlwrites."
    )
    assert kinds_and_texts(text) == [
        ("handle", "@quiet_harbour"),
        ("handle", "u/throwaway_2020"),
        ("handle", "jane.doe91"),
        ("handle", "nightowlwrites"),
    ]


def test_a_platform_followed_by_an_ordinary_word_is_not_a_handle() -> None:
    assert find_identifying_information("My Instagram is private and my Twitter is basically dead.") == []


@pytest.mark.parametrize(
    ("sentence", "handle"),
    [
        ("His KakaoTalk ID was minsu0312.", "minsu0312"),
        ("On Weibo she is lilyinthevalley, and on Zalo she is ThanhHoa.88.", "lilyinthevalley"),
        ("He goes by nightrider online.", "nightrider"),
        ("He goes by the name Silverback on every forum.", "Silverback"),
        ("My daughter's gamertag is ShadowFox and she plays till midnight.", "ShadowFox"),
        ("Search 'Mums of Moss Side' on Facebook and you'll find us.", "Mums of Moss Side"),
        ("My blog, Notes from the Night Ward, still gets comments.", "Notes from the Night Ward"),
        ("The fundraiser was titled Bring Baby Amara Home.", "Bring Baby Amara Home"),
        ("Anyone in the Bolton Mums Facebook group will know who I mean.", "Bolton Mums"),
        ("Follow Kemi Creates on Instagram for the cakes.", "Kemi Creates"),
        ("Her stuff is all under kemi.creates these days.", "kemi.creates"),
        ("I left the Facebook group, but I'm still on there as Brenda Oakes Knits.", "Brenda Oakes Knits"),
        ("We talked every night on Discord, where he went by nightfang.exe.", "nightfang.exe"),
        ("Later we found him posting on Xiaohongshu as 曼城租房小助手 again.", "曼城租房小助手"),
        ("She runs a Telegram channel called Kyiv Mums Abroad.", "Kyiv Mums Abroad"),
        ("I joined r/relationship_advice and posted the whole thing.", "r/relationship_advice"),
    ],
)
def test_handles_are_found_from_the_evidence_around_them(sentence: str, handle: str) -> None:
    # A finding that covers the handle counts, as in the labelled-set scores: "Anyone in the Bolton Mums" still
    # puts the page name in front of the writer.
    assert any(k == "handle" and handle in t for k, t in kinds_and_texts(sentence)), kinds_and_texts(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "My brother posts his climbing videos online and honestly they are terrifying.",
        "The account was drained a few hundred at a time, and the cards were switched off.",
        "On Facebook, Maria Lopez wrote that she was sorry.",
        "On her blog, The Guardian later reported, she lied.",
        "He messaged me on Hinge, and he went by train to meet me.",
        "Her name was Grace and her Instagram was full of cakes.",
        "I saved photo.jpg on my phone and posted it at 10.30 that night.",
        "Mrs Kessler and I write letters now that the blog is gone.",
    ],
)
def test_ordinary_words_and_people_near_account_talk_are_not_handles(sentence: str) -> None:
    assert [t for k, t in kinds_and_texts(sentence) if k == "handle"] == []


def test_uk_and_us_street_addresses_and_postcodes_are_found() -> None:
    text = (
        "We lived at Flat 3, 22 Mill Lane, Sheffield S1 4GT, then at 14 Larkspur Road near SW1A 1AA, "
        "then 45 W 3rd St Apt 2B, New York, NY 10012 and 1208 Cedar Hollow Drive, Springfield 62704-1234."
    )
    assert kinds_and_texts(text) == [
        ("address", "Flat 3, 22 Mill Lane"),
        ("postcode", "S1 4GT"),
        ("address", "14 Larkspur Road"),
        ("postcode", "SW1A 1AA"),
        ("address", "45 W 3rd St Apt 2B"),
        ("postcode", "10012"),
        ("address", "1208 Cedar Hollow Drive"),
        ("postcode", "62704-1234"),
    ]


def test_zip_codes_need_an_address_context() -> None:
    text = "I was 12345 miles away in 1999, and the prize was 50000 dollars. Later: Austin, TX 78701."
    assert kinds_and_texts(text) == [("postcode", "78701")]


def test_times_are_not_uk_postcodes() -> None:
    assert find_identifying_information("The B12 4AM bus, then the M4 3PM one.") == []


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("My cousin Tunde Bakare drove down every weekend.", "Tunde Bakare"),
        ("Chukwuemeka Nwosu died on a Tuesday.", "Chukwuemeka Nwosu"),
        ("Ifeoma brought two biscuits instead of one.", "Ifeoma"),
        ("We stayed with Anjali Venkataraman for six weeks.", "Anjali Venkataraman"),
        ("Gurpreet let us run a tab for months.", "Gurpreet"),
        ("Youssef Haddad is still the kindest person I know.", "Youssef Haddad"),
        ("Aoife held the family together.", "Aoife"),
        ("Zbigniew never talked about the war.", "Zbigniew"),
        ("Sofía used to sing into the vacuum hose.", "Sofía"),
        ("Kenji showed me the vending machines.", "Kenji"),
        ("Wang Fang was the only other foreign student.", "Wang Fang"),
        ("Kim Jun-seo beat me at baduk every night.", "Kim Jun-seo"),
        ("Nguyen Thi Hoa told me to stop apologising.", "Nguyen Thi Hoa"),
        ("The report was signed by Dr Okonkwo-Bassey.", "Okonkwo-Bassey"),
        ("A volunteer called Wojciech stayed on the line.", "Wojciech"),
    ],
)
def test_names_from_many_cultures_are_found(sentence: str, name: str) -> None:
    assert kinds_and_texts(sentence) == [("name", name)]


def test_same_person_gets_same_pseudonym_everywhere() -> None:
    text = (
        "Aisling Murphy taught me to swim. Aisling's dad ran the pool, and Mrs Murphy sold the tickets. "
        "Years later Aisling Murphy was at my wedding, and Murphy, as we all called her, made a speech."
    )
    found = [f for f in find_identifying_information(text) if f.kind == "name"]
    assert [f.text for f in found] == ["Aisling Murphy", "Aisling", "Murphy", "Aisling Murphy", "Murphy"]
    full, first, title, again, surname = (f.replacement for f in found)
    assert full == again == f"{first} {surname}"
    assert title == surname
    assert "Aisling" not in apply_replacements(text, found) and "Murphy" not in apply_replacements(
        text, found
    )


def test_different_people_get_different_pseudonyms() -> None:
    found = by_text(find_identifying_information("Priya Sharma and Ngozi Obi shared a flat with Tomasz."))
    replacements = {found[n].replacement for n in ("Priya Sharma", "Ngozi Obi", "Tomasz")}
    assert len(replacements) == 3


def test_pseudonym_never_reuses_a_name_already_in_the_text() -> None:
    text = "Alex and Sam were my flatmates; Priya lived upstairs with Ellis Hart."
    replacements = {f.replacement for f in find_identifying_information(text)}
    words = {w for r in replacements for w in r.split()}
    assert not words & {"Alex", "Sam", "Ellis", "Hart", "Priya"}


def test_every_name_replacement_is_recognised_as_a_pseudonym_and_real_names_are_not() -> None:
    replacements = {
        f.replacement
        for item in LABELLED
        for f in find_identifying_information(item["text"])
        if f.kind == "name"
    }
    assert replacements and all(is_pseudonym(name) for name in replacements)
    for real in ("Aisling Murphy", "Chidinma", "Alex Okafor", "", "Alex\x00", "<script>"):
        assert not is_pseudonym(real), real


def test_family_name_first_names_keep_their_order() -> None:
    found = by_text(find_identifying_information("Dr Li Wei delivered my son. Dr Li retired last spring."))
    family, given = found["Li Wei"].replacement.split()
    assert found["Li"].replacement == family and given != family


def test_months_words_and_places_that_are_also_names_need_evidence() -> None:
    text = (
        "In May we moved, and the Bill for the boiler came in June. Grace was not something we said at "
        "dinner. Mark my words. Will I go back? We took the bus to Chelsea and walked in Florence."
    )
    assert find_identifying_information(text) == []


def test_the_same_words_are_names_when_the_context_says_so() -> None:
    text = (
        "May Chen lived next door, and Bill from the gas company rang twice. My friend Grace came round. "
        "Chelsea was my best friend. Grandma June kept a shotgun by the door."
    )
    assert [t for k, t in kinds_and_texts(text)] == ["May Chen", "Bill", "Grace", "Chelsea", "June"]


def test_pets_and_places_named_something_are_not_people() -> None:
    text = "We had a dog named Biscuit and lived in a village called Hope, near a pub called Rosie's."
    assert find_identifying_information(text) == []


def test_a_title_case_heading_does_not_spread_to_the_rest_of_the_story() -> None:
    text = "What Can Narwhals Do For You\n\nNarwhals are whales. Narwhals live in the Arctic."
    assert [f.text for f in find_identifying_information(text)] == ["Can Narwhals"]


def test_narrator_i_sentence_starts_and_saints_are_not_names() -> None:
    text = "I was born at St Mary's. Then I moved to San Antonio. Later I met nobody. Years passed. The End."
    assert find_identifying_information(text) == []


# -- the result contract ------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", LABELLED, ids=lambda item: item["text"][:30])
def test_findings_are_sorted_non_overlapping_and_match_their_offsets(item: dict[str, Any]) -> None:
    text = item["text"]
    findings = find_identifying_information(text)
    assert findings == sorted(findings, key=lambda f: f.start)
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    for finding in findings:
        assert finding.kind in KINDS
        assert text[finding.start : finding.end] == finding.text
        assert finding.replacement


def test_apply_replacements_only_touches_accepted_findings() -> None:
    text = "Call Priya Sharma on 07700 900123 or email priya@example.com."
    findings = by_text(find_identifying_information(text))
    accepted = [findings["07700 900123"], findings["priya@example.com"]]
    assert (
        apply_replacements(text, accepted) == "Call Priya Sharma on [phone number] or email [email address]."
    )
    assert apply_replacements(text, []) == text


def test_apply_replacements_refuses_stale_or_overlapping_findings() -> None:
    text = "Ring 07700 900123 tonight."
    (finding,) = find_identifying_information(text)
    with pytest.raises(ValueError):
        apply_replacements("Ring 07700 900124 tonight.", [finding])
    with pytest.raises(ValueError):
        apply_replacements(text, [finding, Finding("phone", finding.start + 1, finding.end, text[6:17], "x")])


def test_segments_round_trip_to_original_text() -> None:
    for item in LABELLED:
        text = item["text"]
        findings = find_identifying_information(text)
        parts = segments(text, findings)
        assert "".join(p.text for p in parts) == text
        assert [p.finding for p in parts if p.is_finding] == findings
        for part in parts:
            assert text[part.start : part.end] == part.text


def test_segments_of_text_without_findings_is_one_plain_segment() -> None:
    (only,) = segments("Nothing to see.", [])
    assert only.text == "Nothing to see." and not only.is_finding
    assert segments("", []) == []


# -- hostile input ------------------------------------------------------------------------------------------


def test_empty_and_whitespace_text_has_no_findings() -> None:
    assert find_identifying_information("") == []
    assert find_identifying_information(" \n\t ") == []


@pytest.mark.parametrize(
    "noise",
    [
        "\x00",
        "\u200b",
        "\u200f",
        "\u202e",
        "\ufeff",
        "😀",
        "👩🏽‍👧",
        "<script>alert(1)</script>",
        "<b>",
        "&amp;",
    ],
)
def test_odd_characters_do_not_crash_or_shift_offsets(noise: str) -> None:
    text = (
        f"{noise}My friend Ngozi{noise} lives at 14 Larkspur Road{noise}. Ring {noise}07700 900123 or "
        f"<a href='mailto:ngozi@example.com'>ngozi@example.com</a>{noise}, @ngozi_writes{noise}."
    )
    findings = find_identifying_information(text)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    assert {"Ngozi", "14 Larkspur Road", "07700 900123", "ngozi@example.com", "@ngozi_writes"} <= {
        f.text for f in findings
    }
    assert "".join(s.text for s in segments(text, findings)) == text


def test_a_megabyte_of_text_and_pathological_runs_finish() -> None:
    story = " ".join(item["text"] for item in LABELLED)
    text = (story + "\n") * (1_000_000 // len(story))
    hostile = ["a" * 200_000, "1" * 200_000, "." * 100_000, "@" * 100_000, "a." * 100_000, "1 " * 100_000]
    findings = find_identifying_information(text)
    assert len(findings) > 1000
    assert all(text[f.start : f.end] == f.text for f in findings[:: max(1, len(findings) // 500)])
    for run in hostile:
        for finding in find_identifying_information(f"Aoife {run} 07700 900123"):
            assert finding.text in ("Aoife", "07700 900123")


def test_module_does_not_import_django() -> None:
    code = (
        "import sys, fireside.textanalysis.pii as p; "
        "p.find_identifying_information('Aoife'); print('django' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- the labelled set ---------------------------------------------------------------------------------------


def _is_word_edge(text: str, index: int) -> bool:
    return index <= 0 or index >= len(text) or not (text[index - 1].isalnum() and text[index].isalnum())


def locate_labels(text: str, labels: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """Turn substring labels into spans (see the module docstring for the placement rule)."""
    taken: list[tuple[int, int]] = []
    spans: list[tuple[str, int, int]] = []
    for label in sorted(labels, key=lambda item: -len(item["text"])):
        needle = str(label["text"])
        occurrences = []
        position = text.find(needle)
        while position != -1:
            if _is_word_edge(text, position) and _is_word_edge(text, position + len(needle)):
                occurrences.append(position)
            position = text.find(needle, position + 1)
        if "nth" in label:
            start = occurrences[label["nth"]]
        else:
            free = [p for p in occurrences if all(p + len(needle) <= s or p >= e for s, e in taken)]
            assert free, f"label {needle!r} not found in {text!r}"
            start = free[0]
        taken.append((start, start + len(needle)))
        spans.append((label["kind"], start, start + len(needle)))
    return spans


def score(items: list[dict[str, Any]]) -> dict[str, tuple[int, int, int, int]]:
    """Per kind: (labels found, labels, findings correct, findings)."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in items:
        text = item["text"]
        gold = locate_labels(text, item["findings"])
        found = find_identifying_information(text)
        for kind, start, end in gold:
            counts[kind, "labels"] += 1
            counts[kind, "found"] += any(f.kind == kind and f.start < end and start < f.end for f in found)
        for f in found:
            counts[f.kind, "findings"] += 1
            counts[f.kind, "correct"] += any(k == f.kind and f.start < e and s < f.end for k, s, e in gold)
    return {
        k: (counts[k, "found"], counts[k, "labels"], counts[k, "correct"], counts[k, "findings"])
        for k in KINDS
    }


def _table(title: str, scores: dict[str, tuple[int, int, int, int]]) -> str:
    lines = [title, f"  {'kind':<9}{'recall':>16}{'precision':>18}"]
    for kind, (found, labels, correct, findings) in scores.items():
        recall = f"{found / labels:.2f} ({found}/{labels})" if labels else "n/a"
        precision = f"{correct / findings:.2f} ({correct}/{findings})" if findings else "n/a"
        lines.append(f"  {kind:<9}{recall:>16}{precision:>18}")
    return "\n".join(lines)


@cache
def scores_for(split: str) -> dict[str, tuple[int, int, int, int]]:
    return score([item for item in LABELLED if split == "all" or item["split"] == split])


def test_labelled_set_recall_and_precision_table() -> None:
    heldout = [item for item in LABELLED if item["split"] == "heldout"]
    assert len(LABELLED) >= 45 and 0.25 <= len(heldout) / len(LABELLED) <= 0.40
    print("\n" + _table(f"held-out ({len(heldout)} texts)", scores_for("heldout")))
    print(_table(f"all data ({len(LABELLED)} texts)", scores_for("all")))


# The held-out split is scored only after tuning on dev. Handles are the hard kind: people mention accounts in
# endless ways. Each fresh batch below was written blind (by someone who never saw the finder or the data) and
# scored once, with the rules frozen in a commit before the batch was opened:
#   batch 1 (21 texts)       handles 3/4      then: bare non-English words after a platform
#   batch 2 (12 texts)       handles 9/13     then: "handle/username/account called ...", brackets, "became"
#   batch 3 (16 texts)       handles 14/22    then: handle-shaped tokens in a sentence naming a platform
#   batch 4 (16 texts)       handles 23/26    then: underscores and Discord tags anywhere, "goes by"
#   batch 5 (16 texts)       handles 18/27    then: the handle finder rewritten to weigh evidence (handles.py)
#   batches 6-7 (32 texts)   handles 74/89    at dce1d32; then: page names around page nouns, quoted names
#   batches 8-9 (32 texts)   handles 84/92    at acfe2d8; then: runs after naming cues, dotted handles anywhere
#   batches 10-11 (32 texts) handles 89/93    at 6d04493: held out, and no rule has been changed for them
# Batches 1-2 are held out too but were re-scored after rules informed by descriptions of their misses;
# batches 3-9 are dev data. Held-out text is never used to tune a rule: a new rule needs a new blind batch.


@pytest.mark.parametrize(
    ("split", "kind"), [(split, kind) for split in ("heldout", "all") for kind in RECALL_FLOORS]
)
def test_labelled_recall_meets_its_floor(split: str, kind: str) -> None:
    found, labels, _, _ = scores_for(split)[kind]
    assert labels and found / labels >= RECALL_FLOORS[kind], f"{split} recall for {kind}: {found}/{labels}"
