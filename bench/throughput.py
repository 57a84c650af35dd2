"""Throughput on one core: cleaning flattened text, extracting HTML, reading WARC archives.

    python bench/throughput.py [--passes 3]

- text: newsloom's cleaner on the ScrapingHub pages flattened to text (mean size printed: the
  bar is stated for ~10 KB pages), jusText on the same text as the anchor;
- html: newsloom on the original HTML beside trafilatura alone (text only, and with the
  metadata newsloom also extracts);
- warc: records/s reading a WARC (gzip, one member per record, as CC-NEWS) built from the same
  pages with warcio's writer, repeated to 2,000 records.
"""

from __future__ import annotations

import argparse
import contextlib
import os
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
    cleaner.preload()  # the language model and tables load outside the timing

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
        # CPU time of this process beside wall time: on a shared machine the wall clock also
        # counts the time other processes hold the core; the load average says how busy it was.
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(passes):
            fn()
        secs = (time.perf_counter() - t0) / (passes * len(texts))
        cpu = (time.process_time() - c0) / (passes * len(texts))
        load = os.getloadavg()[0]
        rows.append(
            {
                "method": name,
                "pages_per_s": round(1 / secs, 1),
                "ms_per_page": round(secs * 1000, 3),
                "cpu_pages_per_s": round(1 / cpu, 1),
                "mean_kb": round(kb, 1),
                "load_average_1min": round(load, 2),
            }
        )
        print(
            f"{name:<10} {1 / secs:8.1f} pages/s  {secs * 1000:6.2f} ms/page  "
            f"({1 / cpu:.1f} pages/s of CPU time; mean page {kb:.1f} KB, 1 core, "
            f"load average {load:.2f})",
            flush=True,
        )
    rows += _html_rates(docs)
    rows += _warc_rate(docs)
    _write_json(BENCH / "results" / "throughput.json", {"results": rows})


def _html_rates(docs: list) -> list[dict[str, object]]:  # type: ignore[type-arg]
    import trafilatura

    from newsloom.clean.html import _run

    cleaner = Cleaner()
    runs = {
        "trafilatura (text)": lambda d: trafilatura.extract(
            d.html, url=d.url, include_comments=False
        ),
        "trafilatura (text + metadata)": lambda d: _run(
            d.html, d.url, favor_precision=False, fast=False
        ),
        "newsloom html": lambda d: cleaner.clean(
            Page(text=d.html, url=d.url, media_type="text/html")
        ),
    }
    rows = []
    for name, fn in runs.items():
        t0 = time.perf_counter()
        for d in docs:
            with contextlib.suppress(EmptyInputError):
                fn(d)
        secs = (time.perf_counter() - t0) / len(docs)
        rows.append(
            {
                "method": name,
                "pages_per_s": round(1 / secs, 1),
                "ms_per_page": round(secs * 1000, 3),
            }
        )
        print(
            f"{name:<30} {1 / secs:8.1f} pages/s  {secs * 1000:6.2f} ms/page (HTML, 1 core)",
            flush=True,
        )
    return rows


def _warc_rate(docs: list, records: int = 2000) -> list[dict[str, object]]:  # type: ignore[type-arg]
    import io
    import tempfile
    from pathlib import Path

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from newsloom.io.warc import read_warc

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "CC-NEWS-20250828000000-00000.warc.gz"
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for i in range(records):
                d = docs[i % len(docs)]
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                writer.write_record(
                    writer.create_warc_record(
                        d.url,
                        "response",
                        payload=io.BytesIO(d.html.encode("utf-8")),
                        http_headers=headers,
                    )
                )
        mb = path.stat().st_size / 1048576
        raw_kb = (
            sum(len(docs[i % len(docs)].html.encode()) for i in range(records)) / records / 1024
        )
        t0 = time.perf_counter()
        n = sum(1 for item in read_warc(path, max_bytes=50 * 1048576) if isinstance(item, Page))
        secs = time.perf_counter() - t0
    print(
        f"{'warc reading':<30} {n / secs:8.1f} records/s ({n} HTML records of {raw_kb:.0f} KB "
        f"on average, {mb:.0f} MB gzip, 1 core)",
        flush=True,
    )
    return [
        {
            "method": "warc reading",
            "records_per_s": round(n / secs, 1),
            "records": n,
            "mean_record_kb": round(raw_kb, 1),
        }
    ]


if __name__ == "__main__":
    main()
