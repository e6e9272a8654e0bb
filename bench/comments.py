"""Benchmark: a story page with 200 comments, and the spam filter scoring a new comment.

    .venv/bin/python bench/comments.py

Builds a scratch in-memory SQLite database (the test settings, migrations applied, nothing on disk), then:

1. Story page: renders a story with one comment (the baseline: the same page, template and queries) and a
   story with 200 comments in threads five deep, through Django's test client, and prints the median and p95
   per request, the ratio of CPU time to the baseline and the query count of each. Target: under 2x the
   baseline's CPU time and the same number of queries.
2. Spam filter: trains the database-backed filter on 2,000 invented comments, then times ``spam_score`` (two
   queries plus naive Bayes) per comment against the baseline of extracting the comment's features alone.

CPU time of the process is reported beside wall time, since the machine's cores are shared.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

RUNS = 40
WORDS = [
    "river",
    "kitchen",
    "letter",
    "mother",
    "winter",
    "ferry",
    "garden",
    "brother",
    "sister",
    "laugh",
    "cried",
    "remember",
    "house",
    "window",
    "summer",
    "promise",
    "train",
    "station",
    "night",
    "morning",
    "grandmother",
    "bread",
    "music",
    "quiet",
    "storm",
]


def timed(function, runs: int = RUNS) -> tuple[float, float, float]:
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return statistics.median(wall), wall[int(len(wall) * 0.95) - 1], statistics.median(cpu)


def sentence(n: int) -> str:
    return " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(12 + n % 20)).capitalize() + "."


def main() -> None:
    # No setup_test_environment(): its instrumented template rendering would slow the page as production never is.
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from wagtail.models import Page, Site

    from fireside.comments.models import Comment, CommentStatus
    from fireside.comments.services import _apply_counts, spam_score
    from fireside.stories.factories import HomePageFactory, SectionPageFactory, StoryPageFactory
    from fireside.textanalysis.spam import CommentSample, comment_features

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.filter(is_default_site=True).update(root_page=home)
    section = SectionPageFactory(parent=home)
    quiet = StoryPageFactory(parent=section, slug="quiet")
    busy = StoryPageFactory(parent=section, slug="busy")
    Comment.objects.create(
        story=quiet, author_name="Only", author_email="only@example.org", body=sentence(1), status="approved"
    )
    made = 0
    while made < 200:
        parent = None
        for depth in range(1, 6):
            parent = Comment.objects.create(
                story=busy, parent=parent, thread=(parent.thread or parent) if parent else None, depth=depth,
                author_name=f"Reader {made}", author_email=f"r{made}@example.org", body=sentence(made),
                status=CommentStatus.APPROVED,
            )  # fmt: skip
            made += 1
            if made == 200:
                break

    client = Client()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        client.get(busy.url)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            client.get(busy.url)
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(35)
        return
    results = {}
    for name, story in (("baseline: story with 1 comment", quiet), ("story with 200 comments", busy)):
        client.get(story.url)
        executed: list[str] = []
        # Counted with an execute wrapper: the request_started signal clears connection.queries mid-request.

        def counting(execute, sql, *args, executed=executed):
            executed.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counting):
            status = client.get(story.url).status_code
        if status != 200:
            raise SystemExit(f"{story.url} answered {status}")
        results[name] = (*timed(lambda story=story: client.get(story.url)), len(executed))
    print(f"Story page, {RUNS} requests each (median / p95 wall ms, median CPU ms, queries):")
    for name, (median, p95, cpu, queries) in results.items():
        print(f"  {name:<32} {median:7.1f} / {p95:7.1f}   cpu {cpu:7.1f}   {queries} queries")
    base, busy_result = results["baseline: story with 1 comment"], results["story with 200 comments"]
    ratio = busy_result[2] / base[2]
    print(
        f"  CPU ratio 200 comments / baseline: {ratio:.2f}x (target < 2x) {'PASS' if ratio < 2 else 'FAIL'}"
    )
    print(f"  same query count: {'PASS' if busy_result[3] == base[3] else 'FAIL'}")

    samples = [
        CommentSample(body=sentence(n), name=f"Reader {n}", email=f"r{n}@example.org") for n in range(2000)
    ]
    for n, sample in enumerate(samples):
        _apply_counts(comment_features(sample), column="spam" if n % 3 == 0 else "ham", delta=1)
    probe = CommentSample(body=sentence(4242) + " https://shop.example", name="Probe", email="p@example.org")
    feature_ms = timed(lambda: comment_features(probe), runs=200)
    score_ms = timed(lambda: spam_score(sample=probe), runs=200)
    print("Spam filter after 2,000 lessons (median / p95 wall ms, median CPU ms):")
    print(
        f"  baseline: features only          {feature_ms[0]:7.3f} / {feature_ms[1]:7.3f}   cpu {feature_ms[2]:7.3f}"
    )
    print(
        f"  spam_score (2 queries + Bayes)   {score_ms[0]:7.3f} / {score_ms[1]:7.3f}   cpu {score_ms[2]:7.3f}"
    )
    print(f"  ratio: {score_ms[0] / feature_ms[0]:.1f}x; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
