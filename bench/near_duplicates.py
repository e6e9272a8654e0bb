"""Time the near-duplicate index at archive scale: 100,000 stories of about 400 words.

Run from the repository root: ``.venv/bin/python bench/near_duplicates.py [--stories 100000]``
(a few minutes at the default size; pass ``--stories 10000`` for a quick look).

The archive is the labelled corpus (72 stories) plus generated stories. Generation is a word-level Markov
chain over the corpus's dev split in which about a third of the content words are swapped for pseudo-words
drawn from a 60,000-word Zipf vocabulary: the text has the rhythm and function-word statistics of the real
stories but, like a real archive, mostly its own three-word phrases (a plain Markov chain would repeat the
corpus's phrases in every story and make every fingerprint look common). The chain never sees the held-out
stories, whose copies are the timed queries: trained on them, it would scatter their phrases through
thousands of generated stories, which no real archive does.

Timed queries: the held-out split's disguised copies (8 per original, made by the test spinner) and fresh
generated stories that are not in the archive. The baseline, measured in the same run on the same texts, is
the unavoidable part of any query: normalising and shingling the text. Target: query p95 at most 20 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fireside.textanalysis.duplicates import NearDuplicateIndex, _shingles, tokenise  # noqa: E402
from fireside.textanalysis.tests.spinner import make_variants  # noqa: E402

TARGET_P95_MS = 20.0
CORPUS = ROOT / "fireside" / "textanalysis" / "tests" / "data" / "duplicates_corpus.json"
_FUNCTION = frozenset(
    {
        "a", "an", "and", "as", "at", "be", "been", "but", "by", "could", "did", "do", "for", "from", "had", "has",
        "have", "he", "her", "him", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not",
        "of", "on", "or", "our", "out", "over", "she", "so", "than", "that", "the", "their", "them", "then",
        "there", "they", "this", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who", "will",
        "with", "would", "you", "your",
    }
)  # fmt: skip


def _pseudo_vocabulary(size: int, rng: random.Random) -> list[str]:
    onsets = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl",
              "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "y", "z"]  # fmt: skip
    nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou", "ie"]
    codas = ["", "", "n", "r", "l", "s", "t", "ck", "nd", "st", "ng", "m"]
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 2, 3))
        words.add(
            "".join(rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(syllables))
        )
    return sorted(words)


class StoryGenerator:
    """Markov-ish stories: corpus word transitions, a third of content words swapped for Zipf pseudo-words."""

    def __init__(self, texts: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        words = [w for text in texts for w in text.split()]
        index: dict[str, int] = {}
        self.words: list[str] = []
        for w in words:
            if w not in index:
                index[w] = len(self.words)
                self.words.append(w)
        successors: list[list[int]] = [[] for _ in self.words]
        for a, b in zip(words, words[1:], strict=False):
            successors[index[a]].append(index[b])
        self.successors = [tuple(s) or (0,) for s in successors]
        self.starts = [index[b] for a, b in zip(words, words[1:], strict=False) if a[-1] in ".!?"]
        self.content = [w.strip(".,!?;:\"'").lower() not in _FUNCTION and w[0].islower() for w in self.words]
        self.vocabulary = _pseudo_vocabulary(60_000, self.rng)
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.vocabulary))]
        total = 0.0
        self.cumulative: list[float] = []
        for w in weights:
            total += w
            self.cumulative.append(total)

    def story(self) -> str:
        rng = self.rng
        rand = rng.random
        length = rng.randint(320, 480)
        swaps = iter(rng.choices(self.vocabulary, cum_weights=self.cumulative, k=length))
        out: list[str] = []
        state = rng.choice(self.starts)
        sentences = 0
        while len(out) < length:
            word = self.words[state]
            if self.content[state] and rand() < 0.35:
                tail = word[len(word.rstrip(".,!?;:")) :]
                word = next(swaps, "word") + tail
            out.append(word)
            if word[-1] in ".!?":
                sentences += 1
                if sentences % rng.randint(4, 6) == 0:
                    out[-1] += "\n\n"
            nxt = self.successors[state]
            state = nxt[int(rand() * len(nxt))]
        return " ".join(out)

    def stories(self, n: int) -> Iterator[str]:
        for _ in range(n):
            yield self.story()


def rss_bytes() -> int:
    """Resident set size now (Linux /proc; falls back to peak RSS elsewhere)."""
    try:
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def time_each(texts: list[str], func: Callable[[str], object]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call. CPU time is reported too because on a shared machine
    the wall-clock tail is mostly other people's processes."""
    wall, cpu = [], []
    for text in texts:
        started, started_cpu = time.perf_counter(), time.process_time()
        func(text)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000, help="generated stories in the archive")
    parser.add_argument("--fresh", type=int, default=300, help="unseen generated stories to query")
    parser.add_argument("--seed", type=int, default=20261121)
    args = parser.parse_args()

    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))["stories"]
    training = [s["text"] for s in corpus if s["split"] == "dev"]
    generator = StoryGenerator(training, seed=args.seed)
    fresh_generator = StoryGenerator(training, seed=args.seed + 1)
    copies = [
        (story["id"], variant.text)
        for story in corpus
        if story["split"] == "heldout" and story["kind"] == "original"
        for variant in make_variants(story["text"], story["names"], seed=story["id"])
    ]
    fresh = list(fresh_generator.stories(args.fresh))
    sample = generator.story()
    print(f"near-duplicate index benchmark: python {platform.python_version()}, {os.cpu_count()} cpus")
    print(f"generated story sample ({len(sample.split())} words): {' '.join(sample.split()[:24])} ...")

    # The index is built without keeping the texts, so the RSS delta is the index's own footprint.
    gc.collect()
    before = rss_bytes()
    started = time.perf_counter()
    index = NearDuplicateIndex()
    for story in corpus:
        index.add(story["id"], story["text"])
    words = 0
    for i, text in enumerate(generator.stories(args.stories)):
        words += text.count(" ") + 1
        index.add(f"g{i}", text)
    build_s = time.perf_counter() - started
    gc.collect()
    memory = rss_bytes() - before
    print(
        f"build: {len(index):,} stories ({words / max(1, args.stories):.0f} words on average, generation included) "
        f"in {build_s:.1f} s, {build_s / len(index) * 1000:.2f} ms/story"
    )
    print(f"index memory (RSS delta): {memory / 2**20:.0f} MiB, {memory / len(index) / 1024:.1f} KiB/story")

    # Warm the token cache the way a long-running worker would have it, then time.
    for _, text in copies[:5]:
        index.query(text)
    copy_ms, copy_cpu = time_each([text for _, text in copies], index.query)
    fresh_ms, fresh_cpu = time_each(fresh, index.query)
    base_copy, base_copy_cpu = time_each([text for _, text in copies], lambda t: _shingles(tokenise(t)))
    base_fresh, base_fresh_cpu = time_each(fresh, lambda t: _shingles(tokenise(t)))

    caught = sum(
        1
        for story_id, text in copies
        if any(m.doc_id == story_id and m.verdict == "copy" for m in index.query(text))
    )
    false_copies = sum(1 for text in fresh for m in index.query(text) if m.verdict == "copy")

    def row(label: str, wall: list[float], cpu: list[float]) -> str:
        return (
            f"{label:40s} wall p50 {statistics.median(wall):6.2f} ms  p95 {percentile(wall, 95):6.2f} ms"
            f" | cpu p50 {statistics.median(cpu):5.2f}  p95 {percentile(cpu, 95):5.2f}"
        )

    print(
        row(f"query, {len(copies)} held-out copies", copy_ms, copy_cpu) + f" | caught {caught}/{len(copies)}"
    )
    print(row(f"query, {len(fresh)} unseen stories", fresh_ms, fresh_cpu) + f" | false copies {false_copies}")
    print(row("baseline tokenise+shingle, copies", base_copy, base_copy_cpu))
    print(row("baseline tokenise+shingle, unseen", base_fresh, base_fresh_cpu))
    print(
        f"ratio query/baseline (p50): copies {statistics.median(copy_ms) / statistics.median(base_copy):.1f}x, "
        f"unseen {statistics.median(fresh_ms) / statistics.median(base_fresh):.1f}x"
    )
    worst = max(percentile(copy_ms, 95), percentile(fresh_ms, 95))
    verdict = "PASS" if worst <= TARGET_P95_MS else "FAIL"
    print(
        f"target wall p95 <= {TARGET_P95_MS:.0f} ms against {len(index):,} stories: {verdict} "
        f"(worst wall p95 {worst:.2f} ms, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
