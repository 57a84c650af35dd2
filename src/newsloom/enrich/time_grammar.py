"""The rule grammar of time expressions: compiled regexes, each with a resolver that turns a
match into a normalised value against the reference date.

Every rule is one compiled regex run once over the text (linear time); overlapping matches are
settled by the extractor (longest wins). A resolver returns None to reject a match it finds is
not a time expression after all ("May" the name, "a 3-year-old", a count of 2,014 people).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from newsloom.enrich.time_lexicon import (
    MONTHS,
    NUMBER_RE,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    UNITS,
    WEEKDAYS,
    ZONES,
    alternation,
    parse_number,
)
from newsloom.enrich.time_values import (
    Kind,
    Resolved,
    Tense,
    at_granularity,
    duration_value,
    interval_end,
    month_span,
    quarter_span,
    shift,
    us_election_day,
    week_value,
    weekday_date,
    year_for,
)


@dataclass(slots=True)
class Env:
    """What resolvers see besides the match: the text, the reference and the clause tense."""

    text: str
    ref: datetime | None
    tense: Callable[[int, int], Tense]


Resolver = Callable[[re.Match[str], Env], Resolved | None]


@dataclass(slots=True, frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    group: str | None = None  # the extent is this group's span, not the whole match
    # The rule runs only near matches of this trigger (a key of TRIGGERS): most of a text
    # has no unit word or month name, and Python's re tries every pattern at every position.
    trigger: str | None = None


# --- building blocks (case-insensitive patterns; names of months/days must be capitalised)

_FULL_MONTHS = [m.capitalize() for m in MONTHS if len(m) > 3] + ["May"]
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Names are capitalised ("may", "march" are words) or all capitals (datelines, headlines).
_MONTH_NAMES = [*_FULL_MONTHS, *(m.upper() for m in _FULL_MONTHS)]
MONTH_FULL = rf"(?-i:{alternation(_MONTH_NAMES)})"
# Abbreviations need their dot or a following number (checked by the patterns using them).
MONTH_ANY = rf"(?-i:(?:{alternation(_MONTH_NAMES)})|(?:{_ABBR})\.?)"
WEEKDAY = (
    rf"(?-i:{alternation([*(w.capitalize() for w in WEEKDAYS), *(w.upper() for w in WEEKDAYS)])})"
)
WEEKDAY_PLURAL = rf"(?-i:{alternation(w.capitalize() + 's' for w in WEEKDAYS)})"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
UNIT = alternation(UNITS)
UNIT_SINGULAR = alternation(u for u in UNITS if not u.endswith("s") or u == "hrs")
POD = alternation(PARTS_OF_DAY)
ZONE = alternation(ZONES)
APPROX = (
    r"(?:about|around|nearly|almost|roughly|some|just|only|more\s+than|less\s+than|"
    r"fewer\s+than|at\s+least|at\s+most|up\s+to|over|under)"
)
AMPM = r"(?P<ap>[ap]\.\s?m\.|[ap]m\b|[AP]M\b|[ap]\.m\b)"

# Weekday + capitalised word that makes it a name, not a date ("Sunday Times").
_NAME_TAILS = (
    "Times|Telegraph|Mirror|Express|Herald|Post|Mail|Independent|Star|Sport|Tribune|Review|"
    "Observer|Journal|Night\\s+Football|Night\\s+Live|Service|School|Sun"
)
# Words after a four-digit number that make it a count, not a year.
_COUNT_NOUNS = re.compile(
    r"\s*(?:%|percent|per\s+cent|people|persons|troops|soldiers|civilians|km|kilometres|"
    r"kilometers|miles|metres|meters|feet|ft|tons|tonnes|votes|cases|deaths|dead|jobs|units|"
    r"points|cars|homes|houses|employees|workers|students|residents|members|acres|hectares|"
    r"pages|words|kg|mph|calories|passengers|refugees|migrants|families|children|women|men|"
    r"dollars|euros|pounds|barrels|shares|times|of\s+the|to\s+\d)\b",
    re.IGNORECASE,
)
_YEAR_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|of|from|to|between|and|or|before|after|during|through|"
    r"throughout|early|late|mid|the|year|years|summer|spring|autumn|fall|winter|fiscal|"
    r"around|circa|c\.|ended|end|start|beginning|for|as|than|at|on|over|a|an)\s*|[(,\-–]\s*|^)$",
    re.IGNORECASE,
)
_MONTH_CONTEXT_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|early|late|mid|of|from|through|last|next|this|during|before|"
    r"after|end|start|beginning|to|and|or|between|for|until|every|each|on)\s*-?\s*$",
    re.IGNORECASE,
)
_PAST_WORDS = {"past", "last", "previous"}
_GENERIC_BEFORE = re.compile(r"\b(?:a|any)\s+$", re.IGNORECASE)
# A name followed by its verb ("May failed", "May said"), not a month.
_NAME_THEN_VERB = re.compile(
    r"\s+(?:\w+ed|said|says|told|has|had|was|is|will|would|won|lost|made|took|met|called|urged"
    r"|insisted|wants|hopes)\b"
)


def _ref_or_none(env: Env) -> datetime | None:
    return env.ref


def _day_resolved(d: date, granularity: str = "day") -> Resolved:
    return Resolved("date", d.isoformat(), granularity, day=d)


def _month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _day_num(token: str) -> int:
    return int(re.sub(r"\D", "", token))


# --- resolvers


def _iso_date(m: re.Match[str], env: Env) -> Resolved | None:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["hh"]:
        clock = f"{m['hh']}:{m['mi']}"
        return Resolved("time", f"{d.isoformat()}T{clock}", "minute", day=d, clock=clock)
    return _day_resolved(d)


def _full_date(m: re.Match[str], env: Env) -> Resolved | None:
    try:
        d = date(int(m["y"]), _month_num(m["mon"]), _day_num(m["d"]))
    except ValueError:
        return None
    return _day_resolved(d)


def _month_day(m: re.Match[str], env: Env) -> Resolved | None:
    month, day = _month_num(m["mon"]), _day_num(m["d"])
    if day > 31:
        return None
    if env.ref is None:
        return Resolved("date", f"XXXX-{month:02d}-{day:02d}", "day")
    ref = env.ref.date()
    try:
        probe = date(2000, month, day)  # a leap year: Feb 29 is a valid month-day
    except ValueError:
        return None
    try:
        year = year_for(
            ref,
            probe.replace(year=ref.year),
            probe.replace(year=ref.year),
            env.tense(m.start(), m.end()),
        )
        d = date(year, month, day)
    except ValueError:
        return None
    return _day_resolved(d)


def _day_range(m: re.Match[str], env: Env) -> Resolved | None:
    month = _month_num(m["mon"])
    d1, d2 = _day_num(m["d1"]), _day_num(m["d2"])
    if not d1 < d2 <= 31:
        return None
    if m["y"]:
        year = int(m["y"])
    elif env.ref is not None:
        ref = env.ref.date()
        try:
            year = year_for(
                ref,
                date(ref.year, month, d1),
                date(ref.year, month, d2),
                env.tense(m.start(), m.end()),
            )
        except ValueError:
            return None
    else:
        b, e = f"XXXX-{month:02d}-{d1:02d}", f"XXXX-{month:02d}-{d2:02d}"
        return Resolved("interval", f"{b}/{e}", "day", begin=b, end_value=e)
    try:
        b, e = date(year, month, d1).isoformat(), date(year, month, d2).isoformat()
    except ValueError:
        return None
    return Resolved("interval", f"{b}/{e}", "day", begin=b, end_value=e)


def _month_year(m: re.Match[str], env: Env) -> Resolved | None:
    return Resolved("date", f"{int(m['y']):04d}-{_month_num(m['mon']):02d}", "month")


def _bare_month(m: re.Match[str], env: Env) -> Resolved | None:
    name = m["mon"].capitalize()
    before = env.text[max(0, m.start() - 20) : m.start()]
    if not _MONTH_CONTEXT_BEFORE.search(before):
        if name in ("May", "March", "August"):
            return None  # the modal, the verb, the given name
        after = env.text[m.end() : m.end() + 20]
        if re.match(r"\s+[A-Z][a-z]", after) and not re.match(
            rf"\s+(?:{WEEKDAY}|{MONTH_FULL})", after
        ):
            return None  # part of a name: "March Madness", "August Wilson"
    if name in ("May", "March", "August") and _NAME_THEN_VERB.match(env.text, m.end()):
        return None  # "after May failed", "August said"
    month = _month_num(name)
    if env.ref is None:
        return Resolved("date", f"XXXX-{month:02d}", "month")
    ref = env.ref.date()
    first, last = month_span(ref.year, month)
    year = year_for(ref, first, last, env.tense(m.start(), m.end()))
    return Resolved("date", f"{year:04d}-{month:02d}", "month")


def _month_rel_year(m: re.Match[str], env: Env) -> Resolved | None:
    """ "January this year", "March last year", "June next year"."""
    month = _month_num(m["mon"])
    if env.ref is None:
        return Resolved("date", None, "month")
    step = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return Resolved("date", f"{env.ref.year + step:04d}-{month:02d}", "month")


def _rel_month(m: re.Match[str], env: Env) -> Resolved | None:
    """ "last October", "next March", "this May"."""
    month = _month_num(m["mon"])
    if env.ref is None:
        return Resolved("date", None, "month")
    ref = env.ref.date()
    rel = m["rel"].lower()
    if rel.startswith("last") or rel.endswith("past"):
        year = ref.year if month < ref.month else ref.year - 1
    elif rel.startswith("next") or rel.endswith("coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = ref.year
    return Resolved("date", f"{year:04d}-{month:02d}", "month")


def _year(m: re.Match[str], env: Env) -> Resolved | None:
    y = int(m["y"])
    before = env.text[max(0, m.start() - 25) : m.start()]
    after = env.text[m.end() : m.end() + 25]
    if _COUNT_NOUNS.match(after) or re.match(r"\s*[-–]?\s*years?[-\s]old", after):
        return None
    if before.endswith(("$", "£", "€", "#", "No. ", "no. ")) or re.search(
        r"(?:page|pages|p\.|pp\.|flight|route|room|number|no\.|model|version|section|article)\s*$",
        before,
        re.IGNORECASE,
    ):
        return None
    # A year needs a context that makes it one, or to be plausible news history.
    near = env.ref.year if env.ref else 2030
    if y > near + 30 or (y < 1800 and not _YEAR_CONTEXT_BEFORE.search(before)):
        return None
    if not _YEAR_CONTEXT_BEFORE.search(before) and not re.match(r"\s*(?:[,.;:)!?]|$)", after):
        return None
    return Resolved("date", f"{y:04d}", "year")


def _year_range(m: re.Match[str], env: Env) -> Resolved | None:
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not y1 < y2 <= y1 + 50:
        return None
    after = env.text[m.end() : m.end() + 25]
    if _COUNT_NOUNS.match(after):
        return None
    return Resolved("interval", f"{y1}/{y2}", "year", begin=str(y1), end_value=str(y2))


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _decade(m: re.Match[str], env: Env) -> Resolved | None:
    if m["c"]:
        return Resolved("date", f"{m['c']}{m['dd']}X", "decade")
    digit = int(m["sd"]) if m["sd"] else _DECADE_WORDS[m["w"].lower()]
    if m["w"] and not m["the"]:
        return None  # "in her forties" is an age
    century = 19 if digit >= 2 else 20
    return Resolved("date", f"{century}{digit}X", "decade")


def _century(m: re.Match[str], env: Env) -> Resolved | None:
    n = m["n"].lower()
    num = ORDINALS.get(n) or (int(re.sub(r"\D", "", n)) if n[0].isdigit() else 0)
    if not 1 <= num <= 22:
        return None
    return Resolved("date", f"{num - 1:02d}XX", "century")


def _weekday(m: re.Match[str], env: Env) -> Resolved | None:
    if not m["rel"] and _GENERIC_BEFORE.search(env.text, max(0, m.start() - 6), m.start()):
        return None  # "book on a Tuesday": any Tuesday, not a date
    wd = WEEKDAYS[m["wd"].lower()]
    pod = m["pod"]
    if env.ref is None:
        return Resolved("date", None, "part-of-day" if pod else "day")
    rel = (m["rel"] or "").lower().split()
    ref = env.ref.date()
    if rel and rel[0] == "last":
        d = weekday_date(ref, wd, "past", strict=True)
    elif rel and rel[-1] in ("next", "coming"):
        d = weekday_date(ref, wd, "future", strict=True)
    elif rel and rel[-1] == "this":
        d = weekday_date(ref, wd, env.tense(m.start(), m.end()) or "future")
    else:
        d = weekday_date(ref, wd, env.tense(m.start(), m.end()))
    if pod:
        return Resolved(
            "date", f"{d.isoformat()}T{PARTS_OF_DAY[pod.lower()]}", "part-of-day", day=d
        )
    return _day_resolved(d)


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": -1}


def _day_word(m: re.Match[str], env: Env) -> Resolved | None:
    word = re.sub(r"\s+", " ", m["w"].lower())
    pod = (m["pod"] or "").lower()
    if word in ("tonight", "overnight", "last night"):
        pod = "night"
    if word == "this":
        word = "today"
    if env.ref is None:
        return Resolved("date", None, "part-of-day" if pod else "day")
    offset = -1 if word == "last night" else _DAY_WORDS[word]
    d = env.ref.date() + timedelta(days=offset)
    if pod:
        return Resolved("date", f"{d.isoformat()}T{PARTS_OF_DAY[pod]}", "part-of-day", day=d)
    return _day_resolved(d)


def _weekend_of(d: date) -> str:
    saturday = d - timedelta(days=(d.weekday() - 5) % 7)
    return week_value(saturday) + "-WE"


def _rel_unit(m: re.Match[str], env: Env) -> Resolved | None:
    """ "last week", "next month", "this year", "earlier this month", "the past decade"."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["u"].lower()
    has_the = bool(m["the"])
    if rel == "following":
        return None  # anaphoric: "the following week" depends on another event
    if has_the and rel in ("past", "last") and unit not in ("weekend", *SEASONS):
        code = {"decade": "DE", "century": "CE", "fortnight": "FN", "quarter": "M"}.get(
            unit, UNITS.get(unit, "Y")
        )
        amount = 3.0 if unit == "quarter" else 1.0
        dur = duration_value(amount, code)
        if env.ref is None:
            return Resolved("interval", None, unit, duration=dur)
        b = interval_end(shift(env.ref, -amount, code), code)
        e = interval_end(env.ref, code)
        return Resolved("interval", f"{b}/{e}", "day", begin=b, end_value=e, duration=dur)
    if env.ref is None:
        return Resolved("date", None, unit)
    ref = env.ref.date()
    step = (
        -1
        if rel in _PAST_WORDS or rel == "this past"
        else (1 if rel in ("next", "coming", "this coming") else 0)
    )
    if unit == "weekend":
        if step == 0:
            tense = env.tense(m.start(), m.end())
            d = (
                weekday_date(ref, 5, tense)
                if not (tense != "future" and ref.weekday() == 6)
                else ref
            )
            return Resolved("date", _weekend_of(d), "weekend")
        d = weekday_date(ref, 5, "past" if step < 0 else "future", strict=True)
        return Resolved("date", _weekend_of(d), "weekend")
    if unit == "week":
        return Resolved("date", week_value(ref + timedelta(weeks=step)), "week")
    if unit == "month":
        d = shift(env.ref, step, "M").date()
        return Resolved("date", f"{d.year:04d}-{d.month:02d}", "month")
    if unit == "year":
        return Resolved("date", f"{ref.year + step:04d}", "year")
    if unit == "quarter":
        q = (ref.month - 1) // 3 + step
        y, q = ref.year + q // 4, q % 4 + 1
        return Resolved("date", f"{y:04d}-Q{q}", "quarter")
    if unit == "decade":
        decade = ref.year // 10 + step
        return Resolved("date", f"{decade:03d}X", "decade")
    if unit == "century":
        return Resolved("date", f"{ref.year // 100 + step:02d}XX", "century")
    if unit in SEASONS:
        return Resolved("date", f"{_season_year(ref, unit, step):04d}-{SEASONS[unit]}", "season")
    return None


