"""Score lines as article text or page furniture, then pick the main text region.

Two steps, as in jusText's context-sensitive pass and in Finn et al.'s body-text extraction:
a logistic model gives each line a probability of being article text from its features and
its neighbours'; the main article is then the contiguous run of lines with the largest total of
length-weighted (probability - threshold), which lets short lines inside the article (subheadings,
one-sentence paragraphs) survive and drops good-looking islands far from it (comments, teasers).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.features import FEATURE_NAMES

# Logistic-regression weights over FEATURE_NAMES, fitted by scripts/train_line_model.py on the
# fundus pages of ../shared/data (labels: does a line's text occur in the gold body?), on the
# lines as the cleaner sees them (hard-wrapped lines joined by reflow). F1 on ScrapingHub visible
# / p/h/li and fundus visible / p/h/li: these 0.9203 / 0.8792 / 0.8904 / 0.9064; a refit on
# unjoined lines 0.9203 / 0.8793 / 0.8913 / 0.9057; the previous weights 0.9205 / 0.8793 /
# 0.8894 / 0.9064. The ScrapingHub pages were *not* used for fitting: they stay held out.
LINE_WEIGHTS: dict[str, float] = {
    "bias": -3.352,
    "log_words": -1.053,
    "words_capped": 5.989,
    "stop_ratio": 1.570,
    "sentence_end": 1.271,
    "colon_end": 0.754,
    "title_case": -0.388,
    "digit_ratio": -0.713,
    "widget": -3.808,
    "widget_short": 2.150,
    "separators": -2.722,
    "repeated_short": 0.097,
    "bullet_start": 0.585,
    "all_caps": 0.323,
    "urlish": -1.899,
    "position": -1.065,
    "has_quote": 0.463,
    "mean_word_len": -0.445,
    "count_suffix": -2.065,
    "ctx_words": 4.110,
    "ctx_stop": 0.580,
    "ctx_sentence": 3.410,
    "ctx_headline": 2.086,
}

# Lines whose probability is above this add to the main region, below it subtract. Set by
# scripts/tune_thresholds.py (grid 0.3-0.7 on ScrapingHub, both flatteners, with the
# class-balanced model): 0.5 gave the best mean F1 (0.871); 0.4-0.6 are within 0.002 of it.
REGION_THRESHOLD = 0.5
# Inside the region a line is still dropped when its probability is below this (and it is not
# a heading): captions and share bars that sit between paragraphs.
# Re-tuned after the menu, code and comment rules (0.05/0.1/0.2/0.25/0.3, both datasets, both
# flatteners): 0.2 is best on ScrapingHub and raises all four F1 figures over 0.1 (fundus
# prefers 0.25-0.3 by 0.001).
KEEP_THRESHOLD = 0.2
# Gain of a blocked (widget) line per unit of size: a mild penalty, see ``main_region``.
BLOCKED_PENALTY = 0.25  # grid 0.1-1.0 within 0.003; the lowest penalty that still splits
# the article from a menu block, so a share bar between two paragraphs never cuts the lead


# A region beside the main one joins it (see main_region). Grid on ScrapingHub and fundus, both
# flatteners (share 0.1/0.25, gap 5/10/20 lines): 0.1 and 10 lift three of the four F1 figures
# (ScrapingHub visible +0.002, fundus visible +0.003), p/h/li on ScrapingHub -0.0007.
# Re-run after the adaptive threshold and the teaser rules (share 0.05/0.1/0.2, gap 5/10/20):
# gap 5 lifts three of the four figures (+0.0010 / +0.0006 / -0.0001 / +0.0011), 20 loses on
# three, share 0.05 and 0.2 lose on the mean.
SIDE_REGION_MIN_SHARE = 0.1
SIDE_REGION_MAX_GAP = 5


def weight_vector() -> npt.NDArray[np.float64]:
    # A feature without a weight counts zero, so a new feature can be added before it is fitted;
    # tests/clean/test_classify.py checks that the shipped table covers every feature.
    return np.array([LINE_WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES], dtype=np.float64)


_W = weight_vector()


def content_probability(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """P(line is article text) for each row of the feature matrix."""
    z = x @ _W
    return 1.0 / (1.0 + np.exp(-z))


def main_region(
    prob: npt.NDArray[np.float64],
    sizes: npt.NDArray[np.float64],
    blocked: npt.NDArray[np.bool_],
    threshold: float | None = None,
) -> tuple[int, int]:
    """``[start, end)`` of the best contiguous region; (0, 0) when no line looks like text.

    ``sizes`` weighs a line by its length (a 60-word paragraph counts more than a 3-word one);
    ``blocked`` lines (widgets, cut anyway) count mildly negative: a share bar between two
    paragraphs must not split the article, a long run of them must. A second region close to
    the first (at most SIDE_REGION_MAX_GAP lines away) that scores at least SIDE_REGION_MIN_SHARE
    of it joins it: the rest of an article split by a long widget or an embedded post.
    ``threshold`` replaces REGION_THRESHOLD (see ``region_threshold``).
    """
    cut = REGION_THRESHOLD if threshold is None else threshold
    gain = np.ascontiguousarray(
        np.where(blocked, -BLOCKED_PENALTY * sizes, sizes * (prob - cut)),
        dtype=np.float64,
    )
    best = _speedups.best_run if _speedups is not None else _best_run_array
    score, start, end = best(gain)
    if start == end:
        return start, end
    grown = True
    while grown:
        grown = False
        before = best(gain[:start])
        if before[0] >= SIDE_REGION_MIN_SHARE * score and start - before[2] <= SIDE_REGION_MAX_GAP:
            start, grown = before[1], True
        after = best(gain[end:])
        if after[0] >= SIDE_REGION_MIN_SHARE * score and after[1] <= SIDE_REGION_MAX_GAP:
            end, grown = end + after[2], True
    return start, end


# A page whose best lines score low (an article of lists, short lines or a table, as p/h/li
# flattening leaves it; a language the model knows less) gets a lower region threshold: the
# share REGION_THRESHOLD / REGION_CONFIDENT of the score its top (1 - REGION_TOP_QUANTILE) of
# lines reach, never above REGION_THRESHOLD nor below REGION_MIN_THRESHOLD. A page whose top
# 5% score 0.9 or more keeps 0.5. Grid on both datasets and flatteners (quantile 0.9/0.95/0.97,
# share 0.5/0.556/0.6, floor 0.2/0.25/0.3): 0.9 loses on three of the four figures; every
# 0.95 setting lifts the mean of the four (+0.0006 to +0.0026); this one lifts ScrapingHub
# visible / p/h/li +0.0033 / +0.0052 and fundus visible +0.0029, fundus p/h/li -0.0009.
REGION_TOP_QUANTILE = 0.95
REGION_CONFIDENT = 0.9
REGION_MIN_THRESHOLD = 0.25


def region_threshold(prob: npt.NDArray[np.float64]) -> float:
    """The region threshold for a page with these line probabilities."""
    n = len(prob)
    if not n:
        return REGION_THRESHOLD
    # np.quantile's linear interpolation, from a partial sort (np.quantile costs ~10x more)
    pos = REGION_TOP_QUANTILE * (n - 1)
    k = int(pos)
    if k + 1 < n:
        part = np.partition(prob, (k, k + 1))
        low, high = float(part[k]), float(part[k + 1])
        top = low + (high - low) * (pos - k)
    else:
        top = float(np.partition(prob, k)[k])
    return min(
        REGION_THRESHOLD, max(REGION_MIN_THRESHOLD, REGION_THRESHOLD * top / REGION_CONFIDENT)
    )


def _best_run_array(gain: npt.NDArray[np.float64]) -> tuple[float, int, int]:
    return _best_run(gain.tolist())


def _best_run(gain: list[float]) -> tuple[float, int, int]:
    """Kadane's maximum subarray: (total, start, end) of the best run, (0, 0, 0) for none."""
    best, best_start, best_end = 0.0, 0, 0
    run, run_start = 0.0, 0
    for i, g in enumerate(gain):
        if run <= 0:
            run, run_start = g, i
        else:
            run += g
        if run > best:
            best, best_start, best_end = run, run_start, i + 1
    return best, best_start, best_end


