"""Retrain the shipped content-warning model, or evaluate it.

    python -m fireside.textanalysis.warnings train      # fit on the dev split, write data/warnings/model.json
    python -m fireside.textanalysis.warnings evaluate   # per-label P/R/F1 of the shipped model on held-out data

The held-out split is never used for training or tuning; ``evaluate`` only reports on it.
"""

from __future__ import annotations

import argparse
import sys
import time

from . import DEFAULT_DATA_DIR, DEFAULT_MODEL_PATH, WarningModel, evaluate, load_examples, train


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fireside.textanalysis.warnings")
    parser.add_argument("command", choices=("train", "evaluate"))
    parser.add_argument("--model", default=str(DEFAULT_MODEL_PATH))
    parser.add_argument("--data", default=str(DEFAULT_DATA_DIR))
    args = parser.parse_args(argv)
    if args.command == "train":
        started = time.perf_counter()
        examples = load_examples(args.data, split="dev")
        model = train(examples)
        model.save(args.model)
        elapsed = time.perf_counter() - started
        sys.stdout.write(f"trained on {len(examples)} examples in {elapsed:.1f}s -> {args.model}\n")
        sys.stdout.write(f"calibration {model.calibration}, threshold {model.threshold}\n")
        return 0
    model = WarningModel.load(args.model)
    result = evaluate(model, load_examples(args.data, split="heldout"))
    sys.stdout.write(f"held-out texts: {result.texts}\n{result.table()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