def _season_year(ref: date, season: str, step: int) -> int:
    # Winter belongs to the year it starts in (TIMEX3: 2025-WI is Dec 2025 - Feb 2026).
    year = ref.year - 1 if season == "winter" and ref.month <= 2 else ref.year
    return year + step


def _season(m: re.Match[str], env: Env) -> Resolved | None:
    season = m["s"].lower()
    code = SEASONS[season]
    if m["y"]:
        return Resolved("date", f"{int(m['y']):04d}-{code}", "season")
    before = env.text[max(0, m.start() - 12) : m.start()].lower()
    if not re.search(
        r"\b(?:in|before|after|by|until|during|the|this|last|next|since|over|"
        r"through|early|late|mid|coming|past)\s*-?\s*$",
        before,
    ):
        return None
    after = env.text[m.end() : m.end() + 6]
    if m["s"][0].isupper() and re.match(r"\s+[A-Z]", after):
        return None  # "Winter Olympics", "Summer Palace"
    if season in ("fall", "spring") and (
        not re.search(
            r"\b(?:(?:in|during|by|until|since|through|over|before|after|early|late)\s+the"
            r"|this|last|next)\s*$",
            before,
        )
        or re.match(r"\s+of\b", after)
    ):
        return None  # "prices fall", "behind the fall", "the fall of Kabul", "spring water"
    if env.ref is None:
        return Resolved("date", None, "season")
    return Resolved("date", f"{_season_year(env.ref.date(), season, 0):04d}-{code}", "season")


