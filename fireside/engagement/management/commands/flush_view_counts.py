"""Move buffered views, share clicks and comments into the daily totals.

Once: ``manage.py flush_view_counts``. As a process beside the app servers (production with Redis, when the
in-process flush thread is turned off): ``manage.py flush_view_counts --loop`` flushes every
``FIRESIDE_ENGAGEMENT_FLUSH_SECONDS`` (at most 60).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from fireside.engagement.services import views_flush


class Command(BaseCommand):
    help = "Flush buffered view counts to the database (once, or every interval with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep flushing every interval until stopped.")
        parser.add_argument("--interval", type=float, default=None, help="Seconds between flushes (max 60).")

    def handle(self, *args, loop: bool = False, interval: float | None = None, **options):
        interval = min(60.0, max(1.0, interval or settings.FIRESIDE_ENGAGEMENT_FLUSH_SECONDS))
        while True:
            result = views_flush()
            if result is None:
                self.stdout.write("Another flush is running; skipped.")
            elif result.rows or options["verbosity"] > 1:
                self.stdout.write(
                    f"Flushed {result.views} views into {result.rows} story-days "
                    f"({result.share_rows} share rows, {result.dropped} for deleted stories) "
                    f"in {result.seconds:.2f}s."
                )
            if not loop:
                return
            close_old_connections()
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                views_flush()
                return
