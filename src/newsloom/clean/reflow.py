"""Hard-wrapped text: a sentence a scraper broke over several lines is joined back.

Some pages keep a paragraph's line breaks (``<br>`` layouts, text wrapped at a fixed width),
so a paragraph reaches the cleaner as short lines that each look like furniture. A line is
joined to the next when it cannot end a paragraph and the next cannot start one: it is long
enough to be running text and stops without sentence punctuation, and the next starts with a
lower-case word mid-sentence, or the line stops on a word no sentence ends on ("the", "of").
"""

from __future__ import annotations

from collections.abc import Iterable

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.features import SENTENCE_END
from newsloom.clean.layout import find_byline
from newsloom.clean.lines import Line, make_lines

# A line this long (in words) that stops mid-sentence is wrapped text, not a label or a
# heading ("Photos", "Read more", a short title followed by a lower-case byline stay apart).
MIN_WRAPPED_WORDS = 6
# ... and so is the line it continues on (fewer words: the tail of the paragraph).
MIN_CONTINUATION_WORDS = 2
# Words no sentence or heading ends on: a line ending on one continues on the next line even
# when that starts with a capital ("... won the" / "Africa Movie Academy Award ...").
_NEVER_LAST = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "or",
        "for",
        "with",
        "by",
        "at",
        "from",
        "that",
        "who",
        "which",
    ]
)


def reflow(lines: list[Line]) -> list[Line]:
    """``lines`` with wrapped runs joined (spans cover the joined lines); the same list
    object when nothing is joined."""
    joins: dict[int, int] = {}  # joined line -> words of its run so far
    for i in _joinable(lines):
        t = lines[i].text
        words = t.count(" ") + 1 + joins.get(i, 0)
        if _continues(lines[i], lines[i + 1], words):
            joins[i + 1] = words
    if not joins:
        return lines
    # Each output line is a run of input lines: its first line is not joined to the one above
    # (the first line never is). Built list by list, the Lines at once (by the compiled core
    # where it is built): a Line constructed in Python per line cost ~0.6 us.
    heads = [k for k in range(len(lines)) if k not in joins]
    ends = [*heads[1:], len(lines)]
    texts = [
        lines[h].text if e - h == 1 else " ".join([ln.text for ln in lines[h:e]])
        for h, e in zip(heads, ends, strict=True)
    ]
    starts = [lines[h].start for h in heads]
    stops = [lines[e - 1].end for e in ends]
    blanks = [lines[h].blank_before for h in heads]
    return make_lines(texts, starts, stops, blanks)


def _joinable(lines: list[Line]) -> Iterable[int]:
    """The lines ``i`` that may continue on line ``i + 1``, in order: the next starts with a
    lower-case letter, ",", ";", ")" or "]", or the line ends on a _NEVER_LAST word. Most
    lines are not: one compiled pass finds the few that are (a Python loop over every line
    cost ~0.5 us a line)."""
    if _speedups is not None:
        return _speedups.joinable([ln.text for ln in lines], _NEVER_LAST)
    return (
        i
        for i in range(len(lines) - 1)
        if (n := lines[i + 1].text)[0].islower()
        or n[0] in ",;)]"
        or (t := lines[i].text)[t.rfind(" ") + 1 :] in _NEVER_LAST
    )


def _continues(line: Line, nxt: Line, words: int) -> bool:
    """Whether ``nxt`` continues ``line`` (a run of ``words`` words so far), given that it
    starts with a lower-case letter, "," ";" ")" "]", or ``line`` ends on a _NEVER_LAST word."""
    t, n = line.text, nxt.text
    return (
        not nxt.blank_before
        and _is_word(n.split(" ", 1)[0])  # a word, not code ("displayAd(")
        and t[-1] not in SENTENCE_END
        and t[-1] not in ":|"
        and words >= MIN_WRAPPED_WORDS
        and n.count(" ") + 1 >= MIN_CONTINUATION_WORDS
        and find_byline(n) is None
    )


def _is_word(token: str) -> bool:
    return token.strip(",;:.)]").replace("'", "").replace("-", "").isalpha()
