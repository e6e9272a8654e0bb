"""Person names, found with word lists and context rules, and replaced with consistent pseudonyms.

A statistical recogniser (spaCy, say) would catch more unusual names, but it brings a large dependency, a
model to install and a per-story cost well above this check's budget of a few milliseconds while the writer
waits. These rules are cheap and their decisions can be read and argued with:

* a capitalised word that is a known given name (``data/given_names.txt``) is a name, plus any capitalised
  words right after it (the surname: "Priya Sharma", "María de los Ángeles Delgado");
* a family-name-first name ("Zhang Wei", "Park Ji-yeon", "Nguyen Thi Hoa") starts with a known surname
  (``data/surnames.txt``) followed by a known given name;
* after a title ("Mrs", "Dr", "Aunt", "Uncle", "Chief", "Pani"...) or a relation word ("my sister", "a man
  called") any capitalised word is a name, listed or not;
* once a word has been confirmed as part of a name it is found again on its own ("Murphy said"), so
  the first name, the surname and possessives all get the same pseudonym;
* names that are also months ("May"), ordinary words ("Grace", "Bill", "Will") or places ("Chelsea",
  "Florence") need more evidence, and lose to the reading the context suggests ("in May", "the Bill",
  "the bus to Chelsea").

Known limits: lower-case names ("priya") are not found; an unlisted name with no title, relation word or
listed first name is missed; a place that is also a name is read as a person unless a preposition or a
following state says otherwise ("Chelsea won the league" is flagged); Title Case headings can produce a
false name ("Can Narwhals"); deities and saints with given names ("prayed to Ganesh") are flagged; two
people with the same first name share its pseudonym.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from . import lexicon as lx
from .lexicon import fold
from .model import Finding

# Neutral pseudonyms, so a replacement does not contradict the pronouns around it. Any that already occur in
# the text are skipped, so a pseudonym never collides with a real name in the same story.
_PSEUDO_GIVEN = lx.word_list(
    """Alex Sam Robin Morgan Casey Riley Jamie Quinn Rowan Avery Charlie Frankie Sasha Kit Remy Jules Emery Reese
    Sage Shay Ari Dani Jesse Lou Toni Nico Andie Billie Elliot Hayden Marley Parker"""
)
_PSEUDO_FAMILY = lx.word_list(
    """Ellis Hart Marsh Reed Lane Fox Hale Brook Stone Wren Moss Vale Frost Ward Sloane Blake Perry Dale Finch
    Hayes Rowe Sutton Tate York Lark Birch Rivers Nash Quill Thorne Holt Ash"""
)

_NAME_GAP = re.compile(r"[ \t]+(?:(?:" + "|".join(sorted(lx.PARTICLES)) + r")[ \t]+){0,3}")
_TITLE_GAP = re.compile(r"\.?[ \t]+")
_RELATION_GAP = re.compile(r"[ \t]*,?[ \t]+")
# Matched against the reversed text, so finding the word before a position is an anchored match, not a search.
_PREVIOUS_WORD_REVERSED = re.compile(r"(\W{0,8})([^\W\d_]+)")
_CONTRACTION = re.compile(r"['’](?!s\b)[a-z]")
_NEXT_LOWER_WORD = re.compile(r"[ \t]+([a-z]+)")
_NUMBER_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?[ \t]*(?:of[ \t]+)?$")
_NUMBER_AFTER = re.compile(r",?[ \t]+\d")
# "Austin, TX", "Florence, Alabama", "Victoria, Australia": a place followed by its state or country.
_REGION_AFTER = re.compile(r",[ \t]*(?:[A-Z]{2}\b|(?:" + "|".join(sorted(lx.REGIONS)) + r")\b)")
# Skipped when looking for what precedes a word: spacing, quotes, brackets, dashes and Markdown marks.
_SKIPPED_BEFORE = frozenset(" \t\r\n\"'‘’“”([{*_`~-–—")
_MID_SENTENCE_MARKS = frozenset(",;&/")


@cache
def _capitalised_word() -> re.Pattern[str]:
    """A word that starts with an upper-case letter in any script (Python's ``re`` has no ``\\p{Lu}``)."""
    ranges: list[str] = []
    code = 0
    while code < 0x10000:
        if chr(code).isupper():
            first = code
            while code + 1 < 0x10000 and chr(code + 1).isupper():
                code += 1
            ranges.append(f"\\u{first:04x}" if first == code else f"\\u{first:04x}-\\u{code:04x}")
        code += 1
    upper = "".join(ranges)
    return re.compile(rf"(?<!\w)(?:[OD]['’](?=[A-Z]))?[{upper}][^\W\d_]*(?:-[^\W\d_]+)*")


@dataclass
class _Mention:
    first: int  # index of the first word of the name in the capitalised-word list
    last: int
    title: str | None = None  # "formal" ("Dr Okafor": a family name) or "family" ("Aunt Hana": a given name)
    # Whether the words may be looked for again on their own. Not when the only evidence was a word-like
    # name before another capitalised word ("Ruby Faker", "What Can Narwhals Do"): headings look like that.
    confident: bool = True


class _NameFinder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.reversed = text[::-1]
        self.spans: list[tuple[int, int]] = []
        self.words: list[str] = []
        for m in _capitalised_word().finditer(text):
            start, end = m.span()
            word = m.group()
            if end < len(text) and text[end] in "'’" and _CONTRACTION.match(text, end):
                continue  # "Don't", "Won't", "Can't": not names
            if "-" in word:
                lowered = word.lower()
                for suffix in lx.HONORIFIC_SUFFIXES:  # "Tanaka-san" is Tanaka
                    if lowered.endswith(suffix) and len(word) > len(suffix) + 1:
                        word, end = word[: -len(suffix)], end - len(suffix)
                        break
            self.spans.append((start, end))
            self.words.append(word)
        self.keys = [fold(w) for w in self.words]
        self.given = lx.given_names()
        self.surnames = lx.family_first_surnames()
        self.family_names = lx.family_names()

    def _is_given(self, key: str) -> bool:
        if key in self.given:
            return True
        return bool(lx.WEST_AFRICAN_NAME.fullmatch(key)) and key not in lx.WEST_AFRICAN_EXCEPTIONS

    # -- context -------------------------------------------------------------------------------------------

    def _before(self, position: int) -> tuple[str, str, int]:
        """The word before ``position``, the characters between, and where that word starts."""
        m = _PREVIOUS_WORD_REVERSED.match(self.reversed, len(self.text) - position)
        if not m:
            return "", "", -1
        gap, word = m.group(1)[::-1], m.group(2)[::-1]
        return word, gap, position - len(gap) - len(word)

    def _sentence_initial(self, i: int) -> bool:
        """True after a full stop, a heading or list mark, a table cell, or at the start of the text."""
        position = start = self.spans[i][0]
        while position > 0 and start - position < 32 and self.text[position - 1] in _SKIPPED_BEFORE:
            position -= 1
        # A line break counts as a boundary: headings and list items often end without punctuation.
        if position == 0 or "\n" in self.text[position:start]:
            return True
        previous = self.text[position - 1]
        return not (previous.isalnum() or previous in _MID_SENTENCE_MARKS)

    def _adjacent(self, i: int, j: int, gap: re.Pattern[str]) -> bool:
        return (
            j < len(self.spans) and gap.fullmatch(self.text, self.spans[i][1], self.spans[j][0]) is not None
        )

    def _name_part(self, j: int, *, after_title: bool = False) -> bool:
        """Can this capitalised word continue a name (a surname, a second given name)?

        A month continues a name only straight after a title: "Grandma June" but not "Priya May".
        """
        key, word = self.keys[j], self.words[j]
        return not (
            key in lx.STOPWORDS
            or key in lx.PLACE_NOUNS
            or key in lx.FORMAL_TITLES
            or key in lx.FUNCTION_WORD_NAMES
            or (key in lx.MONTH_NAMES and not after_title)
            or (len(word) > 1 and word.isupper())
        )

    def _has_surname(self, i: int) -> bool:
        return self._adjacent(i, i + 1, _NAME_GAP) and self._name_part(i + 1)

    def _place_noun_follows(self, i: int) -> bool:
        return self._adjacent(i, i + 1, _NAME_GAP) and self.keys[i + 1] in lx.PLACE_NOUNS

    def _person_verb_follows(self, i: int) -> bool:
        m = _NEXT_LOWER_WORD.match(self.text, self.spans[i][1])
        return bool(m and m.group(1) in lx.PERSON_VERBS)

    def _possessive_follows(self, i: int) -> bool:
        end = self.spans[i][1]
        return self.text[end : end + 2] in ("'s", "’s")

    def _month_context(self, i: int) -> bool:
        """Whether the month reading wins: "in May", "14 May", "May 2019", "the end of May"."""
        start, end = self.spans[i]
        if _NUMBER_AFTER.match(self.text, end) or _NUMBER_BEFORE.search(self.text, max(0, start - 12), start):
            return True
        word, _, word_start = self._before(start)
        key = word.lower()
        if key != "of":
            return key in lx.MONTH_CONTEXT_WORDS
        earlier, _, _ = self._before(word_start)
        return earlier.lower() in lx.MONTH_OF_WORDS

    def _place_context(self, i: int) -> bool:
        """Whether the place reading wins: "in Chelsea", "the bus to Chelsea", "Austin, TX", "the Florence"."""
        if _REGION_AFTER.match(self.text, self.spans[i][1]):
            return True
        word, _, word_start = self._before(self.spans[i][0])
        key = word.lower()
        if key in lx.LOCATIVE_WORDS or key in lx.DETERMINERS:
            return True
        if key == "to":
            earlier, _, _ = self._before(word_start)
            return earlier.lower() in lx.MOTION_WORDS
        return False

    def _saint_or_royal_before(self, i: int) -> bool:
        word, gap, _ = self._before(self.spans[i][0])
        return fold(word) in lx.NOT_NAME_AFTER and _TITLE_GAP.fullmatch(gap) is not None

    def _thing_named_before(self, i: int) -> bool:
        """A name, but not a person's: "a dog named Biscuit", "a pub called Rosie's"."""
        word, gap, word_start = self._before(self.spans[i][0])
        if (word in lx.NAMING_WORDS or word == "called") and _RELATION_GAP.fullmatch(gap):
            return self._before(word_start)[0].lower() in lx.NON_PERSON_NOUNS
        return False

    def _relation_before(self, i: int) -> bool:
        """A relation word or a naming verb just before: "my sister Ngozi", "a man called Wojciech"."""
        word, gap, word_start = self._before(self.spans[i][0])
        if not word or not word.islower() or not _RELATION_GAP.fullmatch(gap):
            return False
        if word in lx.RELATION_WORDS:
            return True
        if word in lx.NAMING_WORDS or word == "called":
            # "a nurse named Ifeoma" but not "a dog named Biscuit"; "called" needs a person noun before it
            earlier = self._before(word_start)[0].lower()
            return earlier in lx.PERSON_NOUNS or (word != "called" and earlier not in lx.NON_PERSON_NOUNS)
        return False

    # -- decisions -----------------------------------------------------------------------------------------

    def _accept_given(self, i: int) -> bool:
        """Decide whether a listed given name is a person here, given what else it could be."""
        key = self.keys[i]
        if self._saint_or_royal_before(i) or self._place_noun_follows(i) or self._thing_named_before(i):
            return False
        surname = self._has_surname(i)
        ambiguous = key in lx.MONTH_NAMES or key in lx.PLACE_NAMES or key in lx.WORD_NAMES
        if ambiguous and self._before(self.spans[i][0])[0].lower() in lx.DETERMINERS:
            return False  # "the Bill Payment Centre", "a Grace period", "this May"
        if key in lx.MONTH_NAMES:
            if surname:
                return True
            return not self._month_context(i) and (self._person_verb_follows(i) or self._relation_before(i))
        if key in lx.PLACE_NAMES and not surname and self._place_context(i):
            return False
        if key in lx.WORD_NAMES and not surname and self._sentence_initial(i):
            return self._person_verb_follows(i) or self._possessive_follows(i)
        return True

    def _unlisted_given_name(self, i: int) -> bool:
        """An unlisted capitalised word right before a listed family name: "Zilmil Sharma", "Tomi Okafor".

        At the start of a sentence the pair must also be followed by a verb of speech or a possessive, since
        "Visit Patel's Pharmacy" starts the same way.
        """
        key = self.keys[i]
        if (
            len(self.words[i]) < 2
            or key in lx.PLACE_NOUNS
            or key in lx.NOT_NAME_AFTER
            or key in lx.REGION_KEYS
            or not self._adjacent(i, i + 1, _NAME_GAP)
            or self.keys[i + 1] not in self.family_names
            or not self._name_part(i + 1)
            or self._saint_or_royal_before(i)
        ):
            return False
        if self._sentence_initial(i):
            return self._person_verb_follows(i + 1) or self._possessive_follows(i + 1)
        return True

    def _extend(self, first: int) -> int:
        """Return the index of the last word of a name starting at ``first`` (at most four words)."""
        last = first
        while last - first < 3 and self._has_surname(last):
            last += 1
        return last

    def first_pass(self) -> list[_Mention]:
        mentions: list[_Mention] = []
        keys, words, count = self.keys, self.words, len(self.keys)
        i = 0
        while i < count:
            key = keys[i]
            title = "formal" if key in lx.FORMAL_TITLES else "family" if key in lx.FAMILY_TITLES else None
            if title and self._adjacent(i, i + 1, _TITLE_GAP) and self._name_part(i + 1, after_title=True):
                last = self._extend(i + 1)
                mentions.append(_Mention(i + 1, last, title))
                i = last + 1
                continue
            if key in lx.STOPWORDS or (len(words[i]) > 1 and words[i].isupper()):
                i += 1
                continue
            if (self._is_given(key) and self._accept_given(i)) or (
                key in self.surnames
                and i + 1 < count
                and self._is_given(keys[i + 1])
                and self._adjacent(i, i + 1, _NAME_GAP)
                and self._name_part(i + 1)
                and not self._saint_or_royal_before(i)
            ):
                pass  # a listed given name, or a family-name-first name
            elif self._unlisted_given_name(i):
                pass
            elif key in lx.PLACE_NOUNS or not self._relation_before(i):
                i += 1
                continue
            last = self._extend(i)
            if not self._place_noun_follows(last):  # "Bill Payment Centre", "Grace Darling Hospital"
                weak = (
                    last > i
                    and keys[i] in lx.AMBIGUOUS_NAMES
                    and not any(
                        self._is_given(k) or k in self.surnames or k in self.family_names
                        for k in keys[i + 1 : last + 1]
                    )
                )
                mentions.append(_Mention(i, last, confident=not weak or self._relation_before(i)))
            i = last + 1
        return mentions

    def propagate(self, mentions: list[_Mention]) -> list[_Mention]:
        """Find confirmed name words again on their own: "Aoife Brennan ... Aoife was..."."""
        covered = {j for m in mentions for j in range(m.first, m.last + 1)}
        known = {
            self.keys[j] for m in mentions if m.confident for j in range(m.first, m.last + 1)
        } - lx.STOPWORDS
        extra: list[_Mention] = []
        for i, key in enumerate(self.keys):
            if i in covered or key not in known or (len(self.words[i]) > 1 and self.words[i].isupper()):
                continue
            if self._saint_or_royal_before(i) or self._place_noun_follows(i):
                continue
            if key in lx.MONTH_NAMES and self._month_context(i):
                continue
            if key in lx.PLACE_NAMES and self._place_context(i):
                continue
            if key in lx.WORD_NAMES and self._before(self.spans[i][0])[0].lower() in lx.DETERMINERS:
                continue
            extra.append(_Mention(i, i))
        return extra

    # -- pseudonyms ----------------------------------------------------------------------------------------

    def _family_first(self, keys: list[str]) -> bool:
        return (
            len(keys) >= 2
            and keys[0] in self.surnames
            and self._is_given(keys[-1])
            and (not self._is_given(keys[0]) or keys[-1] not in self.surnames)
        )

    def findings(self, mentions: Iterable[_Mention]) -> list[Finding]:
        """Give each real given name and each real family name one pseudonym, used at every mention.

        Mapping name parts rather than whole people keeps families consistent: "Mrs Murphy" and "Aisling
        Murphy" become "Mrs Ellis" and "Alex Ellis", and "Aisling" on her own becomes "Alex".
        """
        ordered = sorted(mentions, key=lambda m: m.first)
        roles: dict[str, str] = {}  # real key -> "given" | "family", from the unambiguous mentions
        parsed: list[tuple[_Mention, str | None, str | None, bool]] = []
        for m in ordered:
            keys = self.keys[m.first : m.last + 1]
            given: str | None = None
            family: str | None = None
            family_first = self._family_first(keys)
            if len(keys) >= 2:
                given, family = (keys[-1], keys[0]) if family_first else (keys[0], keys[-1])
            elif m.title == "formal":
                family = keys[0]
            elif m.title == "family":
                given = keys[0]
            for part, role in ((given, "given"), (family, "family")):
                if part is not None:
                    roles.setdefault(part, role)
            parsed.append((m, given, family, family_first))

        in_text = set(self.keys)
        given_pool = (p for p in _PSEUDO_GIVEN if fold(p) not in in_text)
        family_pool = (p for p in _PSEUDO_FAMILY if fold(p) not in in_text)
        given_map: dict[str, str] = {}
        family_map: dict[str, str] = {}

        def pseudo(key: str, role: str) -> str:
            table, pool = (given_map, given_pool) if role == "given" else (family_map, family_pool)
            if key not in table:
                table[key] = (
                    next(pool, None) or f"{'Person' if role == 'given' else 'Surname'} {len(table) + 1}"
                )
            return table[key]

        result: list[Finding] = []
        for m, given, family, family_first in parsed:
            if given is None and family is None:  # a single word with no title: use what the text showed
                key = self.keys[m.first]
                role = roles.get(key) or (
                    "family" if key in self.surnames and not self._is_given(key) else "given"
                )
                replacement = pseudo(key, role)
            elif given is not None and family is not None:
                g, f = pseudo(given, "given"), pseudo(family, "family")
                replacement = f"{f} {g}" if family_first else f"{g} {f}"
            else:
                replacement = pseudo(given, "given") if given is not None else pseudo(family or "", "family")
            start, end = self.spans[m.first][0], self.spans[m.last][1]
            result.append(Finding("name", start, end, self.text[start:end], replacement))
        return result


_PSEUDONYM_WORDS = frozenset(_PSEUDO_GIVEN) | frozenset(_PSEUDO_FAMILY)
_NUMBERED_PSEUDONYM = re.compile(r"(?:Person|Surname) \d{1,4}")


def is_pseudonym(name: str) -> bool:
    """Whether ``name`` is one this finder invents as a replacement ("Alex Ellis", "Hart", "Person 34").

    Lets a caller trust a list of "accepted pseudonyms" that came back from a browser: a real name slipped into
    it would otherwise be hidden from every later privacy check.
    """
    rest = _NUMBERED_PSEUDONYM.sub("", name).split()
    return bool(name.strip()) and all(word in _PSEUDONYM_WORDS for word in rest)


def find_names(text: str) -> list[Finding]:
    finder = _NameFinder(text)
    if not finder.spans:
        return []
    mentions = finder.first_pass()
    mentions += finder.propagate(mentions)
    return finder.findings(mentions)
