"""Benchmark: what the tone flags cost per comment.

    .venv/bin/python bench/comment_tone.py

1. Pure assessment (``fireside.textanalysis.tone.assess_tone``) over the 332 labelled comments, cues only and
   with a learned model trained on the dev decisions, against the baseline of the spam filter's feature
   extraction on the same comments (``spam.comment_features``, which every comment already pays for), and on
   the longest comment the form accepts (5,000 characters). Target: well under a millisecond or two for a
   typical comment.
2. Database-backed ``tone_assess`` (the cues plus the shared counts, two queries) in a scratch in-memory SQLite
   database after 300 moderator decisions.

CPU time of the process is reported (the machine's cores are shared), as the median of several rounds.
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

from fireside.textanalysis.spam import CommentSample, comment_features  # noqa: E402
from fireside.textanalysis.tone import assess_tone, train_counts  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "fireside" / "textanalysis" / "tests" / "data" / "tone"
HARMFUL = {"blame", "mock", "threat", "harass"}
ROUNDS = 7


def load(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


def per_item_ms(function, items) -> float:
    """Median over ROUNDS of the CPU time per item, in milliseconds."""
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time()
        for item in items:
            function(item)
        rounds.append((time.process_time() - start) / len(items) * 1000)
    return statistics.median(rounds)


def pure() -> None:
    dev, heldout = load("dev"), load("heldout")
    texts = [text for _, text in dev + heldout]
    counts, harmful_docs, fine_docs = train_counts((text, label in HARMFUL) for label, text in dev)
    long_text = " ".join(texts)[:5000]
    baseline = per_item_ms(lambda text: comment_features(CommentSample(text)), texts)
    cues = per_item_ms(assess_tone, texts)
    learned = per_item_ms(
        lambda text: assess_tone(text, counts=counts, harmful_docs=harmful_docs, fine_docs=fine_docs), texts
    )
    long_baseline = per_item_ms(lambda text: comment_features(CommentSample(text)), [long_text] * 5)
    long_cues = per_item_ms(assess_tone, [long_text] * 5)
    print(f"{len(texts)} labelled comments, median {statistics.median(map(len, texts))} characters")
    print(f"  baseline: spam feature extraction   {baseline:7.3f} ms CPU per comment")
    print(f"  tone, cues only                     {cues:7.3f} ms  ({cues / baseline:.1f}x baseline)")
    print(f"  tone, cues + learned counts         {learned:7.3f} ms  ({learned / baseline:.1f}x baseline)")
    print("5,000-character comment (the form's limit)")
    print(f"  baseline: spam feature extraction   {long_baseline:7.3f} ms")
    print(
        f"  tone, cues only                     {long_cues:7.3f} ms  ({long_cues / long_baseline:.1f}x baseline)"
    )


def database() -> None:
    import django

    django.setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from fireside.comments.models import Comment
    from fireside.comments.services import tone_assess, tone_train

    dev = load("dev")
    for n, (label, text) in enumerate(dev + dev[:80]):
        comment = Comment(pk=n + 1, body=text)  # unsaved: tone_train's row update touches nothing
        tone_train(comment=comment, label="harmful" if label in HARMFUL else "fine")
    texts = [text for _, text in load("heldout")]
    executed: list[str] = []

    def counting(execute, sql, *args):
        executed.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counting):
        tone_assess(body=texts[0])
    shared = per_item_ms(lambda text: tone_assess(body=text), texts)
    print("database-backed tone_assess after 300 decisions (in-memory SQLite)")
    print(f"  {shared:7.3f} ms CPU per comment, {len(executed)} queries")


if __name__ == "__main__":
    pure()
    database()
