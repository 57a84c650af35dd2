"""Words of English time expressions: numbers, months, weekdays, units, seasons, parts of day.

Each table comes with the regex alternation that matches its keys, longest first, so that the
grammar (``time_grammar``) is built from one source of truth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNITS_0_19 = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_UNITS_0_19)}
NUMBER_WORDS.update({w: float(v) for w, v in _TENS.items()})
NUMBER_WORDS.update(
    {
        "a": 1.0,
        "an": 1.0,
        "a couple of": 2.0,
        "a dozen": 12.0,
        "dozen": 12.0,
        "a hundred": 100.0,
        "one hundred": 100.0,
        "hundred": 100.0,
    }
)
# Counts that are not numbers: the value gets an X ("PXY").
VAGUE_NUMBERS = ("several", "a few", "few", "many", "some")

ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
MONTHS["sept"] = 9

WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}

# Canonical unit codes: Y M W D H MIN S, plus DE (decade), CE (century), FN (fortnight).
UNITS: dict[str, str] = {
    "year": "Y",
    "years": "Y",
    "yr": "Y",
    "yrs": "Y",
    "month": "M",
    "months": "M",
    "week": "W",
    "weeks": "W",
    "fortnight": "FN",
    "fortnights": "FN",
    "day": "D",
    "days": "D",
    "hour": "H",
    "hours": "H",
    "hr": "H",
    "hrs": "H",
    "minute": "MIN",
    "minutes": "MIN",
    "min": "MIN",
    "mins": "MIN",
    "second": "S",
    "seconds": "S",
    "decade": "DE",
    "decades": "DE",
    "century": "CE",
    "centuries": "CE",
}

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

# Clock-time zones kept in the extent (the value is the wall-clock time as written).
ZONES = (
    "GMT",
    "UTC",
    "BST",
    "CET",
    "CEST",
    "EET",
    "EEST",
    "MSK",
    "EST",
    "EDT",
    "ET",
    "CST",
    "CDT",
    "CT",
    "MST",
    "MDT",
    "PST",
    "PDT",
    "PT",
    "IST",
    "JST",
    "KST",
    "AEST",
    "AEDT",
    "HKT",
    "SGT",
    "local time",
)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    keys = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


NUMBER_WORD_RE = (
    rf"(?:(?:{alternation(_TENS)})(?:[-\s](?:{alternation(_UNITS_0_19[1:10])}))?"
    rf"|{alternation(k for k in NUMBER_WORDS if k not in _TENS)}"
    rf"|{alternation(VAGUE_NUMBERS)})"
)
# A count: digits (with a decimal part) or number words.
NUMBER_RE = rf"(?:\d+(?:\.\d+)?|{NUMBER_WORD_RE})"


def parse_number(text: str) -> float | None:
    """The value of a count in digits or words; None for a vague count ("several")."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    if not t:
        return None
    if t[0].isdigit():
        return float(t)
    if t in VAGUE_NUMBERS:
        return None
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    parts = re.split(r"[-\s]", t)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBER_WORDS:
        return _TENS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None
