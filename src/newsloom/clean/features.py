"""Line features for the boilerplate classifier.

Each line becomes a vector of cheap, language-light features, in the spirit of jusText (length,
stop-word density), the C4/Gopher/FineWeb line rules (terminal punctuation, symbol and digit
ratios, title case) and CCNet (lines repeated across pages), plus the lines around it.
"""

from __future__ import annotations

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
    "ctx_words",
    "ctx_stop",
    "ctx_sentence",
]
N_FEATURES = len(FEATURE_NAMES)


def line_features(
    lines: list[Line], stop: frozenset[str]
) -> tuple[npt.NDArray[np.float64], list[str | None], list[int]]:
    """Feature matrix (lines x features), each line's widget kind, and word counts."""
    n = len(lines)
    x = np.zeros((n, N_FEATURES), dtype=np.float64)
    kinds: list[str | None] = []
    words_per_line: list[int] = []
    counts = Counter(line.text for line in lines)
    for i, line in enumerate(lines):
        t = line.text
        toks = t.split()
        nw = len(toks)
        if _NO_SPACE_SCRIPTS.search(t):
            nw = max(nw, int(len(t) / CJK_CHARS_PER_WORD))
        words_per_line.append(nw)
        low = [w.strip(_WORD_STRIP).lower() for w in toks]
        alpha = [w for w in toks if w[:1].isalpha()]
        n_stop = sum(1 for w in low if w in stop)
        kind = widget_kind(t) if nw <= 30 else None
        kinds.append(kind)
        digits = sum(c.isdigit() for c in t)
        last = t[-1]
        row = x[i]
        row[0] = 1.0
        row[1] = np.log1p(nw)
        row[2] = min(nw, 60) / 60
        row[3] = n_stop / len(toks) if toks else 0.0
        row[4] = last in SENTENCE_END
        row[5] = last == ":"
        row[6] = sum(w[0].isupper() for w in alpha) / len(alpha) if alpha else 0.0
        row[7] = digits / len(t)
        row[8] = kind is not None
        row[9] = kind is not None and nw <= 8
        row[10] = min(len(_SEPARATORS.findall(t)), 5) / 5
        row[11] = counts[t] > 1 and nw < 8
        row[12] = t[0] in "-–—•*·►▸>"
        row[13] = t.isupper() and nw > 0
        row[14] = bool(_URLISH.search(t))
        row[15] = i / max(n - 1, 1)
        row[16] = ('"' in t or "'" in t) and nw > 3
        row[17] = min(len(t) / max(nw, 1), 15) / 15
    if n:
        _add_context(x)
    return x, kinds, words_per_line


# Weights of the lines around a line (2 before, 2 after) in the context features.
_CONTEXT_KERNEL = np.array([0.5, 1.0, 0.0, 1.0, 0.5])


def _add_context(x: npt.NDArray[np.float64]) -> None:
    """Context features: a weighted mean of neighbouring lines' length, stop words, endings."""
    n = len(x)
    half = len(_CONTEXT_KERNEL) // 2
    src = np.zeros((n + 2 * half, 4))
    src[half : half + n, :3] = x[:, [2, 3, 4]]
    src[half : half + n, 3] = 1.0  # counts real neighbours at the page edges
    acc = sum(k * src[off : off + n] for off, k in enumerate(_CONTEXT_KERNEL))
    x[:, 18:21] = acc[:, :3] / np.maximum(acc[:, 3:4], 1e-9)
