"""Benchmark: suggested content warnings in the story editor, with a 3,000-word story.

    .venv/bin/python bench/warning_suggestions.py

Builds a scratch in-memory SQLite database (the test settings, migrations applied, nothing on disk) and times:

- analysis alone: the model reading the 3,000-word draft (what every request would pay without the cache);
- panel data, cached: ``story_suggestions`` for a text version already analysed (the normal case);
- editor GET, warm: the whole page editor with the panel, its suggestions cached (the baseline);
- editor GET, new text: the same page when the cached suggestions are gone (first open after a save).

It prints median and p95 (wall and CPU), the ratio of the new-text page to the warm page, and the panel's queries.
Target: the cached panel data costs under 2 ms and at most 5 queries; a new text version adds no more than the
analysis itself to the page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings.test")
os.environ["FIRESIDE_TEST_DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RUNS = 25
# Written for this benchmark: ordinary narrative with a divorce running through it.
PARAGRAPHS = [
    "Our flat above the launderette always smelled of warm cotton, and for years I thought that was what a "
    "home smelled like. On Saturdays I walked the dog to the park before anyone else was up.",
    "The winter my husband moved out, the solicitor's letters came every week and I read them standing up in "
    "the hallway. The children now spend every other weekend at his flat across town.",
    "My daughter has started learning the trumpet, which the neighbours are being very patient about. My son "
    "is saving for a bike and keeps a spreadsheet of his pocket money with a column for invented interest.",
    "Last month we repainted the hallway a colour the tin called oatmeal. It took three coats and most of a "
    "bank holiday weekend, and nobody agreed about whether it looked like oatmeal at all.",
]


def body(words: int) -> str:
    paragraphs: list[str] = []
    count = 0
    while count < words:
        for paragraph in PARAGRAPHS:
            paragraphs.append(f"<p>{paragraph}</p>")
            count += len(paragraph.split())
    return "".join(paragraphs)


def measure(function, runs: int = RUNS) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for index in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function(index)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def expect(status: int) -> None:
    if status != 200:
        raise RuntimeError(f"status {status}, expected 200")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)

    from django.contrib.auth.models import User

    from wagtail.models import Page, Site

    from fireside.stories.factories import HomePageFactory, SectionPageFactory, StoryPageFactory
    from fireside.warning_suggestions.selectors import current_model, story_suggestions, story_text

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.filter(is_default_site=True).update(root_page=home)
    section = SectionPageFactory(parent=home, title="Family", slug="family")
    story = StoryPageFactory(parent=section, title="Two houses", body=body(3_000))
    story.save_revision().publish()
    editor = User.objects.create_superuser("bench", "bench@example.org", "pw")
    client = Client()
    client.force_login(editor)
    draft = story.get_latest_revision_as_object()
    text = story_text(draft)
    print(f"story: {len(text.split()):,} words")
    _key, model = current_model()
    edit_url = f"/admin/pages/{story.pk}/edit/"

    def analysis(_index: int) -> None:
        model.suggest(text)

    def cached(_index: int) -> None:
        story_suggestions(page=draft, user=editor)

    def editor_warm(_index: int) -> None:
        expect(client.get(edit_url).status_code)

    def editor_new_text(_index: int) -> None:
        cache.delete_many([key for key in cache._cache if "warning-suggestions" in key])  # locmem: ours only
        expect(client.get(edit_url).status_code)

    for step in (analysis, cached, editor_warm, editor_new_text):
        step(0)
    rows = {}
    for name, step in (
        ("analysis alone", analysis),
        ("panel data, cached", cached),
        ("editor GET, warm", editor_warm),
        ("editor GET, new text", editor_new_text),
    ):
        wall, cpu = measure(step)
        rows[name] = (statistics.median(wall), p95(wall), statistics.median(cpu))
    print(f"{'step':<22} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>8}")
    for name, (median, high, cpu) in rows.items():
        print(f"{name:<22} {median:10.1f} {high:8.1f} {cpu:8.1f}")
    with CaptureQueriesContext(connection) as captured:
        cached(0)
    print(f"queries for the cached panel data: {len(captured)}")
    warm = rows["editor GET, warm"][0]
    print(f"new text / warm editor GET: {rows['editor GET, new text'][0] / warm:.2f}x")
    print(
        f"cached panel data / analysis alone: {rows['panel data, cached'][0] / rows['analysis alone'][0]:.3f}x"
    )


if __name__ == "__main__":
    main()
