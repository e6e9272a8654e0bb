"""Wagtail's database search backend, with a faster ranked query on SQLite and on PostgreSQL.

Wagtail's SQLite backend (``modelsearch``) ranks results with a correlated subquery: for every candidate page it
runs the FTS5 ``MATCH`` again to fetch that page's score. The work grows with the square of the number of
matches, so a common word over 100,000 stories takes minutes. ``RankedSQLiteSearchBackend`` asks the FTS5 table
once instead: match, keep the entries of pages in the filtered queryset, order by BM25, take one page of ids,
then load those pages. Same index, same query syntax, same BM25 weights. On PostgreSQL,
``RankedPostgresSearchBackend`` does the same with the GIN-indexed ``title`` and ``body`` tsvector columns that
Wagtail's own query cannot use (it matches their concatenation). Other databases use Wagtail's backend.

The classes live in ``sqlite_backend.py`` and ``postgres_backend.py``. Select this module with
``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "fireside.search.backends"}}``.
"""

from modelsearch.backends import database

from django.db import connection


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up by this name
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from fireside.search.sqlite_backend import RankedSQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # FTS5 is available
            return RankedSQLiteSearchBackend(params)
    if connection.vendor == "postgresql":
        from fireside.search.postgres_backend import RankedPostgresSearchBackend

        return RankedPostgresSearchBackend(params)
    return backend
