"""Split a page into lines that remember where they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from itertools import count

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.normalize import (
    DELETABLE_CHARS,
    HAS_DELETABLE,
    collapse_spaces,
    map_same_length,
    normalize_line,
)

_LINE = re.compile(r"[^\r\n\u2028\u2029\x85]+")
# Pages with line breaks other than "\n" or with invisible characters take the general path
# (one scan for both: each scan of a 9 KB page costs 40 us).
_OTHER_BREAKS = "\r\u2028\u2029\x85"
_GENERAL_PATH = re.compile("[" + DELETABLE_CHARS + _OTHER_BREAKS + "]")


@dataclass(slots=True)
class Line:
    """One non-empty line of a page: normalised text plus its span in the page text."""

    index: int
    text: str
    start: int
    end: int
    blank_before: bool = False  # an empty line precedes it (a block boundary in many dumps)


# Line's slot descriptors in __init__'s order, for _speedups.make_lines; empty (the Lines made by
# calling Line) should Line ever need more than its generated __init__.
_LINE_FIELDS: tuple[object, ...] = (
    () if hasattr(Line, "__post_init__") else tuple(Line.__dict__[f.name] for f in fields(Line))
)


def make_lines(
    texts: list[str], starts: list[int], ends: list[int], blanks: list[bool]
) -> list[Line]:
    """``Line(i, texts[i], starts[i], ends[i], blanks[i])`` for each i: the slots filled in C
    where the core is built (Line.__init__ only stores them), else by C-level ``map``."""
    if _speedups is not None and _LINE_FIELDS:
        return _speedups.make_lines(Line, _LINE_FIELDS, texts, starts, ends, blanks)
    return list(map(Line, count(), texts, starts, ends, blanks))


def split_lines(page_text: str) -> list[Line]:
    """Non-empty, normalised lines with their original spans, in page order."""
    # Map quotes and spaces on the whole page at once (same length, so spans stay valid);
    # the rare pages with invisible characters take the slower per-line path.
    mapped = map_same_length(page_text)
    if _speedups is not None:  # pages broken at "\n" only, with or without invisible
        # characters, in one compiled pass (their lines normalised as _split_general does);
        # the Lines built by C-level ``map``
        split = _speedups.split_lf(
            mapped, page_text, _OTHER_BREAKS, DELETABLE_CHARS, collapse_spaces, normalize_line
        )
        if split is None:
            return _split_general(page_text, mapped)
        return make_lines(*split)
    if _GENERAL_PATH.search(page_text):
        return _split_general(page_text, mapped)
    # The common case, "\n" only: str.split, with offsets counted along.
    lines: list[Line] = []
    pos = 0
    skipped = False  # an empty or blank line since the last kept one
    for raw in mapped.split("\n"):
        text = collapse_spaces(raw) if raw else ""
        if text:
            lines.append(Line(len(lines), text, pos, pos + len(raw), skipped and bool(lines)))
            skipped = False
        else:
            skipped = True
        pos += len(raw) + 1
    return lines


def _split_general(page_text: str, mapped: str) -> list[Line]:
    """Any line-break convention, and invisible characters deleted line by line."""
    per_line = normalize_line if HAS_DELETABLE.search(page_text) else collapse_spaces
    only_lf = "\r" not in page_text
    lines: list[Line] = []
    prev_end = 0
    for m in _LINE.finditer(mapped):
        text = per_line(m.group())
        if not text:
            continue
        start = m.start()
        if only_lf:
            blank = page_text.count("\n", prev_end, start) > 1
        else:
            gap = page_text[prev_end:start]
            blank = gap.count("\n") + gap.count("\r") - gap.count("\r\n") > 1
        lines.append(Line(len(lines), text, start, m.end(), blank and bool(lines)))
        prev_end = m.end()
    return lines
