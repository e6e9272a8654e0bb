"""Move buffered views, share clicks and comments into the daily totals.

Once: ``manage.py flush_view_counts``. As a process beside the app servers (production with Redis, when the
in-process flush thread is turned off): ``manage.py flush_view_counts --loop`` flushes every
``FIRESIDE_ENGAGEMENT_FLUSH_SECONDS`` (at most 60) until it gets SIGTERM or SIGINT (``systemctl stop``, Ctrl-C),
then flushes once more and exits, so a stop loses nothing. ``--iterations N`` stops after N rounds.
"""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from fireside.engagement.services import views_flush

MIN_INTERVAL = 0.1  # seconds; below this the loop would only spin


class Command(BaseCommand):
    help = "Flush buffered view counts to the database (once, or every interval with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep flushing every interval until stopped.")
        parser.add_argument("--interval", type=float, default=None, help="Seconds between flushes (max 60).")
        parser.add_argument(
            "--iterations", type=int, default=None, help="With --loop: stop after this many flushes."
        )

    def handle(self, *args, loop: bool = False, interval: float | None = None, **options):
        iterations = options.get("iterations")
        if iterations is not None and iterations < 1:
            raise CommandError("--iterations must be at least 1.")
        interval = min(60.0, max(MIN_INTERVAL, interval or settings.FIRESIDE_ENGAGEMENT_FLUSH_SECONDS))
        if not loop:
            self._flush(options["verbosity"])
            return
        stop = threading.Event()
        previous = {}
        if threading.current_thread() is threading.main_thread():  # signal handlers live in the main thread
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, lambda _signum, _frame: stop.set())
        try:
            self._loop(stop=stop, interval=interval, iterations=iterations, verbosity=options["verbosity"])
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _loop(
        self, *, stop: threading.Event, interval: float, iterations: int | None, verbosity: int
    ) -> None:
        rounds = 0
        while True:
            self._flush(verbosity)
            rounds += 1
            if not connection.in_atomic_block:  # a caller's transaction (a test's) keeps its connection
                close_old_connections()  # a long-lived process: drop a connection the database has dropped
            if iterations is not None and rounds >= iterations:
                return
            if stop.wait(interval):
                # Stopped between rounds: what was counted since the last round is written before exiting.
                self._flush(verbosity)
                self.stdout.write("Stopped.")
                return

    def _flush(self, verbosity: int) -> None:
        result = views_flush()
        if result is None:
            self.stdout.write("Another flush is running; skipped.")
        elif result.rows or verbosity > 1:
            self.stdout.write(
                f"Flushed {result.views} views into {result.rows} story-days "
                f"({result.share_rows} share rows, {result.dropped} for deleted stories) "
                f"in {result.seconds:.2f}s."
            )
