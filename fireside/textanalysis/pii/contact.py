"""Contact details: email addresses, links, phone numbers and social-media handles.

Every pattern starts with a negative look-behind so that it can only begin at the start of a run of the
characters it consumes. That keeps each scan linear on hostile input (a megabyte of letters, digits or dots)
instead of retrying a failed match from every position inside the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain

from .lexicon import STOPWORDS, english_words, fold
from .model import Finding

EMAIL_REPLACEMENT = "[email address]"
PHONE_REPLACEMENT = "[phone number]"
URL_REPLACEMENT = "[link]"
HANDLE_REPLACEMENT = "[social handle]"

_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9][A-Za-z0-9-]{0,62}"
    r"(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w@-])"
)

# "jane [at] example [dot] com": people hide addresses from scrapers and still name themselves. A bracketed
# "at" is required, or a plain " at " with a bracketed "dot", because "the dot com era" in plain words is prose.
_AT_BRACKETED = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
_DOT_BRACKETED = r"\s*[\[({<]\s*dot\s*[\])}>]\s*"
_DOT_ANY = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
_OBFUSCATED_TLDS = r"(?:com|org|net|gov|edu|co|uk|io|ie|us|ca|au|nz|info|me|de|fr|es|pl|ng|in)\b"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
    rf"(?:{_AT_BRACKETED}[A-Za-z0-9-]{{1,63}}(?:{_DOT_ANY}[A-Za-z0-9-]{{1,63}}){{0,3}}?{_DOT_ANY}"
    rf"|\s+at\s+[A-Za-z0-9-]{{1,63}}(?:{_DOT_ANY}[A-Za-z0-9-]{{1,63}}){{0,3}}?{_DOT_BRACKETED})"
    rf"{_OBFUSCATED_TLDS}",
    re.IGNORECASE,
)

_OBFUSCATION_MARK = re.compile(r"[\[({<]\s*(?:at|dot)\s*[\])}>]", re.IGNORECASE)

_URL_BODY = r"[^\s<>\"'`\u200b-\u200f\u2028-\u202e]"
_SCHEME_URL = re.compile(rf"(?<![\w@])(?:https?|ftp)://{_URL_BODY}+", re.IGNORECASE)
_WWW_URL = re.compile(
    rf"(?<![\w@./-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]{_URL_BODY}*)?", re.IGNORECASE
)
# Bare domains are only believed with a top-level domain that is rarely an English word after a full stop.
# Short ones that are words ("in", "it", "to", "me", "is"...) need a path to count: "bit.ly/x" yes, "end.it" no.
_SAFE_TLDS = (
    "com|org|net|edu|gov|io|co|uk|ie|ca|au|nz|de|fr|es|nl|pl|ng|ly|tv|app|dev|info|biz|blog|xyz|link|gl|gd|"
    "site|online|shop|page|news|club|live|store|tech|space|website"
)
_PATH_TLDS = "in|it|to|me|is|at|be|us|ai|so|cc|fm|gg|im|ms|ws|la|sh|am"
_TLD_HIT = re.compile(rf"\.(?:(?:{_SAFE_TLDS})(?![\w-])|(?:{_PATH_TLDS})/)", re.IGNORECASE)
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_BARE_URL = re.compile(
    rf"(?<![\w@./-])(?:[A-Za-z0-9][A-Za-z0-9-]{{0,62}}\.)+"
    rf"(?:(?:{_SAFE_TLDS})(?![\w-])(?:[/?#]{_URL_BODY}*)?|(?:{_PATH_TLDS})/{_URL_BODY}*)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?'\"”’)]}>*"

# The look-ahead on the first character lets the regex engine skip quickly to candidate positions.
_PHONE = re.compile(
    r"(?=[+(0-9])(?<![\w+£$€¥#@/.,:-])"
    r"(?:(?P<intl>(?:\+|00)\d{1,3}|\(\+\d{1,3}\))[ .-]?(?:\(0\)[ .-]?)?|(?P<trunk>1[ .-]))?"
    r"(?:(?P<area>\(\d{2,5}\))[ .-]?)?"
    r"(?P<body>\d+(?:[ .-]\d+){0,5})"
    r"(?![\w£$€%]|[.,:/-]\d)"
)

_AT_HANDLE = re.compile(r"@(?<![\w@./+-]@)[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?")
_REDDIT_USER = re.compile(r"(?<![\w/])/?u/[A-Za-z0-9_-]{3,20}(?![\w/-])")
_PLATFORM_NAMES = (
    *("Instagram", "Insta", "IG", "TikTok", "Twitter", "Snapchat", "Snap", "Reddit", "Tumblr", "Threads"),
    *("Bluesky", "Mastodon", "Facebook", "FB", "Discord", "Twitch", "YouTube", "Telegram", "Pinterest"),
    *(
        "LinkedIn",
        "Kik",
        "Venmo",
        "CashApp",
        "PayPal",
        "Substack",
        "GitHub",
        "Steam",
        "Xbox",
        "PSN",
        "Roblox",
    ),
)
_PLATFORMS = "|".join(_PLATFORM_NAMES)
# Found with str.find before trying the case-insensitive pattern, which is slow to try at every position.
_PLATFORM_WORDS = tuple(name.lower() for name in _PLATFORM_NAMES)
_HANDLE_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,38}[A-Za-z0-9_]"
# "<platform> [handle|username...] <connector> [@]token": "my Instagram is jane.doe91", "on Instagram, it's
# seoulkitchenmom", "my TikTok username is nightowlwrites", "Snapchat: kay_lee". A "named" word (handle,
# username) is evidence on its own; "account", "page" and "profile" are not ("my Instagram account is private").
_NAMED_HANDLE = re.compile(
    rf"\b(?:{_PLATFORMS})"
    r"(?P<named>\s+(?:handle|username|user\s?name|account\s+name|name|ID|tag))?"
    r"(?:\s+(?:account|page|profile))?"
    r"(?:\s*,?\s+(?:is|was|as|under|at|called|became|I['’]?m|I\s+am|it['’]?s|it\s+(?:is|was)"
    r"|I\s+go\s+by|I['’]?m\s+on\s+there\s+as)\b|['’]s\b|\s*[:=(,])\s*[\"“‘'(]?"
    rf"(?P<at>@)?(?P<handle>{_HANDLE_PATTERN})",
    re.IGNORECASE,
)
# "follow seoulkitchenmom on Instagram", "look up kay_lee on Snapchat": the handle before the platform.
_HANDLE_BEFORE_PLATFORM = re.compile(
    r"\b(?:follow|find|search(?:\s+for)?|look\s+(?:up|for)|check\s+out|message|add)\s+"
    r"(?:(?:me|her|him|them|us)\s+(?:as|at)\s+)?"
    rf"(?P<at>@)?(?P<handle>{_HANDLE_PATTERN})\s+on\s+(?:{_PLATFORMS})\b",
    re.IGNORECASE,
)
# "her handle is kofi_builds", "the account called TheRealSadia", "his channel, GrannyCooksLagos": the writer
# names the thing a handle belongs to, with or without the platform right beside it. "handle" and "username"
# are evidence on their own; "account", "page", "channel" and "profile" are everyday words ("the page was
# torn"), so those need a platform named earlier in the sentence as well.
_STRONG_HANDLE_NOUNS = (
    "handle",
    "username",
    "user name",
    "screen name",
    "screenname",
    "gamertag",
    "gamer tag",
)
_WEAK_HANDLE_NOUNS = ("account", "page", "channel", "profile", "tag", "goes by", "went by", "known as")
_HANDLE_NOUN = re.compile(
    r"\b(?P<noun>handle|user\s?name|screen\s?name|gamer\s?tag|account|page|channel|profile|tag|goes\s+by"
    r"|went\s+by|known\s+as)s?"
    r"(?:\s*[:=(]|\s*,|\s+(?:is|was|name\s+is|called|named|under|as|is\s+called|was\s+called|"
    r"is\s+named|was\s+named|is\s+still|was\s+still|became|is\s+now|was\s+now)|(?<=by|as)\s)\s*[\"“‘'(]?"
    rf"(?P<at>@)?(?P<handle>{_HANDLE_PATTERN})",
    re.IGNORECASE,
)
_HANDLE_NOUN_WORDS = tuple(
    sorted({*_STRONG_HANDLE_NOUNS, *_WEAK_HANDLE_NOUNS, "screen", "gamer", "goes", "went", "known"})
)
_SENTENCE_END = re.compile(r"[.!?\n](?=\s)|\n")
_HANDLE_CHARACTERS = frozenset("0123456789_.-")
# A token no prose word looks like: "ifeoma_rebuilds", "marisela.reyes.art", "seoulfoodsoul93",
# "TheNightShiftDiaries" (three or more capitalised parts; "McDonald" and "DeShawn" have two).
_HANDLE_SHAPE = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)*_[A-Za-z0-9_.]*"
    r"|[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+"
    r"|[A-Za-z]{3,}\d{1,4}"
    r"|[A-Za-z][a-z]+(?:[A-Z][a-z0-9]+){2,}"
)
# Prose never joins words with an underscore, and "name#1234" is a Discord tag: both are handles anywhere.
_UNDERSCORED_OR_TAGGED = re.compile(
    r"(?<![\w@./:#-])(?=\w*[A-Za-z])[A-Za-z0-9]\w*?(?:_[A-Za-z0-9]\w*|#\d{4})(?![\w@/-]|\.\w)"
)
_SHAPED_TOKEN = re.compile(r"(?<![\w@./:-])[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9](?![\w@/-]|\.\w)")
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly", "er", "est")


def _is_english_word(word: str) -> bool:
    """True for a common word or a plain inflection of one ("cats", "posted", "posting", "mostly")."""
    key = fold(word)
    words = english_words()
    if key in words or key in STOPWORDS:
        return True
    return any(
        key.endswith(ending) and len(key) - len(ending) >= 3 and key[: -len(ending)] in words
        for ending in _INFLECTIONS
    )


def _bare_word_is_handle(token: str, *, before_platform: bool = False) -> bool:
    """Whether a bare word the writer ties to a platform is a handle rather than prose.

    "my Instagram is private", "on TikTok, everyone..." and "find her on Facebook" use ordinary words;
    "seoulkitchenmom" and "SeoulKitchenMom" are not words, "jane.doe91" has handle characters. Before a
    platform a capitalised word is more likely a person ("I found Priya on Facebook"), so it is left to the
    name finder.
    """
    if any(c in _HANDLE_CHARACTERS for c in token):
        return True
    if before_platform and token[0].isupper():
        return False
    if any(c.isupper() for c in token[1:]) and not token.isupper():  # camelCase: "SeoulKitchenMom"
        return True
    return len(token) >= 4 and not _is_english_word(token)


def _trim_url(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation a URL pattern swallowed, keeping a closing bracket the URL itself opened."""
    while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
        closing = text[end - 1]
        if closing == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def _around(
    pattern: re.Pattern[str], text: str, anchors: Iterable[int], reach: int
) -> Iterator[re.Match[str]]:
    """Match ``pattern`` only near each anchor (an "@", an "[at]"), keeping matches that contain the anchor.

    Far cheaper than trying the pattern at every word of a long story, and linear on hostile input.
    """
    resume = 0
    for anchor in anchors:
        if anchor < resume:
            continue
        for m in pattern.finditer(text, max(resume, anchor - reach), min(len(text), anchor + 4 * reach)):
            if m.start() <= anchor < m.end():
                resume = m.end()
                yield m
                break


