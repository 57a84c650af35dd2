"""Extraction quality on flattened news pages: newsloom beside jusText and trafilatura.

For each ScrapingHub page (or fundus page with --dataset fundus) the HTML is flattened two ways
(bench/flatten.py); newsloom and jusText clean the flattened text; trafilatura gets the original
HTML (the with-HTML anchor). Scores: the ScrapingHub shingle metric (bench/metric.py).

    python bench/extraction.py [--dataset scrapinghub|fundus] [--methods newsloom,justext,...]
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from flatten import FLATTENERS, Doc, load_fundus, load_scrapinghub  # noqa: E402
from metric import GoldLines, aggregate, shingle_scores  # noqa: E402

Extractor = Callable[[str, Doc], str]  # (input text or html, doc) -> main text


def newsloom_extract() -> Extractor:
    from newsloom.clean import Cleaner
    from newsloom.errors import EmptyInputError
    from newsloom.model import Page

    cleaner = Cleaner()

    def run(text: str, doc: Doc) -> str:
        try:
            return cleaner.clean(Page(text=text, url=doc.url))[0].text
        except EmptyInputError:  # the flattener found no text on the page
            return ""

    return run


def newsloom_html_extract() -> Extractor:
    """newsloom on the original HTML: trafilatura, then newsloom's second pass."""
    from newsloom.clean import Cleaner
    from newsloom.errors import EmptyInputError
    from newsloom.model import Page

    cleaner = Cleaner()

    def run(html: str, doc: Doc) -> str:
        try:
            page = Page(text=html, url=doc.url, media_type="text/html")
            return cleaner.clean(page)[0].text
        except EmptyInputError:
            return ""

    return run


def justext_extract() -> Extractor:
    import justext

    def run(text: str, doc: Doc) -> str:
        body = "".join(f"<p>{htmlmod.escape(line)}</p>" for line in text.splitlines())
        try:
            paras = justext.justext(
                f"<html><body>{body}</body></html>", justext.get_stoplist("English")
            )
        except Exception:
            return ""
        return "\n".join(p.text for p in paras if not p.is_boilerplate)

    return run


def trafilatura_extract() -> Extractor:
    import trafilatura

    def run(html: str, doc: Doc) -> str:
        return trafilatura.extract(html, url=doc.url, include_comments=False) or ""

    return run


def raw_extract() -> Extractor:
    return lambda text, doc: text


def oracle_extract() -> Extractor:
    """The best any cleaner that keeps or drops whole lines can do: keep exactly the lines
    that belong to the gold body. An upper bound, not a method."""
    from newsloom.clean.lines import split_lines

    def run(text: str, doc: Doc) -> str:
        gold = GoldLines(doc.gold)
        return "\n".join(ln.text for ln in split_lines(text) if ln.text in gold)

    return run


METHODS: dict[str, tuple[Callable[[], Extractor], bool]] = {
    # name: (factory, runs on flattened text?)
    "raw": (raw_extract, True),
    "line-oracle": (oracle_extract, True),
    "justext": (justext_extract, True),
    "newsloom": (newsloom_extract, True),
    "trafilatura": (trafilatura_extract, False),
    "newsloom-html": (newsloom_html_extract, False),
}


def evaluate(
    docs: list[Doc], flattener: str | None, extract: Extractor
) -> tuple[float, float, float, list[dict[str, object]], float]:
    """Score one method; ``flattener`` None feeds the original HTML. Returns P, R, F1,
    per-page rows and seconds per page (extraction only, flattening excluded)."""
    scores, rows, spent = [], [], 0.0
    for doc in docs:
        given = FLATTENERS[flattener](doc.html) if flattener else doc.html
        t0 = time.perf_counter()
        pred = extract(given, doc)
        spent += time.perf_counter() - t0
        p, r = shingle_scores(pred, doc.gold)
        scores.append((p, r))
        rows.append(
            {
                "id": doc.id,
                "url": doc.url,
                "p": p,
                "r": r,
                "f1": 2 * p * r / (p + r) if p + r else 0.0,
            }
        )
    prec, rec, f1 = aggregate(scores)
    return prec, rec, f1, rows, spent / max(len(docs), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", choices=["scrapinghub", "fundus"], default="scrapinghub")
    ap.add_argument(
        "--methods", default="raw,line-oracle,justext,newsloom,trafilatura,newsloom-html"
    )
    ap.add_argument("--per-page", type=Path, help="write per-page scores as JSONL here")
    args = ap.parse_args()
    docs = load_scrapinghub() if args.dataset == "scrapinghub" else load_fundus()
    results, per_page = [], []
    print(f"{args.dataset}: {len(docs)} pages")
    print(f"{'method':<12} {'input':<18} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8}")
    for name in args.methods.split(","):
        factory, on_text = METHODS[name]
        extract = factory()
        for flattener in FLATTENERS if on_text else [None]:
            p, r, f1, rows, secs = evaluate(docs, flattener, extract)
            where = f"flat:{flattener}" if flattener else "html"
            print(
                f"{name:<12} {where:<18} {p:6.3f} {r:6.3f} {f1:6.3f} {secs * 1000:8.2f}", flush=True
            )
            results.append(
                {
                    "method": name,
                    "input": where,
                    "precision": round(p, 4),
                    "recall": round(r, 4),
                    "f1": round(f1, 4),
                    "ms_per_page": round(secs * 1000, 3),
                }
            )
            per_page += [{"method": name, "input": where, **row} for row in rows]
    out = BENCH / "results" / f"extraction-{args.dataset}.json"
    _write_json(out, {"dataset": args.dataset, "pages": len(docs), "results": results})
    if args.per_page:
        args.per_page.write_text("".join(json.dumps(r) + "\n" for r in per_page))
    print(f"wrote {out}")


def _write_json(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(obj, fh, indent=1)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
