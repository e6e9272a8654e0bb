"""The ranked PostgreSQL search backend; imported only on PostgreSQL. See backends.py.

Wagtail's PostgreSQL backend matches ``(title || body) @@ query`` on a join from the pages to their index
entries. That concatenation is computed for every row, so neither GIN index (one on ``title``, one on
``body``) can be used and every search reads all index entries: over a second at 100,000 stories, even for a
word found nowhere. ``RankedPostgresSearchBackend`` asks the index entries once instead:

- each word (and each quoted phrase) must match the title or the body: ``(title @@ w OR body @@ w)`` for every
  part of the query, ANDed. PostgreSQL answers each part from the GIN indexes (a BitmapOr per part, a
  BitmapAnd across parts), so the work follows the number of matches, not the size of the archive. This is the
  same set of matches as ``title || body`` (a word is in the concatenation exactly when it is in one of the
  two), except for a phrase that would start in the title and end in the body;
- entries whose page is not in the filtered queryset (drafts, private pages, another section, hidden content
  warnings) are dropped with a correlated ``EXISTS`` by primary key;
- the survivors are ranked with Wagtail's own rank expression (title rank times the title normalisation,
  plus body rank, with Wagtail's weights), one page of ids is taken, and those pages are loaded;
- the count stops at ``COUNT_CAP``, as on SQLite.

Anything else (no relevance ordering, ``fields=...``, ``Not``, fuzzy and match-all queries, autocomplete) goes to
Wagtail's code unchanged.
"""

import re
from functools import reduce

from modelsearch.backends.database.postgres import postgres as postgres_backend
from modelsearch.backends.database.postgres.postgres import IndexEntry
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.query import SearchQuery as WagtailQuery
from modelsearch.utils import get_descendants_content_types_pks

from django.contrib.postgres.search import SearchQuery
from django.db.models import BigIntegerField, Exists, F, OuterRef, Q
from django.db.models.functions import Cast

COUNT_CAP = 1000


class UnsupportedQuery(Exception):
    """A query shape the fast path does not handle; Wagtail's own code runs it."""


class RankedPostgresSearchQueryCompiler(postgres_backend.PostgresSearchQueryCompiler):
    def _match_condition(self, query: WagtailQuery, config) -> Q:
        """Index-friendly condition: every word or phrase found in the title or in the body."""
        if isinstance(query, PlainText):
            terms = [term for term in re.split(r"[\s\-]+", query.query_string) if term]  # as Wagtail splits
            if not terms:
                raise UnsupportedQuery
            parts = [self._column_match(self.build_tsquery(PlainText(term), config=config)) for term in terms]
            combine = (lambda a, b: a & b) if query.operator == "and" else (lambda a, b: a | b)
            return reduce(combine, parts)
        if isinstance(query, Phrase):
            return self._column_match(SearchQuery(query.query_string, search_type="phrase", config=config))
        if isinstance(query, And | Or):
            parts = [self._match_condition(subquery, config) for subquery in query.subqueries]
            combine = (lambda a, b: a & b) if isinstance(query, And) else (lambda a, b: a | b)
            return reduce(combine, parts)
        raise UnsupportedQuery  # Not, Boost, Fuzzy, MatchAll

    @staticmethod
    def _column_match(search_query: SearchQuery) -> Q:
        return Q(title=search_query) | Q(body=search_query)

    def _matching_entries(self, config):
        """Index entries matching the query whose page is in the filtered queryset, or None (use Wagtail's)."""
        if self.fields is not None or not self.order_by_relevance:
            return None
        try:
            condition = self._match_condition(self.query, config)
        except UnsupportedQuery:
            return None
        model = self.queryset.model
        allowed = self.queryset.order_by().filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
        return IndexEntry.objects.filter(
            condition,
            Exists(allowed.values("pk")),
            content_type_id__in=get_descendants_content_types_pks(model),
        )

    def search(self, config, start, stop, score_field=None, backend=None):
        entries = self._matching_entries(config)
        if entries is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        rank = self._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
        rows = list(
            entries.annotate(score=rank)
            .order_by("-score", "-id")
            .values_list("object_id", "score")[start:stop]
        )
        ids = [int(object_id) for object_id, _score in rows]
        objects = self.queryset.filter(pk__in=ids).in_bulk()
        ordered = []
        for object_id, (_, score) in zip(ids, rows, strict=True):
            obj = objects.get(object_id)
            if obj is not None:
                if score_field:
                    setattr(obj, score_field, score)
                ordered.append(obj)
        return ordered

    def count(self, config) -> int | None:
        """How many pages match, up to ``COUNT_CAP``; None when Wagtail's own code handles the query."""
        entries = self._matching_entries(config)
        if entries is None:
            return None
        return entries.values("pk")[:COUNT_CAP].count()


class RankedPostgresSearchResults(postgres_backend.PostgresSearchResults):
    def _do_search(self):
        return list(self.get_queryset())

    def _do_count(self):
        count = self.query_compiler.count(self.query_compiler.get_config(self.backend))
        return super()._do_count() if count is None else count


class RankedPostgresSearchBackend(postgres_backend.PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    results_class = RankedPostgresSearchResults
