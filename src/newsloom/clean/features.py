"""Line features for the boilerplate classifier.

Each line becomes a vector of cheap, language-light features, in the spirit of jusText (length,
stop-word density), the C4/Gopher/FineWeb line rules (terminal punctuation, symbol and digit
ratios, title case) and CCNet (lines repeated across pages), plus the lines around it.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import numpy.typing as npt

from newsloom.clean.lexicon import widget_kind
from newsloom.clean.lines import Line

SENTENCE_END = frozenset(".!?…\"')»。！？")
_SEPARATORS = re.compile(r"[|•»›·▸►/]")
_URLISH = re.compile(r"https?://|www\.|@\w|\.(com|org|net)\b", re.IGNORECASE)
_WORD_STRIP = "\"'.,;:!?()[]{}«»-–—…*#"
# Scripts written without spaces: words are estimated from characters.
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
CJK_CHARS_PER_WORD = 2.5
# Only lines with long "tokens" can be space-less script: skips the script regex for the rest.
CJK_MIN_CHARS_PER_TOKEN = 12
_DIGITS = re.compile(r"\d")
# "Week 12 power rankings (133)": a comment or view count after a link in a list.
_COUNT_SUFFIX = re.compile(r"[(\[]\d[\d,.]*[kK]?[)\]]$")

FEATURE_NAMES = [
    "bias",
    "log_words",
    "words_capped",
    "stop_ratio",
    "sentence_end",
    "colon_end",
    "title_case",
    "digit_ratio",
    "widget",
    "widget_short",
    "separators",
    "repeated_short",
    "bullet_start",
    "all_caps",
    "urlish",
    "position",
    "has_quote",
    "mean_word_len",
    "count_suffix",
    "ctx_words",
    "ctx_stop",
    "ctx_sentence",
    "ctx_headline",
]
N_FEATURES = len(FEATURE_NAMES)
CONTEXT_START = FEATURE_NAMES.index("ctx_words")
_NO_CONTEXT = (0.0,) * (N_FEATURES - CONTEXT_START)
# A list item that reads like a headline has at most this many words.
HEADLINE_MAX_WORDS = 15


def line_features(
    lines: list[Line], stop: frozenset[str]
) -> tuple[npt.NDArray[np.float64], list[str | None], list[int]]:
    """Feature matrix (lines x features), each line's widget kind, and word counts."""
    n = len(lines)
    rows: list[tuple[float, ...]] = []
    kinds: list[str | None] = []
    words_per_line: list[int] = []
    counts = Counter(line.text for line in lines)
    last_index = max(n - 1, 1)
    for i, line in enumerate(lines):
        t = line.text
        toks = t.split()
        nw = len(toks)
        if nw > 0 and len(t) / nw > CJK_MIN_CHARS_PER_TOKEN and _NO_SPACE_SCRIPTS.search(t):
            nw = max(nw, int(len(t) / CJK_CHARS_PER_WORD))
        words_per_line.append(nw)
        n_stop = sum(1 for w in t.lower().split() if w.strip(_WORD_STRIP) in stop)
        n_alpha = n_upper = 0
        for w in toks:
            c = w[0]
            if c.isalpha():
                n_alpha += 1
                n_upper += c.isupper()
        kind = widget_kind(t) if nw <= 30 else None
        kinds.append(kind)
        last = t[-1]
        rows.append(
            (
                1.0,
                math.log1p(nw),
                min(nw, 60) / 60,
                n_stop / len(toks) if toks else 0.0,
                last in SENTENCE_END,
                last == ":",
                n_upper / n_alpha if n_alpha else 0.0,
                len(_DIGITS.findall(t)) / len(t),
                kind is not None,
                kind is not None and nw <= 8,
                min(len(_SEPARATORS.findall(t)), 5) / 5,
                counts[t] > 1 and nw < 8,
                t[0] in "-–—•*·►▸>",
                nw > 0 and t.isupper(),
                _URLISH.search(t) is not None,
                i / last_index,
                nw > 3 and ('"' in t or "'" in t),
                min(len(t) / max(nw, 1), 15) / 15,
                _COUNT_SUFFIX.search(t) is not None,
                *_NO_CONTEXT,  # filled by _add_context
            )
        )
    x = np.array(rows, dtype=np.float64).reshape(n, N_FEATURES)
    if n:
        _add_context(x)
    return x, kinds, words_per_line


# Weights of the lines around a line (2 before, 2 after) in the context features.
_CONTEXT_KERNEL = np.array([0.5, 1.0, 0.0, 1.0, 0.5])


def _add_context(x: npt.NDArray[np.float64]) -> None:
    """Context features: a weighted mean of neighbouring lines' length, stop words, endings,
    and of how many of them look like headlines in a list (short, no closing punctuation)."""
    n = len(x)
    half = len(_CONTEXT_KERNEL) // 2
    src = np.zeros((n + 2 * half, 5))
    src[half : half + n, :3] = x[:, [2, 3, 4]]
    src[half : half + n, 3] = (x[:, 2] <= HEADLINE_MAX_WORDS / 60) & (x[:, 4] == 0)
    src[half : half + n, 4] = 1.0  # counts real neighbours at the page edges
    acc = sum(k * src[off : off + n] for off, k in enumerate(_CONTEXT_KERNEL))
    x[:, CONTEXT_START:] = acc[:, :4] / np.maximum(acc[:, 4:5], 1e-9)
