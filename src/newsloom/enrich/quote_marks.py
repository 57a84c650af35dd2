"""Pairing quotation marks in plain text: which marks open, which close, which are apostrophes.

One pass over the marks (a regex finds them; nothing loops per character or per token):

- every mark is classified by its neighbours. A single mark between two letters or digits
  (``Kyiv's``, ``don't``) is an apostrophe; a leading elision (``'90s``, ``rock 'n' roll``,
  ``'em``) is one too, so apostrophes never open or close a quote;
- a closing single mark after an ``s`` and before a lower-case word (``the forces' positions``)
  may be a plural possessive: it closes only when no other closing mark follows in the
  paragraph;
- single marks inside an open double quote (and the other way round) are nested quotes and
  belong to the outer one;
- a quote does not cross a paragraph break unless the next paragraph opens with the same mark
  (the multi-paragraph convention: the opening mark repeated at each paragraph, one closing mark
  at the end), and never runs longer than ``MAX_QUOTE_CHARS``; an unclosed mark is dropped,
  so an unbalanced mark cannot swallow the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest quote (characters, marks excluded) accepted. News quotes rarely pass 1,000
# characters; multi-paragraph ones reach a few thousand. A pairing longer than this is a
# stray mark, not a quote.
MAX_QUOTE_CHARS = 4000
# A quote that does not continue over a paragraph break may hold this many characters.
MAX_PARAGRAPH_QUOTE_CHARS = 1500

_MARKS = re.compile(r"[\"“”„«»'‘’‚]|\n\s*\n")
_DOUBLE = frozenset('"“”„«»')
_OPEN_ONLY = frozenset("“„«‘‚")
_CLOSE_ONLY = frozenset("”»")
# Characters after which a mark opens a quote.
_OPEN_BEFORE = frozenset("([{—–-/:")
# Characters after which a mark may close (besides letters and digits).
_CLOSE_AFTER_PUNCT = frozenset(".,!?;:…)]-—–%")
# Leading elisions written with an apostrophe: never an opening mark.
_ELISION = re.compile(
    r"(?:\d\d(?:s\b|\b)|n['’]|em\b|til\b|cause\b|tis\b|twas\b|bout\b|round\b|cos\b|s\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class QuoteSpan:
    """One quotation: ``start``/``end`` bound the quoted words (marks and edge spaces excluded);
    ``open_mark``/``close_mark`` are the offsets of the outer marks."""

    start: int
    end: int
    open_mark: int
    close_mark: int
    double: bool
    paragraphs: int = 1


@dataclass(slots=True)
class _Mark:
    pos: int
    double: bool
    can_open: bool
    can_close: bool
    weak_close: bool = False  # a possible plural possessive (``forces'``)
    paragraph_break: bool = False


def _classify(text: str, pos: int, ch: str) -> _Mark | None:
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    double = ch in _DOUBLE
    prev_open = prev.isspace() or prev in _OPEN_BEFORE or prev in "\"“„‘'«"
    next_close = nxt.isspace() or nxt in _CLOSE_AFTER_PUNCT or nxt in "\"”»'’"
    if not double:
        if prev.isalnum() and nxt.isalnum():
            return None  # Kyiv's, don't, rock'n'roll
        if ch in "'’‘" and prev_open and _ELISION.match(text, pos + 1):
            return None  # '90s, 'n', 'em
        if ch == "’" and prev_open and nxt.isalnum():
            # A right single mark where an opening one belongs: typed by many sites for both.
            return _Mark(pos, False, True, False)
    if ch in _OPEN_ONLY:
        return _Mark(pos, double, True, False)
    if ch in _CLOSE_ONLY:
        return _Mark(pos, double, prev_open and not next_close, True)
    can_open = prev_open and not nxt.isspace()
    can_close = (prev.isalnum() or prev in _CLOSE_AFTER_PUNCT or prev in "\"”’'") and next_close
    if not can_open and not can_close:
        if double:  # glued on both sides (a"b): a toggle
            return _Mark(pos, True, True, True)
        return None
    weak = (
        not double
        and can_close
        and prev in "sS"
        and nxt == " "
        and pos + 2 < len(text)
        and text[pos + 2].islower()
    )
    return _Mark(pos, double, can_open, can_close, weak)


def _marks(text: str) -> list[_Mark]:
    out: list[_Mark] = []
    for m in _MARKS.finditer(text):
        if m.group().startswith("\n"):
            out.append(_Mark(m.start(), False, False, False, paragraph_break=True))
            continue
        mark = _classify(text, m.start(), m.group())
        if mark is not None:
            out.append(mark)
    return out


def _later_single_closer(marks: list[_Mark], i: int) -> bool:
    """Whether a closing single mark follows mark ``i`` within its paragraph."""
    for m in marks[i + 1 :]:
        if m.paragraph_break:
            return False
        if not m.double and m.can_close:
            return True
        if not m.double and m.can_open:
            return False
    return False


def _span(text: str, open_mark: int, close_mark: int, double: bool, paras: int) -> QuoteSpan:
    start, end = open_mark + 1, close_mark
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(start, end, open_mark, close_mark, double, paras)


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """The quotations of ``text`` in order, outermost only (nested quotes stay inside)."""
    marks = _marks(text)
    spans: list[QuoteSpan] = []
    open_at: _Mark | None = None
    paras = 1
    pending_break = False  # a paragraph break inside the open quote, awaiting a reopening mark
    for i, m in enumerate(marks):
        if m.paragraph_break:
            if open_at is not None:
                if pending_break:  # a paragraph with no closing or reopening mark: drop
                    open_at = None
                else:
                    pending_break = True
            continue
        if open_at is None:
            if m.can_open and not (m.can_close and not m.double and m.weak_close):
                open_at, paras, pending_break = m, 1, False
            continue
        if m.double != open_at.double:
            continue  # a nested quote of the other kind
        if pending_break:
            prev_break = marks[i - 1].paragraph_break
            if prev_break and m.can_open and _reopens(text, m.pos):
                # Multi-paragraph convention: the paragraph reopens with the same mark.
                pending_break, paras = False, paras + 1
                continue
            # No reopening mark: the quote ended unclosed at the break. Drop it, and let this
            # mark start afresh.
            open_at, pending_break = None, False
            if m.can_open:
                open_at, paras = m, 1
            continue
        if m.can_close and not (m.weak_close and _later_single_closer(marks, i)):
            length = m.pos - open_at.pos
            limit = MAX_QUOTE_CHARS if paras > 1 else MAX_PARAGRAPH_QUOTE_CHARS
            if m.can_open and not m.can_close:
                open_at = m
                continue
            if length <= limit:
                span = _span(text, open_at.pos, m.pos, m.double, paras)
                if span.end > span.start:
                    spans.append(span)
            open_at = None
        elif m.can_open:
            # Two openers in a row: the first was stray (or its closer was lost).
            open_at, paras = m, 1
    return spans


def _reopens(text: str, pos: int) -> bool:
    """The mark at ``pos`` is the first non-space character of its paragraph."""
    j = pos - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"