# Region growth over adjacent prose steps over at most this many widget or heading lines in a
# row (2 is best on the development benchmark: 3 lets related-link boxes in, 0 loses leads;
# 1 scores higher since the teaser and inline-link rules block more lines, +0.0004 to +0.0023,
# but loses a lead under a two-line share bar: tests/test_seeds.py).
EXTEND_MAX_SKIP = 2


def extend_region(
    start: int,
    end: int,
    prose: np.ndarray,
    skippable: np.ndarray,
    embedded: np.ndarray | None = None,
) -> tuple[int, int]:
    """Grow the region over adjacent prose lines, stepping over a few widget or heading lines
    and over any number of ``embedded`` lines (a post embedded in the article).

    jusText's context step: a short lead paragraph under a share bar scores low on its own
    but belongs to the article it sits against."""

    def walk(i: int, step: int, limit: int) -> int:
        edge, skipped = i, 0
        j = i + step
        while 0 <= j < limit:
            if prose[j]:
                edge, skipped = j, 0
            elif embedded is not None and embedded[j]:
                pass
            elif skippable[j] and skipped < EXTEND_MAX_SKIP:
                skipped += 1
            else:
                break
            j += step
        return edge

    return walk(start, -1, len(prose)), walk(end - 1, 1, len(prose)) + 1
