"""Time expressions: extent and value F1 on the hand-annotated set, beside dateparser alone.

    python bench/times.py [--errors dev|heldout] [--no-spacy]

Data: tests/data/times/ (README there: guidelines and value formats). The dev split is what
the rules were tuned on; the held-out split was written first and never tuned on.

Metrics (TempEval-3 style): a predicted expression matches a gold one when their extents
overlap (one-to-one, in text order); extent P/R/F1 count matches; value P/R/F1 count matches
whose normalised value is equal (strict, as TempEval-3's value F1). "lenient" value also
accepts a value that is a prefix of the other (2022-02 vs 2022-02-28): the baseline cannot
say the granularity, so this shows how much of its gap is that alone. Kind accuracy is over
matches.

Systems: newsloom (rules, then dateparser on spaCy DATE/TIME spans no rule covers: the
pipeline mode); newsloom rules alone (text mode, no spaCy); the baseline
``dateparser.search.search_dates`` with RELATIVE_BASE = the reference date.
Anchor: HeidelTime, value F1 0.78 on TempEval-3 (bar: 0.80).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT / "src")]

from extraction import _write_json  # noqa: E402
from flatten import shared_data_dir  # noqa: E402
from newsloom.clean import Cleaner  # noqa: E402
from newsloom.enrich.times import TimeExtractor  # noqa: E402
from newsloom.model import Page  # noqa: E402

DATA = ROOT / "tests" / "data" / "times"
SAMPLES = ROOT / "samples"
SEED_FETCHED_AT = datetime(2025, 8, 28, 12, 0, tzinfo=UTC)  # as tests/conftest.py
ANCHOR = ("HeidelTime (TempEval-3)", 0.78)
BAR = 0.80
_MARK = re.compile(r"\[\[([^|\]]+)\|([a-z]+)\|([^\]]+)\]\]")


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    kind: str
    value: str | None


@dataclass(slots=True)
class Doc:
    id: str
    split: str
    text: str
    reference: datetime | None
    gold: list[Gold] = field(default_factory=list)
    group: str = ""  # where the article comes from: written, seeds, ecbplus, fundus


@dataclass(slots=True)
class Pred:
    start: int
    end: int
    text: str
    kind: str
    value: str | None


def _ref(s: str) -> datetime | None:
    return None if s.strip() == "none" else datetime.fromisoformat(s.strip())


def load_marked(path: Path, split: str) -> list[Doc]:
    """Articles of a ``[[surface|kind|value]]`` file (see tests/data/times/README.md)."""
    docs: list[Doc] = []
    body: list[str] = []
    head: dict[str, str] = {}

    def flush() -> None:
        if not head:
            return
        raw = "\n".join(body).strip("\n")
        text, gold, pos, last = [], [], 0, 0
        for m in _MARK.finditer(raw):
            text.append(raw[last : m.start()])
            pos += m.start() - last
            surface, kind, value = m.groups()
            gold.append(
                Gold(pos, pos + len(surface), surface, kind, None if value == "-" else value)
            )
            text.append(surface)
            pos += len(surface)
            last = m.end()
        text.append(raw[last:])
        docs.append(Doc(head["id"], split, "".join(text), _ref(head["reference"]), gold, "written"))

    for line in path.read_text("utf-8").splitlines():
        if line.startswith("### "):
            key, _, val = line[4:].partition(":")
            if key.strip() == "id":
                flush()
                head, body = {}, []
            head[key.strip()] = val.strip()
        elif line.startswith("#"):
            continue
        elif head:
            body.append(line)
    flush()
    return docs


def _locate(text: str, items: list[list[object]], doc_id: str) -> list[Gold]:
    gold = []
    for surface, kind, value, n in items:
        hits = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(str(surface))}(?!\w)", text)]
        if len(hits) <= int(str(n)):
            raise ValueError(f"{doc_id}: gold {surface!r} #{n} not found in the text")
        s = hits[int(str(n))]
        gold.append(
            Gold(
                s,
                s + len(str(surface)),
                str(surface),
                str(kind),
                None if value is None else str(value),
            )
        )
    return sorted(gold, key=lambda g: g.start)


def load_seeds() -> list[Doc]:
    spec = json.loads((DATA / "seeds.json").read_text("utf-8"))
    cleaner = Cleaner()
    cache: dict[str, list[str]] = {}
    docs = []
    for a in spec["articles"]:
        if a["sample"] not in cache:
            path = SAMPLES / a["sample"]
            page = Page(
                text=path.read_text("utf-8"),
                source_path=f"samples/{a['sample']}",
                fetched_at=SEED_FETCHED_AT,
            )
            cache[a["sample"]] = [art.text for art in cleaner.clean(page)]
        text = cache[a["sample"]][a["index"]]
        gold = _locate(text, a["times"], a["id"])
        docs.append(Doc(a["id"], "dev", text, _ref(a["reference"]), gold, "seeds"))
    return docs


def load_ecbplus() -> list[Doc]:
    spec = json.loads((DATA / "ecbplus.json").read_text("utf-8"))
    path = shared_data_dir() / "ecbplus" / "ecbplus.jsonl"
    if not path.is_file():
        print(f"note: {path} missing: the ECB+ part of the held-out split is skipped")
        return []
    wanted = {a["id"]: a for a in spec["articles"]}
    docs = []
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        a = wanted.get(row.get("id"))
        if a:
            docs.append(
                Doc(
                    a["id"],
                    "heldout",
                    row["text"],
                    _ref(a["reference"]),
                    _locate(row["text"], a["times"], a["id"]),
                    "ecbplus",
                )
            )
    return docs


def load_fundus() -> list[Doc]:
    spec = json.loads((DATA / "fundus.json").read_text("utf-8"))
    root = shared_data_dir() / "fundus"
    if not root.is_dir():
        print(f"note: {root} missing: the fundus part of the held-out split is skipped")
        return []
    docs = []
    for a in spec["articles"]:
        article = json.loads((root / a["path"]).read_text("utf-8"))[a["version"]]
        body = article["body"]
        paragraphs = list(body.get("summary") or [])
        for section in body.get("sections") or []:
            paragraphs += section.get("paragraphs") or []
        text = "\n\n".join(paragraphs)
        doc_id = f"{a['path']}:{a['version']}"
        reference = datetime.fromisoformat(article["publishing_date"])
        gold = _locate(text, a["times"], doc_id)
        docs.append(Doc(doc_id, "heldout", text, reference, gold, "fundus"))
    return docs


def load_all(with_shared: bool = True) -> list[Doc]:
    docs = load_seeds() + load_marked(DATA / "dev.txt", "dev")
    docs += load_marked(DATA / "heldout.txt", "heldout")
    if with_shared:
        docs += load_ecbplus() + load_fundus()
    return docs


# --- systems


def newsloom_system(use_spacy: bool) -> tuple[Callable[[Doc], list[Pred]], TimeExtractor]:
    ext = TimeExtractor()
    nlp = None
    if use_spacy:
        from newsloom.enrich.nlp import load_nlp

        nlp = load_nlp()

    def run(doc: Doc) -> list[Pred]:
        ents = None
        if nlp is not None:
            parsed = nlp(doc.text)
            ents = [(e.start_char, e.end_char) for e in parsed.ents if e.label_ in ("DATE", "TIME")]
        return [
            Pred(e.start, e.end, e.text, e.kind, e.value)
            for e in ext.find(doc.text, doc.reference, ents)
        ]

    return run, ext


class Baseline:
    """dateparser.search.search_dates alone, RELATIVE_BASE = the reference."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, doc: Doc) -> list[Pred]:
        from dateparser.search import search_dates

        settings: dict[str, object] = {}
        if doc.reference is not None:
            settings["RELATIVE_BASE"] = doc.reference.replace(tzinfo=None)
        self.calls += 1
        found = search_dates(doc.text, languages=["en"], settings=settings) or []
        out, pos = [], 0
        for surface, d in found:
            start = doc.text.find(surface, pos)
            if start < 0:
                continue
            pos = start + len(surface)
            if (d.hour, d.minute) != (0, 0):
                out.append(Pred(start, pos, surface, "time", f"{d:%Y-%m-%dT%H:%M}"))
            else:
                out.append(Pred(start, pos, surface, "date", d.date().isoformat()))
        return out