def find_emails(text: str) -> Iterator[Finding]:
    ats = (
        i
        for i in _occurrences(text, "@")
        if 0 < i < len(text) - 1 and text[i - 1] in _LOCAL_CHARS and text[i + 1].isalnum()
    )
    marks = (m.start() for m in _OBFUSCATION_MARK.finditer(text))
    for m in chain(_around(_EMAIL, text, ats, 80), _around(_OBFUSCATED_EMAIL, text, marks, 120)):
        yield Finding("email", m.start(), m.end(), m.group(), EMAIL_REPLACEMENT)


def _bare_url_matches(text: str) -> Iterator[re.Match[str]]:
    """Find "example.org/path" by its top-level domain, then walk back to where the domain starts."""
    resume = 0
    for hit in _TLD_HIT.finditer(text):
        if hit.start() < resume:
            continue
        start = hit.start()
        while start > resume and hit.start() - start < 253 and text[start - 1] in _DOMAIN_CHARS:
            start -= 1
        m = _BARE_URL.match(text, start)
        if m:
            resume = m.end()
            yield m


def find_urls(text: str) -> Iterator[Finding]:
    matches: list[Iterable[re.Match[str]]] = [_bare_url_matches(text)]
    if "://" in text:
        matches.append(_SCHEME_URL.finditer(text))
    if "www." in text or "WWW." in text or "Www." in text:
        matches.append(_WWW_URL.finditer(text))
    for m in chain.from_iterable(matches):
        end = _trim_url(text, m.start(), m.end())
        if "." in text[m.start() : end]:
            yield Finding("url", m.start(), end, text[m.start() : end], URL_REPLACEMENT)