def _quarter(m: re.Match[str], env: Env) -> Resolved | None:
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}.get(
        (m["q"] or "").lower()
    ) or int(m["qn"] or 0)
    if m["y"]:
        return Resolved("date", f"{int(m['y']):04d}-Q{q}", "quarter")
    if m["yy"]:
        return Resolved("date", f"20{m['yy']}-Q{q}", "quarter")
    if env.ref is None:
        return Resolved("date", None, "quarter")
    ref = env.ref.date()
    if m["rel"]:
        step = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        return Resolved("date", f"{ref.year + step:04d}-Q{q}", "quarter")
    first, last = quarter_span(ref.year, q)
    year = year_for(ref, first, last, env.tense(m.start(), m.end()))
    return Resolved("date", f"{year:04d}-Q{q}", "quarter")


def _half_year(m: re.Match[str], env: Env) -> Resolved | None:
    h = 1 if m["h"].lower() == "first" else 2
    if m["y"]:
        return Resolved("date", f"{int(m['y']):04d}-H{h}", "half-year")
    if env.ref is None:
        return Resolved("date", None, "half-year")
    step = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return Resolved("date", f"{env.ref.year + step:04d}-H{h}", "half-year")


def _part_of_period(m: re.Match[str], env: Env) -> Resolved | None:
    """ "the end of the year", "the rest of this month": the current period."""
    unit = m["u"].lower()
    if env.ref is None:
        return Resolved("date", None, unit)
    ref = env.ref.date()
    if unit == "year":
        return Resolved("date", f"{ref.year:04d}", "year")
    if unit == "month":
        return Resolved("date", f"{ref.year:04d}-{ref.month:02d}", "month")
    if unit == "week":
        return Resolved("date", week_value(ref), "week")
    if unit == "decade":
        return Resolved("date", f"{ref.year // 10:03d}X", "decade")
    return Resolved("date", f"{ref.year // 100:02d}XX", "century")


