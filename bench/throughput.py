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
    ap.add_argument(
        "--extract", action="store_true", help="Only the enrichment benchmark (see extract_main)."
    )
    ap.add_argument("--articles", type=int, default=300, help="--extract: articles per run.")
    args = ap.parse_args()
    if args.extract:
        extract_main(args.articles)
        return
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


# -- extraction (issue 5) --------------------------------------------------------------------

EXTRACT_BAR = 20.0  # articles/s of ~600 words on 2 cores, the whole extraction (issue 5)
EXTRACT_WORDS = 600


def _extract_articles(n: int) -> list[object]:
    """``n`` articles of ~600 words built from ECB+ news texts, one source text per paragraph
    (ECB+ documents are short: a few are joined to reach the length)."""
    import json

    from flatten import shared_data_dir
    from newsloom.model import Article

    path = shared_data_dir() / "ecbplus" / "ecbplus.jsonl"
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    paragraphs = [d["text"].strip() for d in docs if d.get("text", "").strip()]
    articles: list[object] = []
    i = 0
    while len(articles) < n:
        parts: list[str] = []
        words = 0
        while words < EXTRACT_WORDS:
            p = paragraphs[i % len(paragraphs)]
            i += 1
            take = p.split()[: EXTRACT_WORDS - words]
            parts.append(" ".join(take))
            words += len(take)
        articles.append(
            Article(
                id=f"ecb-{len(articles)}",
                text="\n\n".join(parts),
                published="2025-08-28T12:00:00+00:00",
                lang="en",
            )
        )
    return articles


def extract_main(n: int) -> None:
    """Articles/s for the whole extraction (parse + entities, places, quotes, claims, times)
    with one and two parser processes, and the parse alone, beside the issue's bar."""
    import resource

    from newsloom.enrich.nlp import load_nlp
    from newsloom.enrich.pipeline import Enricher, load_extractors

    articles = _extract_articles(n)
    words = sum(len(a.text.split()) for a in articles) / len(articles)  # type: ignore[attr-defined]
    nlp = load_nlp()
    extractors = load_extractors()
    warm = Enricher(extractors=extractors, nlp=nlp)
    for _ in warm.run(articles[:5]):  # gazetteer index, tables, lazy imports: outside timing
        pass
    names = ", ".join(e.name for e in extractors)
    rows = []
    runs: list[tuple[str, int, bool]] = [
        ("parse only", 1, False),
        ("full extraction", 1, True),
        ("full extraction", 2, True),
    ]
    for label, procs, full in runs:
        stage = Enricher(extractors=extractors if full else [], nlp=nlp, n_process=procs)
        c0 = resource.getrusage(resource.RUSAGE_SELF)
        k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = sum(1 for _ in stage.run(articles))
        secs = time.perf_counter() - t0
        c1 = resource.getrusage(resource.RUSAGE_SELF)
        k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime) + (
            k1.ru_utime + k1.ru_stime - k0.ru_utime - k0.ru_stime
        )
        load = os.getloadavg()[0]
        rate = done / secs
        met = "meets" if rate >= EXTRACT_BAR else "below"
        rows.append(
            {
                "method": f"{label}, {procs} process{'es' if procs > 1 else ''}",
                "articles": done,
                "mean_words": round(words),
                "articles_per_s": round(rate, 1),
                "cpu_s_per_article": round(cpu / done, 4),
                "load_average_1min": round(load, 2),
                "bar_articles_per_s": EXTRACT_BAR if full else None,
            }
        )
        print(
            f"{label + ', ' + str(procs) + ' proc':<28} {rate:7.1f} articles/s  "
            f"({cpu / done * 1000:.0f} ms CPU/article, {done} articles of {words:.0f} words, "
            f"load average {load:.2f})"
            + (f"  bar {EXTRACT_BAR:.0f}/s on 2 cores: {met}" if full else ""),
            flush=True,
        )
    print(f"extractors: {names}; cores: {os.cpu_count()}", flush=True)
    _write_json(BENCH / "results" / "throughput_extract.json", {"results": rows})


if __name__ == "__main__":
    main()
