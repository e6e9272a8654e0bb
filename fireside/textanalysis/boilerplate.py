"""Strip site furniture from imported or pasted stories.

Stories reach us copied out of other magazines, blogs and Facebook pages, and they bring the page with them:
"Now Trending:" lists, WordPress comment forms, share buttons, "Advertisement" markers, cookie banners and
"Click here to read more" links. Left in, that text pollutes the archive and, worse, makes two unrelated
stories pasted from the same site look alike to the near-duplicate check. So everything here errs on the side
of keeping a line: a line is only removed when it is unmistakably furniture, because losing a sentence of
someone's story is worse than leaving a stray "Tweet" behind.

``boilerplate_spans`` reports what would be removed as character spans of the original text, so that callers
that need offsets into the original (the side-by-side highlighter) can skip furniture without losing their
place; ``strip_boilerplate`` is the same decision applied as a cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["boilerplate_spans", "strip_boilerplate"]

# Headings that introduce a list of other articles' headlines.
_LIST_HEADING = re.compile(
    r"(?:now trending|trending now|trending(?: stories| posts| articles)?|related(?: posts| stories| articles| reads)?"
    r"|you (?:may|might) also (?:like|enjoy)|more (?:stories|from us)|recommended(?: for you| stories)?"
    r"|popular (?:posts|stories)|most popular|read (?:next|these next)|don'?t miss)"
    r"\s*[:\-–—]?(?:\s.*)?",
    re.IGNORECASE,
)

_BULLET = re.compile(r"^\s*(?:[-*•·►▶»◦–—]|\d{1,2}[.)])\s+")
_SENTENCE_END = ".!?…\"”’'»)"

# WordPress-style comment forms. "Strong" lines are unambiguous anywhere; "weak" labels ("Name *") only
# count next to a strong line, since a story may well contain a line that says "Website".
_FORM_STRONG = re.compile(
    r"(?:leave a (?:reply|comment)(?: cancel reply)?|cancel reply"
    r"|your email address will not be published\.?(?: required fields are marked \*)?"
    r"|required fields are marked \*|save my name, email, and website in this browser for the next time i comment\.?"
    r"|notify me of (?:follow-up comments|new posts) by email\.?|post comment|submit comment|δ)",
    re.IGNORECASE,
)
_FORM_WEAK = re.compile(r"(?:comment|name|email|e-mail|website|url)\s*\*?", re.IGNORECASE)
_FORM_INLINE = re.compile(
    r"(?:leave a (?:reply|comment)\s+(?:cancel reply\s+)?)?"
    r"(?:your email address will not be published\.?|required fields are marked\s*\*"
    r"|save my name, email, and website in this browser for the next time I comment\.?"
    r"|notify me of (?:follow-up comments|new posts) by email\.?)"
    r"(?:\s*(?:your email address will not be published\.?|required fields are marked\s*\*"
    r"|save my name, email, and website in this browser for the next time I comment\.?"
    r"|notify me of (?:follow-up comments|new posts) by email\.?|(?:comment|name|email|website)\s*\*"
    r"|website|post comment|δ))*",
    re.IGNORECASE,
)

# Share buttons: a line made only of these words (and separators or counts) is a button bar.
_SHARE_TOKEN = re.compile(
    r"(?<!\w)(?:share (?:on|via|to) (?:facebook|twitter|x|pinterest|whatsapp|linkedin|reddit|telegram|email|messenger)"
    r"|share this(?: story| post| article)?|tweet(?: this)?|pin it|copy link|copy url|e-?mail|facebook|twitter"
    r"|whatsapp|pinterest|linkedin|reddit|telegram|messenger|flipboard|tumblr|sms|print|shares?|like this"
    r"|loading\.\.\.|save|link|x)(?!\w)",
    re.IGNORECASE,
)
_SHARE_PLATFORM = re.compile(
    r"facebook|twitter|tweet|whatsapp|pinterest|linkedin|reddit|telegram|messenger|copy link|e-?mail|share",
    re.IGNORECASE,
)

_AD_LINE = re.compile(
    r"[-–—\s]*(?:advertisements?|ad|ads|sponsored(?: content)?|promoted(?: content)?|paid content"
    r"|(?:the )?story continues below(?: (?:this )?advertisement)?|continue reading below"
    r"|article continues (?:below|after)(?: (?:this )?(?:ad|advertisement))?|scroll to continue(?: with content)?"
    r"|content continues below)[-–—\s]*",
    re.IGNORECASE,
)
# Pasted pages often glue the marker into a paragraph; only the shouted form is safe to cut inline.
_AD_INLINE = re.compile(r"(?<![\w-])ADVERTISEMENT(?![\w-])\s*")

_COOKIE_WORD = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(r"\b(?:web ?site|site|browsing|browser|experience|consent|gdpr|privacy)\b", re.I)
_COOKIE_ACTION = re.compile(
    r"\b(?:use|uses|accept|agree|consent|policy|settings|continuing|personali[sz]e)", re.I
)
_COOKIE_BUTTON = re.compile(
    r"(?:accept(?: all)?(?: cookies)?|reject(?: all)?|decline|allow(?: all)?(?: cookies)?|manage (?:preferences|cookies"
    r"|settings|options)|cookie (?:settings|preferences|policy)|privacy policy|settings|preferences|got it!?|ok(?:ay)?"
    r"|i agree|agree|i understand|learn more|more info(?:rmation)?|close|×|x)[.!]?",
    re.IGNORECASE,
)

_MORE_LINE = re.compile(
    r"(?:read more|continue reading|keep reading|read the (?:full|whole|rest of the) (?:story|article|post)"
    r"|next page|previous page|next\s*[»>›→]|page \d+ of \d+|\(?continued on (?:the )?next page\)?|view comments"
    r"|show comments|load more)\s*[.:»>›→…]*\s*",
    re.IGNORECASE,
)

# Sentences that are furniture wherever they appear, even glued to the end of a story's last paragraph.
_FURNITURE_SENTENCE = re.compile(
    r"(?:please\s+)?(?:(?:do\s+)?let us know|tell us|share)\s+(?:your thoughts|what you think)\b"
    r"|(?:please\s+|and\s+|don'?t forget to\s+|do not forget to\s+)?(?:like and\s+)?share this (?:story|post|article|"
    r"with)\b.*\b(?:friends?|family|families|facebook|loved ones|everyone)\b"
    r"|(?:if you (?:enjoyed|liked|loved) (?:this|the|our) (?:story|post|article)).*\b(?:share|like|comment|follow)"
    r"|(?:don'?t|do not) forget to (?:share|like|comment|subscribe|follow)\b"
    r"|(?:please\s+)?(?:follow|like) us on (?:facebook|twitter|instagram|pinterest)\b"
    r"|(?:please\s+)?click (?:here|the link(?: below)?|below|on the link)\b"
    r"|(?:please\s+)?(?:share|comment) (?:below|in the comments)\b",
    re.IGNORECASE,
)
_LEADING_NOISE = re.compile(r"^[\W_]+")
_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"”’')\]]*|$)[^\S\n]*|[.!?…]+[^\S\n]*")


# Cheap tests that let ordinary story lines skip the expensive checks.
# (Substring tests on a lower-cased line: a case-insensitive regex alternation is ten times slower.)
_INLINE_TRIGGERS = (
    "share", "click", "let us know", "tell us", "follow us", "like us", "forget to", "enjoyed", "liked th",
    "loved th", "comment", "published", "required fields", "save my name", "notify me",
)  # fmt: skip
_SHORT_LINE_WORDS = 40  # furniture other than cookie banners is never longer than this
# For matching only: control characters act as spaces, invisible formatting characters vanish.
_MATCH_FOLD = dict.fromkeys([*range(0, 9), *range(14, 32), 127], " ") | dict.fromkeys(
    [
        0x00AD,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0xFEFF,
    ]
)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # end of content, before the line break
    stop: int  # end including the line break
    text: str
    norm: str  # bullet removed, whitespace collapsed
    words: int


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        content = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        parts = _BULLET.sub("", content.translate(_MATCH_FOLD)).split() if content else []
        lines.append(_Line(pos, pos + len(content), pos + len(raw), content, " ".join(parts), len(parts)))
        pos += len(raw)
    return lines


def _fullmatch(pattern: re.Pattern[str], line: str) -> bool:
    return bool(line) and pattern.fullmatch(line) is not None


def _is_list_heading(norm: str) -> bool:
    if not _fullmatch(_LIST_HEADING, norm):
        return False
    if ":" in norm:
        return True
    return len(norm.split()) <= 4


def _is_headline(line: _Line) -> bool:
    """Whether a line looks like another article's headline rather than part of the story."""
    norm = line.norm
    words = norm.split()
    if not words or line.words > 20:
        return False
    if _BULLET.match(line.text):
        return True
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    if len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.6:
        return True
    # Sentence-case headlines ("He left me at the altar — here is what happened next") have no full stop.
    return norm[-1] not in _SENTENCE_END


