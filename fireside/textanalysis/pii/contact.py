"""Contact details: email addresses, links and phone numbers (handles are in ``handles``).

Every pattern starts with a negative look-behind so that it can only begin at the start of a run of the
characters it consumes. That keeps each scan linear on hostile input (a megabyte of letters, digits or dots)
instead of retrying a failed match from every position inside the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain

from .model import Finding

EMAIL_REPLACEMENT = "[email address]"
PHONE_REPLACEMENT = "[phone number]"
URL_REPLACEMENT = "[link]"

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
        for i in occurrences(text, "@")
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


def occurrences(text: str, word: str) -> Iterator[int]:
    """Every position of ``word`` in ``text``: str.find is far faster than a regex scan of a long story."""
    position = text.find(word)
    while position != -1:
        yield position
        position = text.find(word, position + 1)
