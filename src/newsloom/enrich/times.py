"""Time expressions normalised against the article's publication (or fetch) date.

Rules first: the regex grammar of ``time_grammar`` finds and normalises the expressions
(longest match wins where rules overlap), then adjacent pieces are joined ("early" +
"Wednesday", "5 p.m." + "on July 22", "since" + "2014"). spaCy's DATE/TIME entities that no
rule covers are the only spans handed to dateparser, as a fallback; the count of those calls
is kept (``dateparser_calls``) because dateparser is ~1000x slower than the rules.

A weekday or a yearless month takes its direction from the clause: the most recent one for
past-tense news, the next one when the clause speaks of the future ("will meet on Friday").
Without a reference date, relative expressions keep their text and get no value.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from spacy.tokens import Doc

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.quote_docs import doc_text
from newsloom.enrich.records import Enrichment, TimeExpr
from newsloom.enrich.time_grammar import (
    ASCII_LOWER,
    DATE_THEN_TIME,
    MODIFIER_PREFIX,
    RULES,
    SINCE_PREFIX,
    TIME_THEN_DATE,
    TRIGGERS,
    Env,
)
from newsloom.enrich.time_lexicon import MONTHS, WEEKDAYS
from newsloom.enrich.time_values import Resolved, Tense, week_value

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z\"“‘'])|\n+")
# A full stop after these is not the end of a sentence ("10 a.m. EST", "Dec. 14", "U.S.").
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\b[ap]\.m|\b(?:Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct"
    r"|Nov|Dec|No|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Jr|Sr|Inc|Co|Corp|Ltd|vs|Prof|Mt|Ft))\.$"
)
_CLAUSE_BREAK = re.compile(
    r";|:|—|\bthat\b|\bbut\b|\bwhile\b|\bwhen\b|\bafter\b|\bbefore\b|,\s+and\b"
    r"|\bwhere\b|\bwhich\b|\bwho\b",
    re.IGNORECASE,
)
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+\w+){0,3}|announced|reported|added|stated|confirmed|wrote"
    r"|tweeted|declared|showed|disclosed)\s+(?:on\s+)?$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|would|wouldn['’]t|due\s+(?:to|in|on|by)|(?:is|are)\s+due"
    r"|(?:is|are)\s+set\s+to|scheduled|plans?\s+to|planning\s+to|expects?\s+to"
    r"|expected\s+(?:to|on|in|by|at|next)"
    r"|(?:is|are)\s+to|going\s+to|upcoming)\b|['’]ll\b",
    re.IGNORECASE,
)
# Regular past tenses, and the irregular ones news uses most.
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|\w{3,}ed|began|came|went|took|made|left|fell|rose|won"
    r"|lost|met|held|saw|gave|got|found|struck|shot|broke|ran|led|sent|spent|fought|brought"
    r"|thought|built|sold|bought|paid|kept|became|wrote|spoke|knew|stood|flew|drove|froze|sank"
    r"|swept|grew|drew|threw|chose|woke|stole|tore|beat|sought|taught|caught|fled|felt|heard)\b",
    re.IGNORECASE,
)
_PRESENT_AUXILIARY = re.compile(
    r"\b(?:be|been|being|is|are|am|remain|remains|stay|stays|get|gets)\s+$", re.IGNORECASE
)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_UNTIL_BEFORE = re.compile(
    r"\b(?:until|till|through|by|no\s+later\s+than)\s+(?:at\s+least\s+)?$", re.IGNORECASE
)

# Which spaCy DATE/TIME entities are worth a dateparser call (set on an ECB+ dev scan, docs
# 300-500: most entities left over by the rules are vague, "the day", "recent years", and
# numbers that are phone numbers or magnitudes, "0845", "6. 1"): one naming a month, a
# weekday or a day word; a numeric date (11/09/2010, 14.03.2024); a clock time; a year.
_NAMED = re.compile(
    r"\b(?:"
    + "|".join(sorted(set(MONTHS) | set(WEEKDAYS), key=len, reverse=True))
    + r"|today|yesterday|tomorrow|tonight)\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"\b\d{1,4}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{2,4}\b|\b\d{1,2}\s*[:.]\s*\d\d\s*[ap]\.?\s?m\b"
    r"|\b\d{1,2}\s*[ap]\.?\s?m\b|^\W*(?:1[89]|20)\d\d\W*$",
    re.IGNORECASE,
)
_AGE = re.compile(r"\d+\s*-?\s*years?\s*-?\s*olds?\b|\baged?\s+\d+|\bage\b", re.IGNORECASE)


def _worth_parsing(span: str) -> bool:
    return bool(_NAMED.search(span) or _NUMERIC_DATE.search(span)) and not _AGE.search(span)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    resolved: Resolved
    rule: str


class _Tenses:
    """The tense of the clause around a span, from cue words (works with or without a doc)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [
            m.end()
            for m in _SENTENCE_BREAK.finditer(text)
            if not _ABBREVIATION.search(text, max(0, m.start() - 6), m.start())
        ]

    def __call__(self, start: int, end: int) -> Tense:
        i = bisect.bisect_right(self.starts, start) - 1
        s_start = self.starts[i]
        s_end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        before = self.text[s_start:start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end() :]
        after = self.text[end:s_end]
        cut = _CLAUSE_BREAK.search(after)
        if cut:
            after = after[: cut.start()]
        # The verb governing a date mostly comes before it: that side decides first, and on
        # each side the cue nearest the date wins (a future cue on a tie: "expected to").
        if _SPEECH_BEFORE.search(before) or _SINCE_BEFORE.search(before):
            return "past"  # "said on Monday", "since Wednesday"
        until = _UNTIL_BEFORE.search(before)
        if until:
            # "run until Feb. 22" is ahead; "asked for answers no later than May 10" may be
            # either side of the reference: then the nearest date decides.
            return None if _past_cues(before) else "future"
        return _nearest_cue(before, last=True) or _nearest_cue(after, last=False)