def _is_share_bar(norm: str, *, need_platform: bool = True) -> bool:
    if not norm or len(norm) > 200 or (need_platform and not _SHARE_PLATFORM.search(norm)):
        return False
    rest = _SHARE_TOKEN.sub(" ", norm)
    return re.fullmatch(r"[\s|/·•,;:+\-–—()\[\]\d.kK]*", rest) is not None


def _is_cookie_banner(norm: str) -> bool:
    return bool(_COOKIE_WORD.search(norm) and _COOKIE_CONTEXT.search(norm) and _COOKIE_ACTION.search(norm))


def _next_nonblank(lines: list[_Line], i: int) -> Iterator[int]:
    for j in range(i, len(lines)):
        if lines[j].norm:
            yield j


def _line_spans(lines: list[_Line]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    drop = [False] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        norm = line.norm
        if not norm:
            i += 1
            continue
        if line.words > _SHORT_LINE_WORDS:
            if line.words <= 80 and "ookie" in norm and _is_cookie_banner(norm):
                drop[i] = True
            i += 1
            continue
        if _is_list_heading(norm):
            drop[i] = True
            j = i + 1
            for taken, j in enumerate(_next_nonblank(lines, i + 1)):  # noqa: B007 - j is read after the loop
                if taken >= 15 or not _is_headline(lines[j]):
                    break
                drop[j] = True
            else:
                j = len(lines)
            i = max(j, i + 1)
            continue
        if _fullmatch(_FORM_STRONG, norm) or _fullmatch(_FORM_INLINE, norm):
            drop[i] = True
            # Labels belong to the form only when they sit next to it.
            for step in (1, -1):
                j = i + step
                while 0 <= j < len(lines):
                    other = lines[j].norm
                    if other and not (
                        _fullmatch(_FORM_WEAK, other)
                        or _fullmatch(_FORM_STRONG, other)
                        or _fullmatch(_FORM_INLINE, other)
                    ):
                        break
                    if other:
                        drop[j] = True
                    j += step
            i += 1
            continue
        if _is_cookie_banner(norm) and len(norm.split()) <= 80:
            drop[i] = True
            for step in (1, -1):
                j = i + step
                while 0 <= j < len(lines):
                    other = lines[j].norm
                    if other and not _fullmatch(_COOKIE_BUTTON, other):
                        break
                    if other:
                        drop[j] = True
                    j += step
            i += 1
            continue
        if _is_share_bar(norm):
            drop[i] = True
            # A column of buttons: "Pin it" and "Print" belong to the bar when they sit in it.
            for step in (1, -1):
                j = i + step
                while 0 <= j < len(lines) and (
                    not lines[j].norm or _is_share_bar(lines[j].norm, need_platform=False)
                ):
                    if lines[j].norm:
                        drop[j] = True
                    j += step
            i += 1
            continue
        if _fullmatch(_AD_LINE, norm) or _fullmatch(_MORE_LINE, norm) or _fullmatch(_FORM_INLINE, norm):
            drop[i] = True
        i += 1
    for flag, line in zip(drop, lines, strict=True):
        if flag:
            spans.append((line.start, line.stop))
    return spans


def _inline_spans(text: str, lines: list[_Line], dropped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    dropped_starts = {start for start, _ in dropped}
    for line in lines:
        if line.start in dropped_starts or not line.norm:
            continue
        lowered = line.text.lower()
        if "ADVERTISEMENT" not in line.text and not any(t in lowered for t in _INLINE_TRIGGERS):
            continue
        for match in _FORM_INLINE.finditer(line.text):
            if match.group().strip():
                spans.append((line.start + match.start(), line.start + match.end()))
        for match in _AD_INLINE.finditer(line.text):
            spans.append((line.start + match.start(), line.start + match.end()))
        for match in _SENTENCE.finditer(line.text):
            # Emphasis and emoji often lead these prompts ("👉 **Please SHARE...").
            sentence = _LEADING_NOISE.sub("", match.group().strip())
            if sentence and len(sentence.split()) <= 40 and _FURNITURE_SENTENCE.match(sentence):
                spans.append((line.start + match.start(), line.start + match.end()))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of ``text`` that are site furniture, sorted and non-overlapping."""
    if not text:
        return []
    lines = _lines(text)
    dropped = _line_spans(lines)
    return _merge(dropped + _inline_spans(text, lines, dropped))


def strip_boilerplate(text: str) -> str:
    """Return ``text`` without site furniture; text with none is returned unchanged.

    Only the whitespace around a removed piece is tidied (blank-line runs collapsed, trailing spaces on
    touched lines dropped), so the story's own paragraphs survive exactly as written.
    """
    spans = boilerplate_spans(text)
    if not spans:
        return text
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    cleaned = "".join(pieces)
    cleaned = re.sub(r"[^\S\n]+\n", "\n", cleaned)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip()
