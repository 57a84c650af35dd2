"""normalize.map_same_length's compiled pass gives what its pure-Python twin and
``str.translate(SAME_LENGTH)`` give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import normalize

speedups = pytest.importorskip("newsloom.clean._speedups")

_CHARS = st.sampled_from(
    [*(char for char, _ in normalize._SAME_LENGTH_PAIRS), "a", " ", "\n", "é", "东", "😀", "\u2001"]
)


@settings(max_examples=500, deadline=None)
@given(st.text(_CHARS, max_size=40) | st.text(max_size=40))
def test_map_same_length_as_translate(text: str) -> None:
    expected = text.translate(normalize.SAME_LENGTH)
    assert normalize.map_same_length_py(text) == expected
    assert normalize.map_same_length(text) == expected


def test_map_same_length_checks_its_tables() -> None:
    with pytest.raises(ValueError):
        speedups.map_same_length("text", "ab", "a")
    with pytest.raises(ValueError):
        speedups.map_same_length("text", "😀", "a")
