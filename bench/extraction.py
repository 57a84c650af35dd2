"""Extraction quality on flattened news pages: newsloom beside jusText and trafilatura.

For each ScrapingHub page (or fundus page with --dataset fundus) the HTML is flattened two ways
(bench/flatten.py); newsloom and jusText clean the flattened text; trafilatura gets the original
HTML (the with-HTML anchor). Scores: the ScrapingHub shingle metric (bench/metric.py).

    python bench/extraction.py [--dataset scrapinghub|fundus] [--flattener visible|paragraphs|both]
                               [--methods raw,justext,...] [--per-page FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import html as htmlmod
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from flatten import FLATTENERS, Doc, load_fundus, load_scrapinghub  # noqa: E402
from metric import GoldLines, aggregate, page_f1, shingle_scores  # noqa: E402

Extractor = Callable[[str, Doc], str]  # (input text or html, doc) -> main text
PerPage = list[dict[str, object]]

# The jusText settings of the article-extraction benchmark's run_justext.py would be
# (50, 200, 0.1, 0.2, 0.2, 200, True); on flattened text they score lower than the defaults
# (F1 0.733 against 0.768 on the visible flattening), so the defaults are used.
_WORD = re.compile(r"[^\W\d_]+")


def newsloom_extract() -> Extractor:
    """newsloom's ``clean_text`` on flattened text; the text of the first "main" article."""
    from newsloom.clean import Cleaner, clean_text
    from newsloom.errors import EmptyInputError

    cleaner = Cleaner()

    def run(text: str, doc: Doc) -> str:
        try:
            articles = clean_text(text, url=doc.url or None, cleaner=cleaner)
        except EmptyInputError:  # the flattener found no text on the page
            return ""
        return next((a.text for a in articles if a.role == "main"), "")

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


def _justext_paragraphs(text: str, stoplist: frozenset[str]) -> str:
    """jusText's non-boilerplate paragraphs of flattened text, each line one ``<p>``."""
    import justext

    body = "".join(f"<p>{htmlmod.escape(line)}</p>" for line in text.splitlines())
    try:
        paras = justext.justext(f"<html><body>{body}</body></html>", stoplist)
    except Exception:  # jusText lets lxml's errors on odd input through
        return ""
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def justext_extract() -> Extractor:
    """jusText (default settings, English stop words) on the flattened text."""
    import justext

    english = frozenset(justext.get_stoplist("English"))
    return lambda text, doc: _justext_paragraphs(text, english)


@cache
def _stoplist_index() -> tuple[dict[str, frozenset[str]], dict[str, list[str]]]:
    """jusText's stop-word lists by language, and for each word the languages listing it."""
    import justext

    lists = {lang: frozenset(justext.get_stoplist(lang)) for lang in justext.get_stoplists()}
    by_word: dict[str, list[str]] = {}
    for lang, words in lists.items():
        for word in words:
            by_word.setdefault(word, []).append(lang)
    return lists, by_word


def page_stoplist(text: str) -> frozenset[str]:
    """The jusText stop-word list covering most words of ``text`` (English when none does)."""
    lists, by_word = _stoplist_index()
    hits: Counter[str] = Counter()
    for word, n in Counter(_WORD.findall(text.casefold())).items():
        for lang in by_word.get(word, ()):
            hits[lang] += n
    return lists[hits.most_common(1)[0][0]] if hits else lists["English"]


def justext_lang_extract() -> Extractor:
    """jusText with the stop-word list of the page's language (picked by stop-word hits)."""
    return lambda text, doc: _justext_paragraphs(text, page_stoplist(text))


def trafilatura_extract() -> Extractor:
    """trafilatura on the original HTML, as the benchmark's run_trafilatura.py calls it (the
    url is passed too; it does not change the ScrapingHub scores)."""
    import trafilatura

    def run(html: str, doc: Doc) -> str:
        return trafilatura.extract(html, url=doc.url, include_comments=False) or ""

    return run


def raw_extract() -> Extractor:
    """The flattened text itself: no cleaning."""
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
    "justext-lang": (justext_lang_extract, True),
    "newsloom": (newsloom_extract, True),
    "trafilatura": (trafilatura_extract, False),
    "newsloom-html": (newsloom_html_extract, False),
}
DEFAULT_METHODS = "raw,line-oracle,justext,justext-lang,newsloom,trafilatura,newsloom-html"


