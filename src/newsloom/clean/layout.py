"""Page layout inside the article: title, subheadings (also glued ones), dateline, byline."""

from __future__ import annotations

import re

from newsloom.clean.features import SENTENCE_END

# Headings are short: 1-16 words (the longest subheadings of the development pages have 14).
MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 140
# A title is a headline: at least three words (a one-word line is a section label or a logo).
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
# A glued subheading ("...far apart. Kyiv's Position on Peace Talks") has 2-10 words, most of
# them capitalised; the share is over words longer than three letters, so "on", "of", "the"
# do not count against it.
GLUED_MIN_WORDS, GLUED_MAX_WORDS = 2, 10
GLUED_MIN_CAPITALISED = 0.75

_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)
_GLUED = re.compile(r"^(?P<body>.*[.!?][\"')\]]?)\s+(?P<head>[A-Z0-9][^.!?]{3,120})$", re.DOTALL)

DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.](?:,\s+[A-Z][\w.'\- ]{1,40})?)"
    r"\s*(?:\((?P<agency>[A-Za-z.&\- ]{1,30})\))?\s*(?::|—|–|--|-)\s+(?=\S)"
)
# The "By" is matched in any case; the names must be capitalised (case-sensitive), so that
# "By the end of the year, ..." is not a byline. What follows a comma is an affiliation
# ("By Jane Doe, Associated Press"), not another name.
_NAME = r"[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}"
BYLINE = re.compile(
    rf"^(?i:by|von|par|por|di|door|av|af)\s+(?P<name>{_NAME}"
    rf"(?:\s+(?:and|&|und|et|y|e)\s+{_NAME})*)"
    r"(?:\s*(?:,|\||-|—)\s*.{0,60})?$"
)
# "U.N.", "U.S.", "Mr.": a period after these does not end a sentence.
_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|"
    r"Lt|Col|Sgt|Prof|Inc|Co|Corp|Ltd|Jr|Sr|No|vs)\.$"
)


def is_heading_shaped(text: str, n_words: int) -> bool:
    """Short, no closing sentence punctuation, starts like a heading."""
    if not 0 < n_words <= MAX_HEADING_WORDS or len(text) > MAX_HEADING_CHARS:
        return False
    last, first = text[-1], text[0]  # (called for every line of a page: each test once)
    return (
        (last not in SENTENCE_END or last == "?")
        and last not in ":,;"
        and (first.isupper() or first.isdigit() or not first.isalpha())
    )


def is_title_shaped(text: str) -> bool:
    n = len(text.split())
    return MIN_TITLE_WORDS <= n <= MAX_TITLE_WORDS and text[-1] not in ".:;," and len(text) < 250


def capitalised_share(words: list[str]) -> float:
    long = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    if not long:
        return 0.0
    return sum(w[0].isupper() for w in long) / len(long)


def split_glued_heading(paragraph: str) -> tuple[str, str] | None:
    """Split "...far apart. Kyiv's Position on Peace Talks" into (body, heading), or None."""
    # The heading is the text after the last sentence end, so a paragraph that ends on one
    # cannot match: most paragraphs, spared the regex's backtracking over every sentence.
    if paragraph.endswith((".", "!", "?")):
        return None
    m = _GLUED.match(paragraph)
    if not m:
        return None
    head = m.group("head").strip()
    words = head.split()
    if not GLUED_MIN_WORDS <= len(words) <= GLUED_MAX_WORDS or head[-1] in SENTENCE_END:
        return None
    if any(c in head for c in ',;"'):
        return None
    # Every word capitalised (or a small word): the shape of a heading, not of a sentence start.
    if capitalised_share(words) < GLUED_MIN_CAPITALISED or words[-1][0].islower():
        return None
    body = m.group("body").rstrip()
    if _ABBREVIATION_END.search(body):
        return None
    return body, head


def find_dateline(paragraph: str) -> tuple[str, str | None] | None:
    """``("ISLAMABAD", None)`` for "ISLAMABAD: ...", ``("LONDON", "Reuters")`` and so on."""
    m = DATELINE.match(paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    letters = [c for c in place.split(",")[0] if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return None
    return place, m.group("agency")


def find_byline(line: str) -> str | None:
    """The author names of a "By Jane Doe and John Roe" line, or None."""
    if len(line) > 120:
        return None
    m = BYLINE.match(line)
    return m.group("name").strip() if m else None