# --- scoring


@dataclass(slots=True)
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    value_ok: int = 0
    lenient_ok: int = 0
    kind_ok: int = 0
    errors: list[str] = field(default_factory=list)


def _lenient(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a == b
    return a.startswith(b) or b.startswith(a)


def score_doc(doc: Doc, preds: list[Pred], c: Counts) -> None:
    c.gold += len(doc.gold)
    c.pred += len(preds)
    used: set[int] = set()
    for g in doc.gold:
        hit = next(
            (
                i
                for i, p in enumerate(preds)
                if i not in used and p.start < g.end and g.start < p.end
            ),
            None,
        )
        if hit is None:
            c.errors.append(f"{doc.id}: MISSED {g.text!r} {g.kind} {g.value}")
            continue
        used.add(hit)
        p = preds[hit]
        c.matched += 1
        c.value_ok += p.value == g.value
        c.lenient_ok += _lenient(p.value, g.value)
        c.kind_ok += p.kind == g.kind
        if p.value != g.value or p.kind != g.kind:
            c.errors.append(
                f"{doc.id}: VALUE {p.text!r} {p.kind} {p.value} | gold {g.text!r}"
                f" {g.kind} {g.value}"
            )
    for i, p in enumerate(preds):
        if i not in used:
            c.errors.append(f"{doc.id}: SPURIOUS {p.text!r} {p.kind} {p.value}")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "p": round(p, 3),
        "r": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
    }


