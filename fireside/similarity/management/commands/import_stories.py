"""Import stories from a JSON file as drafts, each checked against the archive (format: docs/similarity.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fireside.similarity.services import stories_import
from fireside.stories.models import SectionPage

MAX_FILE_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Create draft stories in a section from a JSON list of {headline, standfirst, body, pen_name} objects, "
        "stripping site furniture and checking each against the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the JSON file")
        parser.add_argument("--section", required=True, help="slug of the section the drafts go into")

    def handle(self, *args, file: str, section: str, **options):
        target = SectionPage.objects.filter(slug=section).first()
        if target is None:
            raise CommandError(f"No section with the slug {section!r}.")
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{file} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"{file} does not exist.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file} is not valid UTF-8 JSON: {error}") from error
        if not isinstance(data, list):
            raise CommandError("The file must hold a JSON list of story objects.")

        result = stories_import(items=data, section=target)
        for position, story, check in result.created:
            if check.verdict == "copy":
                note = f"POSSIBLE COPY of page {check.matched_story_id} ({check.share_percent}% of passages match)"
            elif check.verdict == "review":
                note = f"worth a look: shares some passages with page {check.matched_story_id}"
            else:
                note = "no similar stories"
            self.stdout.write(f"#{position}: created draft {story.pk} “{story.title}” — {note}")
        for position, message in result.errors:
            self.stderr.write(f"#{position}: skipped — {message}")
        self.stdout.write(f"Imported {len(result.created)} of {len(data)} stories into “{target.title}”.")
        if result.errors and not result.created:
            raise CommandError("Nothing was imported.")