def _count(m: re.Match[str]) -> tuple[float | None, str] | None:
    """(amount, unit code) of a NUMBER UNIT match, with "and a half" and "1/2" fractions."""
    unit_word = m["u"].lower()
    unit = UNITS[unit_word]
    n = m["n"]
    amount = parse_number(n) if n else 1.0
    if unit == "S" and not unit_word.endswith("s") and not (n and n[0].isdigit()):
        return None  # "a second" is an ordinal far more often than a duration
    if amount is not None and (
        m.groupdict().get("half") or m.groupdict().get("half2") or m.groupdict().get("frac")
    ):
        amount += 0.5
    return amount, unit


def _duration(m: re.Match[str], env: Env) -> Resolved | None:
    counted = _count(m)
    if counted is None:
        return None
    amount, unit = counted
    if amount is not None and amount <= 0:
        return None
    if m["n"] and m["n"].lower() in ("a", "an") and m.groupdict().get("compound"):
        return None
    dur = duration_value(amount, unit)
    return Resolved("duration", dur, _granularity(unit), duration=dur)


def _half_unit(m: re.Match[str], env: Env) -> Resolved | None:
    unit = UNITS[m["u"].lower()]
    dur = duration_value(0.5, unit)
    return Resolved("duration", dur, _granularity(unit), duration=dur)


