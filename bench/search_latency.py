"""Median latency of /search/ with 100,000 generated stories, on SQLite and on PostgreSQL.

Run from the repository root:

    .venv/bin/python bench/search_latency.py                       # SQLite, 100,000 stories
    .venv/bin/python bench/search_latency.py --postgres postgres://fireside:fireside@127.0.0.1:5432/fs_search
    .venv/bin/python bench/search_latency.py --stories 10000       # a quicker look

Each database runs in a child process with its own throw-away database (a file under var/ for SQLite,
``<name>_bench`` on PostgreSQL), dropped afterwards unless ``--keep`` is given (then the next ``--keep`` run
reuses it and only times the searches).

What is timed: a full GET of /search/?q=... through Django's test client (middleware, the search form, the
ranked query, the count for pagination, snippets, the template), for a mix of queries: common and rare words,
two words, a quoted phrase, a pen name, a tag, a section filter, "hide stories with ...", and a word that
matches nothing. Every query runs ``--repeats`` times after one warm-up. The baseline, timed in the same run
and the same way, is a section page (the newest 20 stories of a section): the ratio says how many ordinary
listing pages one search costs on this machine. Target: median search under 100 ms.

How the 100,000 stories are made without 100,000 ``add_child`` calls (each of which locks and rewrites the
parent row): the ``wagtailcore_page`` rows are bulk-inserted with the materialised paths treebeard would have
given them (``parent.path`` + a 4-character base-36 step, ``depth`` + 1, ``numchild`` updated on each section
afterwards), the ``url_path``, locale and translation key Wagtail sets, then the ``stories_storypage`` rows are
inserted against those ids (Django's ``bulk_create`` refuses multi-table models, so the insert is done with the
same ``_insert`` call ``bulk_create`` uses, one table at a time). Tags and content warnings are bulk-inserted
into their link tables. The search index is then written by Wagtail's own index class (``add_items`` in
batches of 1,000, the same call ``manage.py update_index`` makes), so the index rows, SQLite's FTS5 table and
PostgreSQL's weighted tsvectors are exactly what Wagtail would store when the pages are published.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 100.0
SECTIONS = ["Family", "Work", "Love", "Loss", "Growing Up", "Money", "Health", "Home"]
PEN_NAMES = ["Owl", "Tern", "Ladle", "Gull", "Marten", "Heron", "Wren", "Otter", "Finch", "Moth"]
# Our own small vocabulary; a Zipf-like weighting gives common and rare words as in real prose.
VOCABULARY = [
    "the",
    "a",
    "and",
    "of",
    "to",
    "in",
    "it",
    "was",
    "i",
    "my",
    "we",
    "she",
    "he",
    "they",
    "that",
    "with",
    "for",
    "on",
    "at",
    "by",
    "from",
    "but",
    "not",
    "all",
    "one",
    "when",
    "there",
    "time",
    "year",
    "day",
    "night",
    "morning",
    "evening",
    "house",
    "home",
    "kitchen",
    "door",
    "window",
    "garden",
    "street",
    "town",
    "city",
    "road",
    "car",
    "bus",
    "train",
    "station",
    "school",
    "teacher",
    "class",
    "friend",
    "mother",
    "father",
    "sister",
    "brother",
    "grandmother",
    "grandfather",
    "aunt",
    "uncle",
    "cousin",
    "child",
    "children",
    "baby",
    "family",
    "wedding",
    "funeral",
    "hospital",
    "doctor",
    "nurse",
    "letter",
    "phone",
    "call",
    "money",
    "job",
    "boss",
    "office",
    "shift",
    "factory",
    "shop",
    "market",
    "bread",
    "soup",
    "tea",
    "coffee",
    "table",
    "chair",
    "bed",
    "room",
    "stairs",
    "winter",
    "summer",
    "spring",
    "autumn",
    "rain",
    "snow",
    "wind",
    "sun",
    "sea",
    "river",
    "harbour",
    "bridge",
    "field",
    "forest",
    "hill",
    "mountain",
    "lake",
    "boat",
    "beach",
    "island",
    "lighthouse",
    "radio",
    "music",
    "song",
    "piano",
    "guitar",
    "book",
    "notebook",
    "photograph",
    "picture",
    "secret",
    "promise",
    "apology",
    "argument",
    "silence",
    "laughter",
    "tears",
    "fear",
    "hope",
    "anger",
    "shame",
    "pride",
    "love",
    "grief",
    "joy",
    "remember",
    "forget",
    "wait",
    "leave",
    "return",
    "move",
    "sell",
    "buy",
    "lose",
    "find",
    "keep",
    "tell",
    "ask",
    "answer",
    "write",
    "read",
    "listen",
    "walk",
    "run",
    "drive",
    "fly",
    "sleep",
    "dream",
    "wake",
    "cook",
    "clean",
    "fix",
    "break",
    "build",
    "paint",
    "sing",
    "dance",
    "pray",
    "quit",
    "start",
    "first",
    "last",
    "old",
    "new",
    "small",
    "long",
    "quiet",
    "loud",
    "cold",
    "warm",
    "dark",
    "bright",
    "empty",
    "full",
    "broken",
    "lucky",
    "strange",
    "kindness",
    "neighbour",
    "stranger",
    "landlord",
    "debt",
    "rent",
    "wage",
    "savings",
    "inheritance",
    "diagnosis",
    "recovery",
    "therapy",
    "addiction",
    "sobriety",
    "divorce",
    "custody",
    "adoption",
    "migration",
    "border",
    "passport",
    "visa",
    "language",
    "accent",
    "orchard",
    "bakery",
    "workshop",
    "allotment",
    "caravan",
    "ferry",
    "tram",
    "lantern",
    "kettle",
    "blanket",
    "suitcase",
    "postcard",
]
TAGS = [
    f"{a} {b}"
    for a in ("night", "first", "last", "quiet", "long")
    for b in ("shift", "letter", "winter", "move")
]
TAGS += list(VOCABULARY[60:200])
QUERIES = [  # (kind, parameters)
    ("rare word", {"q": "harbour"}),
    ("rare word", {"q": "lighthouse"}),
    ("multi-word", {"q": "kitchen table"}),
    ("multi-word", {"q": "grandmother letter"}),
    ("multi-word", {"q": '"night shift"'}),
    ("rare word", {"q": "Heron"}),
    ("rare word", {"q": "postcard"}),
    ("multi-word", {"q": "inheritance debt"}),
    ("filtered", {"q": "winter", "section": "work"}),
    ("filtered", {"q": "hospital", "hide": ["death-and-grief"]}),
    ("common word", {"q": "the"}),
    ("common word", {"q": "time"}),  # in about half the stories; "the" is a stop word on PostgreSQL
    ("no hit", {"q": "zeppelinquartz"}),
]


FUNCTION_WORDS = 40  # the head of VOCABULARY: "the", "a", "and"... stay the most frequent words
TAIL_WORDS = 20_000
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "fa",
    "fe",
    "fi",
    "fo",
    "ga",
    "ge",
    "go",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "no",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zo",
]


def weighted_vocabulary() -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary of about 20,000 words, as in real prose.

    Function words lead; our topic words are scattered among generated three-syllable words, so "lighthouse"
    is as rare as a real topic word (a few percent of stories), not one of the 500 most frequent words.
    """
    rng = random.Random(7)
    tail = sorted({"".join(rng.choices(SYLLABLES, k=3)) for _ in range(TAIL_WORDS * 2)})[:TAIL_WORDS]
    rng.shuffle(tail)
    words = VOCABULARY[:FUNCTION_WORDS] + tail
    for word in VOCABULARY[FUNCTION_WORDS:]:
        words.insert(rng.randint(FUNCTION_WORDS + 50, len(words)), word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1)
        cumulative.append(total)
    return words, cumulative


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    chosen = rng.choices(words, cum_weights=weights, k=rng.randint(7, 18))
    return " ".join(chosen).capitalize() + "."


