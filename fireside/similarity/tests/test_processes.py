"""Two real processes share one index: what one adds, the other finds (PostgreSQL: the production setup)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection

from fireside.similarity.store import DatabaseShingleStore
from fireside.textanalysis.duplicates import NearDuplicateIndex

ROOT = Path(__file__).resolve().parents[3]

CHILD = """
import json, sys
import django
django.setup()
from fireside.similarity.store import DatabaseShingleStore
from fireside.textanalysis.duplicates import NearDuplicateIndex
task = json.loads(sys.stdin.read())
index = NearDuplicateIndex(DatabaseShingleStore())
if task["add"]:
    index.add(task["add"], task["text"])
print(json.dumps([[m.doc_id, m.verdict] for m in index.query(task["query"])]))
"""


def _child(**task) -> list:
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "fireside.settings.dev"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD],
        input=json.dumps(task),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_process_sees_additions_and_adds_its_own(migrated_data, corpus):
    if connection.vendor != "postgresql":
        pytest.skip("the test database on SQLite is in memory, invisible to another process")
    here = NearDuplicateIndex(DatabaseShingleStore())
    here.add(9001, corpus["o01"]["text"])
    # The child process finds what this one added, then adds a story of its own ...
    assert _child(add=9002, text=corpus["o04"]["text"], query=corpus["o01"]["text"]) == [[9001, "copy"]]
    # ... which this process finds straight away: nothing is cached per process.
    assert [(m.doc_id, m.verdict) for m in here.query(corpus["o04"]["text"])] == [(9002, "copy")]
    assert len(here) == 2