def _vague_duration(m: re.Match[str], env: Env) -> Resolved | None:
    unit = UNITS[m["u"].lower()]
    dur = duration_value(None, unit)
    return Resolved("duration", dur, _granularity(unit), duration=dur)


def _granularity(unit: str) -> str:
    return {
        "Y": "year",
        "M": "month",
        "W": "week",
        "FN": "week",
        "D": "day",
        "H": "hour",
        "MIN": "minute",
        "S": "second",
        "DE": "decade",
        "CE": "century",
    }[unit]


def _ago(m: re.Match[str], env: Env) -> Resolved | None:
    counted = _count(m)
    if counted is None:
        return None
    amount, unit = counted
    kind: Kind = "time" if unit in ("H", "MIN", "S") else "date"
    if amount is None or env.ref is None:
        return Resolved(kind, None, _granularity(unit))
    sign = -1 if m["dir"].lower() == "ago" else 1
    moment = shift(env.ref, sign * amount, unit)
    value, gran = at_granularity(moment, unit)
    return Resolved(kind, value, gran)


def _span(m: re.Match[str], env: Env) -> Resolved | None:
    """ "the past three years", "the next two days", "the last 24 hours"."""
    counted = _count(m)
    if counted is None:
        return None
    amount, unit = counted
    if amount is None:
        dur = duration_value(None, unit)
        return Resolved("duration", dur, _granularity(unit), duration=dur)
    dur = duration_value(amount, unit)
    if env.ref is None:
        return Resolved("interval", None, _granularity(unit), duration=dur)
    past = m["rel"].lower() in _PAST_WORDS
    other = shift(env.ref, -amount if past else amount, unit)
    b, e = (other, env.ref) if past else (env.ref, other)
    bv, ev = interval_end(b, unit), interval_end(e, unit)
    gran = "minute" if unit in ("H", "MIN", "S") else "day"
    return Resolved("interval", f"{bv}/{ev}", gran, begin=bv, end_value=ev, duration=dur)


def _clock(m: re.Match[str], env: Env) -> Resolved | None:
    g = m.groupdict()
    if g.get("w"):
        if g["w"][0].isupper() and re.match(r"\s+[A-Z]", env.text[m.end() : m.end() + 2]):
            return None  # a name: "Midnight Magic", "Noon Gun"
        hour, minute = (0, 0) if g["w"].lower() == "midnight" else (12, 0)
    else:
        hour = int(g.get("h") or g.get("hm") or 0)
        minute = int(g.get("mi") or g.get("mi2") or 0)
        ap = (g.get("ap") or "").lower().replace(".", "").replace(" ", "")
        if g.get("sep") == "." and not ap:
            return None  # a decimal number, not a time
        if ap:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ap.startswith("p") else 0)
        if hour > 23 or minute > 59:
            return None
    hhmm = f"{hour:02d}:{minute:02d}"
    if env.ref is None:
        return Resolved("time", None, "minute", clock=hhmm)
    d = env.ref.date()
    # A past-tense clause about a clock time later than the reference time means yesterday.
    if (
        (env.ref.hour, env.ref.minute) != (0, 0)
        and (hour, minute) > (env.ref.hour, env.ref.minute)
        and env.tense(m.start(), m.end()) == "past"
    ):
        d -= timedelta(days=1)
    return Resolved("time", f"{d.isoformat()}T{hhmm}", "minute", day=d, clock=hhmm)


_SET_ADVERBS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


def _set_adverb(m: re.Match[str], env: Env) -> Resolved | None:
    value = _SET_ADVERBS[m["adv"]]
    return Resolved("set", value, None)


def _every(m: re.Match[str], env: Env) -> Resolved | None:
    what = m["what"]
    low = what.lower().rstrip("s") if what.lower() not in UNITS else what.lower()
    n = (m["n"] or "").lower()
    amount = 2.0 if n == "other" else (parse_number(n) if n else 1.0)
    if amount is None:
        return None
    if low in WEEKDAYS:
        return Resolved("set", f"XXXX-WXX-{WEEKDAYS[low] + 1}", "day")
    if what.lower() in MONTHS and len(what) > 3:
        return Resolved("set", f"XXXX-{MONTHS[what.lower()]:02d}", "month")
    if low in PARTS_OF_DAY:
        return Resolved("set", f"XXXX-XX-XXT{PARTS_OF_DAY[low]}", "part-of-day")
    if what.lower() in UNITS:
        unit = UNITS[what.lower()]
        return Resolved("set", duration_value(amount, unit), _granularity(unit))
    return None


def _weekday_plural(m: re.Match[str], env: Env) -> Resolved | None:
    return Resolved("set", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()[:-1]] + 1}", "day")


_NOT_THE_DAY = re.compile(
    r"\s+(?:trees?|stockings?|cards?|carols?|presents?|gifts?|lights|markets?|dinners?|lunch"
    r"|party|parties|shopping|decorations?|jumpers?|songs?|films?|movies?|specials?|messages?"
    r"|truce|Island|number\s+one|spirit|pudding|cake|lists?|sales?|shoppers|holidays?\s+season)\b"
)


