"""Recompute "More stories like this" for the whole archive (after an import, or a change of scheme)."""

import time

from django.core.management.base import BaseCommand

from fireside.related.services import related_rebuild


class Command(BaseCommand):
    help = "Recompute every live story's related-story list."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\rrelated stories: {done}/{total} steps", ending="")
            self.stdout.flush()

        count = related_rebuild(progress=progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt related stories for {count} stories in {time.monotonic() - started:.1f} s."
            )
        )
