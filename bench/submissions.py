"""Benchmark: the "Share your story" form with a 3,000-word story.

    .venv/bin/python bench/submissions.py

Builds a scratch in-memory SQLite database (the test settings, migrations applied, nothing on disk), then
times through Django's test client:

- baseline: GET /submit/ (the empty form: same template, navigation and form queries);
- preview: POST the story for the privacy check (the finder runs, every finding is rendered in <mark>);
- apply all: POST "Replace all" (finder, replacements, finder again on the new text, render);
- send: POST the checked story (draft StoryPage, revision, workflow start, email to the locmem outbox).

It prints the median and p95 per request, the ratio to the baseline, and each step's query count. Targets:
preview and apply within 3x the baseline, with at most two more queries (validating the chosen section and
warnings); send under 150 ms of CPU (median) on this machine. CPU time is printed beside wall time, since
the machine's cores are shared.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings.test")
os.environ["FIRESIDE_TEST_DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RUNS = 25
DETAILS = (
    "My cousin Aleksander Nowak rang me on 07700 900461 from 14 Mill Lane, Leeds LS6 2AB, and later "
    "Priya Raman wrote to priya.r@example.net and posted it as @quiet_kitchen on https://example.org/p/1."
)


def story(words: int, salt: int = 0) -> str:
    from fireside.submissions.tests.conftest import STORY_PARAGRAPHS

    paragraphs: list[str] = []
    count = 0
    while count < words:
        for paragraph in [*STORY_PARAGRAPHS, DETAILS]:
            paragraphs.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(paragraphs) + f"\n\nVersion {salt}."


def measure(function, runs: int = RUNS) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for index in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function(index)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def expect(got: int, wanted: int) -> None:
    if got != wanted:
        raise RuntimeError(f"status {got}, expected {wanted}")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.FIRESIDE_SUBMISSIONS_PER_HOUR = 10_000
    settings.FIRESIDE_SUBMISSION_MIN_FILL_SECONDS = 0

    from wagtail.models import Page, Site

    from fireside.core.formguard import issue_form_token
    from fireside.stories.factories import HomePageFactory, SectionPageFactory

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.filter(is_default_site=True).update(root_page=home)
    section = SectionPageFactory(parent=home, title="Family", slug="family")
    client = Client()
    text = story(3_000)
    print(f"story: {len(text.split()):,} words, {len(text):,} characters")

    def data(body: str, action: str, **extra) -> dict:
        return {
            "headline": "The winter of the late invitation",
            "summary": "A resealed envelope and a long silence.",
            "body": body,
            "section": str(section.pk),
            "pen_name": "Wren Hollis",
            "contact_email": "bench.writer@example.org",
            "consent_own_story": "on",
            "consent_publish": "on",
            "consent_names_changed": "on",
            "form_token": issue_form_token(purpose="story-submission", now=time.time() - 60),
            "action": action,
            **extra,
        }

    def checked(body: str) -> str:
        response = client.post("/submit/", data(body, "preview"))
        return re.search(rb'name="privacy_checked" value="([^"]+)"', response.content).group(1).decode()

    def baseline(_index: int) -> None:
        expect(client.get("/submit/").status_code, 200)

    def preview(_index: int) -> None:
        expect(client.post("/submit/", data(text, "preview")).status_code, 200)

    def apply_all(_index: int) -> None:
        expect(client.post("/submit/", data(text, "apply_all")).status_code, 200)

    bodies = [story(3_000, salt) for salt in range(RUNS + 1)]
    tokens = [checked(body) for body in bodies]

    def send(index: int) -> None:
        cache.clear()
        response = client.post("/submit/", data(bodies[index], "send", privacy_checked=tokens[index]))
        expect(response.status_code, 201)

    for step in (baseline, preview, apply_all):
        step(0)  # warm-up: template loading, Wagtail's site root cache, the name lists
    results = {}
    queries = {}
    for name, step in (("baseline GET", baseline), ("preview", preview), ("apply all", apply_all)):
        with CaptureQueriesContext(connection) as captured:
            step(0)
        queries[name] = len(captured.captured_queries)
        results[name] = measure(step)
    with CaptureQueriesContext(connection) as captured:
        send(RUNS)
    queries["send"] = len(captured.captured_queries)
    results["send"] = measure(send)

    base = statistics.median(results["baseline GET"][0])
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"{'step':<14}{'median ms':>10}{'p95 ms':>9}{'cpu ms':>8}{'x base':>8}{'queries':>9}")
    for name, (wall, cpu) in results.items():
        median = statistics.median(wall)
        print(
            f"{name:<14}{median:>10.1f}{p95(wall):>9.1f}{statistics.median(cpu):>8.1f}"
            f"{median / base:>8.2f}{queries[name]:>9}"
        )
    ok = (
        statistics.median(results["preview"][0]) <= 3 * base
        and statistics.median(results["apply all"][0]) <= 3 * base
        and queries["preview"] <= queries["baseline GET"] + 2
        and statistics.median(results["send"][1]) <= 150
    )
    target = "preview/apply <= 3x baseline with at most 2 more queries; send CPU median <= 150 ms"
    print("PASS" if ok else "FAIL", f"({target})")


if __name__ == "__main__":
    main()