def evaluate(
    docs: list[Doc], flattener: str | None, extract: Extractor
) -> tuple[float, float, float, PerPage, float]:
    """Score one method; ``flattener`` None feeds the original HTML. Returns P, R, F1,
    per-page rows and seconds per page (extraction only, flattening excluded).

    Per-page ``p``/``r`` are None where the metric leaves the page out of that average."""
    scores, rows, spent = [], [], 0.0
    for doc in docs:
        given = FLATTENERS[flattener](doc.html) if flattener else doc.html
        t0 = time.perf_counter()
        pred = extract(given, doc)
        spent += time.perf_counter() - t0
        p, r = shingle_scores(pred, doc.gold)
        scores.append((p, r))
        rows.append({"id": doc.id, "url": doc.url, "p": p, "r": r, "f1": page_f1(p, r)})
    prec, rec, f1 = aggregate(scores)
    return prec, rec, f1, rows, spent / max(len(docs), 1)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--dataset", choices=["scrapinghub", "fundus"], default="scrapinghub")
    ap.add_argument("--flattener", choices=[*FLATTENERS, "both"], default="both")
    ap.add_argument("--methods", default=DEFAULT_METHODS, help=f"any of {','.join(METHODS)}")
    ap.add_argument("--english-only", action="store_true", help="fundus: English pages only")
    ap.add_argument("--limit", type=int, help="first N pages only (results file not written)")
    ap.add_argument("--per-page", type=Path, help="write per-page scores as JSONL here")
    args = ap.parse_args(argv)
    unknown = set(args.methods.split(",")) - set(METHODS)
    if unknown:
        ap.error(f"unknown methods {sorted(unknown)}; choose from {','.join(METHODS)}")
    return args


def _load(args: argparse.Namespace) -> list[Doc]:
    if args.dataset == "scrapinghub":
        docs = load_scrapinghub()
    else:
        docs = load_fundus(english_only=args.english_only)
    return docs[: args.limit] if args.limit else docs


def _runs(methods: str, flattener: str) -> list[tuple[str, Extractor, str | None]]:
    """(method, extractor, flattener or None for HTML) for every row of the table."""
    flatteners = list(FLATTENERS) if flattener == "both" else [flattener]
    runs: list[tuple[str, Extractor, str | None]] = []
    for name in methods.split(","):
        factory, on_text = METHODS[name]
        extract = factory()
        runs += [(name, extract, f) for f in (flatteners if on_text else [None])]
    return runs


def main(argv: list[str] | None = None) -> None:
    """Print the method x input table and write bench/results/extraction-<dataset>.json."""
    args = _parse_args(argv)
    docs = _load(args)
    results, per_page = [], []
    print(f"{args.dataset}: {len(docs)} pages")
    print(f"{'method':<14} {'input':<16} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8}")
    for name, extract, flattener in _runs(args.methods, args.flattener):
        p, r, f1, rows, secs = evaluate(docs, flattener, extract)
        where = f"flat:{flattener}" if flattener else "html"
        print(f"{name:<14} {where:<16} {p:6.3f} {r:6.3f} {f1:6.3f} {secs * 1000:8.2f}", flush=True)
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
        per_page += [
            {"method": name, "input": where, "flattener": flattener, **row} for row in rows
        ]
    worst = worst_page_vs_trafilatura(per_page)
    if worst is not None:
        print(
            f"worst page, newsloom-html vs trafilatura: F1 {worst['delta']:+.3f} "
            f"({worst['trafilatura']:.3f} -> {worst['newsloom']:.3f}, {worst['url']}); "
            "bar: no page more than 0.05 worse"
        )
        results.append({"method": "newsloom-html", "input": "html", "worst_page": worst})
    if args.per_page:
        lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in per_page)
        args.per_page.write_text("".join(lines), encoding="utf-8")
    if args.limit:
        print("--limit given: results file not written")
        return
    suffix = "-english" if args.dataset == "fundus" and args.english_only else ""
    out = BENCH / "results" / f"extraction-{args.dataset}{suffix}.json"
    _write_json(out, {"dataset": args.dataset, "pages": len(docs), "results": results})
    print(f"wrote {out}")


def worst_page_vs_trafilatura(per_page: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The page where newsloom on HTML loses most F1 to trafilatura alone (both on HTML), or
    None when either was not run."""
    by_method: dict[str, dict[str, dict[str, Any]]] = {}
    for row in per_page:
        if row["input"] == "html":
            by_method.setdefault(row["method"], {})[row["id"]] = row
    ours, theirs = by_method.get("newsloom-html"), by_method.get("trafilatura")
    if not ours or not theirs:
        return None
    deltas = [(ours[i]["f1"] - theirs[i]["f1"], i) for i in sorted(ours) if i in theirs]
    delta, page = min(deltas)
    return {
        "delta": round(delta, 4),
        "id": page,
        "url": ours[page]["url"],
        "trafilatura": round(theirs[page]["f1"], 4),
        "newsloom": round(ours[page]["f1"], 4),
    }


def _write_json(path: Path, obj: object) -> None:
    """Write ``obj`` as JSON atomically (a temporary file, then os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(obj, fh, indent=1)
    os.chmod(tmp, 0o644)  # mkstemp makes it private
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
