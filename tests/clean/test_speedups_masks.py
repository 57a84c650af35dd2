"""compiled.range_masks: the lines passing each conjunction of (column, low, high) ranges, one
compiled pass and its numpy twin agree, and cleaner._score's masks are the rules' own."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import cleaner, compiled

_VALUES = st.sampled_from([0.0, -0.0, 0.03, 0.45, 0.6, 1.0, 5e-324, -1.0, math.inf, math.nan])
_BOUNDS = st.sampled_from([-math.inf, 0.0, 5e-324, 0.03, 0.45, 0.6, 3.0, 12.0, 30.0, math.inf])


@settings(max_examples=500, deadline=None)
@given(
    st.integers(0, 12),
    st.integers(1, 4),
    st.data(),
)
def test_compiled_and_python_agree(n: int, n_cols: int, data: st.DataObject) -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    x = np.array(
        data.draw(
            st.lists(st.lists(_VALUES, min_size=n_cols, max_size=n_cols), min_size=n, max_size=n)
        ),
        dtype=np.float64,
    ).reshape(n, n_cols)
    words = data.draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    ranges = st.tuples(st.integers(-1, n_cols - 1), _BOUNDS, _BOUNDS)
    masks = tuple(tuple(m) for m in data.draw(st.lists(st.lists(ranges, max_size=4), max_size=5)))
    expected = compiled.range_masks_py(x, words, masks)
    assert speedups.range_masks(x, n_cols, words, masks) == expected
    assert compiled.range_masks(x, words, masks) == expected


def test_range_masks_rejects_bad_arguments() -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    x = np.zeros((2, 3))
    with pytest.raises(ValueError):
        speedups.range_masks(x, 2, [1, 2], ())  # the shape does not fit
    with pytest.raises(ValueError):
        speedups.range_masks(x, 3, [1, 2], (((3, 0.0, 1.0),),))  # no column 3
    with pytest.raises(TypeError):
        speedups.range_masks(x, 3, [1, "2"], ())


def test_the_masks_are_the_rules() -> None:
    """The range form of the menu-run and prose masks marks what their comparisons mark."""
    rng = np.random.default_rng(7)
    n = 400
    x = rng.choice([0.0, 0.02, 0.03, 0.04, 0.45, 0.6, 1.0], size=(n, len(cleaner.FEATURE_NAMES)))
    words = rng.integers(0, 60, n).tolist()
    nw = np.array(words)
    menu, _, _, _, _, *prose_parts = compiled.range_masks_py(x, words, cleaner._LINE_MASKS)
    assert (
        menu
        == np.flatnonzero(
            (nw >= cleaner.MENU_RUN_MIN_WORDS)
            & (x[:, cleaner.TITLE_CASE_COL] >= cleaner.MENU_RUN_MIN_CAPITALISED)
            & (x[:, cleaner.SENTENCE_END_COL] == 0)
            & (x[:, cleaner.DIGIT_RATIO_COL] <= cleaner.MENU_RUN_MAX_DIGIT_RATIO)
        ).tolist()
    )
    prose = (
        ((x[:, cleaner.SENTENCE_END_COL] > 0) | (x[:, cleaner.COLON_END_COL] > 0))
        & (nw >= cleaner.PROSE_MIN_WORDS)
        & (x[:, cleaner.STOP_RATIO_COL] >= cleaner.PROSE_MIN_STOP_RATIO)
    ) | (nw > cleaner.PROSE_ANY_WORDS)
    assert sorted(set().union(*prose_parts)) == np.flatnonzero(prose).tolist()