def _holiday(m: re.Match[str], env: Env) -> Resolved | None:
    name = re.sub(r"\s+", " ", m["h"])
    if name == "Christmas" and _NOT_THE_DAY.match(env.text, m.end()):
        return None  # "Christmas stockings" names things, not the day
    fixed = {
        "Christmas": (12, 25),
        "Christmas Day": (12, 25),
        "Christmas Eve": (12, 24),
        "New Year's Day": (1, 1),
        "New Year's Eve": (12, 31),
        "Halloween": (10, 31),
        "Valentine's Day": (2, 14),
    }
    if env.ref is None:
        return Resolved("date", None, "day")
    ref = env.ref.date()
    tense = env.tense(m.start(), m.end())
    if name == "Election Day":
        candidates = [us_election_day(ref.year + dy) for dy in (-1, 0, 1)]
        if tense == "future":
            candidates = [c for c in candidates if c >= ref] or candidates
        elif tense == "past":
            candidates = [c for c in candidates if c <= ref] or candidates
        return _day_resolved(min(candidates, key=lambda c: abs((c - ref).days)))
    month, day = fixed[name]
    probe = date(ref.year, month, day)
    return _day_resolved(date(year_for(ref, probe, probe, tense), month, day))


# --- the rules

_F = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _F)


_WD_PREFIX = rf"(?:(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?)?"
_NUM_UNIT = (
    rf"(?P<n>{NUMBER_RE})(?P<half>\s+and\s+a\s+half)?\s+(?P<u>{UNIT})"
    rf"(?P<half2>\s+and\s+a\s+half)?\b"
)


def _lower_alternation(words: Iterable[str]) -> str:
    return alternation(w.lower() for w in words)


