"""The vectorised line features equal a plain per-line reading of their definitions."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from newsloom.clean.features import (
    _COUNT_SUFFIX,
    _DIGITS,
    _NO_SPACE_SCRIPTS,
    _SEPARATORS,
    _URLISH,
    _WORD_STRIP,
    BULLETS,
    CJK_CHARS_PER_WORD,
    CJK_MIN_CHARS_PER_TOKEN,
    FEATURE_NAMES,
    SENTENCE_END,
    WIDGET_MAX_WORDS,
    line_features,
)
from newsloom.clean.lexicon import widget_kind
from newsloom.clean.lines import split_lines
from newsloom.clean.stopwords import stopwords
from tests.conftest import SAMPLES

_URLISH_ANY_CASE = re.compile(_URLISH.pattern, re.IGNORECASE)


def _reference_row(t: str, i: int, n: int, counts: Counter[str], stop: frozenset[str]) -> list:
    toks = t.split()
    nw = len(toks)
    if len(t) / nw > CJK_MIN_CHARS_PER_TOKEN and _NO_SPACE_SCRIPTS.search(t):
        nw = max(nw, int(len(t) / CJK_CHARS_PER_WORD))
    firsts = [w[0] for w in toks if w[0].isalpha()]
    kind = widget_kind(t) if nw <= WIDGET_MAX_WORDS else None
    return (
        [
            1.0,
            np.log1p(nw),
            min(nw, 60) / 60,
            sum(w.strip(_WORD_STRIP) in stop for w in t.lower().split()) / len(toks),
            t[-1] in SENTENCE_END,
            t[-1] == ":",
            sum(c.isupper() for c in firsts) / len(firsts) if firsts else 0.0,
            len(_DIGITS.findall(t)) / len(t),
            kind is not None,
            kind is not None and nw <= 8,
            min(len(_SEPARATORS.findall(t)), 5) / 5,
            counts[t] > 1 and nw < 8,
            t[0] in BULLETS,
            t.isupper(),
            _URLISH_ANY_CASE.search(t) is not None,
            i / max(n - 1, 1),
            nw > 3 and ('"' in t or "'" in t),
            min(len(t) / nw, 15) / 15,
            _COUNT_SUFFIX.search(t) is not None,
        ],
        kind,
        nw,
    )


TRICKY = """Share this article
Post Views: 7
  ISTANBUL — İstanbul'da bugün 12 kişi gözaltına alındı, dedi yetkililer.
東京都は今日、新しい感染者数を発表しました。専門家は引き続き警戒を呼びかけています。
Sign up for our newsletter
Week 12 power rankings (133)
Visit www.Example.COM or write to desk@example.org | Contact
- a bulleted item
"Quoted," she said, "and it's done."
ALL CAPS HEADLINE HERE
Share this article
Photo: Reuters / Jane Doe
We use cookies to improve your experience. By continuing you accept our Privacy Policy.
"""


@pytest.mark.parametrize(
    "text",
    [
        (SAMPLES / "aggregator-page.txt").read_text("utf-8"),
        (SAMPLES / "wire-story-captured-twice.txt").read_text("utf-8"),
        TRICKY,
    ],
    ids=["aggregator", "wire", "tricky"],
)
def test_vectorised_features_equal_per_line_definitions(text: str) -> None:
    lines = split_lines(text)
    stop = stopwords("en")
    x, kinds, words = line_features(lines, stop)
    counts = Counter(ln.text for ln in lines)
    for i, ln in enumerate(lines):
        row, kind, nw = _reference_row(ln.text, i, len(lines), counts, stop)
        got = x[i, : len(row)]
        assert np.allclose(got, np.array(row, dtype=float)), (
            ln.text,
            [FEATURE_NAMES[j] for j in np.flatnonzero(~np.isclose(got, row))],
        )
        assert kinds[i] == kind, ln.text
        assert words[i] == nw, ln.text


def test_tricky_lines_hit_the_features_they_are_about() -> None:
    lines = split_lines(TRICKY)
    x, kinds, words = line_features(lines, stopwords("en"))
    col = {name: FEATURE_NAMES.index(name) for name in FEATURE_NAMES}
    by_text = {ln.text: k for k, ln in enumerate(lines)}
    assert kinds[by_text["Share this article"]] == "share"
    assert kinds[by_text["Post Views: 7"]] == "counter"
    assert kinds[by_text["Sign up for our newsletter"]] == "subscribe"
    assert x[by_text["Week 12 power rankings (133)"], col["count_suffix"]] == 1
    assert x[by_text["ALL CAPS HEADLINE HERE"], col["all_caps"]] == 1
    assert x[by_text["Share this article"], col["repeated_short"]] == 1
    cjk = next(k for k, ln in enumerate(lines) if ln.text.startswith("東京"))
    assert words[cjk] > 10  # estimated from characters, not from (absent) spaces


def test_no_lines() -> None:
    x, kinds, words = line_features([], stopwords("en"))
    assert x.shape == (0, len(FEATURE_NAMES)) and kinds == [] and words == []


def test_a_line_of_over_two_million_characters_is_counted_exactly() -> None:
    # per-line counts are packed in 21-bit fields; longer lines take the unpacked path
    text = "Title line\n" + "7 " * 1_100_000 + "end."
    x, _, words = line_features(split_lines(text), stopwords("en"))
    assert words[1] == 1_100_001
    assert x[1, FEATURE_NAMES.index("digit_ratio")] == pytest.approx(1_100_000 / 2_200_004)
