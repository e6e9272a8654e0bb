"""Rebuild the copied-story index from the whole archive (published, draft and declined stories)."""

import sys
import time

from django.core.management.base import BaseCommand

from fireside.similarity.services import similarity_index_rebuild


class ProgressBar:
    """A one-line progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise."""

    WIDTH = 30

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        tenth = int(share * 10)
        if not self.tty and tenth == self.last_tenth and done != total:
            return
        self.last_tenth = tenth
        filled = int(share * self.WIDTH)
        elapsed = time.monotonic() - self.started
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:,}/{total:,} stories {elapsed:5.1f}s"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Rebuild the copied-story index from every story: published, draft and declined."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="stories per transaction")
        parser.add_argument("--no-progress", action="store_true", help="print only the summary")

    def handle(self, *args, batch_size: int, no_progress: bool, **options):
        progress = None if no_progress else ProgressBar(self.stderr._out)
        started = time.monotonic()
        indexed = similarity_index_rebuild(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(f"Indexed {indexed:,} stories in {time.monotonic() - started:.1f}s.")