def _plausible_phone(intl: str | None, trunk: str | None, area: str | None, groups: list[str]) -> bool:
    """Decide from digit counts and grouping whether a run of numbers is a phone number.

    Years, prices, dates, times and reference numbers fail these checks: they are too short, or grouped
    4-4-4 like an order number rather than in a telephone pattern.
    """
    area_digits = area[1:-1] if area else ""
    digits = area_digits + "".join(groups)
    if intl:
        country = intl[2:] if intl.startswith("00") else intl.strip("(+)")
        total = len(digits) + len(country)
        if intl.startswith("00") and total < 10:
            return False
        return 8 <= len(digits) <= 13 and total <= 15
    if trunk:  # 1-555-010-4477, North American with the trunk prefix
        return len(digits) == 10 and digits[0] in "23456789"
    if digits.startswith("0"):  # UK, Irish and many other national formats
        return len(digits) in (10, 11) and (area is not None or len(groups) > 1 or digits.startswith("07"))
    if len(digits) == 10 and digits[0] in "23456789":  # North American
        return (area is not None and len(area_digits) == 3) or [len(g) for g in groups] == [3, 3, 4]
    return False


def find_phones(text: str) -> Iterator[Finding]:
    for m in _PHONE.finditer(text):
        groups = re.split(r"[ .-]", m.group("body"))
        intl, trunk, area = m.group("intl"), m.group("trunk"), m.group("area")
        # A number run may have swallowed a following figure ("07700 900123 2019"); drop trailing groups.
        while groups:
            if _plausible_phone(intl, trunk, area, groups):
                body_end = m.start("body") + len(" ".join(groups))
                yield Finding("phone", m.start(), body_end, text[m.start() : body_end], PHONE_REPLACEMENT)
                break
            groups = groups[:-1]


