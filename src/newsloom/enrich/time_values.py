"""Calendar arithmetic and the TIMEX3-like value strings of time expressions.

Value formats (documented in tests/data/times/README.md and used consistently):
``2025-08-27`` day, ``2025-08`` month, ``2025`` year, ``2025-W35`` ISO week, ``2025-W35-WE``
weekend, ``2025-Q3`` quarter, ``2025-SU`` season, ``2025-08-27TMO`` part of day, ``199X``
decade, ``18XX`` century, ``2025-08-27T15:00`` clock time, ISO 8601 durations (``P3Y6M``,
``PXY`` for an unknown count) and ``begin/end`` intervals.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

Tense = Literal["past", "future"] | None
Kind = Literal["date", "time", "duration", "set", "interval"]

# Units with their date/time part in an ISO 8601 duration and their size in the next smaller
# unit (to spell fractions: 3.5 years = 3 years 6 months).
_DURATION_LETTER = {"Y": "Y", "M": "M", "W": "W", "D": "D", "H": "H", "MIN": "M", "S": "S"}
_TIME_UNITS = frozenset({"H", "MIN", "S"})
_SMALLER = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("H", 24),
    "H": ("MIN", 60),
    "MIN": ("S", 60),
}
_VAGUE = {
    "Y": "PXY",
    "M": "PXM",
    "W": "PXW",
    "D": "PXD",
    "H": "PTXH",
    "MIN": "PTXM",
    "S": "PTXS",
    "DE": "PXDE",
    "CE": "PXCE",
    "FN": "PXW",
}


@dataclass(slots=True)
class Resolved:
    """What a rule made of a match: the fields of a TimeExpr besides the offsets."""

    kind: Kind
    value: str | None
    granularity: str | None
    begin: str | None = None
    end_value: str | None = None
    duration: str | None = None
    day: date | None = None  # the calendar day, when the value is one (for clock times)
    clock: str | None = None  # "15:00" for clock times (to join them to a date)


def base_unit(unit: str, amount: float) -> tuple[str, float]:
    """Decades, centuries and fortnights in the units ISO 8601 has."""
    if unit == "DE":
        return "Y", amount * 10
    if unit == "CE":
        return "Y", amount * 100
    if unit == "FN":
        return "W", amount * 2
    return unit, amount


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration: (3.5, "Y") -> P3Y6M; (None, "DE") -> PXDE."""
    if amount is None:
        return _VAGUE[unit]
    unit, amount = base_unit(unit, amount)
    parts: list[tuple[str, int]] = []
    whole = int(amount)
    frac = amount - whole
    if whole:
        parts.append((unit, whole))
    if frac > 1e-9 and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        parts.append((smaller, round(frac * factor)))
    if not parts:
        parts.append((unit, 0))
    date_part = "".join(f"{n}{_DURATION_LETTER[u]}" for u, n in parts if u not in _TIME_UNITS)
    time_part = "".join(f"{n}{_DURATION_LETTER[u]}" for u, n in parts if u in _TIME_UNITS)
    return "P" + date_part + ("T" + time_part if time_part else "")


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(ref: datetime, amount: float, unit: str) -> datetime:
    """``ref`` moved by ``amount`` units (negative = back); months and years by the calendar."""
    unit, amount = base_unit(unit, amount)
    if unit in ("Y", "M"):
        months = round(amount * (12 if unit == "Y" else 1))
        d = add_months(ref.date(), months)
        return ref.replace(year=d.year, month=d.month, day=d.day)
    seconds = {"W": 604800, "D": 86400, "H": 3600, "MIN": 60, "S": 1}[unit]
    return ref + timedelta(seconds=amount * seconds)


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def at_granularity(moment: datetime, unit: str) -> tuple[str, str]:
    """The value of the unit-sized period around ``moment`` ("3 days ago" -> the day)."""
    if unit in ("Y", "DE", "CE"):
        return f"{moment.year:04d}", "year"
    if unit == "M":
        return f"{moment.year:04d}-{moment.month:02d}", "month"
    if unit in ("W", "FN"):
        return week_value(moment.date()), "week"
    if unit == "D":
        return moment.date().isoformat(), "day"
    if unit == "H":
        return f"{moment:%Y-%m-%dT%H}:00", "hour"
    return f"{moment:%Y-%m-%dT%H:%M}", "minute"


def interval_end(moment: datetime, unit: str) -> str:
    """An interval bound: to the minute for hour/minute units, else the day."""
    if unit in ("H", "MIN", "S"):
        return f"{moment:%Y-%m-%dT%H:%M}"
    return moment.date().isoformat()


def weekday_date(ref: date, weekday: int, tense: Tense, strict: bool = False) -> date:
    """The weekday nearest ``ref`` in the direction of ``tense`` (past when unknown): on or
    before the reference for past events, on or after it for future ones; ``strict`` skips
    the reference day itself ("last Friday", "next Friday")."""
    if tense == "future":
        ahead = (weekday - ref.weekday()) % 7
        if ahead == 0 and strict:
            ahead = 7
        return ref + timedelta(days=ahead)
    back = (ref.weekday() - weekday) % 7
    if back == 0 and strict:
        back = 7
    return ref - timedelta(days=back)


def _distance(ref: date, first: date, last: date) -> int:
    if ref < first:
        return (first - ref).days
    if ref > last:
        return (ref - last).days
    return 0


FUTURE_DISTANCE_PENALTY = 2


def year_for(ref: date, first: date, last: date, tense: Tense) -> int:
    """Which year a yearless period (month, month-day, quarter) given as dates in the
    reference year falls in: the nearest one, unless the tense says past or future. With no
    tense, a future date must be more than twice as near as a past one to win: news reports
    what happened more often than what will (set on the ECB+ dev scan: "died ... after a heart
    attack on December 2", read in June)."""
    candidates: list[tuple[int, int, int]] = []
    for dy in (-1, 0, 1):
        try:
            f, la = first.replace(year=first.year + dy), last.replace(year=last.year + dy)
        except ValueError:  # Feb 29 in a common year
            continue
        if tense == "past" and f > ref:
            continue
        if tense == "future" and la < ref:
            continue
        distance = _distance(ref, f, la)
        if tense is None and f > ref:
            distance *= FUTURE_DISTANCE_PENALTY
        candidates.append((distance, -dy if tense == "past" else dy, f.year))
    if not candidates:
        return ref.year
    return min(candidates)[2]


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_span(year: int, q: int) -> tuple[date, date]:
    first = date(year, 3 * q - 2, 1)
    return first, month_span(year, 3 * q)[1]


def us_election_day(year: int) -> date:
    """The Tuesday after the first Monday of November."""
    nov1 = date(year, 11, 1)
    first_monday = nov1 + timedelta(days=(0 - nov1.weekday()) % 7)
    return first_monday + timedelta(days=1)
