"""The ranked SQLite search backend; imported only on SQLite (its models exist only there). See backends.py."""

from modelsearch.backends.database.sqlite import sqlite as sqlite_backend
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from django.db.models import BigIntegerField, Exists, F, OuterRef
from django.db.models.functions import Cast

COUNT_CAP = 1000


class RankedSQLiteSearchQueryCompiler(sqlite_backend.SQLiteSearchQueryCompiler):
    def _fast_path(self):
        """The FTS5 match expression, or None when Wagtail's own code should handle the query."""
        normalized = normalize(self.query)
        if isinstance(normalized, MatchAll | Not) or not self.order_by_relevance:
            return None, None
        return normalized, MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(normalized, config=None)
        )

    def _matching_entries(self, match):
        """FTS5 rows matching ``match`` whose page is in the filtered queryset.

        The page condition is a correlated ``EXISTS`` looked up by primary key for each match, so its cost
        follows the number of matches, not the size of the archive. The content-type condition is written as an
        expression (``+ 0``) so SQLite cannot start from the index on (content_type_id, object_id) and run the
        MATCH once per entry; the query is driven by the FTS5 table and each match joined by rowid.
        """
        model = self.queryset.model
        allowed = self.queryset.order_by().filter(
            pk=Cast(OuterRef("index_entry__object_id"), BigIntegerField())
        )
        return (
            sqlite_backend.SQLiteFTSIndexEntry.objects.filter(match)
            .annotate(_ct=F("index_entry__content_type_id") + 0)
            .filter(Exists(allowed.values("pk")), _ct__in=get_descendants_content_types_pks(model))
        )

    def search(self, config, start, stop, score_field=None):
        normalized, match = self._fast_path()
        if match is None:
            return super().search(config, start, stop, score_field=score_field)
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        rows = list(
            self._matching_entries(match)
            .annotate(score=rank)
            .order_by("score", "index_entry_id")
            .values_list("index_entry__object_id", "score")[start:stop]
        )
        ids = [int(object_id) for object_id, _score in rows]
        objects = self.queryset.filter(pk__in=ids).in_bulk()
        ordered = []
        for object_id, score in zip(ids, (score for _, score in rows), strict=True):
            obj = objects.get(object_id)
            if obj is not None:
                if score_field:
                    setattr(obj, score_field, score)
                ordered.append(obj)
        return ordered

    def count(self) -> int | None:
        """How many pages match, up to ``COUNT_CAP``; None when Wagtail's own code handles the query.

        Selecting ``bm25()`` makes SQLite drive the query from the FTS5 table (a plain COUNT lets the planner
        start from the index entries and run the MATCH once per entry), and the cap bounds the work for a word
        found in most stories: nobody pages through more than a hundred pages of results.
        """
        _normalized, match = self._fast_path()
        if match is None:
            return None
        rank = self._build_rank_expression(self.get_search_vectors(), None)
        return self._matching_entries(match).annotate(score=rank).values("score")[:COUNT_CAP].count()


class RankedSQLiteSearchResults(sqlite_backend.SQLiteSearchResults):
    def _do_search(self):
        return list(self.get_queryset())

    def _do_count(self):
        count = self.query_compiler.count()
        return self.get_queryset().count() if count is None else count


class RankedSQLiteSearchBackend(sqlite_backend.SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    results_class = RankedSQLiteSearchResults