def _past_cues(window: str) -> list[re.Match[str]]:
    """Past-tense cues, without participles after a present or future auxiliary ("will be
    held", "remain closed")."""
    return [
        m
        for m in _PAST.finditer(window)
        if not _PRESENT_AUXILIARY.search(window, max(0, m.start() - 12), m.start())
    ]


def _nearest_cue(window: str, last: bool) -> Tense:
    """The tense of the cue nearest the date: the last one before it, the first one after."""
    future = list(_FUTURE.finditer(window))
    past = _past_cues(window)
    if not future and not past:
        return None
    if not past:
        return "future"
    if not future:
        return "past"
    if last:
        return "future" if future[-1].start() >= past[-1].start() else "past"
    return "future" if future[0].start() <= past[0].start() else "past"


class TimeExtractor:
    """The "times" extractor: rules first, dateparser only for spaCy spans no rule takes."""

    name = "times"

    def __init__(self, *, use_dateparser: bool = True) -> None:
        self.use_dateparser = use_dateparser
        self.dateparser_calls = 0
        self._parsers: dict[datetime | None, Any] = {}

    def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
        ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        # Without a reference the Enricher notes it once on the article; values stay None.
        found.times.extend(self.find(doc_text(doc), ctx.reference, ents))

    def find(
        self, text: str, reference: datetime | None, ents: list[tuple[int, int]] | None = None
    ) -> list[TimeExpr]:
        """The time expressions of ``text`` (pure text mode when ``ents`` is None)."""
        if not text:
            return []
        tenses = _Tenses(text)
        env = Env(text, reference, tenses)
        chosen = _select(_candidates(env))
        chosen = _join(text, reference, chosen)
        _anchor_clocks(text, reference, chosen, tenses)
        exprs = [_to_expr(text, f) for f in chosen]
        if ents and self.use_dateparser:
            exprs.extend(self._fallback(text, reference, ents, chosen))
            exprs.sort(key=lambda e: e.start)
        return exprs

    # --- dateparser fallback

    def _fallback(
        self,
        text: str,
        reference: datetime | None,
        ents: list[tuple[int, int]],
        chosen: list[_Found],
    ) -> list[TimeExpr]:
        taken = [(f.start, f.end) for f in chosen]
        out = []
        for start, end in ents:
            if any(s < end and start < e for s, e in taken):
                continue
            span = text[start:end]
            if not _worth_parsing(span):
                continue
            parsed = self._parse(span, reference)
            if parsed is None:
                continue
            kind, value, granularity = parsed
            out.append(TimeExpr(start, end, span, kind, value, granularity, source="dateparser"))
        return out

    def _parser(self, base: datetime | None) -> Any:
        parser = self._parsers.get(base)
        if parser is None:
            from dateparser.date import DateDataParser  # slow import, only when needed

            settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
            if base is not None:
                settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
            parser = DateDataParser(languages=["en"], settings=settings)
            self._parsers[base] = parser
        return parser

    def _parse(self, span: str, reference: datetime | None) -> tuple[Any, str | None, str] | None:
        self.dateparser_calls += 1
        base = reference or _PROBE_BASES[0]
        data = self._parser(base).get_date_data(span)
        if data is None or data.date_obj is None:
            return None
        value, granularity, kind = _format_parsed(data.date_obj, data.period or "day")
        if reference is None:
            # Relative to the base? Then there is no value without a reference date.
            self.dateparser_calls += 1
            other = self._parser(_PROBE_BASES[1]).get_date_data(span)
            if (
                other is None
                or other.date_obj is None
                or _format_parsed(other.date_obj, other.period or "day")[0] != value
            ):
                return kind, None, granularity
        return kind, value, granularity


_PROBE_BASES = (datetime(2001, 3, 14, 9, 30), datetime(2011, 10, 3, 17, 45))


def _format_parsed(d: datetime, period: str) -> tuple[str, str, str]:
    if period == "year":
        return f"{d.year:04d}", "year", "date"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month", "date"
    if period == "week":
        return week_value(d.date()), "week", "date"
    if period == "time":
        return f"{d:%Y-%m-%dT%H:%M}", "minute", "time"
    return d.date().isoformat(), "day", "date"


