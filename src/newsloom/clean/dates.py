"""Date lines near the headline ("August 27, 2025", "Published 27 Aug 2025, 10:30 BST").

A line that is *only* a date (with an optional "Published"/"Updated" label, weekday, time and
zone) is page furniture for the text and the publication date for the record.
"""

from __future__ import annotations

import re
from datetime import datetime

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for m in names.split()
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"


def _month_alternation(names: list[str]) -> str:
    """``(?:name|name|...)`` over ``names`` (longest first), grouped by first letter:
    "(?:s(?:eptember|ept|ep)|f(?:ebruary|eb)|...)". The same matches as the flat alternation
    (names with different first letters never match at one position; within a group the
    order is kept), about twice as fast: re tries 8 first letters at each position, not 24
    names."""
    groups: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        groups.setdefault(name[0], []).append(name[1:])
    return "(?:" + "|".join(f"{k}(?:{'|'.join(rest)})" for k, rest in groups.items()) + ")"


# A full date anywhere in a line ("November 20, 2019", "20 Nov. 2019", "20.11.2019",
# "2019-11-20"); month names from _MONTHS, longest first.
_MONTH_NAME = _month_alternation(list(_MONTHS)) + r"\.?"
FULL_DATE = re.compile(
    rf"\b{_MONTH_NAME} \d{{1,2}},? \d{{4}}\b|\b\d{{1,2}}\.? {_MONTH_NAME},? \d{{4}}\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = (
    r"(?:\s*(?:,|\||-|–|at|\s)\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*"
    r"(?P<ampm>[AaPp]\.?[Mm]\.?)?(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)?"
)
_LABEL = (
    r"^(?:(?:published|updated|posted|last updated|first published|date)\s*(?:on|:)?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
)
DATE_LINE_FORMS = [
    re.compile(_LABEL + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME + r"\s*$", re.I),
    re.compile(_LABEL + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + _TIME + r"\s*$", re.I),
    re.compile(
        _LABEL + r"(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})\S*)?\s*$",
        re.I,
    ),
]


def parse_date_line(text: str) -> datetime | None:
    """The date a date-only line states (naive, as printed), or None."""
    if len(text) > 80:
        return None
    for rx in DATE_LINE_FORMS:
        m = rx.match(text.strip())
        if not m:
            continue
        g = m.groupdict()
        month = int(g["mnum"]) if g.get("mnum") else _MONTHS.get((g.get("month") or "").lower())
        if not month:
            continue
        hour, minute = int(g.get("hour") or 0), int(g.get("minute") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        try:
            return datetime(int(g["year"]), month, int(g["day"]), hour, minute)
        except ValueError:
            return None
    return None
