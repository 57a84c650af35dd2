"""The ScrapingHub article-extraction metric (see ../shared/data/README.md), as computed by
``evaluate.py`` of scrapinghub/article-extraction-benchmark.

Tokens are ``\\w+`` runs (case kept); a text is a multiset of 4-token shingles (a text of 1-3
tokens is one shorter shingle); per document TP = shared shingles (multiset intersection),
FP = predicted only, FN = gold only, normalised so TP + FP + FN = 1. Precision and recall are
averaged over documents and F1 is the harmonic mean of the two averages.

Edge cases follow evaluate.py: a score is undefined (``None``) when its denominator has no
shingles and such documents are left out of that average. So an empty prediction on a page
with gold text counts 0 in recall and nothing in precision; a page with neither counts in
neither; a non-empty prediction on a page without gold text counts 0 in precision.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+")
NGRAM = 4

Score = tuple[float | None, float | None]  # (precision, recall); None = undefined


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``text`` (one shorter shingle for 1-3 tokens)."""
    toks = _TOKEN.findall(text or "")
    if len(toks) < NGRAM:
        return Counter([tuple(toks)] if toks else [])
    return Counter(tuple(toks[i : i + NGRAM]) for i in range(len(toks) - NGRAM + 1))


def shingle_counts(pred: str, gold: str) -> tuple[float, float, float]:
    """Normalised (TP, FP, FN) of one document; (0, 0, 0) when neither text has a token."""
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def shingle_scores(pred: str, gold: str) -> Score:
    """Precision and recall of one document; ``None`` where evaluate.py leaves the document
    out of the average (no predicted shingles for precision, no gold shingles for recall)."""
    tp, fp, fn = shingle_counts(pred, gold)
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return precision, recall


def page_f1(precision: float | None, recall: float | None) -> float:
    """F1 of one document for error analysis: an undefined score counts 1 when the other one
    is undefined too (nothing to find, nothing found) and 0 otherwise."""
    if precision is None or recall is None:
        return 1.0 if precision is None and recall is None else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _mean(values: Iterable[float | None]) -> float:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else 0.0


def aggregate(scores: list[Score]) -> tuple[float, float, float]:
    """Mean precision, mean recall (each over the documents where it is defined) and the
    harmonic mean of the two; zeros for no documents."""
    p = _mean(s[0] for s in scores)
    r = _mean(s[1] for s in scores)
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
