"""Time the database-backed near-duplicate index against the in-memory one, on SQLite and PostgreSQL.

Run from the repository root::

    .venv/bin/python bench/similarity_db.py [--stories 100000] [--backends sqlite,postgres] [--build-budget 600]

The archive is the labelled corpus (72 stories) plus stories from ``bench/near_duplicates.py``'s generator.
Each story is tokenised once and filed into three stores in the same pass: ``MemoryShingleStore`` (the
baseline), ``DatabaseShingleStore`` on SQLite (``var/bench_similarity.sqlite3``) and on PostgreSQL (database
``fs_similarity_bench``; ``--postgres-url`` to change). Never the site's own database. If building takes longer
than ``--build-budget`` seconds the archive stops growing and the figures are for the size reached (printed).
``--reuse`` keeps last run's tables when they hold the requested number of stories (the memory store is
always rebuilt).

Timed queries, the same texts against each store: the held-out copies made by the test spinner (their
originals are in the archive) and fresh generated stories that are not. Each query is a full
``NearDuplicateIndex.query``: tokenise, fetch candidates, fetch their tokens and document frequencies, verify.
The results of every store are compared with the memory store's. Target: query p95 <= 20 ms at 100,000 stories.

Wall time is what an editor waits; on a shared machine its tail is mostly other processes. "This process's
cpu" is the work done in the Python process: for SQLite (in process) that is the whole query, for PostgreSQL
it leaves out the server's side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings.dev")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

TARGET_P95_MS = 20.0
CORPUS = ROOT / "fireside" / "textanalysis" / "tests" / "data" / "duplicates_corpus.json"
SQLITE_PATH = ROOT / "var" / "bench_similarity.sqlite3"
PG_URL = "postgres://fireside:fireside@127.0.0.1:5432/fs_similarity_bench"
BATCH = 1000
FIRST_GENERATED_ID = 1000


def configure(backends: list[str], pg_url: str) -> None:
    """Point extra database aliases at the benchmark databases (before Django opens any connection)."""
    import dj_database_url

    if "sqlite" in backends:
        SQLITE_PATH.parent.mkdir(exist_ok=True)
        settings.DATABASES["bench_sqlite"] = {
            **dj_database_url.parse(f"sqlite:///{SQLITE_PATH}"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                " PRAGMA cache_size=-262144;",  # 256 MiB: random-key inserts into a big B-tree
                "transaction_mode": "IMMEDIATE",
            },
        }
    if "postgres" in backends:
        import psycopg

        config = dj_database_url.parse(pg_url)
        admin = pg_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{config["NAME"]}"')
        settings.DATABASES["bench_postgres"] = config
    settings.DEBUG = False  # no query log: the figures are production's
    django.setup()


def ensure_tables(alias: str, *, reuse: bool, wanted: int) -> bool:
    """Create the four index tables (dropping old ones unless reusing); returns True if reused as is."""
    from django.db import connections

    from fireside.similarity.models import Fingerprint, IndexedDocument, IndexState, TokenFrequency
    from fireside.similarity.store import DatabaseShingleStore

    models = [IndexedDocument, Fingerprint, TokenFrequency, IndexState]
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    complete = all(m._meta.db_table in existing for m in models)
    if reuse and complete and len(DatabaseShingleStore(alias)) == wanted:
        return True
    with connection.schema_editor() as editor:
        for model in models:
            if model._meta.db_table in existing:
                editor.delete_model(model)
        for model in models:
            editor.create_model(model)
    return False


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000, help="generated stories in the archive")
    parser.add_argument("--fresh", type=int, default=200, help="unseen generated stories to query")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=PG_URL)
    parser.add_argument(
        "--build-budget", type=float, default=600.0, help="seconds of building before stopping"
    )
    parser.add_argument("--reuse", action="store_true", help="keep last run's tables if they are complete")
    parser.add_argument("--seed", type=int, default=20261121)
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    configure(backends, args.postgres_url)

    from near_duplicates import StoryGenerator

    from django.db import connections

    from fireside.similarity.store import DatabaseShingleStore
    from fireside.textanalysis.duplicates import (
        MemoryShingleStore,
        NearDuplicateIndex,
        _fingerprints,
        _shingles,
        tokenise,
    )
    from fireside.textanalysis.tests.spinner import make_variants

    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))["stories"]
    corpus_ids = {story["id"]: n for n, story in enumerate(corpus, start=1)}
    training = [s["text"] for s in corpus if s["split"] == "dev"]
    generator = StoryGenerator(training, seed=args.seed)
    copies = [
        (corpus_ids[story["id"]], variant.text)
        for story in corpus
        if story["split"] == "heldout" and story["kind"] == "original"
        for variant in make_variants(story["text"], story["names"], seed=story["id"])
    ]
    fresh = list(StoryGenerator(training, seed=args.seed + 1).stories(args.fresh))

    aliases = {"sqlite": "bench_sqlite", "postgres": "bench_postgres"}
    stores: dict[str, object] = {"memory": MemoryShingleStore()}
    reused: dict[str, bool] = {}
    wanted = len(corpus) + args.stories
    for backend in backends:
        alias = aliases[backend]
        reused[backend] = ensure_tables(alias, reuse=args.reuse, wanted=wanted)
        stores[backend] = DatabaseShingleStore(alias)
    print(
        f"similarity database benchmark: python {platform.python_version()}, {os.cpu_count()} cpus, "
        f"load average {os.getloadavg()[0]:.1f}; "
        + ", ".join(f"{b}: {connections[aliases[b]].vendor}" for b in backends)
    )

    build_s = dict.fromkeys(stores, 0.0)
    prepare_s = 0.0

    def file_batch(batch: list[tuple[str, ...]]) -> None:
        nonlocal prepare_s
        started = time.perf_counter()
        prepared = []
        for doc_id, text in batch:
            tokens = tokenise(text)
            prepared.append((doc_id, tokens, _fingerprints(_shingles(tokens))))
        prepare_s += time.perf_counter() - started
        for name, store in stores.items():
            if reused.get(name):
                continue
            started = time.perf_counter()
            if name == "memory":
                for doc_id, tokens, fps in prepared:
                    store.add(doc_id, tokens, fps)
            else:
                store.add_many(prepared)
            build_s[name] += time.perf_counter() - started

    started_build = time.perf_counter()
    file_batch([(corpus_ids[s["id"]], s["text"]) for s in corpus])
    generated = 0
    stopped_early = False
    while generated < args.stories:
        n = min(BATCH, args.stories - generated)
        file_batch([(FIRST_GENERATED_ID + generated + i, generator.story()) for i in range(n)])
        generated += n
        elapsed = time.perf_counter() - started_build
        if generated % 10_000 == 0 or generated == args.stories:
            print(f"  built {generated:,} generated stories in {elapsed:.0f} s", file=sys.stderr, flush=True)
        if elapsed > args.build_budget and generated < args.stories:
            stopped_early = True
            break
    size = len(corpus) + generated
    for backend in backends:
        started = time.perf_counter()
        stores[backend].analyze()
        build_s[backend] += time.perf_counter() - started
    if stopped_early:
        for backend in backends:
            if reused.get(backend):
                raise SystemExit("--reuse with a build that stopped early: rerun without --reuse")
    print(
        f"archive: {size:,} stories ({generated:,} generated)"
        + (" — BUILD BUDGET REACHED" if stopped_early else "")
    )
    print(f"  tokenise + fingerprint (shared): {prepare_s:.1f} s")
    for name, seconds in build_s.items():
        note = " (reused from last run)" if reused.get(name) else ""
        print(f"  build {name:8s}: {seconds:7.1f} s, {seconds / size * 1000:.2f} ms/story{note}")

    indexes = {name: NearDuplicateIndex(store) for name, store in stores.items()}
    queries = [("held-out copies", [t for _, t in copies]), ("unseen stories", fresh)]
    expected = {label: [indexes["memory"].query(t) for t in texts] for label, texts in queries}
    caught = sum(
        1
        for (doc_id, _), matches in zip(copies, expected["held-out copies"], strict=True)
        if any(m.doc_id == doc_id and m.verdict == "copy" for m in matches)
    )
    print(f"memory store catches {caught}/{len(copies)} held-out copies as 'copy'")
    worst = 0.0
    for name, index in indexes.items():
        for text in (t for _, t in copies[:5]):  # warm caches and connections
            index.query(text)
        for label, texts in queries:
            wall, cpu, mismatches = [], [], 0
            for text, want in zip(texts, expected[label], strict=True):
                started, started_cpu = time.perf_counter(), time.process_time()
                got = index.query(text)
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
                mismatches += got != want
            p95 = percentile(wall, 95)
            if name != "memory":
                worst = max(worst, p95)
            print(
                f"query {name:8s} {label:16s} ({len(texts):3d}): wall p50 {statistics.median(wall):6.2f} ms"
                f"  p95 {p95:6.2f} ms | this process's cpu p50 {statistics.median(cpu):5.2f}"
                f"  p95 {percentile(cpu, 95):5.2f} | results differing from memory: {mismatches}"
            )
    for backend in backends:
        alias = aliases[backend]
        with connections[alias].cursor() as cursor:
            if backend == "postgres":
                cursor.execute("SELECT pg_database_size(current_database())")
                size_bytes = cursor.fetchone()[0]
            else:
                size_bytes = SQLITE_PATH.stat().st_size
        print(f"{backend} database size: {size_bytes / 2**20:,.0f} MiB")
    verdict = "PASS" if worst <= TARGET_P95_MS else "FAIL"
    print(
        f"target database query p95 <= {TARGET_P95_MS:.0f} ms against {size:,} stories: {verdict} "
        f"(worst p95 {worst:.2f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