# key -> (pattern, chars before, chars after). Trigger patterns run on the ASCII-lower-cased
# text and start with a literal (no \b, no IGNORECASE): then re skips ahead by first
# character, which is ~10x faster than the case-insensitive rule patterns. Every match of a
# rule with a trigger lies within these margins of a trigger match (the longest prefix: an
# approximator, "the past" and a number in words before a unit word). A trigger inside a
# longer word ("day" in "holiday") only widens the windows; the rules check word bounds.
TRIGGERS: dict[str, tuple[re.Pattern[str], int, int]] = {
    "unit": (
        re.compile(
            r"(?:year|month|week|fortnight|day|hour|minute|second|decade|centur(?:y|ie)|hr|yr"
            r"|min)s?(?![a-z])"
        ),
        60,
        30,
    ),
    "month": (re.compile(_lower_alternation([*_FULL_MONTHS, *_ABBR.split("|")])), 45, 40),
    "weekday": (re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"), 30, 30),
    "every": (re.compile("every|each"), 2, 45),
    "decade": (re.compile(r"0['’]?s|ties"), 12, 4),
    "century": (re.compile("century"), 30, 4),
    "digits": (re.compile(r"\d\d\d\d"), 2, 25),
    "colon": (re.compile(r"\d[:.]\s?\d\d"), 4, 30),
    "ampm": (re.compile(r"\d\s*[ap]\.?\s?m"), 4, 30),
    "zone": (re.compile(rf"\d\s*(?:{_lower_alternation(ZONES)})"), 6, 14),
    "relative": (
        re.compile("this|last|next|coming|previous|past|following|current|the weekend"),
        25,
        30,
    ),
    "day-word": (
        re.compile("today|tonight|yesterday|tomorrow|overnight|night|morning|afternoon|evening"),
        12,
        20,
    ),
    "season": (re.compile("spring|summer|autumn|fall|winter"), 2, 12),
    "quarter": (re.compile(r"quarter|q[1-4]"), 25, 25),
    "half": (re.compile("half of"), 20, 25),
    "period-part": (
        re.compile("end of|start of|beginning of|middle of|rest of|remainder of"),
        6,
        30,
    ),
    "clock-word": (re.compile("noon|midday|midnight"), 1, 10),
    "adverb": (
        re.compile(
            _lower_alternation(
                [
                    "daily",
                    "nightly",
                    "weekly",
                    "fortnightly",
                    "monthly",
                    "quarterly",
                    "annually",
                    "yearly",
                    "hourly",
                ]
            )
        ),
        1,
        2,
    ),
    "holiday": (re.compile("christmas|new year|election day|halloween|valentine"), 1, 20),
}
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

RULES: tuple[Rule, ...] = (
    Rule(
        "iso-date",
        _rx(
            r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
            r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d))?\b"
        ),
        _iso_date,
    ),
    Rule(
        "month-day-year",
        _rx(
            rf"\b{_WD_PREFIX}(?P<mon>{MONTH_ANY})\s+(?P<d>{DAY}),?\s+"
            rf"(?P<y>{YEAR})\b"
        ),
        _full_date,
    ),
    Rule(
        "day-month-year",
        _rx(
            rf"\b{_WD_PREFIX}(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH_ANY}),?"
            rf"\s+(?P<y>{YEAR})\b"
        ),
        _full_date,
    ),
    Rule(
        "month-day",
        _rx(
            rf"\b{_WD_PREFIX}(?P<mon>{MONTH_ANY})\s+(?P<d>{DAY})\b"
            r"(?![:.]\d|\s*[-–]\s*\d|,\d)"
        ),
        _month_day,
    ),
    Rule(
        "day-month",
        _rx(
            rf"\b{_WD_PREFIX}(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH_ANY})"
            r"(?![a-z])"
        ),
        _month_day,
    ),
    Rule(
        "day-range",
        _rx(
            rf"\b(?P<mon>{MONTH_ANY})\s+(?P<d1>{DAY})\s*[-–]\s*(?P<d2>{DAY})\b"
            rf"(?:,?\s+(?P<y>{YEAR})\b)?"
        ),
        _day_range,
    ),
    Rule("month-year", _rx(rf"\b(?P<mon>{MONTH_ANY})\s+(?:of\s+)?(?P<y>{YEAR})\b"), _month_year),
    Rule("month", _rx(rf"\b(?P<mon>{MONTH_FULL})\b(?!['’]s\b)"), _bare_month),
    Rule(
        "month-rel-year",
        _rx(rf"\b(?P<mon>{MONTH_FULL})\s+(?P<rel>this|last|next)\s+year\b"),
        _month_rel_year,
    ),
    Rule(
        "rel-month",
        _rx(
            rf"\b(?P<rel>last|next|this(?:\s+(?:coming|past))?)\s+"
            rf"(?P<mon>{MONTH_FULL})\b"
        ),
        _rel_month,
    ),
    Rule(
        "year",
        _rx(rf"(?<![\d$£€#.,/\w])(?<!\d-)(?P<y>{YEAR})(?![\d%]|s\b|['’]s\b|,\d|\.\d)"),
        _year,
    ),
    Rule(
        "year-range",
        _rx(
            rf"(?<![\d$£€#.,/\w])(?P<y1>{YEAR})\s*[-–/]\s*(?P<y2>\d{{4}}|\d{{2}})"
            r"(?![\d%])"
        ),
        _year_range,
    ),
    Rule(
        "decade",
        _rx(
            r"(?:(?P<the>the)\s+)?(?:\b(?P<c>1[5-9]|20)(?P<dd>\d)0['’]?s\b|['’](?P<sd>\d)0s\b"
            r"|\b(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties"
            r"|nineties)\b)"
        ),
        _decade,
    ),
    Rule(
        "century",
        _rx(
            r"\b(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|"
            rf"{alternation(ORDINALS)})[\s-]century\b"
        ),
        _century,
    ),
    Rule(
        "weekday",
        _rx(
            rf"\b(?:(?P<rel>last|next|this(?:\s+coming|\s+past)?|coming)\s+)?"
            rf"(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{POD}))?\b"
            rf"(?!\s+(?-i:{_NAME_TAILS})\b)"
        ),
        _weekday,
    ),
    Rule(
        "day-word",
        _rx(
            rf"\b(?P<w>today|tonight|yesterday|tomorrow|overnight|last\s+night"
            rf"|this(?=\s+(?:{POD})))(?:\s+(?P<pod>{POD}))?\b"
        ),
        _day_word,
    ),
    Rule(
        "relative-unit",
        _rx(
            r"\b(?:(?P<mod>earlier|later|late|early)\s+)?(?:(?P<the>the)\s+)?"
            r"(?P<rel>this\s+past|this\s+coming|this|last|next|coming|previous"
            r"|past|following|current)\s+(?P<u>week|weekend|month|year|quarter"
            r"|decade|century|spring|summer|autumn|fall|winter)\b"
        ),
        _rel_unit,
    ),
    Rule("weekend", _rx(r"\b(?:(?P<the>the)\s+)(?P<u>weekend)\b(?P<rel>)"), _rel_unit),
    Rule(
        "season",
        _rx(
            rf"\b(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?"
            rf"(?P<y>{YEAR}))?\b"
        ),
        _season,
    ),
    Rule(
        "quarter",
        _rx(
            rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|final|last)\s+quarter"
            rf"(?:\s+of\s+(?:(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year))?\b"
            rf"|\b(?-i:Q(?P<qn>[1-4]))(?:\s+(?P<y2>{YEAR})|\s*['’](?P<yy>\d\d))?\b"
        ),
        lambda m, env: _quarter_alias(m, env),
    ),
    Rule(
        "half-year",
        _rx(
            rf"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?:(?P<y>{YEAR})|"
            r"(?P<rel>this|last|next)\s+year)\b"
        ),
        _half_year,
    ),
    Rule(
        "part-of-period",
        _rx(
            r"\b(?:the\s+)?(?:end|start|beginning|middle|rest|remainder)\s+"
            r"of\s+(?:the|this)\s+(?P<u>year|month|week|decade|century)\b"
        ),
        _part_of_period,
    ),
    Rule(
        "ago",
        _rx(
            rf"\b(?:{APPROX}\s+)?{_NUM_UNIT}\s+(?P<dir>ago|from\s+now|from\s+today"
            r"|hence)\b"
        ),
        _ago,
    ),
    Rule(
        "span",
        _rx(
            rf"\b(?:{APPROX}\s+)?(?:the\s+)?(?P<rel>past|last|next|coming|previous)\s+"
            rf"{_NUM_UNIT}"
        ),
        _span,
    ),
    Rule("duration", _rx(rf"\b(?:{APPROX}\s+)?{_NUM_UNIT}(?!\s*[-–]?\s*old\b)"), _duration),
    Rule(
        "compound-duration",
        _rx(
            rf"\b(?P<n>{NUMBER_RE})(?P<frac>\s?-\s?1\s?/\s?2|½)?\s?-\s?"
            rf"(?P<u>{UNIT_SINGULAR})(?:\s?-\s?long)?\b(?P<compound>)"
            r"(?!\s?-\s?olds?\b|\s+olds?\b)"
        ),
        _duration,
    ),
    Rule(
        "half-unit", _rx(r"\bhalf\s+an?\s+(?P<u>hour|day|year|month|century|decade)\b"), _half_unit
    ),
    Rule(
        "units-long",
        _rx(r"\b(?P<u>hours|days|weeks|months|years|decades)\s?-\s?long\b"),
        _vague_duration,
    ),
    Rule(
        "vague-duration",
        _rx(
            r"\b(?:for|in|within|over)\s+(?P<u>minutes|hours|days|weeks"
            r"|months|years|decades)\b(?!\s+(?:ago|of|to\s+come|old))"
        ),
        _vague_duration,
        group="u",
    ),
    Rule(
        "vague-offset",
        _rx(
            r"\b(?P<u>minutes|hours|days|weeks|months)\s+(?:after|before"
            r"|later|earlier)\b"
        ),
        _vague_duration,
        group="u",
    ),
    Rule(
        "clock",
        _rx(
            rf"\b(?P<h>[01]?\d|2[0-3])(?P<sep>:\s?|\.)(?P<mi>[0-5]\d)\b\s*(?:{AMPM})?"
            rf"(?:\s*(?P<z>{ZONE})\b)?"
        ),
        _clock,
    ),
    Rule("clock-ampm", _rx(rf"\b(?P<h>1[0-2]|0?[1-9])\s*{AMPM}(?:\s*(?P<z>{ZONE})\b)?"), _clock),
    Rule(
        "clock-military", _rx(rf"\b(?P<hm>[01]\d|2[0-3])(?P<mi2>[0-5]\d)\s*(?P<z>{ZONE})\b"), _clock
    ),
    Rule("clock-word", _rx(r"\b(?P<w>noon|midday|midnight)\b"), _clock),
    Rule(
        "set-adverb",
        _rx(
            r"\b(?-i:(?P<adv>daily|nightly|weekly|fortnightly|monthly|quarterly"
            r"|annually|yearly|hourly))\b"
        ),
        _set_adverb,
    ),
    Rule(
        "every",
        _rx(
            rf"\b(?:every|each)\s+(?:(?P<n>other|{NUMBER_RE})\s+)?(?P<what>{UNIT}|"
            rf"{WEEKDAY}|{MONTH_FULL}|{POD})\b"
        ),
        _every,
    ),
    Rule("weekday-plural", _rx(rf"(?<=\bon\s)(?P<wd>{WEEKDAY_PLURAL})\b"), _weekday_plural),
    Rule(
        "holiday",
        _rx(
            r"\b(?P<h>(?-i:Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)"
            r"|Election\s+Day|Halloween|Valentine['’]s\s+Day))\b"
        ),
        _holiday,
    ),
)


