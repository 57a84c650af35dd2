"""Grid-search the cleaner's region/keep thresholds on the development benchmark.

Pages: ScrapingHub (bench/flatten.py), both flatteners. Prints mean F1 per setting, best last.
This is how REGION_THRESHOLD, KEEP_THRESHOLD and BLOCKED_PENALTY in clean/classify.py were set.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from flatten import FLATTENERS, load_scrapinghub  # noqa: E402
from metric import aggregate, shingle_scores  # noqa: E402
from newsloom.clean import classify, cleaner  # noqa: E402
from newsloom.errors import EmptyInputError  # noqa: E402
from newsloom.model import Page  # noqa: E402


def main() -> None:
    docs = load_scrapinghub()
    inputs = [(d, FLATTENERS[f](d.html)) for d in docs for f in FLATTENERS]
    c = cleaner.Cleaner()
    results = []
    for region, keep, blocked in itertools.product(
        [0.3, 0.4, 0.5, 0.6, 0.7], [0.1, 0.2, 0.3], [0.25]
    ):
        classify.REGION_THRESHOLD, classify.BLOCKED_PENALTY = region, blocked
        cleaner.KEEP_THRESHOLD = keep
        scores = []
        for doc, text in inputs:
            try:
                pred = c.clean(Page(text=text, url=doc.url))[0].text
            except EmptyInputError:
                pred = ""
            scores.append(shingle_scores(pred, doc.gold))
        f1 = aggregate(scores)[2]
        results.append((f1, region, keep, blocked))
        print(f"region={region} keep={keep} blocked={blocked}: F1 {f1:.4f}", flush=True)
    print("best:", max(results))


if __name__ == "__main__":
    main()
