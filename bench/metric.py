"""The ScrapingHub article-extraction metric (see ../shared/data/README.md).

Tokens are ``\\w+`` runs; a text is a multiset of 4-token shingles; per document
TP/FP/FN are normalised to sum to 1; precision and recall are averaged over documents and F1 is
their harmonic mean.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+")
NGRAM = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text)
    n = min(NGRAM, len(toks)) or 1
    return Counter(tuple(toks[i : i + n]) for i in range(max(len(toks) - n + 1, 0)))


def shingle_scores(pred: str, gold: str) -> tuple[float, float]:
    """Precision and recall of one document, as the benchmark's evaluate.py computes them."""
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def aggregate(scores: list[tuple[float, float]]) -> tuple[float, float, float]:
    if not scores:
        return 0.0, 0.0, 0.0
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# A line "belongs" to the gold body when at least this share of its 4-token shingles occur in
# it (short lines: when its tokens occur in order in it). Used for training labels and for the
# line-oracle row of bench/extraction.py.
LABEL_MIN_OVERLAP = 0.5


class GoldLines:
    """Answers "is this line part of the gold body?" for one document."""

    def __init__(self, gold: str) -> None:
        toks = _TOKEN.findall(gold.casefold())
        self._shingles = {tuple(toks[i : i + NGRAM]) for i in range(len(toks) - NGRAM + 1)}
        self._joined = f" {' '.join(toks)} "

    def __contains__(self, line: str) -> bool:
        toks = _TOKEN.findall(line.casefold())
        if not toks:
            return False
        if len(toks) < NGRAM:
            return f" {' '.join(toks)} " in self._joined
        sh = [tuple(toks[i : i + NGRAM]) for i in range(len(toks) - NGRAM + 1)]
        return sum(s in self._shingles for s in sh) / len(sh) >= LABEL_MIN_OVERLAP
