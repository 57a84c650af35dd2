"""Near-duplicate detection on a synthetic corpus of copies with controlled edits.

Originals are real news texts (ECB+ documents and the ScrapingHub gold bodies from
../shared/data). Each original gets copies with one kind of edit at a given strength: words
substituted, deleted or inserted (2-10% of the words), sentences reordered, boilerplate lines
added, the end trimmed. Ground truth: an original and its copies are one group.

Prints pairwise duplicate precision/recall by edit kind, signature speed (newsloom's MinHash,
compiled where built, vs datasketch's MinHash on the same shingles), index speed and peak memory.

    python bench/dedup.py [--copies 3] [--scale 0]   (--scale N: also time N documents)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from extraction import _write_json  # noqa: E402
from flatten import shared_data_dir  # noqa: E402
from newsloom.dedup import DedupDoc, DedupIndex, MinHasher  # noqa: E402

BOILERPLATE = [
    "Share this article on Facebook",
    "Sign up for our newsletter to get the latest news.",
    "Advertisement",
    "Read more: the latest headlines from around the world",
    "Copyright 2025. All rights reserved.",
    "Follow us on Twitter and Instagram",
]
FILLER = [
    "the",
    "a",
    "of",
    "in",
    "said",
    "on",
    "new",
    "after",
    "more",
    "over",
    "news",
    "report",
    "year",
    "people",
    "state",
    "city",
]


def load_originals() -> list[str]:
    root = shared_data_dir()
    texts = [
        json.loads(line)["text"]
        for line in (root / "ecbplus" / "ecbplus.jsonl").read_text("utf-8").splitlines()
    ]
    gold = json.loads((root / "scrapinghub" / "ground-truth.json").read_text("utf-8"))
    texts += [g["articleBody"] for g in gold.values()]
    return drop_source_copies([t for t in texts if len(t.split()) >= 40])


# Two source texts sharing this share of their word 3-shingles (exact Jaccard) are one story
# syndicated twice (ECB+ holds several): only the first is kept as an original.
SOURCE_COPY_JACCARD = 0.2


def drop_source_copies(texts: list[str]) -> list[str]:
    """Exact-Jaccard filter via an inverted index of shingles, independent of MinHash."""
    postings: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    kept: list[str] = []
    sizes: list[int] = []
    for t in texts:
        toks = re.findall(r"\w+", t.lower())
        sh = {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}
        shared: defaultdict[int, int] = defaultdict(int)
        for x in sh:
            for j in postings.get(x, ()):
                shared[j] += 1
        if any(n / (len(sh) + sizes[j] - n) >= SOURCE_COPY_JACCARD for j, n in shared.items()):
            continue
        for x in sh:
            postings[x].append(len(kept))
        kept.append(t)
        sizes.append(len(sh))
    return kept


def edit(text: str, kind: str, strength: float, rng: random.Random) -> str:
    words = text.split()
    n = max(1, int(len(words) * strength))
    if kind == "substitute":
        for i in rng.sample(range(len(words)), n):
            words[i] = rng.choice(FILLER)
    elif kind == "delete":
        drop = set(rng.sample(range(len(words)), n))
        words = [w for i, w in enumerate(words) if i not in drop]
    elif kind == "insert":
        for _ in range(n):
            words.insert(rng.randrange(len(words) + 1), rng.choice(FILLER))
    elif kind == "reorder":
        sents = re.split(r"(?<=[.!?])\s+", text)
        rng.shuffle(sents)
        return " ".join(sents)
    elif kind == "boilerplate":
        lines = text.split("\n")
        for b in rng.sample(BOILERPLATE, 3):
            lines.insert(rng.randrange(len(lines) + 1), b)
        return "\n".join(lines)
    elif kind == "trim":
        words = words[: len(words) - n]
    return " ".join(words)


EDITS = [
    ("substitute", 0.02),
    ("substitute", 0.05),
    ("substitute", 0.10),
    ("delete", 0.10),
    ("insert", 0.10),
    ("reorder", 0.0),
    ("boilerplate", 0.0),
    ("trim", 0.10),
]


def build(
    originals: list[str], copies: int, seed: int = 0
) -> tuple[list[DedupDoc], dict[str, int], dict[str, str]]:
    rng = random.Random(seed)
    docs, group, kind_of = [], {}, {}
    for g, text in enumerate(originals):
        docs.append(DedupDoc(f"o{g}", text))
        group[f"o{g}"] = g
        for c in range(copies):
            kind, strength = EDITS[(g * copies + c) % len(EDITS)]
            cid = f"c{g}.{c}"
            docs.append(DedupDoc(cid, edit(text, kind, strength, rng)))
            group[cid] = g
            kind_of[cid] = f"{kind} {strength:.0%}" if strength else kind
    order = list(range(len(docs)))
    rng.shuffle(order)
    return [docs[i] for i in order], group, kind_of


def pair_scores(
    pred: dict[str, str], truth: dict[str, int], kind_of: dict[str, str]
) -> tuple[float, float, dict[str, float]]:
    by_pred: defaultdict[str, list[str]] = defaultdict(list)
    for d, g in pred.items():
        by_pred[g].append(d)
    tp = fp = 0
    for members in by_pred.values():
        for a, b in combinations(members, 2):
            if truth[a] == truth[b]:
                tp += 1
            else:
                fp += 1
    by_truth: defaultdict[int, list[str]] = defaultdict(list)
    for d, g in truth.items():
        by_truth[g].append(d)
    gold_pairs = sum(len(m) * (len(m) - 1) // 2 for m in by_truth.values())
    # recall per edit kind: is the copy in its original's predicted group?
    hits: defaultdict[str, list[int]] = defaultdict(list)
    for cid, kind in kind_of.items():
        hits[kind].append(int(pred[cid] == pred[f"o{truth[cid]}"]))
    per_kind = {k: sum(v) / len(v) for k, v in sorted(hits.items())}
    return tp / max(tp + fp, 1), tp / max(gold_pairs, 1), per_kind


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--scale", type=int, default=0, help="also index this many documents")
    args = ap.parse_args()
    originals = load_originals()
    docs, truth, kind_of = build(originals, args.copies)
    print(
        f"{len(originals)} originals, {len(docs)} documents "
        f"({sum(len(d.text.split()) for d in docs) // len(docs)} words on average)"
    )

    index = DedupIndex()
    t0 = time.perf_counter()
    results = index.add(docs)
    index_secs = time.perf_counter() - t0
    pred = {r.id: r.group for r in results}
    precision, recall, per_kind = pair_scores(pred, truth, kind_of)
    print(f"pairwise duplicate precision {precision:.4f} recall {recall:.4f}")
    for kind, r in per_kind.items():
        print(f"  copy found, {kind:<16} {r:.3f}")

    hasher = MinHasher()
    t0 = time.perf_counter()
    shingles = [hasher.shingles(d.text) for d in docs]
    sigs = [hasher.signature(s) for s in shingles]
    ours = len(docs) / (time.perf_counter() - t0)
    anchor = _datasketch_rate(shingles[:500])
    print(
        f"signatures: newsloom {ours:,.0f} docs/s; datasketch {anchor:,.0f} docs/s "
        f"(same shingles, 128 permutations, 1 core)"
    )
    print(f"index (signatures + LSH + verification): {len(docs) / index_secs:,.0f} docs/s")
    rows = {
        "documents": len(docs),
        "precision": precision,
        "recall": recall,
        "recall_by_edit": per_kind,
        "signature_docs_per_s": ours,
        "datasketch_docs_per_s": anchor,
        "index_docs_per_s": len(docs) / index_secs,
    }
    del sigs
    if args.scale:
        rows.update(_scale(docs, args.scale))
    _write_json(BENCH / "results" / "dedup.json", rows)


def _datasketch_rate(shingles: list) -> float:  # type: ignore[type-arg]
    try:
        from datasketch import MinHash
    except ImportError:
        return float("nan")
    t0 = time.perf_counter()
    for sh in shingles:
        m = MinHash(num_perm=128)
        m.update_batch([int(x).to_bytes(8, "little") for x in sh])
    return len(shingles) / (time.perf_counter() - t0)


def _scale(docs: list[DedupDoc], n: int) -> dict[str, float]:
    rng = random.Random(1)
    index = DedupIndex()
    t0 = time.perf_counter()
    batch: list[DedupDoc] = []
    for i in range(n):
        base = docs[i % len(docs)]
        batch.append(DedupDoc(f"s{i}", edit(base.text, "substitute", 0.05, rng)))
        if len(batch) == 5000:
            index.add(batch)
            batch = []
    if batch:
        index.add(batch)
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"scale: {n:,} documents indexed in batches of 5,000 at {n / secs:,.0f} docs/s, "
        f"peak RSS {peak_mb:,.0f} MB"
    )
    return {"scale_documents": n, "scale_docs_per_s": n / secs, "scale_peak_rss_mb": peak_mb}


if __name__ == "__main__":
    main()
