"""Counting writes: recording views, share clicks and comments into the buffer, and flushing it to the database.

Recording never touches the database. ``views_flush`` moves everything buffered into the daily totals in one
transaction of bulk upserts (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), which SQLite and
PostgreSQL both run as atomic increments, so two flushers can never lose each other's counts.
"""

import atexit
import datetime as dt
import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.http import HttpRequest

from fireside.engagement import readers
from fireside.engagement.buffer import ViewOutcome, get_buffer
from fireside.engagement.models import StoryDaily, StoryShareDaily
from fireside.stories.models import StoryPage

logger = logging.getLogger(__name__)

PG_CHUNK = 50_000  # rows per statement on PostgreSQL (arrays: one parameter per column)
SQLITE_MAX_PARAMETERS = 30_000  # SQLite (3.32+) allows 32,766 bound parameters per statement


def _is_editor(request: HttpRequest) -> bool:
    # Only a request that carries a session can belong to an editor; checking costs no query for anyone else.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def should_count(request: HttpRequest) -> bool:
    """False for bots and link-preview fetchers, prefetches and editors: they are not readers."""
    _ip, user_agent = readers.request_identity(request)
    return not (readers.is_bot(user_agent) or readers.is_prefetch(request) or _is_editor(request))


def view_record(*, request: HttpRequest, story_id: int) -> int:
    """Count a view of ``story_id`` by the request's reader (a ``ViewOutcome``); no database access."""
    if not should_count(request):
        return ViewOutcome.NOT_COUNTED
    ip, user_agent = readers.request_identity(request)
    return view_count(story_id=story_id, ip=ip, user_agent=user_agent)


def view_count(*, story_id: int, ip: str, user_agent: str) -> int:
    """Count a view by the reader (ip, user agent) the caller has already judged countable (see ``should_count``).

    Shared by the Django view and the server's fast path (``fastpath.py``), so both apply the same rules."""
    ensure_flush_thread()
    buffer = get_buffer()
    day = readers.today().isoformat()
    salt = buffer.salt(day)
    return buffer.record_view(
        day=day,
        story_id=story_id,
        reader=readers.reader_hash(salt=salt, ip=ip, user_agent=user_agent),
        network=readers.range_hash(salt=salt, ip=ip),
        range_cap=settings.FIRESIDE_ENGAGEMENT_RANGE_CAP,
    )


def share_click_record(*, request: HttpRequest, story_id: int, network: str) -> bool:
    """Count a share click, once per reader, story, network and day. True if it counted."""
    if not should_count(request):
        return False
    ensure_flush_thread()
    buffer = get_buffer()
    day = readers.today().isoformat()
    ip, user_agent = readers.request_identity(request)
    reader = readers.reader_hash(salt=buffer.salt(day), ip=ip, user_agent=user_agent)
    return buffer.record_share(day=day, story_id=story_id, reader=reader, network=network)


def comment_record(*, story_id: int, day: dt.date | None = None) -> None:
    """Count an approved comment towards the story's totals and trending. For the comments app to call."""
    get_buffer().record_comment(day=(day or readers.today()).isoformat(), story_id=story_id)


@dataclass(frozen=True)
class FlushResult:
    rows: int  # story-day rows upserted
    share_rows: int
    views: int
    dropped: int  # totals for stories that no longer exist
    seconds: float


def _parse(
    counts: dict[str, int],
) -> tuple[dict[tuple[int, str], list[int]], dict[tuple[int, str, str], int]]:
    daily: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    shares: dict[tuple[int, str, str], int] = {}
    for field, value in counts.items():
        day, story, kind = field.split("|", 2)
        key = (int(story), day)
        if kind == "v":
            daily[key][0] += value
        elif kind == "u":
            daily[key][1] += value
        elif kind == "c":
            daily[key][3] += value
        elif kind.startswith("s:"):
            daily[key][2] += value
            shares[(int(story), day, kind[2:])] = shares.get((int(story), day, kind[2:]), 0) + value
    return daily, shares


