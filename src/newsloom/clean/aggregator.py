"""Aggregator pages: complete articles from other outlets carried under the main one.

Aggregators print each carried article under a small header: the outlet ("Arab News"), when it
was published ("an hour ago", "4 hours ago", "Aug 27, 2025"), often the outlet again as an
attribution ("- Arab News"), then the headline and the body. We find those headers by their
shape, not by outlet name, and split the page at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress
from operator import itemgetter

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.compiled import lines_with_any_py
from newsloom.clean.dates import parse_date_line
from newsloom.clean.layout import is_title_shaped
from newsloom.clean.lexicon import TAIL_TRIGGER, widget_kind
from newsloom.clean.lines import Line

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a few": 3,
}
_UNITS = {
    "second": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "h": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
RELATIVE_TIME = re.compile(
    r"^(?:(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few)\s*"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?)\s+ago|"
    r"(?P<word>just now|yesterday|today))$",
    re.IGNORECASE,
)
# A carried article has a body: below this many words it is a teaser in a link list.
MIN_EMBEDDED_BODY_WORDS = 40
# Its body starts with prose right under the headline, and the page's own article (prose of
# its own) comes before the first carried one. A "paragraph" here has at least this many words.
PROSE_WORDS = 20
MIN_OWN_PROSE_LINES = 3
MIN_OWN_PROSE_WORDS = 120
MAX_SOURCE_WORDS = 5


@dataclass(slots=True)
class EmbeddedHeader:
    """Where an embedded article starts, and what its header says."""

    start: int  # index of the first header line
    headline: int  # index of the headline line
    source: str | None
    published_text: str


def resolve_relative(text: str, now: datetime | None) -> datetime | None:
    """The absolute time "an hour ago" means, given when the page was fetched."""
    if now is None:
        return None
    m = RELATIVE_TIME.match(text.strip())
    if not m:
        return None
    word = (m.group("word") or "").lower()
    if word in ("just now", "today"):
        return now
    if word == "yesterday":
        return now - timedelta(days=1)
    raw_n = m.group("n").lower()
    n = int(raw_n) if raw_n.isdigit() else _NUMBER_WORDS[raw_n]
    unit = m.group("unit").lower().rstrip("s") or "h"
    return now - n * _UNITS.get(unit, _UNITS["hour"])


_HAS_DIGIT = re.compile(r"\d")


# The longest relative time RELATIVE_TIME matches, "a few seconds ago", with a margin for
# doubled spaces: longer lines skip the regex.
MAX_RELATIVE_TIME_CHARS = 24
# ... and of any time line (parse_date_line reads no longer lines).
MAX_TIME_LINE_CHARS = 80


def is_time(text: str) -> bool:
    if len(text) <= MAX_RELATIVE_TIME_CHARS and RELATIVE_TIME.match(text):
        return True
    # every absolute date has a digit: most lines are ruled out without the date patterns
    return (
        len(text) <= MAX_TIME_LINE_CHARS
        and _HAS_DIGIT.search(text) is not None
        and (parse_date_line(text) is not None)
    )


# RELATIVE_TIME's forms end on these (matched case-insensitively: no character outside ASCII
# folds to any of their letters in ``re``, tests/clean/test_aggregator.py checks).
_RELATIVE_ENDINGS = frozenset(["ago", "now", "day"])


def _time_line_candidates(lines: list[Line]) -> list[int]:
    """Indices of the lines that may be time lines (:func:`is_time`), in order: a superset
    found without running the time patterns on every line (they cost ~1 us a line, and
    most pages have no time line at all). A relative time ends on "ago", "now" or "day";
    every absolute date form holds a year, 19xx or 20xx."""
    texts = [ln.text for ln in lines]
    # the lines' last characters, one per line: a relative time ends on "o", "w" or "y"
    last = "".join(map(itemgetter(-1), texts))
    found = []
    for char in "oOwWyY":
        i = last.find(char)
        while i != -1:
            t = texts[i]
            if len(t) <= MAX_RELATIVE_TIME_CHARS and t[-3:].lower() in _RELATIVE_ENDINGS:
                found.append(i)
            i = last.find(char, i + 1)
    # only lines short enough to be a date are scanned: most of a page's text is in paragraphs
    short = list(map(MAX_TIME_LINE_CHARS.__ge__, map(len, texts)))
    indices = list(compress(range(len(texts)), short))
    found += map(indices.__getitem__, _lines_with_century(list(compress(texts, short))))
    return sorted(set(found))


def _lines_with_century(texts: list[str]) -> list[int]:
    """The lines holding "19" or "20", in order (one compiled pass, else ``str.find``)."""
    page = "\n".join(texts)
    if _speedups is not None:
        return _speedups.lines_with_any(page, _CENTURIES, False)
    return lines_with_any_py(page, _CENTURIES)


_CENTURIES = ("19", "20")


def _is_source(text: str) -> bool:
    return _source_shaped(text) and widget_kind(text) is None


def _source_shaped(text: str) -> bool:
    """An outlet's name: a few capitalised words (the widget lexicon not yet asked)."""
    words = text.lstrip("-–— ").split()
    return (
        0 < len(words) <= MAX_SOURCE_WORDS
        and text[-1].isalnum()
        and all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "de") for w in words)
    )


