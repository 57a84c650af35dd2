"""The cleaner's optional compiled core (``_speedups.c``, built by setup.py on install).

``core`` is that extension module, or None where no C compiler built it; every caller then runs
its pure-Python path, which gives the same answers (tests/clean/test_speedups.py). Callers bind it
as their own ``_speedups`` so that a test can switch one module to its pure-Python path.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

import numpy as np
import numpy.typing as npt

try:
    from newsloom.clean import _speedups as core
except ImportError:  # pragma: no cover - depends on the build
    core = None  # type: ignore[assignment]

__all__ = [
    "GLUED_JOIN",
    "core",
    "glued_opening",
    "glued_opening_py",
    "lines_with_any_py",
    "opening_reach",
    "range_masks",
    "range_masks_py",
    "rule_candidates",
    "rule_candidates_py",
]


def lines_with_any_py(page: str, literals: Sequence[str], ignore_case: bool = False) -> list[int]:
    """The lines (split at "\n") of ``page`` holding one of ``literals``, in order: the
    pure-Python twin of ``core.lines_with_any(page, literals, ignore_case)``, one ``str.find``
    pass per literal, or with ``ignore_case`` (lower-case ASCII literals) a regex search with
    re.IGNORECASE, whose case folding the compiled scan follows."""
    starts = list(accumulate((len(line) + 1 for line in page.split("\n")[:-1]), initial=0))
    found: set[int] = set()
    if ignore_case:
        pattern = re.compile("|".join(map(re.escape, literals)), re.IGNORECASE)
        return sorted({bisect_right(starts, m.start()) - 1 for m in pattern.finditer(page)})
    for literal in literals:
        k = page.find(literal)
        while k != -1:
            found.add(bisect_right(starts, k) - 1)
            k = page.find(literal, k + 1)
    return sorted(found)


# A word running on into a capital: the glued-teaser rule's join (cleaner._glued_teaser), here
# because glued_opening_py, the compiled scan's twin, searches for it too.
GLUED_JOIN = re.compile(r"(?:[a-z]{3}|[a-z][?!])[A-Z][a-z]{2}")


def rule_candidates_py(
    texts: list[str], digits: list[float], twice_words: int, opening_words: int
) -> list[int]:
    """The lines on which one of cleaner._score's per-line rules may fire: the pure-Python
    twin of ``core.rule_candidates``. A necessary condition of each rule: 2+ braces (code),
    a ":" (caption credit, comment header), "Photo" or a final ")" (caption), a final decimal
    digit (gallery counter), a first digit (glued gallery counter), digits[i] >= 4 (a full
    date holds at least 4: dated run), the first ``twice_words`` words again later in the
    line (twice titled) or a glued join within the first ``opening_words`` words (glued
    teaser). Every line holding a ":" is a candidate: cleaner._score also takes its colon
    lines from here (tests/clean/test_speedups_rules.py)."""
    out = []
    for i, t in enumerate(texts):
        if not t:
            out.append(i)
            continue
        if (
            digits[i] >= 4
            or t[-1] == ")"
            or t[-1].isdecimal()
            or t[0].isdigit()
            or ":" in t
            or "Photo" in t
            or t.count("{") + t.count("}") >= 2
        ):
            out.append(i)
            continue
        if glued_opening_py(t, opening_words):
            out.append(i)
            continue
        head = " ".join(t.split(" ", twice_words)[:twice_words])
        if t.find(head, len(head)) != -1:
            out.append(i)
    return out


def rule_candidates(
    texts: list[str], digits: list[float], twice_words: int, opening_words: int
) -> list[int]:
    """``core.rule_candidates`` where the compiled core is built, else its twin."""
    if core is not None:
        return core.rule_candidates(texts, digits, twice_words, opening_words)
    return rule_candidates_py(texts, digits, twice_words, opening_words)


def opening_reach(text: str, max_words: int) -> int:
    """Where the first ``max_words`` words of ``text`` (split at " ") end, the space after
    them included: a search up to there finds no join past the opening."""
    parts = text.split(" ", max_words)
    return len(text) - len(parts[-1]) if len(parts) > max_words else len(text)


def glued_opening_py(text: str, max_words: int) -> bool:
    """Whether GLUED_JOIN matches within the first ``max_words`` words of ``text`` (split
    at " "): the twin of ``core.glued_opening``."""
    return GLUED_JOIN.search(text, 0, opening_reach(text, max_words)) is not None


def glued_opening(text: str, max_words: int) -> bool:
    """``core.glued_opening`` where the compiled core is built, else its twin."""
    if core is not None:
        return core.glued_opening(text, max_words)
    return glued_opening_py(text, max_words)


# A range (column, low, high) of a line's feature value, column WORDS its word count.
Range = tuple[int, float, float]
WORDS = -1


def range_masks_py(
    x: npt.NDArray[np.float64], words: list[int], masks: tuple[tuple[Range, ...], ...]
) -> list[list[int]]:
    """For each mask, the lines whose values lie in every one of its ranges (low <= value <=
    high): the numpy twin of ``core.range_masks``."""
    values = np.array(words, dtype=np.float64)
    found = []
    for mask in masks:
        ok = np.ones(len(words), dtype=bool)
        for col, low, high in mask:
            v = values if col == WORDS else x[:, col]
            ok &= (v >= low) & (v <= high)
        found.append(np.flatnonzero(ok).tolist())
    return found


def range_masks(
    x: npt.NDArray[np.float64], words: list[int], masks: tuple[tuple[Range, ...], ...]
) -> list[list[int]]:
    """``core.range_masks`` (one pass over the lines) where the compiled core is built, else
    its twin."""
    if core is not None:
        rows = np.ascontiguousarray(x, dtype=np.float64)
        return core.range_masks(rows, rows.shape[1], words, masks)
    return range_masks_py(x, words, masks)
