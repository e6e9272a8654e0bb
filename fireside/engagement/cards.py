"""The generated link-preview card: 1200x630 PNG with the section label, headline and site name.

Drawn with Pillow and the DejaVu fonts shipped in ``fonts/`` (libre licence beside them), laid out by libraqm
when Pillow has it, so right-to-left headlines are shaped and ordered correctly. Characters the font lacks
(most colour emoji) are left out rather than drawn as empty boxes. Cards are stored once per version: the version
is a hash of what is drawn, so a changed headline gets a new card and a new URL (link previews re-fetch it).
"""

import hashlib
import io
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
STYLE_VERSION = "1"  # bump when the drawing changes, so every card is redrawn
FONTS = Path(__file__).resolve().parent / "fonts"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
REGULAR = FONTS / "DejaVuSans.ttf"
BACKGROUND = (43, 33, 28)
ACCENT = (232, 146, 74)
TEXT = (250, 244, 236)
MUTED = (214, 196, 178)
_LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
_MISSING_PROBE = "\U0010fffd"  # a private-use code point no font here draws: its glyph is the "missing" box


@lru_cache(maxsize=32)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=_LAYOUT)


@lru_cache(maxsize=4096)
def _has_glyph(path: Path, char: str) -> bool:
    font = _font(path, 40)
    missing = font.getmask(_MISSING_PROBE)
    mask = font.getmask(char)
    return not (mask.size == missing.size and bytes(mask) == bytes(missing))


def drawable(text: str, path: Path = BOLD) -> str:
    """``text`` without control characters and characters the font cannot draw; whitespace collapsed."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" " if char in "\t\n\r" else "")
        elif category in {"Cf", "Zs", "Mn", "Me"} or _has_glyph(path, char):
            kept.append(char)
    return " ".join("".join(kept).split())


def _is_rtl(text: str) -> bool:
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in {"R", "AL"}:
            return True
        if direction == "L":
            return False
    return False


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit_headline(text: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the headline fits in four lines; past that, cut with an ellipsis."""
    for size in (76, 68, 60, 54, 48, 42):
        font = _font(BOLD, size)
        lines = _wrap(text, font, width)
        if len(lines) <= 4 and all(font.getlength(line) <= width for line in lines):
            return font, lines
    font = _font(BOLD, 42)
    lines = _wrap(text, font, width)[:4]
    while lines and font.getlength(lines[-1] + " …") > width:
        lines[-1] = lines[-1][:-1]
    if lines:
        lines[-1] = lines[-1].rstrip() + " …"
    return font, lines


def card_version(*, headline: str, section: str, site_name: str) -> str:
    return hashlib.sha256(f"{STYLE_VERSION}\0{headline}\0{section}\0{site_name}".encode()).hexdigest()[:16]


def card_render(*, headline: str, section: str, site_name: str) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle([0, 0, 18, HEIGHT], fill=ACCENT)

    def line_at(text: str, font: ImageFont.FreeTypeFont, y: int, fill: tuple[int, int, int]) -> None:
        rtl = _is_rtl(text)
        x = WIDTH - MARGIN - font.getlength(text) if rtl else MARGIN
        draw.text((x, y), text, font=font, fill=fill)

    section_text = drawable(section, BOLD).upper()[:60]
    if section_text:
        line_at(section_text, _font(BOLD, 30), MARGIN, ACCENT)
    font, lines = _fit_headline(drawable(headline, BOLD) or "A story", inner)
    line_height = int(font.size * 1.22)
    top = (HEIGHT - line_height * len(lines)) // 2 + 10
    for index, line in enumerate(lines):
        line_at(line, font, top + index * line_height, TEXT)
    line_at(drawable(site_name, REGULAR)[:60] or "Fireside", _font(REGULAR, 32), HEIGHT - MARGIN - 32, MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def card_path(*, story_id: int, version: str) -> str:
    return f"engagement/cards/{story_id}-{version}.png"


def card_ensure(*, story_id: int, headline: str, section: str, site_name: str) -> str:
    """Storage path of the story's current card, drawing it first if this version was never drawn."""
    version = card_version(headline=headline, section=section, site_name=site_name)
    path = card_path(story_id=story_id, version=version)
    if not default_storage.exists(path):
        data = card_render(headline=headline, section=section, site_name=site_name)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(data))
        _forget_old_versions(story_id=story_id, keep=path)
    return path


def _forget_old_versions(*, story_id: int, keep: str) -> None:
    try:
        _dirs, files = default_storage.listdir("engagement/cards")
    except FileNotFoundError:
        return
    for name in files:
        if name.startswith(f"{story_id}-") and f"engagement/cards/{name}" != keep:
            default_storage.delete(f"engagement/cards/{name}")