def _existing_story_ids(ids: set[int]) -> set[int]:
    if len(ids) > 5000:  # a big batch: one scan of the ids beats many IN lists
        return set(StoryPage.objects.values_list("pk", flat=True)) & ids
    found: set[int] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), 900):
        chunk = ordered[start : start + 900]
        found.update(StoryPage.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _pg_array(values: tuple) -> str:
    """A PostgreSQL array literal: every element double-quoted, with backslashes and quotes escaped."""
    quoted = (str(value).replace("\\", "\\\\").replace('"', '\\"') for value in values)
    return "{" + ",".join(f'"{value}"' for value in quoted) + "}"


def _upsert(
    table: str, columns: list[tuple[str, str]], conflict: list[str], increments: list[str], rows: list[tuple]
) -> None:
    """Insert ``rows`` or add them to the existing rows, in a few statements.

    ``columns`` are (name, PostgreSQL type) pairs. PostgreSQL gets one array per column through ``unnest``
    (a handful of parameters for thousands of rows); SQLite gets multi-row VALUES lists.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = [name for name, _type in columns]
    column_sql = ", ".join(quote(name) for name in names)
    updates = ", ".join(f"{quote(c)} = {quote(table)}.{quote(c)} + excluded.{quote(c)}" for c in increments)
    on_conflict = f"ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{pg_type}[]" for _name, pg_type in columns)
            sql = f"INSERT INTO {quote(table)} ({column_sql}) SELECT * FROM unnest({arrays}) {on_conflict}"  # noqa: S608 - names are ours
            for start in range(0, len(rows), PG_CHUNK):
                chunk = rows[start : start + PG_CHUNK]
                # Array literals built here are far cheaper than the driver quoting 50,000 values one by one.
                cursor.execute(sql, [_pg_array(values) for values in zip(*chunk, strict=True)])
            return
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per_statement = max(1, SQLITE_MAX_PARAMETERS // len(columns))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([placeholders] * len(chunk))
            sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES {values} {on_conflict}"  # noqa: S608 - names are ours
            cursor.execute(sql, [value for row in chunk for value in row])


def views_flush() -> FlushResult | None:
    """Move everything buffered into the daily totals. None if another flusher is busy."""
    started = time.perf_counter()
    buffer = get_buffer()
    buffer.drain()  # views this process still holds for Redis belong in this flush
    with buffer.take_batch() as batch:
        if batch is None:
            return None
        daily, shares = _parse(batch.counts)
        existing = _existing_story_ids({story for story, _day in daily}) if daily else set()
        # A batch spans a day or two: adapt each day once, not once per row.
        days = {day for _story, day in daily}
        adapted = {day: connection.ops.adapt_datefield_value(dt.date.fromisoformat(day)) for day in days}
        daily_rows = [
            (story, adapted[day], *totals)
            for (story, day), totals in sorted(daily.items())
            if story in existing
        ]
        share_rows = [
            (story, adapted[day], network, clicks)
            for (story, day, network), clicks in sorted(shares.items())
            if story in existing
        ]
        with transaction.atomic():
            _upsert(
                StoryDaily._meta.db_table,
                [
                    ("story_id", "integer"),
                    ("day", "date"),
                    ("views", "integer"),
                    ("unique_readers", "integer"),
                    ("share_clicks", "integer"),
                    ("comments", "integer"),
                ],
                ["story_id", "day"],
                ["views", "unique_readers", "share_clicks", "comments"],
                daily_rows,
            )
            _upsert(
                StoryShareDaily._meta.db_table,
                [("story_id", "integer"), ("day", "date"), ("network", "text"), ("clicks", "integer")],
                ["story_id", "day", "network"],
                ["clicks"],
                share_rows,
            )
    buffer.forget_before(readers.today().isoformat())
    dropped = sum(totals[0] for (story, _day), totals in daily.items() if story not in existing)
    return FlushResult(
        rows=len(daily_rows),
        share_rows=len(share_rows),
        views=sum(row[2] for row in daily_rows),
        dropped=dropped,
        seconds=time.perf_counter() - started,
    )


_thread: threading.Thread | None = None
_thread_lock = threading.Lock()


def _flush_forever(interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            views_flush()
        except Exception:
            # Keep counting: the batch stays buffered and the next round retries it.
            logger.exception("Flushing view counts failed; will retry")
        finally:
            close_old_connections()


def ensure_flush_thread() -> None:
    """Start this process's background flusher on first use, if settings ask for one."""
    global _thread
    if _thread is not None or not settings.FIRESIDE_ENGAGEMENT_FLUSH_THREAD:
        return
    with _thread_lock:
        if _thread is None:
            interval = min(60, max(1, settings.FIRESIDE_ENGAGEMENT_FLUSH_SECONDS))
            _thread = threading.Thread(
                target=_flush_forever, args=(interval,), name="fireside-view-flush", daemon=True
            )
            _thread.start()
            atexit.register(_flush_at_exit)


def _flush_at_exit() -> None:
    # A clean shutdown (deploy, worker recycling) keeps its unflushed views; only a crash loses them.
    try:
        views_flush()
    except Exception:
        logger.exception("Final flush of view counts failed")
