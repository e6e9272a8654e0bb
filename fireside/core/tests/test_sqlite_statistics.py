"""The SQLite backend leaves the query planner statistics behind when a connection closes."""

import copy
from pathlib import Path

import pytest

from django.db import connection
from django.db.utils import load_backend


def _wrapper(path: Path):
    # A SQLite file of the test's own, whichever database the suite runs on.
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict.update(NAME=str(path), ENGINE="fireside.core.sqlite")
    settings_dict["OPTIONS"] = {"init_command": "PRAGMA analysis_limit=400;"}
    return load_backend("fireside.core.sqlite").DatabaseWrapper(settings_dict, alias="statistics")


def _stat_rows(path: Path) -> int:
    wrapper = _wrapper(path)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            count = 0
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'story'")
            count = cursor.fetchone()[0]
    wrapper.connection.close()  # the raw close: this check must not itself optimise
    return count


@pytest.fixture(autouse=True)
def _own_database(django_db_blocker):
    """These tests open a database file of their own, beside (not through) the test database."""
    with django_db_blocker.unblock():
        yield


def test_closing_a_connection_that_used_an_unanalysed_index_records_statistics(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    wrapper = _wrapper(path)
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE story (id INTEGER PRIMARY KEY, section INTEGER, depth INTEGER)")
        cursor.execute("CREATE INDEX story_section ON story (section, depth)")
        cursor.executemany(
            "INSERT INTO story (section, depth) VALUES (?, ?)", [(n % 8, 3) for n in range(5000)]
        )
    wrapper.close()
    assert _stat_rows(path) == 0  # writing rows alone leaves nothing to optimise

    wrapper = _wrapper(path)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM story WHERE section = 3 AND depth = 3")
    wrapper.close()
    assert _stat_rows(path) > 0
