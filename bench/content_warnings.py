"""Benchmark: content-warning suggestions on a 3,000-word story.

    .venv/bin/python bench/content_warnings.py

Prints median and p95 of ``suggest_warnings`` per call, the same for a baseline run in the same process
(cleaning and splitting the same text into sentences, which any analysis must do), their ratio, PASS/FAIL
against the 100 ms budget, and the installed size of what the model needs at run time.

The budget is checked on process CPU time: this machine's two cores are shared, and wall-clock time there
includes whatever the scheduler gave to other jobs (the load average is printed alongside).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fireside.textanalysis.warnings import (
    DEFAULT_DATA_DIR,
    DEFAULT_MODEL_PATH,
    default_model,
    suggest_warnings,
)
from fireside.textanalysis.warnings.text import clean, split_sentences

BUDGET_MS = 100.0
WORDS = 3_000
RUNS = 30


def story_of(words: int) -> str:
    """A long story stitched from the labelled stories, so it has realistic sentences and real themes."""
    texts = [
        json.loads(line)["text"] for line in (DEFAULT_DATA_DIR / "stories.jsonl").read_text().splitlines()
    ]
    pool: list[str] = []
    while len(pool) < words:
        for text in texts:
            pool.extend(text.split())
    return " ".join(pool[:words])


def timings(function: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def distribution_size(name: str) -> int:
    files = metadata.distribution(name).files or []
    located = (Path(path.locate()) for path in files)
    return sum(path.stat().st_size for path in located if path.is_file())


def main() -> int:
    text = story_of(WORDS)
    default_model()  # load once, as a long-running process would
    suggest_warnings(text)  # warm the regex caches
    base_wall, base_cpu = timings(lambda: split_sentences(clean(text)), RUNS)
    wall, cpu = timings(lambda: suggest_warnings(text), RUNS)

    print(f"text: {len(text.split())} words, {len(split_sentences(clean(text)))} sentences; {RUNS} runs each")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'':26} {'wall median':>12} {'wall p95':>9} {'cpu median':>11} {'cpu p95':>8}")
    for name, (w, c) in (
        ("baseline: clean + split", (base_wall, base_cpu)),
        ("suggest_warnings", (wall, cpu)),
    ):
        row = f"{statistics.median(w):10.2f}ms {p95(w):7.2f}ms {statistics.median(c):9.2f}ms {p95(c):6.2f}ms"
        print(f"{name:26} {row}")
    print(
        f"ratio suggest/baseline (cpu median): {statistics.median(cpu) / max(statistics.median(base_cpu), 1e-6):.1f}x"
    )
    verdict = "PASS" if statistics.median(cpu) <= BUDGET_MS else "FAIL"
    print(f"{verdict}: cpu median {statistics.median(cpu):.1f} ms against a budget of {BUDGET_MS:.0f} ms")

    print("run-time dependencies of the model (installed size):")
    total = 0
    for name in ("numpy",):
        size = distribution_size(name)
        total += size
        print(f"  {name} {metadata.version(name)}: {size / 1e6:.1f} MB")
    model_size = DEFAULT_MODEL_PATH.stat().st_size
    print(f"  model file {DEFAULT_MODEL_PATH.name}: {model_size / 1e3:.0f} kB (in the repository)")
    print(f"  total added to the default install: {total / 1e6:.1f} MB (budget 300 MB)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