def find_embedded(lines: list[Line]) -> list[EmbeddedHeader]:
    """Headers of carried articles, in page order; empty for an ordinary page."""
    headers: list[EmbeddedHeader] = []
    n = len(lines)
    after = 1  # the page's own article comes first: a header on line 0 is the page's own
    for i in _time_line_candidates(lines):
        if i < after:
            continue
        h = _header_at(lines, i)
        if h is not None:
            headers.append(h)
            after = h.headline + 1
    # Keep only headers followed by a real body (prose right under the headline).
    kept: list[EmbeddedHeader] = []
    for k, h in enumerate(headers):
        end = headers[k + 1].start if k + 1 < len(headers) else n
        body = [len(line.text.split()) for line in lines[h.headline + 1 : end]]
        if sum(body) >= MIN_EMBEDDED_BODY_WORDS and max(body[:2], default=0) >= PROSE_WORDS:
            kept.append(h)
    if not kept:
        return []
    own = [n for n in (len(ln.text.split()) for ln in lines[: kept[0].start]) if n >= PROSE_WORDS]
    if len(own) < MIN_OWN_PROSE_LINES or sum(own) < MIN_OWN_PROSE_WORDS:
        return []  # little of the page's own before it: a byline/date block, not a carrier
    announced = any(
        TAIL_TRIGGER.match(ln.text) for ln in lines[max(kept[0].start - 5, 0) : kept[0].start]
    )
    # One header alone, with no "Related Articles" above it, is more likely a byline and date.
    return kept if len(kept) >= 2 or announced else []


def _header_at(lines: list[Line], i: int) -> EmbeddedHeader | None:
    """A header whose time line is at ``i``: [source] time [- source] headline.

    The cheap tests come first (most candidates fail one): the headline's shape, the source's,
    then the date patterns, then the widget lexicon."""
    j = i + 1
    dashed = j < len(lines) and lines[j].text[:1] in "-–—" and _is_source(lines[j].text)
    if dashed:
        j += 1
    if j >= len(lines) or not is_title_shaped(lines[j].text):
        return None
    before = lines[i - 1].text
    if not (dashed or _source_shaped(before)) or not is_time(lines[i].text):
        return None
    start, source = i, None
    if _source_shaped(before) and widget_kind(before) is None:
        start, source = i - 1, before
    elif dashed:
        source = lines[i + 1].text.lstrip("-–— ")
    if source is None or widget_kind(lines[j].text) is not None:
        return None
    return EmbeddedHeader(start=start, headline=j, source=source, published_text=lines[i].text)
