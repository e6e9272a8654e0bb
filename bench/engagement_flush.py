"""Flush 1,000,000 buffered views across 100,000 stories into the daily totals, on SQLite and PostgreSQL.

Run from the repository root: ``.venv/bin/python bench/engagement_flush.py [--views N] [--stories N]``.

For each database the script creates a scratch test database (SQLite: a temporary file in WAL mode;
PostgreSQL: ``test_fs_engagement_bench`` on the server named by ``FIRESIDE_BENCH_POSTGRES_URL``, default the
loopback server), inserts the stories straight into the page tables, then:

1. records the views through the in-process buffer's counting rules (not timed) and times ``views_flush`` into
   an empty table (the INSERT path);
2. records another batch through the Redis buffer (``FIRESIDE_BENCH_REDIS_URL``, default
   redis://127.0.0.1:6390/4, keys under a prefix of their own, deleted afterwards) and times the flush into the
   now full table (the ON CONFLICT ... UPDATE path).

Baseline, same run, same database: a plain ``bulk_create`` of the same number of rows into an empty table, the
least any flush could cost. Target: each flush under 10 s. Each step is bounded; nothing is left running.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 10.0


def child(database_url: str, views: int, stories: int, redis_url: str) -> None:
    """Runs in a subprocess per database, so each gets fresh Django settings."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "fireside.settings.test"
    os.environ["FIRESIDE_TEST_DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from wagtail.models import Locale, Page

    if connection.vendor == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="fireside-bench-")) / "flush.sqlite3"
        settings.DATABASES["default"]["TEST"] = {
            **settings.DATABASES["default"].get("TEST", {}),
            "NAME": str(path),
        }
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        from fireside.engagement import buffer as buffers
        from fireside.engagement.models import StoryDaily
        from fireside.engagement.services import views_flush
        from fireside.stories.models import SectionPage, StoryPage

        started = time.perf_counter()
        root = Page.get_first_root_node()
        section = root.add_child(
            instance=SectionPage(title="Bench", slug="bench", description="Bench stories.")
        )
        story_type = ContentType.objects.get_for_model(StoryPage)
        locale = Locale.get_default()
        pages = [
            Page(
                title=f"Story {n}",
                draft_title=f"Story {n}",
                slug=f"story-{n}",
                path=Page._get_path(section.path, section.depth + 1, n + 1),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}story-{n}/",
                content_type=story_type,
                live=True,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
            for n in range(stories)
        ]
        with transaction.atomic():  # one commit, not one fsync per row
            Page.objects.bulk_create(pages, batch_size=2000)
            page_ids = list(
                Page.objects.filter(depth=section.depth + 1, path__startswith=section.path).values_list(
                    "pk", flat=True
                )
            )
            columns = [
                "page_ptr_id",
                "standfirst",
                "body",
                "pen_name",
                "hero_image_alt",
                "word_count",
                "comments_open",
                "trending_override",
            ]
            insert = f"INSERT INTO {StoryPage._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - our own names
            with connection.cursor() as cursor:
                cursor.executemany(
                    insert + f"VALUES ({', '.join(['%s'] * len(columns))})",
                    [(pk, "A standfirst.", "<p>Body.</p>", "", "", 2, True, "") for pk in page_ids],
                )
        print(f"  set-up: {stories:,} stories inserted in {time.perf_counter() - started:.1f}s")

        rng = random.Random(4)
        day = time.strftime("%Y-%m-%d", time.gmtime())
        # Skewed like real traffic: a few stories get most views; every story gets at least one.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(page_ids))]
        extra = rng.choices(page_ids, weights=weights, k=views - len(page_ids))
        story_of_view = page_ids + extra

        def record(buffer, label: str) -> None:
            """Count the views by the buffer's rules. The Redis buffer is filled with the pending totals the same
            views leave behind (one HSET per 10,000 fields): a million Lua calls from one Python client would time
            the client, not the flush; the beacon benchmark times counting through Redis."""
            started = time.perf_counter()
            counter = buffers.LocalBuffer()
            for n, story_id in enumerate(story_of_view):
                counter.record_view(
                    day=day,
                    story_id=story_id,
                    reader=f"r{n % 250_000}",
                    network=f"n{n % 5000}",
                    range_cap=10**9,
                )
            if isinstance(buffer, buffers.RedisBuffer):
                pending = list(counter._pending.items())
                for start in range(0, len(pending), 10_000):
                    buffer.client.hset(buffer.pending_key, mapping=dict(pending[start : start + 10_000]))
            else:
                buffer._pending = counter._pending
            seconds = time.perf_counter() - started
            print(
                f"  {label}: {views:,} views counted into the buffer in {seconds:.1f}s (not part of the flush time)"
            )

        baseline_rows = [
            StoryDaily(story_id=pk, day="2000-01-01", views=10, unique_readers=10) for pk in page_ids
        ]
        started = time.perf_counter()
        StoryDaily.objects.bulk_create(baseline_rows, batch_size=500)
        baseline = time.perf_counter() - started
        StoryDaily.objects.all().delete()
        print(f"  baseline: bulk_create of {len(page_ids):,} rows into an empty table: {baseline:.2f}s")

        results = []
        local = buffers.LocalBuffer()
        buffers.set_buffer(local)
        record(local, "in-process buffer")
        started = time.perf_counter()
        result = views_flush()
        elapsed = time.perf_counter() - started
        results.append(("in-process buffer -> empty table (INSERT)", elapsed, result))

        redis_buffer = buffers.RedisBuffer(redis_url, prefix=f"fireside-bench:{uuid.uuid4().hex}:")
        try:
            redis_buffer.client.ping()
        except Exception as error:
            print(f"  Redis buffer: skipped, {redis_url} unreachable ({error})")
        else:
            buffers.set_buffer(redis_buffer)
            try:
                record(redis_buffer, "Redis buffer")
                started = time.perf_counter()
                result = views_flush()
                elapsed = time.perf_counter() - started
                results.append(("Redis buffer -> existing rows (UPDATE)", elapsed, result))
            finally:
                redis_buffer.clear()
        total_views = sum(StoryDaily.objects.values_list("views", flat=True))
        for label, elapsed, result in results:
            verdict = "PASS" if elapsed < TARGET_SECONDS else "FAIL"
            print(
                f"  flush, {label}: {elapsed:.2f}s for {result.views:,} views into {result.rows:,} rows "
                f"= {elapsed / baseline:.1f}x the baseline; target < {TARGET_SECONDS:.0f}s: {verdict}"
            )
        print(f"  check: the table holds {total_views:,} views (expected {len(results) * views:,})")
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        if connection.vendor == "sqlite":
            shutil.rmtree(path.parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=1_000_000)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    redis_url = os.environ.get("FIRESIDE_BENCH_REDIS_URL", "redis://127.0.0.1:6390/4")
    if args.child:
        child(args.child, args.views, args.stories, redis_url)
        return
    postgres = os.environ.get(
        "FIRESIDE_BENCH_POSTGRES_URL", "postgres://fireside:fireside@127.0.0.1:5432/fs_engagement_bench"
    )
    print(f"Flush benchmark: {args.views:,} buffered views across {args.stories:,} stories")
    for label, url in [("SQLite", "sqlite:///unused.sqlite3"), ("PostgreSQL", postgres)]:
        print(f"{label}:")
        completed = subprocess.run(  # noqa: S603 - our own interpreter and script
            [
                sys.executable,
                __file__,
                "--child",
                url,
                "--views",
                str(args.views),
                "--stories",
                str(args.stories),
            ],
            cwd=ROOT,
            timeout=900,
            check=False,
        )
        if completed.returncode != 0:
            print(f"  {label}: failed (exit {completed.returncode}); is the server running?")


if __name__ == "__main__":
    main()
