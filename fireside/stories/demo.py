"""Load the demo magazine (original stories written for Fireside) into an empty or existing site.

Idempotent: sections and stories are matched by slug, so running it again adds only what is missing and never
touches a page an editor has changed since.
"""

import html
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from fireside.stories.models import ContentWarning, HomePage, SectionPage, StoryPage

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "stories.json"
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


@dataclass
class DemoResult:
    sections_created: int = 0
    stories_created: int = 0
    stories_existing: int = 0


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Turn the demo file's plain paragraphs ("## " heading, "> " quote, *emphasis*) into body rich text."""
    parts = []
    for raw in paragraphs:
        text = raw.strip()
        if not text:
            continue
        if text.startswith("## "):
            parts.append(f"<h2>{html.escape(text[3:].strip())}</h2>")
        elif text.startswith("> "):
            parts.append(f"<blockquote>{_inline(text[2:].strip())}</blockquote>")
        else:
            parts.append(f"<p>{_inline(text)}</p>")
    return "".join(parts)


def _inline(text: str) -> str:
    return _EMPHASIS.sub(r"<i>\1</i>", html.escape(text))


def ensure_home_page(title: str = "Fireside") -> HomePage:
    """Make the default Site point at a HomePage, replacing Wagtail's placeholder welcome page if it is there."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=title,
                slug="home-fireside",
                introduction="True stories from readers, told in their own words.",
            )
        )
        home.save_revision().publish()
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname, port = base.hostname or "localhost", base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=title
        )
    elif site.root_page_id != home.pk:
        # A brand-new install: point Wagtail's placeholder site at our home page and at the configured address.
        site.hostname, site.port = hostname, port
        old_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or title
        site.save()
        if type(old_root.specific) is Page and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's own "Welcome to your new Wagtail site!" page
    return home


@transaction.atomic
def load_demo_content(path: Path = DEMO_FILE) -> DemoResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    result = DemoResult()
    home = ensure_home_page()
    sections: dict[str, SectionPage] = {}
    for spec in data["sections"]:
        section = SectionPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if section is None:
            section = home.add_child(
                instance=SectionPage(title=spec["title"], slug=spec["slug"], description=spec["description"])
            )
            section.save_revision().publish()
            result.sections_created += 1
        sections[spec["slug"]] = section

    warnings = {warning.slug: warning for warning in ContentWarning.objects.all()}
    now = timezone.now()
    for spec in data["stories"]:
        if StoryPage.objects.filter(slug=spec["slug"]).exists():
            result.stories_existing += 1
            continue
        story = StoryPage(
            title=spec["title"],
            slug=spec["slug"],
            standfirst=spec["standfirst"],
            pen_name=spec.get("pen_name", ""),
            body=paragraphs_to_html(spec["body"]),
        )
        story.content_warnings.set([warnings[slug] for slug in spec.get("content_warnings", [])])
        story.tags.set(spec.get("tags", []))
        sections[spec["section"]].add_child(instance=story)
        story.save_revision().publish()
        published = now - timedelta(days=spec.get("days_ago", 0), hours=2)
        StoryPage.objects.filter(pk=story.pk).update(
            first_published_at=published, last_published_at=published
        )
        result.stories_created += 1
    return result