def _windows(lowered: str, trigger: str) -> list[tuple[int, int]]:
    """Merged stretches of the text within the margins of the trigger's matches."""
    pattern, before, after = TRIGGERS[trigger]
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(lowered):
        if trigger == "unit" and m.start() and lowered[m.start() - 1].isalpha():
            continue  # "day" of "Monday", "min" of "minister"
        lo, hi = max(0, m.start() - before), min(len(lowered), m.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _candidates(env: Env) -> list[_Found]:
    text = env.text
    lowered = text.translate(ASCII_LOWER)  # same length: offsets carry over
    whole = [(0, len(text))]
    windows: dict[str, list[tuple[int, int]]] = {}
    seen: set[tuple[str, int, int]] = set()
    out = []
    for rule in RULES:
        spans = whole
        if rule.trigger is not None:
            if rule.trigger not in windows:  # once per trigger, even when it finds nothing
                windows[rule.trigger] = _windows(lowered, rule.trigger)
            spans = windows[rule.trigger]
        for lo, hi in spans:
            for m in rule.pattern.finditer(text, lo, hi):
                start, end = m.span(rule.group) if rule.group else m.span()
                if start == end or (rule.name, start, end) in seen:
                    continue
                seen.add((rule.name, start, end))
                resolved = rule.resolve(m, env)
                if resolved is not None:
                    out.append(_Found(start, end, resolved, rule.name))
    return out


def _select(cands: list[_Found]) -> list[_Found]:
    """Non-overlapping candidates, longest first (ties: the earlier one)."""
    cands.sort(key=lambda f: (f.start - f.end, f.start))
    starts: list[int] = []
    kept: list[_Found] = []  # sorted by start
    for f in cands:
        i = bisect.bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept


def _join(text: str, reference: datetime | None, found: list[_Found]) -> list[_Found]:
    """Join pieces into one expression: modifiers, a date with its clock time, "since"."""
    for i, f in enumerate(found):
        if f.resolved.kind == "date":
            floor = found[i - 1].end if i else 0
            m = MODIFIER_PREFIX.search(text, max(floor, f.start - 30), f.start)
            if m and m.end() == f.start:
                f.start = m.start()
    joined: list[_Found] = []
    for f in found:
        prev = joined[-1] if joined else None
        if prev is not None:
            both = _date_and_clock(text, prev, f)
            if both is not None:
                joined[-1] = both
                continue
        joined.append(f)
    for f in joined:
        r = f.resolved
        if r.kind != "date" or r.granularity in ("part-of-day",):
            continue
        m = SINCE_PREFIX.search(text, max(0, f.start - 10), f.start)
        if not (m and m.end() == f.start):
            continue
        end = reference.date().isoformat() if reference is not None else None
        value = f"{r.value}/{end}" if r.value and end else None
        f.start = m.start()
        f.resolved = Resolved("interval", value, r.granularity, begin=r.value, end_value=end)
    return joined


def _anchor_clocks(
    text: str, reference: datetime | None, found: list[_Found], tenses: _Tenses
) -> None:
    """A bare clock time belongs to the day last named in its paragraph ("on Saturday
    evening ... The shooting began at 6:11 p.m."), when that day agrees with the tense."""
    if reference is None:
        return
    ref = reference.date()
    last: _Found | None = None
    for f in found:
        r = f.resolved
        if r.kind == "date" and r.day is not None:
            last = f
            continue
        if not (r.kind == "time" and r.clock and "+" not in f.rule and f.rule.startswith("clock")):
            continue
        if last is None or last.resolved.day is None or "\n\n" in text[last.end : f.start]:
            continue
        day = last.resolved.day
        tense = tenses(f.start, f.end)
        if day == ref or (tense == "past" and day > ref) or (tense == "future" and day < ref):
            continue
        f.resolved = replace(r, value=f"{day.isoformat()}T{r.clock}", day=day)


def _date_and_clock(text: str, a: _Found, b: _Found) -> _Found | None:
    gap = text[a.end : b.start]
    if len(gap) > 6:
        return None
    ra, rb = a.resolved, b.resolved
    if ra.clock and rb.kind == "date" and rb.day and TIME_THEN_DATE.match(gap):
        clock, day = ra.clock, rb.day
    elif rb.clock and ra.kind == "date" and ra.day and DATE_THEN_TIME.match(gap):
        clock, day = rb.clock, ra.day
    else:
        return None
    value = f"{day.isoformat()}T{clock}"
    return _Found(
        a.start, b.end, replace(rb if rb.clock else ra, value=value, day=day), a.rule + "+" + b.rule
    )


def _to_expr(text: str, f: _Found) -> TimeExpr:
    r = f.resolved
    return TimeExpr(
        start=f.start,
        end=f.end,
        text=text[f.start : f.end],
        kind=r.kind,
        value=r.value,
        granularity=r.granularity,
        begin=r.begin,
        end_value=r.end_value,
        duration=r.duration,
        source="rules",
    )