def _ascii_lower(text: str) -> str:
    """Lower-case with positions still lined up with the original ("İ".lower() is two characters long).

    Every non-ASCII character becomes one "?", which is all the platform and "www." look-ups need.
    """
    return text.encode("ascii", "replace").decode("ascii").lower()


def _occurrences(text: str, word: str) -> Iterator[int]:
    position = text.find(word)
    while position != -1:
        yield position
        position = text.find(word, position + 1)


def _underscored_or_tagged(text: str) -> Iterator[Finding]:
    """Tokens with an inner underscore or a Discord tag. The pattern is tried only at the start of a token that
    holds a "_" or "#" (found with str.find): scanning the whole story with it cost a millisecond."""
    covered = 0
    for mark in sorted(i for character in "_#" for i in _occurrences(text, character)):
        if mark < covered:
            continue
        start = mark
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
            start -= 1
        while start < mark and not text[start].isalnum():
            start += 1
        m = _UNDERSCORED_OR_TAGGED.match(text, start)
        if m and m.end() > mark:
            covered = m.end()
            yield Finding("handle", m.start(), m.end(), m.group(), HANDLE_REPLACEMENT)


def _handle_shaped(token: str) -> bool:
    """Whether ``token`` has a shape prose words don't: inner underscores or dots, trailing digits, many humps."""
    if token.isupper() or token.isdigit():
        return False
    return _HANDLE_SHAPE.fullmatch(token) is not None


def _handle_shaped_in_platform_sentences(text: str, lowered: str) -> Iterator[Finding]:
    """Handle-shaped tokens anywhere in a sentence that names a platform ("my DMs on Instagram are open:
    ifeoma_rebuilds"), where the connecting words are too varied to list."""
    for word in _PLATFORM_WORDS:
        for position in _occurrences(lowered, word):
            end = position + len(word)
            if (position and lowered[position - 1].isalnum()) or (
                end < len(lowered) and lowered[end].isalnum()
            ):
                continue
            before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, position - 200), position)]
            start = before[-1] if before else max(0, position - 200)
            after = _SENTENCE_END.search(text, end, min(len(text), end + 200))
            stop = after.start() if after else min(len(text), end + 200)
            for m in _SHAPED_TOKEN.finditer(text, start, stop):
                if _handle_shaped(m.group()):
                    yield Finding("handle", m.start(), m.end(), m.group(), HANDLE_REPLACEMENT)


