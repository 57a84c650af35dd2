"""Cleaning throughput: pages/s on one core, on the ScrapingHub pages flattened to text.

    python bench/throughput.py [--passes 3]

Single process (one core); the mean page size is printed beside the rate, since the issue's bar
(>= 1,000 pages/s per core) is stated for ~10 KB pages. jusText on the same text is the anchor.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from extraction import _write_json, justext_extract  # noqa: E402
from flatten import flatten_visible, load_scrapinghub  # noqa: E402
from newsloom.clean import Cleaner  # noqa: E402
from newsloom.errors import EmptyInputError  # noqa: E402
from newsloom.model import Page  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    docs = load_scrapinghub()
    texts = [t for t in (flatten_visible(d.html) for d in docs) if t.strip()]
    kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    cleaner = Cleaner()
    cleaner.clean(Page(text=texts[0]))  # load the language model outside the timing

    def newsloom_once() -> None:
        for t in texts:
            with contextlib.suppress(EmptyInputError):
                cleaner.clean(Page(text=t))

    jt = justext_extract()

    def justext_once() -> None:
        for d, t in zip(docs, texts, strict=False):
            jt(t, d)

    rows = []
    for name, fn, passes in (
        ("newsloom", newsloom_once, args.passes),
        ("justext", justext_once, 1),
    ):
        t0 = time.perf_counter()
        for _ in range(passes):
            fn()
        secs = (time.perf_counter() - t0) / (passes * len(texts))
        rows.append(
            {
                "method": name,
                "pages_per_s": round(1 / secs, 1),
                "ms_per_page": round(secs * 1000, 3),
                "mean_kb": round(kb, 1),
            }
        )
        print(
            f"{name:<10} {1 / secs:8.1f} pages/s  {secs * 1000:6.2f} ms/page  "
            f"(mean page {kb:.1f} KB, 1 core)",
            flush=True,
        )
    _write_json(BENCH / "results" / "throughput.json", {"results": rows})


if __name__ == "__main__":
    main()
