"""_speedups.stop_flags(..., per_line=True): the stop words of each line of a page, as the
per-line Python count (each line's str.split() tokens, stripped, looked up)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import features
from newsloom.clean.stopwords import stopwords

speedups = pytest.importorskip("newsloom.clean._speedups")

_TOKENS = ["the", "The", "of", "(the", "the,", '"and"', "«и»", "der", "..", "—", "", "ß", "东"]
_SEPS = [" ", "  ", "\n", "\n\n", "\t", "\u2028", "\u00a0", "\u3000", ""]


def _per_line_py(text: str, stop: frozenset[str], strip: str) -> list[int]:
    return [sum(w.strip(strip) in stop for w in line.split()) for line in text.split("\n")]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_TOKENS) | st.text(max_size=8), st.sampled_from(_SEPS))),
    st.sampled_from(["en", "de", "ru"]),
)
def test_per_line_counts_as_python(parts: list[tuple[str, str]], lang: str) -> None:
    text = "".join(w + s for w, s in parts)
    stop = stopwords(lang) | {"ß", "x" * 70}  # a long entry takes the set-lookup path
    counts = np.frombuffer(speedups.stop_flags(text, stop, features._WORD_STRIP, True), np.int64)
    assert counts.tolist() == _per_line_py(text, stop, features._WORD_STRIP)
    long_word = text + " " + "x" * 70
    counts = np.frombuffer(speedups.stop_flags(long_word, stop, "", True), np.int64)
    assert counts.tolist() == _per_line_py(long_word, stop, "")


@pytest.mark.parametrize(
    "lines",
    [
        ["the cat sat on the mat.", "of (the) end", "and so it goes"],
        ["a", "the the the", "东京 of"],
        ["😀 the", "x"],
    ],
)
def test_stop_counts_with_and_without_the_core(
    lines: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = "\n".join(lines)
    tokens = np.array([t.count(" ") + 1 for t in lines], dtype=np.int64)
    stop = stopwords("en")
    compiled = features._stop_counts(page, tokens, stop).tolist()
    monkeypatch.setattr(features, "_speedups", None)
    assert features._stop_counts(page, tokens, stop).tolist() == compiled
    assert compiled == _per_line_py(page, stop, features._WORD_STRIP)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS) | st.text(max_size=8)).map(" \n\t".join))
def test_split_count_as_str_split(text: str) -> None:
    assert speedups.split_count(text) == len(text.split())
