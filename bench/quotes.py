"""Quote detection and speaker attribution on the annotated set in tests/data/quotes/.

    python bench/quotes.py [--errors dev]

Splits (tests/data/quotes/README.md): ``dev`` (the seeds and articles used while building the
extractor), ``test`` (written first, errors never printed while tuning), ``fresh`` and
``fresh2`` (written after the extractor was done, committed before it ran on them: blind).
Per split, newsloom's QuoteExtractor beside a baseline (text between double quote marks;
speaker = the PERSON nearest to the quote in its sentence; every quote ``direct``).

Matching: a predicted quote matches a gold one when their texts share >= 50% of the tokens of
the longer of the two (tokens: lower-cased ``\\w+`` runs, as multisets); pairs are matched
one-to-one, best overlap first. Precision, recall and F1 count all kinds together, then per kind
(precision over predictions of that kind, recall over gold quotes of that kind).

Named-speaker accuracy: among matched quotes whose gold speaker is a named person, the share
whose predicted speaker names that person: the same name after case folding, or one containing
the other as whole words with the same last word (``Kremlin spokesman Dmitry Peskov`` and
``Peskov`` both name ``Dmitry Peskov``; ``Dmitry Medvedev`` does not).

When the entity stage (``newsloom.enrich.pipeline.load_extractors``) is importable it runs
first, as in ``newsloom extract``; otherwise speakers come from spaCy's NER alone (the output
says which).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT / "src")]

from newsloom.clean import Cleaner  # noqa: E402
from newsloom.enrich.base import ArticleContext, Extractor  # noqa: E402
from newsloom.enrich.claims import ClaimExtractor  # noqa: E402
from newsloom.enrich.nlp import load_nlp  # noqa: E402
from newsloom.enrich.quotes import QuoteExtractor  # noqa: E402
from newsloom.enrich.records import Enrichment  # noqa: E402
from newsloom.model import Article, Page  # noqa: E402

DATA = ROOT / "tests" / "data" / "quotes"
SAMPLES = ROOT / "samples"
MATCH_OVERLAP = 0.5
BARS = {"f1": 0.92, "named_speaker_accuracy": 0.90}
ANCHORS = [
    ("BBC Citron (PARC 3.0)", "source F1 0.82", None),
    ("Gender Gap Tracker", "quote F1 0.84, speaker accuracy 0.865", None),
]
KINDS = ("direct", "mixed", "indirect")
SPLITS = ("dev", "test", "fresh", "fresh2")
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class Item:
    text: str
    kind: str
    speaker: str | None
    named: bool = False


@dataclass(slots=True)
class Doc:
    id: str
    article: Article
    gold: list[Item]


def _tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    longer = max(sum(ta.values()), sum(tb.values()))
    return sum((ta & tb).values()) / longer if longer else 0.0


def _name_words(name: str | None) -> list[str]:
    return [w.lower() for w in _TOKEN.findall(name or "") if w.lower() not in ("s",)]


def same_speaker(pred: str | None, gold: str) -> bool:
    """See the module docstring: equal, or containment with the same last word."""
    p, g = _name_words(pred), _name_words(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    return p[-1] == g[-1] and (set(g) <= set(p) or set(p) <= set(g))


def load_split(name: str) -> list[Doc]:
    cleaned: dict[str, list[Article]] = {}
    docs = []
    for line in (DATA / f"{name}.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        if "seed" in rec:
            seed = rec["seed"]
            if seed not in cleaned:
                path = SAMPLES / seed
                cleaned[seed] = Cleaner().clean(
                    Page(text=path.read_text("utf-8"), source_path=f"samples/{seed}")
                )
            article = cleaned[seed][rec["article"]]
        else:
            article = Article(id=rec["id"], text=rec["text"], published=rec["published"])
        gold = [Item(q["text"], q["kind"], q["speaker"], q["named"]) for q in rec["quotes"]]
        docs.append(Doc(rec["id"], article, gold))
    return docs


def _entity_stage() -> Extractor | None:
    """The entity extractor as ``newsloom extract`` builds it, when that module exists."""
    try:
        from newsloom.enrich.pipeline import load_extractors
    except ImportError:
        return None
    stages = [x for x in load_extractors() if x.name == "entities"]
    return stages[0] if stages else None


def newsloom_predict(
    docs: list[Doc], entities: bool = True, timing: dict[str, float] | None = None
) -> list[list[Item]]:
    """Quotes for each doc; ``timing`` (when given) receives the seconds spent in the quote
    and claim extractors alone, and the words they read."""
    nlp = load_nlp()
    stage = _entity_stage() if entities else None
    stages: list[Extractor] = [stage] if stage is not None else []
    ours: list[Extractor] = [QuoteExtractor(), ClaimExtractor()]
    out = []
    spent = 0.0
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(d.article.text for d in docs))
    parse = time.perf_counter() - t0
    for d, sdoc in zip(docs, parsed, strict=True):
        found = Enrichment()
        ctx = ArticleContext(d.article, None)
        for stage in stages:
            stage.extract(sdoc, ctx, found)
        t0 = time.perf_counter()
        for stage in ours:
            stage.extract(sdoc, ctx, found)
        spent += time.perf_counter() - t0
        out.append([Item(q.text, q.kind, q.speaker) for q in found.quotes])
    if timing is not None:
        timing["seconds"] = timing.get("seconds", 0.0) + spent
        timing["parse_seconds"] = timing.get("parse_seconds", 0.0) + parse
        timing["words"] = timing.get("words", 0.0) + sum(len(d.article.text.split()) for d in docs)
    return out


_DOUBLE_QUOTED = re.compile(r"[\"“]([^\"“”\n]+)[\"”]")


def baseline_predict(docs: list[Doc]) -> list[list[Item]]:
    """Text between double quote marks; speaker = the PERSON nearest the quote in its
    sentence (spaCy's NER); every quote direct."""
    nlp = load_nlp()
    out = []
    for d, sdoc in zip(docs, nlp.pipe(d.article.text for d in docs), strict=True):
        items = []
        for m in _DOUBLE_QUOTED.finditer(d.article.text):
            span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
            speaker = None
            if span is not None:
                sent = span[0].sent
                people = [e for e in sent.ents if e.label_ == "PERSON"]
                if people:
                    near = min(
                        people,
                        key=lambda e: min(abs(e.start_char - m.end()), abs(m.start() - e.end_char)),
                    )
                    speaker = near.text
            items.append(Item(m.group(1), "direct", speaker))
        out.append(items)
    return out


def _match(pred: list[Item], gold: list[Item]) -> list[tuple[int, int]]:
    pairs = sorted(
        ((overlap(p.text, g.text), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score < MATCH_OVERLAP:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float | int]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
        "predicted": n_pred,
        "gold": n_gold,
    }


def score(
    docs: list[Doc], preds: list[list[Item]], errors: Callable[[str], None] | None = None
) -> dict[str, Any]:
    n_pred = n_gold = tp = 0
    kind_pred: Counter[str] = Counter()
    kind_gold: Counter[str] = Counter()
    kind_tp_pred: Counter[str] = Counter()
    kind_tp_gold: Counter[str] = Counter()
    named = named_ok = spk = spk_ok = kind_ok = 0
    for d, pred in zip(docs, preds, strict=True):
        pairs = _match(pred, d.gold)
        n_pred += len(pred)
        n_gold += len(d.gold)
        tp += len(pairs)
        kind_pred.update(p.kind for p in pred)
        kind_gold.update(g.kind for g in d.gold)
        for i, j in pairs:
            p, g = pred[i], d.gold[j]
            kind_tp_pred[p.kind] += 1
            kind_tp_gold[g.kind] += 1
            kind_ok += p.kind == g.kind
            ok = same_speaker(p.speaker, g.speaker or "")
            spk += 1
            spk_ok += ok
            if g.named:
                named += 1
                named_ok += ok
            if errors and not ok:
                errors(f"  speaker {d.id}: {p.speaker!r} != {g.speaker!r} :: {g.text[:60]!r}")
        if errors:
            mp = {i for i, _ in pairs}
            mg = {j for _, j in pairs}
            for i, p in enumerate(pred):
                if i not in mp:
                    errors(f"  FP {d.id} [{p.kind}] {p.speaker!r} :: {p.text[:80]!r}")
            for j, g in enumerate(d.gold):
                if j not in mg:
                    errors(f"  FN {d.id} [{g.kind}] {g.speaker!r} :: {g.text[:80]!r}")
    result: dict[str, Any] = _prf(tp, n_pred, tp, n_gold)
    result["named_speaker_accuracy"] = round(named_ok / named, 3) if named else None
    result["named_speakers_scored"] = named
    result["speaker_accuracy_all"] = round(spk_ok / spk, 3) if spk else None
    result["kind_accuracy"] = round(kind_ok / tp, 3) if tp else None
    result["per_kind"] = {
        k: _prf(kind_tp_pred[k], kind_pred[k], kind_tp_gold[k], kind_gold[k]) for k in KINDS
    }
    return result


def _row(name: str, r: dict[str, Any]) -> str:
    nsa = r["named_speaker_accuracy"]
    kinds = "  ".join(f"{k} {r['per_kind'][k]['f1']:.2f}" for k in KINDS)
    return (
        f"{name:<10} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
        f"named-speaker {nsa if nsa is None else f'{nsa:.3f}'} (n={r['named_speakers_scored']})"
        f"  | F1 by kind: {kinds}"
    )


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", choices=["dev"], help="list the misses on the dev split")
    ap.add_argument("--no-entities", action="store_true", help="speakers from spaCy's NER alone")
    args = ap.parse_args(list(argv) if argv is not None else None)
    entities = not args.no_entities and _entity_stage() is not None
    print(
        "Quotes: match = shared tokens >= 50% of the longer text's tokens (one-to-one); "
        "named-speaker = same name (containment, same last word)"
    )
    print(f"entity stage: {'on' if entities else 'not available (spaCy NER only)'}")
    results: dict[str, Any] = {"match_rule": __doc__, "entities": entities, "splits": {}}
    timing: dict[str, float] = {}
    for split in SPLITS:
        docs = load_split(split)
        t0 = time.perf_counter()
        ours = newsloom_predict(docs, entities, timing)
        secs = time.perf_counter() - t0
        show = print if args.errors == split else None
        r_ours = score(docs, ours, show)
        r_base = score(docs, baseline_predict(docs))
        n_gold = sum(len(d.gold) for d in docs)
        print(f"\n[{split}] {len(docs)} articles, {n_gold} gold quotes ({secs:.1f} s with parsing)")
        print(_row("newsloom", r_ours))
        print(_row("baseline", r_base))
        results["splits"][split] = {
            "articles": len(docs),
            "gold_quotes": n_gold,
            "newsloom": r_ours,
            "baseline": r_base,
        }
    print()
    for split in SPLITS[1:]:
        held = results["splits"][split]["newsloom"]
        f1_met = held["f1"] >= BARS["f1"]
        nsa_met = (held["named_speaker_accuracy"] or 0.0) >= BARS["named_speaker_accuracy"]
        print(
            f"Bars on {split}: F1 >= {BARS['f1']} {'met' if f1_met else 'MISSED'}; "
            f"named-speaker >= {BARS['named_speaker_accuracy']} {'met' if nsa_met else 'MISSED'}"
        )
    print("Anchors: " + "; ".join(f"{n} {v}" for n, v, _ in ANCHORS))
    ms_600 = timing["seconds"] / timing["words"] * 600 * 1000
    parse_600 = timing["parse_seconds"] / timing["words"] * 600 * 1000
    load = os.getloadavg()[0]
    print(
        f"Quote + claim extractors alone: {ms_600:.2f} ms per 600 words on one core, "
        f"{ms_600 / parse_600:.0%} of spaCy's parse of the same text ({parse_600:.1f} ms; "
        f"load average {load:.1f})"
    )
    results["extractors_ms_per_600_words"] = round(ms_600, 3)
    results["parse_ms_per_600_words"] = round(parse_600, 3)
    results["load_average"] = round(load, 2)
    results["bars"] = BARS
    results["anchors"] = {n: v for n, v, _ in ANCHORS}
    out = BENCH / "results" / ("quotes.json" if entities else "quotes-no-entities.json")
    out.parent.mkdir(exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    tmp.replace(out)
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
