"""Time "More stories like this" at archive scale: what one publish costs, and a whole-archive rebuild.

Run from the repository root: ``.venv/bin/python bench/related_stories.py [--stories 10000]``.

The archive is generated: each story is a bag of pseudo-words drawn from a 40,000-word Zipf vocabulary (about
45 premise terms and 150 body terms, like a 500-word story after stop words), a few tags from 200 and warnings
from the real vocabulary, stored and decoded as JSON exactly as ``StoryProfile`` rows are. Figures are CPU time
on this machine; the database round trip of the profile query is not included (one indexed query).

A publish = decode every stored profile + decode the persisted document frequencies (``ArchiveVocabulary``;
the refit it replaces is timed too, for comparison) + index the public stories + rank the new story + recompute
the lists it joins (its 8 best matches: the worst case). The baseline, measured
in the same run, is decoding the profiles alone: the part that any approach reading stored rows must pay.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fireside.core.content_warnings import SLUGS  # noqa: E402
from fireside.textanalysis.related import (  # noqa: E402
    Idf,
    RelatedIndex,
    StoryTerms,
    fit_idf,
    related_stories,
)

VOCABULARY = 40_000


def _zipf_words(rng: random.Random, n: int) -> list[str]:
    # Rank r drawn with probability ~ 1/r: a few words everywhere, most words rare.
    return [f"w{int(VOCABULARY ** rng.random())}" for _ in range(n)]


def make_rows(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    warnings = sorted(SLUGS)
    rows = []
    for i in range(n):
        premise: dict[str, float] = {}
        for word in _zipf_words(rng, 45):
            premise[word] = premise.get(word, 0) + rng.choice((1.5, 2.0, 3.0))
        body: dict[str, int] = {}
        for word in _zipf_words(rng, 300):
            body[word] = body.get(word, 0) + 1
        rows.append(
            json.dumps(
                {
                    "id": i,
                    "premise": premise,
                    "body": dict(sorted(body.items(), key=lambda kv: -kv[1])[:150]),
                    "tags": [f"tag{rng.randrange(200)}" for _ in range(3)],
                    "warnings": rng.sample(warnings, rng.choice((0, 0, 1, 2))),
                    "section": f"0001000{rng.randrange(6)}",
                }
            )
        )
    return rows


def decode(rows: list[str]) -> list[StoryTerms]:
    out = []
    for row in rows:
        d = json.loads(row)
        out.append(
            StoryTerms(
                d["id"], d["premise"], d["body"], frozenset(d["tags"]), frozenset(d["warnings"]), d["section"]
            )
        )
    return out


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--publishes", type=int, default=5)
    args = parser.parse_args()
    rows = make_rows(args.stories)
    print(f"archive: {args.stories} stories, {sum(map(len, rows)) / 2**20:.1f} MiB of stored profiles (JSON)")

    baseline, publish, parts = [], [], {"decode": [], "idf": [], "index": [], "rank": [], "others": []}
    stored_df = json.dumps(dict(fit_idf(decode(rows)).df))
    refit = statistics.median(
        cpu(lambda: fit_idf(decode(rows))) - cpu(lambda: decode(rows)) for _ in range(2)
    )
    for k in range(args.publishes):
        baseline.append(cpu(lambda: decode(rows)))

        def one_publish(k=k) -> None:
            t0 = time.process_time()
            archive = decode(rows)
            t1 = time.process_time()
            idf = Idf(n_docs=len(archive), df=json.loads(stored_df))
            t2 = time.process_time()
            index = RelatedIndex(archive, idf=idf)
            t3 = time.process_time()
            target = archive[k * 97 % len(archive)]
            scores = index.score(target)
            t4 = time.process_time()
            # Lists the new story joins: recompute 8 of them (its best matches: the worst case of joining).
            for other in sorted(scores, key=lambda r: -r.score)[:8]:
                related_stories(archive[int(other.story_id)], index, limit=8)
            t5 = time.process_time()
            steps = (
                ("decode", t0, t1),
                ("idf", t1, t2),
                ("index", t2, t3),
                ("rank", t3, t4),
                ("others", t4, t5),
            )
            for name, a, b in steps:
                parts[name].append((b - a) * 1000)

        publish.append(cpu(one_publish))

    base, pub = statistics.median(baseline), statistics.median(publish)
    print(f"baseline (decode stored profiles): median {base:.0f} ms CPU")
    print(f"publish: median {pub:.0f} ms CPU ({pub / base:.1f} x baseline)")
    print("  " + ", ".join(f"{name} {statistics.median(v):.0f} ms" for name, v in parts.items()))
    print(f"  (refitting the IDF instead of reading the stored frequencies: about {refit:.0f} ms)")
    archive = decode(rows)
    index = RelatedIndex(archive)
    sample = 200
    per_story = cpu(lambda: [related_stories(archive[i], index, limit=8) for i in range(sample)]) / sample
    print(
        f"rebuild: {per_story:.1f} ms CPU per story, about {per_story * len(archive) / 1000 / 60:.1f} min "
        f"for the whole archive"
    )


if __name__ == "__main__":
    main()
