"""``DatabaseShingleStore``: the near-duplicate index kept in database tables, shared by every app process.

``NearDuplicateIndex`` does all the text work and hands the store integers; this module only files and fetches
them with plain SQL that runs on SQLite and PostgreSQL. Nothing is cached in the process, so an index object is
cheap to make and one process sees another's additions as soon as they commit.

Writes: ``add`` and ``remove`` each run in one transaction (document row, postings, document frequencies and
the document count). Callers that check-then-write (``NearDuplicateIndex.add`` asks whether the story is
stored before replacing it) call ``lock()`` first inside their own transaction, which serialises index writers
on PostgreSQL; SQLite's IMMEDIATE transactions already do.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from fireside.textanalysis.duplicates import SCHEME_VERSION, DocId

DOCUMENTS = "similarity_document"
FINGERPRINTS = "similarity_fingerprint"
FREQUENCIES = "similarity_token_df"
STATE = "similarity_state"


def pack_tokens(tokens: Sequence[int]) -> bytes:
    """Token hashes as little-endian uint32 bytes, the stored form on every platform."""
    packed = array("I", tokens)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def unpack_tokens(data: bytes | memoryview) -> array[int]:
    tokens = array("I")
    tokens.frombytes(bytes(data))
    if sys.byteorder != "little":
        tokens.byteswap()
    return tokens


class DatabaseShingleStore:
    """A ``ShingleStore`` over the ``similarity_*`` tables of one database connection alias.

    Document ids must be integers (story page ids): they are stored in bigint columns.
    """

    def __init__(self, using: str = DEFAULT_DB_ALIAS) -> None:
        self.using = using

    # --- helpers ---------------------------------------------------------------------------------------
    @property
    def _connection(self):
        return connections[self.using]

    @property
    def _postgres(self) -> bool:
        return self._connection.vendor == "postgresql"

    @staticmethod
    def _doc_id(doc_id: DocId) -> int:
        if isinstance(doc_id, bool) or not isinstance(doc_id, int):
            raise TypeError(f"the database store keys stories by integer id, not {type(doc_id).__name__}")
        return doc_id

    def _membership(self, values: Sequence[int]) -> tuple[str, str]:
        """``(sql, parameter)`` testing membership of a list of integers, bound as one parameter.

        One text parameter instead of thousands: binding each integer separately costs more than the query
        (PostgreSQL adapts every element of a Python list; SQLite caps the number of parameters).
        """
        if self._postgres:
            return "= ANY(%s::bigint[])", "{" + ",".join(map(str, values)) + "}"
        return "IN (SELECT value FROM json_each(%s))", "[" + ",".join(map(str, values)) + "]"

    def _in_rows(self, sql: str, values: Sequence[int], params_after: Sequence[Any] = ()) -> list[tuple]:
        """Run ``sql`` whose ``{values}`` placeholder is a membership test against a list of integers."""
        if not values:
            return []
        fragment, param = self._membership(values)
        with self._connection.cursor() as cursor:
            cursor.execute(sql.format(values=fragment), [param, *params_after])
            return cursor.fetchall()

    def _count(self, cursor, delta: int) -> None:
        cursor.execute(
            f"INSERT INTO {STATE} (id, documents) VALUES (1, %s) "  # noqa: S608 - constant table names
            f"ON CONFLICT (id) DO UPDATE SET documents = {STATE}.documents + %s",
            [max(0, delta), delta],
        )

    def _upsert_frequencies(self, cursor, counts: Mapping[int, int]) -> None:
        if not counts:
            return
        upsert = f"ON CONFLICT (token) DO UPDATE SET df = {FREQUENCIES}.df + EXCLUDED.df"
        if self._postgres:
            cursor.execute(
                f"INSERT INTO {FREQUENCIES} (token, df) SELECT * FROM unnest(%s::bigint[], %s::int[]) {upsert}",  # noqa: S608
                [list(counts.keys()), list(counts.values())],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {FREQUENCIES} (token, df) VALUES (%s, %s) {upsert}",  # noqa: S608
                list(counts.items()),
            )

    def _insert_postings(self, cursor, fingerprints: list[int], doc_ids: list[int]) -> None:
        if not fingerprints:
            return
        if self._postgres:
            cursor.execute(
                f"INSERT INTO {FINGERPRINTS} (fingerprint, doc_id) SELECT * FROM unnest(%s::bigint[], %s::bigint[])",  # noqa: S608
                [fingerprints, doc_ids],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {FINGERPRINTS} (fingerprint, doc_id) VALUES (%s, %s)",  # noqa: S608
                list(zip(fingerprints, doc_ids, strict=True)),
            )

    # --- writes ----------------------------------------------------------------------------------------
    def lock(self) -> None:
        """Serialise index writers until the caller's transaction ends (PostgreSQL; SQLite already does)."""
        if not self._postgres:
            return
        with self._connection.cursor() as cursor:
            self._count(cursor, 0)
            cursor.execute(f"SELECT documents FROM {STATE} WHERE id = 1 FOR UPDATE")  # noqa: S608

    def add(self, doc_id: DocId, tokens: Sequence[int], fingerprints: Collection[int]) -> None:
        self.add_many([(doc_id, tokens, fingerprints)])

    def add_many(self, documents: Iterable[tuple[DocId, Sequence[int], Collection[int]]]) -> int:
        """File several documents not yet stored in one transaction and a handful of statements."""
        rows: list[tuple[int, int, bytes]] = []
        fp_values: list[int] = []
        fp_docs: list[int] = []
        counts: Counter[int] = Counter()
        for doc_id, tokens, fingerprints in documents:
            key = self._doc_id(doc_id)
            rows.append((key, SCHEME_VERSION, pack_tokens(tokens)))
            fp_values.extend(fingerprints)
            fp_docs.extend([key] * len(fingerprints))
            counts.update(set(tokens))
        if not rows:
            return 0
        with transaction.atomic(using=self.using), self._connection.cursor() as cursor:
            if self._postgres:
                cursor.execute(
                    f"INSERT INTO {DOCUMENTS} (doc_id, scheme, tokens) "  # noqa: S608
                    "SELECT * FROM unnest(%s::bigint[], %s::smallint[], %s::bytea[])",
                    [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {DOCUMENTS} (doc_id, scheme, tokens) VALUES (%s, %s, %s)",  # noqa: S608
                    rows,
                )
            self._insert_postings(cursor, fp_values, fp_docs)
            self._upsert_frequencies(cursor, counts)
            self._count(cursor, len(rows))
        return len(rows)

    def remove(self, doc_id: DocId, fingerprints: Collection[int]) -> None:
        # Postings are deleted by document, not by the fingerprints passed in: that also clears rows written
        # under another scheme version.
        key = self._doc_id(doc_id)
        with transaction.atomic(using=self.using), self._connection.cursor() as cursor:
            cursor.execute(f"SELECT tokens FROM {DOCUMENTS} WHERE doc_id = %s", [key])  # noqa: S608
            row = cursor.fetchone()
            if row is None:
                raise KeyError(doc_id)
            distinct = sorted(set(unpack_tokens(row[0])))
            cursor.execute(f"DELETE FROM {FINGERPRINTS} WHERE doc_id = %s", [key])  # noqa: S608
            cursor.execute(f"DELETE FROM {DOCUMENTS} WHERE doc_id = %s", [key])  # noqa: S608
            fragment, param = self._membership(distinct)
            cursor.execute(f"UPDATE {FREQUENCIES} SET df = df - 1 WHERE token {fragment}", [param])  # noqa: S608
            cursor.execute(f"DELETE FROM {FREQUENCIES} WHERE df <= 0 AND token {fragment}", [param])  # noqa: S608
            self._count(cursor, -1)

    def clear(self) -> None:
        """Forget every document (a rebuild starts here)."""
        with transaction.atomic(using=self.using), self._connection.cursor() as cursor:
            for table in (FINGERPRINTS, DOCUMENTS, FREQUENCIES, STATE):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load, so lookups use the indexes at once."""
        with self._connection.cursor() as cursor:
            for table in (DOCUMENTS, FINGERPRINTS, FREQUENCIES):
                cursor.execute(f"ANALYZE {table}")

    # --- reads -----------------------------------------------------------------------------------------
    def tokens(self, doc_id: DocId) -> Sequence[int] | None:
        return self.tokens_many([doc_id]).get(doc_id)

    def tokens_many(self, doc_ids: Collection[DocId]) -> dict[DocId, Sequence[int]]:
        """Stored token sequences of several documents in one query (missing ones are left out)."""
        keys = [self._doc_id(d) for d in doc_ids]
        rows = self._in_rows(f"SELECT doc_id, tokens FROM {DOCUMENTS} WHERE doc_id {{values}}", keys)  # noqa: S608
        return {doc_id: unpack_tokens(data) for doc_id, data in rows}

    def candidates(
        self, fingerprints: Collection[int], *, limit: int, max_postings: int
    ) -> list[tuple[DocId, int]]:
        values = sorted(fingerprints)
        if not values or limit <= 0:
            return []
        # A fingerprint is kept when it has no posting at offset ``max_postings``: that stops reading after
        # max_postings + 1 entries of stock phrasing instead of counting thousands of them.
        _, param = self._membership(values)
        source = "unnest(%s::bigint[]) AS j(value)" if self._postgres else "json_each(%s) AS j"
        sql = (
            f"WITH q AS (SELECT j.value AS fingerprint FROM {source} WHERE NOT EXISTS ("  # noqa: S608
            f" SELECT 1 FROM {FINGERPRINTS} g WHERE g.fingerprint = j.value LIMIT 1 OFFSET %s))"
            f" SELECT f.doc_id, count(*) FROM q JOIN {FINGERPRINTS} f ON f.fingerprint = q.fingerprint"
            " GROUP BY f.doc_id"
        )
        with self._connection.cursor() as cursor:
            cursor.execute(sql, [param, max_postings])
            rows = cursor.fetchall()
        # Ties go to the older story (the smaller id), so every process ranks candidates the same way.
        ranked = sorted(((int(doc_id), int(count)) for doc_id, count in rows), key=lambda r: (-r[1], r[0]))
        return ranked[:limit]

    def document_frequencies(self, tokens: Collection[int]) -> Mapping[int, int]:
        rows = self._in_rows(
            f"SELECT token, df FROM {FREQUENCIES} WHERE token {{values}}",  # noqa: S608
            sorted(tokens),
        )
        return dict(rows)

    def __contains__(self, doc_id: object) -> bool:
        if isinstance(doc_id, bool) or not isinstance(doc_id, int):
            return False
        with self._connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {DOCUMENTS} WHERE doc_id = %s", [doc_id])  # noqa: S608
            return cursor.fetchone() is not None

    def __len__(self) -> int:
        with self._connection.cursor() as cursor:
            cursor.execute(f"SELECT documents FROM {STATE} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return int(row[0]) if row else 0
