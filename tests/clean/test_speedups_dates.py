"""dates.FULL_DATE's month names as a first-letter alternation: the same matches as the flat
alternation of the names, longest first."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import dates

# FULL_DATE as it was written, with the month names one flat alternation
_FLAT_MONTH = "(?:" + "|".join(sorted(dates._MONTHS, key=len, reverse=True)) + r")\.?"
_FLAT = re.compile(
    rf"\b{_FLAT_MONTH} \d{{1,2}},? \d{{4}}\b|\b\d{{1,2}}\.? {_FLAT_MONTH},? \d{{4}}\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

_PIECES = st.sampled_from(
    [
        *dates._MONTHS,
        "Sept.",
        "SEPT",
        "ſep",
        "Ju",
        "Marc",
        "mayo",
        "12",
        "1",
        "2019",
        "20",
        "-",
        ".",
        ",",
        " ",
        "/",
        "x",
        "3rd",
        "\n",
        "Jan.",
        "2019-11-20",
        "1.2.19",
    ]
)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=12).map("".join))
def test_full_date_as_flat_alternation(text: str) -> None:
    assert _spans(dates.FULL_DATE, text) == _spans(_FLAT, text)


def test_full_date_on_the_seeds_and_examples() -> None:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["Posted Sept. 12, 2019 and 3 Nov 2019, 20.11.2019, 2019-11-20", "June 5, 2020"]
    for text in texts:
        assert _spans(dates.FULL_DATE, text) == _spans(_FLAT, text)
    assert len(_spans(dates.FULL_DATE, texts[-2])) == 4