def _platform_earlier_in_sentence(lowered: str, position: int) -> bool:
    """Whether a platform is named between the start of the sentence holding ``position`` and ``position``."""
    window_start = max(0, position - 160)
    window = lowered[window_start:position]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    sentence = window[ends[-1] :] if ends else window
    return any(re.search(rf"\b{re.escape(word)}\b", sentence) for word in _PLATFORM_WORDS if word in sentence)


def _handles_after_nouns(text: str, lowered: str) -> Iterator[Finding]:
    """Handles the writer introduces with "handle", "username", "account called" and the like."""
    starts = sorted({i for word in _HANDLE_NOUN_WORDS for i in _occurrences(lowered, word)})
    resume = 0
    for position in starts:
        if position < resume:
            continue
        m = _HANDLE_NOUN.match(text, position)
        if not m or (position and (text[position - 1].isalnum() or text[position - 1] == "_")):
            continue
        resume = m.end()
        handle = m.group("handle")
        noun = re.sub(r"\s+", " ", m.group("noun").lower())
        strong = noun in _STRONG_HANDLE_NOUNS
        # A strong noun ("handle is") vouches for any non-word; a weak one ("account called") needs a
        # handle-shaped token, or a platform earlier in the sentence and a token that is not prose.
        vouched = (
            (strong and (_bare_word_is_handle(handle) or not _is_english_word(handle)))
            or _handle_shaped(handle)
            or (_platform_earlier_in_sentence(lowered, position) and _bare_word_is_handle(handle))
        )
        if m.group("at"):
            start = m.start("at")
        elif vouched:
            start = m.start("handle")
        else:
            continue
        yield Finding("handle", start, m.end("handle"), text[start : m.end("handle")], HANDLE_REPLACEMENT)


def find_handles(text: str) -> Iterator[Finding]:
    if "@" in text:
        for m in _AT_HANDLE.finditer(text):
            yield Finding("handle", m.start(), m.end(), m.group(), HANDLE_REPLACEMENT)
    if "u/" in text:
        for m in _REDDIT_USER.finditer(text):
            start = m.start() + (1 if m.group().startswith("/") else 0)
            yield Finding("handle", start, m.end(), text[start : m.end()], HANDLE_REPLACEMENT)
    lowered = _ascii_lower(text)
    yield from _handles_after_nouns(text, lowered)
    yield from _handle_shaped_in_platform_sentences(text, lowered)
    yield from _underscored_or_tagged(text)
    starts = sorted({i for word in _PLATFORM_WORDS for i in _occurrences(lowered, word)})
    resume = 0
    for position in starts:
        # The platform word may end a "follow seoulkitchenmom on Instagram" phrase.
        window_start = max(resume, position - 80)
        for before in _HANDLE_BEFORE_PLATFORM.finditer(text, window_start, min(len(text), position + 40)):
            if before.start("handle") >= resume and before.end() > position:
                if before.group("at") or _bare_word_is_handle(before.group("handle"), before_platform=True):
                    start = before.start("at") if before.group("at") else before.start("handle")
                    yield Finding(
                        "handle",
                        start,
                        before.end("handle"),
                        text[start : before.end("handle")],
                        HANDLE_REPLACEMENT,
                    )
                break
        named = _NAMED_HANDLE.match(text, position) if position >= resume else None
        if not named:
            continue
        resume = named.end()
        handle = named.group("handle")
        # "my Instagram is private" is prose; a bare handle needs a sign that it is one: an @, the writer
        # calling it a handle or username, or a word that is not an ordinary English word.
        if named.group("at") or named.group("named") or _bare_word_is_handle(handle):
            start = named.start("at") if named.group("at") else named.start("handle")
            end = named.end("handle")
            yield Finding("handle", start, end, text[start:end], HANDLE_REPLACEMENT)