def summarise(c: Counts) -> dict[str, object]:
    return {
        "gold": c.gold,
        "pred": c.pred,
        "extent": _prf(c.matched, c.pred, c.gold),
        "value": _prf(c.value_ok, c.pred, c.gold),
        "value_lenient": _prf(c.lenient_ok, c.pred, c.gold),
        "kind_accuracy": round(c.kind_ok / c.matched, 3) if c.matched else 0.0,
    }


def evaluate(
    docs: list[Doc], system: Callable[[Doc], list[Pred]]
) -> tuple[dict[str, Counts], float]:
    """Counts per split (and "all"), and seconds per document."""
    counts = {"dev": Counts(), "heldout": Counts(), "all": Counts()}
    t0 = time.perf_counter()
    preds = [system(d) for d in docs]
    secs = (time.perf_counter() - t0) / max(len(docs), 1)
    for d, p in zip(docs, preds, strict=True):
        score_doc(d, p, counts[d.split])
        score_doc(d, p, counts["all"])
        score_doc(d, p, counts.setdefault(f"{d.split}:{d.group}", Counts()))
    return counts, secs


def speed(use_spacy: bool) -> dict[str, object]:
    """Extraction speed on the 982 ECB+ documents: the rules in text mode, and the pipeline
    mode given parsed docs (spaCy's own time is not the extractor's: bench/throughput.py)."""
    path = shared_data_dir() / "ecbplus" / "ecbplus.jsonl"
    if not path.is_file():
        return {}
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows]
    ref = datetime(2013, 6, 15, 12, 0)
    words = sum(len(t.split()) for t in texts)
    ext = TimeExtractor()
    t0 = time.perf_counter()
    found = sum(len(ext.find(t, ref)) for t in texts)
    secs = time.perf_counter() - t0
    out: dict[str, object] = {
        "documents": len(texts),
        "mean_words": round(words / len(texts)),
        "expressions": found,
        "rules_docs_per_s": round(len(texts) / secs),
        "rules_ms_per_600_words": round(secs / words * 600 * 1000, 2),
    }
    if use_spacy:
        from newsloom.enrich.nlp import load_nlp

        sample = texts[:300]
        docs = list(load_nlp().pipe(sample))
        ents = [
            [(e.start_char, e.end_char) for e in d.ents if e.label_ in ("DATE", "TIME")]
            for d in docs
        ]
        ext = TimeExtractor()
        t0 = time.perf_counter()
        for text, spans in zip(sample, ents, strict=True):
            ext.find(text, ref, spans)
        secs = time.perf_counter() - t0
        n_words = sum(len(t.split()) for t in sample)
        out.update(
            {
                "pipeline_documents": len(sample),
                "pipeline_docs_per_s": round(len(sample) / secs),
                "pipeline_ms_per_600_words": round(secs / n_words * 600 * 1000, 2),
                "pipeline_dateparser_calls": ext.dateparser_calls,
            }
        )
    with open("/proc/loadavg") as fh:
        out["load_average_1min"] = float(fh.read().split()[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", choices=["dev", "heldout", "all"], help="print the mistakes")
    ap.add_argument("--no-spacy", action="store_true", help="skip the pipeline-mode row")
    args = ap.parse_args()
    docs = load_all()
    n_dev = sum(len(d.gold) for d in docs if d.split == "dev")
    n_held = sum(len(d.gold) for d in docs if d.split == "heldout")
    print(f"{len(docs)} articles: dev {n_dev} expressions, held-out {n_held}")

    rows: dict[str, dict[str, object]] = {}
    systems: list[tuple[str, Callable[[Doc], list[Pred]], Callable[[], int]]] = []
    if not args.no_spacy:
        run, ext = newsloom_system(use_spacy=True)
        run(docs[0])  # load the model outside the timing
        ext.dateparser_calls = 0
        systems.append(("newsloom", run, lambda: ext.dateparser_calls))
    rules, rules_ext = newsloom_system(use_spacy=False)
    systems.append(("newsloom rules only", rules, lambda: rules_ext.dateparser_calls))
    baseline = Baseline()
    systems.append(("dateparser search_dates", baseline, lambda: baseline.calls))

    print(
        f"\n{'system':26} {'split':8} {'extent P/R/F1':18} {'value P/R/F1':18} "
        f"{'lenient F1':>10} {'kind':>5} {'ms/doc':>7} {'dateparser calls':>17}"
    )
    for name, system, calls in systems:
        counts, secs = evaluate(docs, system)
        rows[name] = {split: summarise(c) for split, c in counts.items()}
        rows[name]["ms_per_doc"] = round(secs * 1000, 2)
        rows[name]["dateparser_calls"] = calls()
        for split in ("dev", "heldout", "all"):
            s = summarise(counts[split])
            ext_, val = s["extent"], s["value"]
            assert isinstance(ext_, dict) and isinstance(val, dict)
            lenient = s["value_lenient"]
            assert isinstance(lenient, dict)
            print(
                f"{name:26} {split:8} {ext_['p']:.3f}/{ext_['r']:.3f}/{ext_['f1']:.3f}    "
                f"{val['p']:.3f}/{val['r']:.3f}/{val['f1']:.3f}    {lenient['f1']:>10.3f} "
                f"{s['kind_accuracy']:>5.3f} {secs * 1000:>7.2f} {calls():>17}"
            )
        groups = sorted(k for k in counts if ":" in k)
        print(
            " " * 27
            + "value F1 by source: "
            + ", ".join(f"{g} {summarise(counts[g])['value']['f1']:.3f}" for g in groups)  # type: ignore[index]
        )
        if args.errors and name == systems[0][0]:
            for split in ["dev", "heldout"] if args.errors == "all" else [args.errors]:
                print("\n".join(counts[split].errors))
    print(f"\nanchor: {ANCHOR[0]} value F1 {ANCHOR[1]:.2f}; bar: value F1 >= {BAR:.2f}")
    fast = speed(use_spacy=not args.no_spacy)
    if fast:
        line = (
            f"\nspeed on {fast['documents']} ECB+ documents ({fast['mean_words']} words mean, "
            f"1-min load {fast['load_average_1min']}): rules {fast['rules_docs_per_s']} docs/s, "
            f"{fast['rules_ms_per_600_words']} ms per 600 words"
        )
        if "pipeline_docs_per_s" in fast:
            line += (
                f"; with the spaCy doc (parse not counted) {fast['pipeline_docs_per_s']} docs/s, "
                f"{fast['pipeline_ms_per_600_words']} ms per 600 words, dateparser called "
                f"{fast['pipeline_dateparser_calls']} times for {fast['pipeline_documents']} "
                "documents"
            )
        print(line)
    out = BENCH / "results" / "times.json"
    _write_json(
        out,
        {
            "articles": len(docs),
            "expressions": {"dev": n_dev, "heldout": n_held},
            "anchor": {"name": ANCHOR[0], "value_f1": ANCHOR[1]},
            "bar": BAR,
            "systems": rows,
            "speed": fast,
        },
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