_RULE_TRIGGERS = {
    **dict.fromkeys(
        (
            "month-day-year",
            "day-month-year",
            "month-day",
            "day-month",
            "day-range",
            "month-year",
            "month",
            "month-rel-year",
            "rel-month",
        ),
        "month",
    ),
    **dict.fromkeys(
        (
            "ago",
            "span",
            "duration",
            "compound-duration",
            "half-unit",
            "units-long",
            "vague-duration",
            "vague-offset",
        ),
        "unit",
    ),
    "weekday": "weekday",
    "weekday-plural": "weekday",
    **dict.fromkeys(("iso-date", "year", "year-range"), "digits"),
    "day-word": "day-word",
    "season": "season",
    "quarter": "quarter",
    "half-year": "half",
    "part-of-period": "period-part",
    "clock-word": "clock-word",
    "set-adverb": "adverb",
    "holiday": "holiday",
    "decade": "decade",
    "century": "century",
    "every": "every",
    "clock": "colon",
    "clock-ampm": "ampm",
    "clock-military": "zone",
    "relative-unit": "relative",
    "weekend": "relative",
}
RULES = tuple(replace(r, trigger=_RULE_TRIGGERS.get(r.name)) for r in RULES)


def _quarter_alias(m: re.Match[str], env: Env) -> Resolved | None:
    """The Q1 form names its year group y2 (regex groups must be unique)."""
    if m["y2"]:
        return Resolved("date", f"{int(m['y2']):04d}-Q{int(m['qn'])}", "quarter")
    return _quarter(m, env)


# Prefixes that modify a date without changing its value ("early Wednesday", "mid-2023").
MODIFIER_PREFIX = re.compile(
    r"(?:\b(?:very\s+)?(?:early|late)(?:\s+on)?\s+|\bmid-?\s*|\b(?:the\s+)?(?:end|start|"
    r"beginning|middle|turn)\s+of\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
SINCE_PREFIX = re.compile(r"\bsince\s+$", re.IGNORECASE)
# Between a clock time and its date, or a date and its clock time.
TIME_THEN_DATE = re.compile(r"^(?:\s+(?:on\s+)?|\s*,\s*)$", re.IGNORECASE)
DATE_THEN_TIME = re.compile(r"^(?:\s*,?\s+(?:at\s+)?|\s*,\s*)$", re.IGNORECASE)
