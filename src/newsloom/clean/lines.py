"""Split a page into lines that remember where they came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.clean.normalize import HAS_DELETABLE, SAME_LENGTH, collapse_spaces, normalize_line

_LINE = re.compile(r"[^\r\n\u2028\u2029\x85]+")


@dataclass(slots=True)
class Line:
    """One non-empty line of a page: normalised text plus its span in the page text."""

    index: int
    text: str
    start: int
    end: int
    blank_before: bool = False  # an empty line precedes it (a block boundary in many dumps)


def split_lines(page_text: str) -> list[Line]:
    """Non-empty, normalised lines with their original spans, in page order."""
    # Map quotes and spaces on the whole page at once (same length, so spans stay valid);
    # the rare pages with invisible characters take the slower per-line path.
    mapped = page_text.translate(SAME_LENGTH)
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
