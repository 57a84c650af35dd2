"""Hard-wrapped text: a sentence a scraper broke over several lines is joined back.

Some pages keep a paragraph's line breaks (``<br>`` layouts, text wrapped at a fixed width),
so a paragraph reaches the cleaner as short lines that each look like furniture. A line is
joined to the next when it cannot end a paragraph and the next cannot start one: it is long
enough to be running text and stops without sentence punctuation, and the next starts with a
lower-case word mid-sentence, or the line stops on a word no sentence ends on ("the", "of").
"""

from __future__ import annotations

import itertools

from newsloom.clean.features import SENTENCE_END
from newsloom.clean.layout import find_byline
from newsloom.clean.lines import Line

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
    if len(lines) < 2 or not any(_continues(a, b) for a, b in itertools.pairwise(lines)):
        return lines
    out: list[Line] = []
    for line in lines:
        if out and _continues(out[-1], line):
            prev = out[-1]
            out[-1] = Line(
                prev.index, f"{prev.text} {line.text}", prev.start, line.end, prev.blank_before
            )
        else:
            out.append(Line(len(out), line.text, line.start, line.end, line.blank_before))
    return out


def _continues(line: Line, nxt: Line) -> bool:
    t, n = line.text, nxt.text
    return (
        not nxt.blank_before
        and (n[0].islower() or n[0] in ",;)]" or t.rsplit(" ", 1)[-1] in _NEVER_LAST)
        and _is_word(n.split(" ", 1)[0])  # a word, not code ("displayAd(")
        and t[-1] not in SENTENCE_END
        and t[-1] not in ":|"
        and t.count(" ") + 1 >= MIN_WRAPPED_WORDS
        and n.count(" ") + 1 >= MIN_CONTINUATION_WORDS
        and find_byline(n) is None
    )


def _is_word(token: str) -> bool:
    return token.strip(",;:.)]").replace("'", "").replace("-", "").isalpha()
