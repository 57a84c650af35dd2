"""Grid-search the cleaner's region/keep thresholds on the development benchmark.

Pages: ScrapingHub and fundus (bench/flatten.py), both flatteners. Prints F1 per setting for
each dataset and flattener, ScrapingHub's mean last. ScrapingHub is the development benchmark;
fundus is printed beside it so that a setting that only suits ScrapingHub shows (the line
model's weights are fitted on fundus, see scripts/train_line_model.py). This is how
REGION_THRESHOLD, KEEP_THRESHOLD and BLOCKED_PENALTY in clean/classify.py were set.

    python scripts/tune_thresholds.py [--region 0.4,0.5,0.6] [--keep 0.1,0.2,0.3]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from flatten import FLATTENERS, load_fundus, load_scrapinghub  # noqa: E402
from metric import aggregate, shingle_scores  # noqa: E402
from newsloom.clean import classify, cleaner  # noqa: E402
from newsloom.errors import EmptyInputError  # noqa: E402
from newsloom.model import Page  # noqa: E402


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--region", type=_floats, default=[0.4, 0.5, 0.6])
    ap.add_argument("--keep", type=_floats, default=[0.05, 0.1, 0.2, 0.3])
    ap.add_argument("--blocked", type=_floats, default=[0.25])
    args = ap.parse_args()
    inputs = {
        (name, f): [(d, FLATTENERS[f](d.html)) for d in docs]
        for name, docs in (("scrapinghub", load_scrapinghub()), ("fundus", load_fundus()))
        for f in FLATTENERS
    }
    c = cleaner.Cleaner()
    results = []
    for region, keep, blocked in itertools.product(args.region, args.keep, args.blocked):
        classify.REGION_THRESHOLD, classify.BLOCKED_PENALTY = region, blocked
        cleaner.KEEP_THRESHOLD = keep  # the cleaner holds its own reference
        f1 = {}
        for key, pages in inputs.items():
            scores = []
            for doc, text in pages:
                try:
                    pred = c.clean(Page(text=text, url=doc.url or None))[0].text
                except EmptyInputError:
                    pred = ""
                scores.append(shingle_scores(pred, doc.gold))
            f1[key] = aggregate(scores)[2]
        mean = sum(v for (name, _), v in f1.items() if name == "scrapinghub") / len(FLATTENERS)
        results.append((mean, region, keep, blocked))
        cells = "  ".join(f"{name}/{f} {v:.4f}" for (name, f), v in f1.items())
        setting = f"region={region} keep={keep} blocked={blocked}"
        print(f"{setting}: {cells}  mean {mean:.4f}", flush=True)
    print("best on ScrapingHub:", max(results))


if __name__ == "__main__":
    main()
