"""Blocks a scraper captured twice on one page: exact and near-identical repeats.

The first occurrence is kept. Near repeats are found through an inverted index of word
3-shingles, so the cost grows with the text, not with the square of the paragraph count.
"""

from __future__ import annotations

import re
from collections import Counter

from newsloom.clean.compiled import core as _speedups

_TOKEN = re.compile(r"\w+")

# Two paragraphs are near repeats when this share of the shorter one's shingles occur in the
# longer one. 0.8 keeps copies that differ by a word or two in ten (typo fixes, a changed
# number) and never merged two distinct paragraphs of the development pages.
NEAR_REPEAT_CONTAINMENT = 0.8
# Below this many words only exact repeats count: short lines legitimately recur.
MIN_WORDS_FOR_NEAR = 8
# What makes a repeat a capture error rather than the page's structure (see find_repeats).
MIN_RUN_WORDS = 40
MIN_RUN_SHARE = 0.2  # a body captured twice is a large share of the page; a meal plan's
# recurring "Day 2" block is not
MIN_PARAGRAPH_WORDS = 25


def find_repeats(paragraphs: list[str]) -> dict[int, int]:
    """Map the index of each repeated paragraph to the index of the copy that is kept.

    Only capture errors count: a run of consecutive repeated paragraphs with at least
    MIN_RUN_WORDS words and MIN_RUN_SHARE of the page, or a single repeated paragraph of
    MIN_PARAGRAPH_WORDS (a pull quote, a paragraph pasted twice). Short lines
    that recur on their own (a heading per section, "1 cup of rice" in a meal plan, the same
    question in a series of interviews) are the page's structure and stay."""
    repeats = _all_repeats(paragraphs)
    if not repeats:  # most pages: spare the word counts below
        return {}
    words = {i: len(_tokens(paragraphs[i])) for i in repeats}
    page_words = _split_count(" ".join(paragraphs))  # = sum(len(p.split()) for p in ...)
    min_run = max(MIN_RUN_WORDS, MIN_RUN_SHARE * page_words)
    kept: dict[int, int] = {}
    for run in _runs(sorted(repeats)):
        total = sum(words[i] for i in run)
        if (len(run) > 1 and total >= min_run) or max(words[i] for i in run) >= (
            MIN_PARAGRAPH_WORDS
        ):
            kept.update({i: repeats[i] for i in run})
    return kept


def _split_count(text: str) -> int:
    """``len(text.split())``: counted by the compiled core without building the words."""
    if _speedups is not None:
        return _speedups.split_count(text)
    return len(text.split())


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _all_repeats(paragraphs: list[str]) -> dict[int, int]:
    """Each repeated paragraph (exact or near) -> the earlier copy it repeats.

    The compiled core when it is built (~10x faster: tokens, keys and shingles hashed in C,
    compared character by character), else :func:`_all_repeats_py`; both give the same map
    (tests/clean/test_speedups.py)."""
    if _speedups is not None:
        page = _casefold("\n".join(paragraphs))  # casefold maps each character on its own
        if page.count("\n") == len(paragraphs) - 1:  # no paragraph holds a line break
            return _speedups.all_repeats(
                page, len(paragraphs), MIN_WORDS_FOR_NEAR, NEAR_REPEAT_CONTAINMENT
            )
    return _all_repeats_py(paragraphs)


def _casefold(text: str) -> str:
    """``text.casefold()``: the compiled per-character folding (~2x faster on news pages)
    unless a character folds to several ("ß"), then str.casefold."""
    if _speedups is not None:
        folded = _speedups.lower(text, True)
        if folded is not None:
            return folded
    return text.casefold()


def _all_repeats_py(paragraphs: list[str]) -> dict[int, int]:
    # The shingle index is a dict of first owners, filled in C (``dict.update``), plus lists of
    # later owners for the few shingles two distinct paragraphs share ("one of the"): a list
    # per shingle, appended in Python, cost more than all the rest of this step.
    seen: dict[str, int] = {}
    owner: dict[tuple[str, ...], int] = {}
    later: dict[tuple[str, ...], list[int]] = {}
    sizes: dict[int, int] = {}
    repeats: dict[int, int] = {}
    for i, para in enumerate(paragraphs):
        toks = _tokens(para)
        if not toks:
            continue
        key = " ".join(toks)
        if key in seen:
            repeats[i] = seen[key]
            continue
        seen[key] = i
        if len(toks) < MIN_WORDS_FOR_NEAR:
            continue
        shingles = set(zip(toks, toks[1:], toks[2:], strict=False))
        shared = shingles & owner.keys()
        if shared:  # most paragraphs share no shingle with an earlier one
            hits = Counter(map(owner.__getitem__, shared))
            for sh in shared & later.keys():
                hits.update(later[sh])
            match = _best_match(hits, len(shingles), sizes)
            if match is not None:
                repeats[i] = match
                continue
        sizes[i] = len(shingles)
        owner.update(dict.fromkeys(shingles - shared, i))
        for sh in shared:
            later.setdefault(sh, []).append(i)
    return repeats


def _best_match(hits: dict[int, int], size: int, sizes: dict[int, int]) -> int | None:
    for j, shared in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):  # ties: earliest
        if shared / min(size, sizes[j]) >= NEAR_REPEAT_CONTAINMENT:
            return j
    return None