# --- Child: one database ----------------------------------------------------------------------------------
def child(database_url: str, stories: int, repeats: int, seed: int, keep: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "fireside.settings.test"
    os.environ["FIRESIDE_TEST_DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        bench_file = ROOT / "var" / "bench-search.sqlite3"
        bench_file.parent.mkdir(exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(bench_file)
    else:
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=not keep, keepdb=keep)
    try:
        run(stories=stories, repeats=repeats, seed=seed)
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


def build_site(rng: random.Random):
    from wagtail.models import Page, Site

    from fireside.stories.models import HomePage, SectionPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Fireside", slug="fireside-home", introduction="Bench."))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    sections = []
    for title in SECTIONS:
        slug = title.lower().replace(" ", "-")
        sections.append(
            home.add_child(instance=SectionPage(title=title, slug=slug, description=f"About {title}."))
        )
    return home, sections


def bulk_stories(sections, count: int, rng: random.Random) -> list[int]:
    """Insert ``count`` live stories spread over ``sections``; see the module docstring for how."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from fireside.stories.models import ContentWarning, StoryPage, StoryTag
    from fireside.stories.reading import count_words, html_to_text

    words, weights = weighted_vocabulary()
    content_type = ContentType.objects.get_for_model(StoryPage)
    locale = Locale.get_default()
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})[0] for name in TAGS
    ]
    warnings = list(ContentWarning.objects.all())
    warning_link = StoryPage.content_warnings.through
    now = timezone.now()
    story_fields = list(StoryPage._meta.local_concrete_fields)
    per_batch = 1000
    ids: list[int] = []
    next_step = {section.pk: section.numchild for section in sections}
    with transaction.atomic():
        for start in range(0, count, per_batch):
            pages, details = [], []
            for number in range(start, min(count, start + per_batch)):
                section = sections[number % len(sections)]
                next_step[section.pk] += 1
                slug = f"story-{number}"
                title = " ".join(
                    rng.choices(words[40:], weights=weights[40:], k=rng.randint(3, 7))
                ).capitalize()
                published = now - timezone.timedelta(minutes=number * 7)
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        path=Page._get_path(section.path, section.depth + 1, next_step[section.pk]),
                        depth=section.depth + 1,
                        numchild=0,
                        url_path=f"{section.url_path}{slug}/",
                        first_published_at=published,
                        last_published_at=published,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
                body = "".join(
                    "<p>" + " ".join(sentence(rng, words, weights) for _ in range(rng.randint(3, 6))) + "</p>"
                    for _ in range(rng.randint(3, 5))
                )
                details.append(
                    {
                        "standfirst": sentence(rng, words, weights),
                        "body": body,
                        "pen_name": rng.choice(PEN_NAMES) if rng.random() < 0.7 else "",
                        "word_count": count_words(html_to_text(body)),
                    }
                )
            created = Page.objects.bulk_create(pages)
            if created[0].pk is None:  # a database that does not return ids on insert
                slugs = [page.slug for page in pages]
                by_slug = dict(Page.objects.filter(slug__in=slugs).values_list("slug", "pk"))
                for page in created:
                    page.pk = page.id = by_slug[page.slug]
            stories = []
            for page, detail in zip(created, details, strict=True):
                story = StoryPage(page_ptr_id=page.pk, **detail)
                story.id = page.pk
                stories.append(story)
            StoryPage._base_manager._insert(stories, fields=story_fields, using=connection.alias)
            StoryTag.objects.bulk_create(
                StoryTag(content_object_id=page.pk, tag=tag)
                for page in created
                for tag in rng.sample(tags, rng.randint(0, 3))
            )
            warning_link.objects.bulk_create(
                warning_link(storypage_id=page.pk, contentwarning=rng.choice(warnings))
                for page in created
                if rng.random() < 0.15
            )
            ids.extend(page.pk for page in created)
        for section in sections:
            Page.objects.filter(pk=section.pk).update(numchild=next_step[section.pk])
    return ids


def index_stories(ids: list[int]) -> None:
    """Write the search index with Wagtail's own index class, as ``update_index`` does."""
    from django.db import transaction

    from wagtail.search.backends import get_search_backend

    from fireside.stories.models import StoryPage

    backend = get_search_backend()
    index = backend.get_index_for_model(StoryPage)
    for start in range(0, len(ids), 1000):
        with transaction.atomic():
            batch = StoryPage.objects.filter(pk__in=ids[start : start + 1000]).prefetch_related("tags")
            index.add_items(StoryPage, list(batch))


def time_get(client, path: str, params: dict, repeats: int) -> list[float]:
    client.get(path, params)  # warm-up: caches, prepared plans, page cache of the database
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params} answered {response.status_code}")
    return timings


def percentile95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[-1] if len(timings) > 1 else timings[0]


def run(*, stories: int, repeats: int, seed: int) -> None:
    from django.db import connection
    from django.test import Client

    from fireside.search import views as search_views
    from fireside.stories.models import SectionPage, StoryPage

    rng = random.Random(seed)
    search_views.SEARCHES_PER_MINUTE = 10**9  # the benchmark is one very busy reader
    started = built = indexed = time.perf_counter()
    existing = StoryPage.objects.count()
    if existing == stories:  # a database kept by an earlier --keep run: time the searches only
        sections = list(SectionPage.objects.order_by("path"))
    else:
        if existing:
            raise RuntimeError(f"the kept database holds {existing:,} stories, not {stories:,}: drop it")
        _, sections = build_site(rng)
        ids = bulk_stories(sections, stories, rng)
        built = time.perf_counter()
        index_stories(ids)
        indexed = time.perf_counter()
    # Planner statistics, as a site should have them after a bulk import. Without them SQLite reads the
    # 8 sections by walking all 100,000 pages in path order (about 150 ms on every page that lists the
    # sections: the whole "fixed cost" of the first version of this benchmark). A bounded sample is enough.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    client = Client()
    found = {}
    search_times: list[float] = []
    per_query = []
    by_kind: dict[str, list[float]] = {}
    for kind, params in QUERIES:
        timings = time_get(client, "/search/", params, repeats)
        response = client.get("/search/", params)
        found[params["q"]] = response.content.decode().count('class="search-result"')
        search_times.extend(timings)
        by_kind.setdefault(kind, []).extend(timings)
        per_query.append((params, statistics.median(timings)))
    baseline = []
    for section in sections[:4]:
        baseline.extend(time_get(client, section.url, {}, repeats))
    # A plain indexed lookup through the same stack: one story by primary key from the content API.
    lookup = []
    for story_id in StoryPage.objects.order_by("?").values_list("pk", flat=True)[:4]:
        lookup.extend(time_get(client, f"/api/v1/stories/{story_id}/", {}, repeats))
    search_median = statistics.median(search_times)
    baseline_median = statistics.median(baseline)
    p95 = percentile95(search_times)
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(f"database: {connection.vendor} {version}")
    print(f"stories: {stories:,} (tree rows {built - started:.1f} s, search index {indexed - built:.1f} s)")
    for params, median in per_query:
        label = " ".join(f"{k}={v}" for k, v in params.items())
        print(f"  {label:<45} median {median:7.1f} ms  ({found[params['q']]} results on page 1)")
    for kind, timings in by_kind.items():
        print(
            f"  {kind:<12} median {statistics.median(timings):7.1f} ms  p95 {percentile95(timings):7.1f} ms"
            f"  ({len(timings)} requests)"
        )
    print(f"search median: {search_median:.1f} ms, p95 {p95:.1f} ms over {len(search_times)} requests")
    print(
        f"baseline (section page, 20 newest stories) median: {baseline_median:.1f} ms,"
        f" p95 {percentile95(baseline):.1f} ms"
    )
    print(
        f"baseline (API story by id, an indexed lookup) median: {statistics.median(lookup):.1f} ms,"
        f" p95 {percentile95(lookup):.1f} ms"
    )
    print(f"ratio search/section page: {search_median / baseline_median:.2f}")
    print(f"ratio search/indexed lookup: {search_median / statistics.median(lookup):.2f}")
    verdict = "PASS" if search_median < TARGET_MS else "FAIL"
    print(f"target median < {TARGET_MS:.0f} ms: {verdict}")


# --- Parent: one child process per database -----------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("FIRESIDE_BENCH_POSTGRES_URL", ""),
        help="a PostgreSQL URL whose role may create databases (default: $FIRESIDE_BENCH_POSTGRES_URL)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the generated database and reuse it on the next --keep run (for profiling)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.stories, args.repeats, args.seed, args.keep)
        return 0
    urls = (["sqlite:///" + str(ROOT / "var" / "bench-search-base.sqlite3")] if args.sqlite else []) + (
        [args.postgres] if args.postgres else []
    )
    failed = False
    for url in urls:
        command = [sys.executable, __file__, "--child", url, "--stories", str(args.stories)]
        command += ["--repeats", str(args.repeats), "--seed", str(args.seed)]
        command += ["--keep"] if args.keep else []
        result = subprocess.run(command, check=False)  # noqa: S603 - our own script
        failed = failed or result.returncode != 0
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
