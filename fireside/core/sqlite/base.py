"""Django's SQLite backend plus ``PRAGMA optimize`` when a connection closes.

Without statistics (``sqlite_stat1``) SQLite's planner guesses, and on a large archive it guessed badly: loading
the eight sections for the navigation walked all 100,000 pages (about 400 ms on every page) until ``ANALYZE``
had run, then took 0.1 ms. SQLite's advice for short-lived connections, which Django's are on SQLite
(``CONN_MAX_AGE = 0``: one per request), is to run ``PRAGMA optimize`` as each closes: it analyses only the
tables this connection used whose statistics are missing or stale, and is a no-op otherwise.
``analysis_limit`` (set when the connection opens) keeps any analysis it does run to a quick sample.
"""

import logging

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)


class DatabaseWrapper(base.DatabaseWrapper):
    def close(self) -> None:
        if self.connection is not None and not self.in_atomic_block and not self.is_in_memory_db():
            try:
                self.connection.execute("PRAGMA optimize")
            except Exception:  # a busy or read-only database: statistics can wait for the next connection
                logger.debug("PRAGMA optimize skipped", exc_info=True)
        super().close()
