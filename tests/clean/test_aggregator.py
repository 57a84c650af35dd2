"""The aggregator's whole-page search for time lines finds every line is_time accepts."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import aggregator
from newsloom.clean.lines import split_lines

_PIECES = [
    "an hour ago",
    "4 HOURS AGO",
    "a few seconds ago",
    "Just now",
    "yesterday",
    "ToDay",
    "Aug 27, 2025",
    "Published 27 August 2019, 10:30 BST",
    "2024-01-05T10:00Z",
    "Updated: Monday, March 3rd 2025 at 4:47 pm",
    "Arab News",
    "- Arab News",
    "Russia Blames Kyiv for Blocking Talks",
    "ago",
    "20",
    "1999",
    "x",
    "Chicago",
    "The meeting 20 years ago was held in 2019 and again in 2020 in a long line of prose.",
    "Monday",
]


def test_no_character_outside_ascii_folds_to_a_relative_time_ending() -> None:
    # _time_line_candidates looks for "ago"/"now"/"day" with str.lower(); RELATIVE_TIME is
    # case-insensitive, so no other character may match one of their letters in ``re``.
    letters = re.compile("[agonwdy]", re.IGNORECASE)
    assert not [c for c in range(128, sys.maxunicode + 1) if letters.fullmatch(chr(c))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(min_size=1, max_size=30), max_size=30))
def test_candidates_hold_every_time_line(pieces: list[str]) -> None:
    lines = split_lines("\n".join(pieces))
    expected = [i for i, ln in enumerate(lines) if aggregator.is_time(ln.text)]
    candidates = aggregator._time_line_candidates(lines)
    assert candidates == sorted(set(candidates))
    assert set(expected) <= set(candidates)
    with pytest.MonkeyPatch.context() as mp:  # the pure-Python path finds the same lines
        mp.setattr(aggregator, "_speedups", None)
        assert aggregator._time_line_candidates(lines) == candidates


_PROSE = "The talks went on for hours and the sides agreed to meet again " * 3 + "soon."


def _find_embedded_every_line(lines: list) -> list:  # type: ignore[type-arg]
    """The former loop: every line tried as a header's time line."""
    original = aggregator._time_line_candidates
    try:
        aggregator._time_line_candidates = lambda ls: list(range(len(ls)))  # type: ignore[assignment]
        return aggregator.find_embedded(lines)
    finally:
        aggregator._time_line_candidates = original  # type: ignore[assignment]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, _PROSE]), max_size=40))
def test_find_embedded_same_as_trying_every_line(pieces: list[str]) -> None:
    lines = split_lines("\n".join(pieces))
    assert aggregator.find_embedded(lines) == _find_embedded_every_line(lines)


def test_carried_articles_found_as_before() -> None:
    page = [_PROSE] * 4 + ["Related Articles"]
    for source, when in (("Arab News", "an hour ago"), ("Al Arabiya", "Aug 27, 2025")):
        page += [source, when, f"- {source}", "Pakistan and India Hold Talks in Geneva", _PROSE]
    lines = split_lines("\n".join(page))
    found = aggregator.find_embedded(lines)
    assert [h.published_text for h in found] == ["an hour ago", "Aug 27, 2025"]
    assert found == _find_embedded_every_line(lines)
