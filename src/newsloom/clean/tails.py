"""Page tails that follow the article: lists of other articles' headlines after "You may also
like" / "Most read", and comment sections. Both are cut by marking their lines' reasons."""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import attrgetter, itemgetter, mul

import numpy as np

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.lexicon import COMMENTS_TRIGGER, TAIL_PREFIXES, TAIL_TRIGGER
from newsloom.clean.lines import Line

# A "You may also like" header is short (TAIL_TRIGGER's longest form, "More from <40
# characters>", has 50): longer lines skip the regex.
TAIL_MAX_CHARS = 80
# A comment-section header counts only below half the page's prose words, or below 150 words
# of prose (comment sections are often longer than the article they hang under).
COMMENTS_MIN_PROSE_SHARE = 0.5
COMMENTS_MIN_PROSE_WORDS = 150
# A comment's author line, as blog engines print it: "kanu sukha says:", "Modern Wife sagt:",
# or a past tense with the comment's date or time ("Jane on May 2, 2019 at 4:47 pm said:").
# A bare "The minister said:" introduces a quote in a news story and is no author line.
COMMENT_AUTHOR = re.compile(
    r"^(?=.{3,120}$)(?:.*\b(?:says|sagt|schreibt|dit|dice|diz|zegt|pisze)|"
    r".*(?:\d{1,2}:\d{2}|\b(?:19|20)\d\d\b).*\b(?:said|wrote|commented|schrieb|a dit|disse|"
    r"escreveu|schreef|napisał))\s*:$",
    re.IGNORECASE,
)
MIN_COMMENT_AUTHORS = 2
# "0 Comments", "Comments (0)": a counter under the headline, not the start of a section.
_NO_COMMENTS = re.compile(
    r"^\W*0\s+(?:comments?|responses?|replies)\W*$|^\W*comments?\s*[(\[]0[)\]]\W*$", re.IGNORECASE
)
# A bare "Comments" or "Discussion" (no count, no "Leave a reply") is as often a button of the
# share bar above the article as a section header: it starts the comments only when no longer
# run of prose than the page's longest before it follows (an article does; comments break their
# prose with author, date and reply lines). On fundus it freed three articles under such a
# button (visible text F1 0.894 -> 0.905); on ScrapingHub it changed nothing.
_BARE_HEADER = re.compile(
    r"^\W*(?:comments?|responses?|repl(?:y|ies)|reactions|discussion|kommentare|commentaires"
    r"|comentarios|commenti)\W*$",
    re.IGNORECASE,
)


def _longest_run(prose_words: list[int], start: int, end: int) -> int:
    """The most words in consecutive prose lines of ``[start, end)``."""
    best = run = 0
    for n in prose_words[start:end]:
        run = run + n if n else 0
        best = max(best, run)
    return best


# A comments header this many lines above the first author line starts the section.
COMMENT_HEADER_REACH = 3


def mark_related_tails(lines: list[Line], prose: np.ndarray, reasons: list[str | None]) -> None:
    """Cut "You may also like" and the list of other articles' headlines after it.

    Only after the article's prose has begun (a "Trending" menu item above the article is no
    tail), and the list ends where prose starts again.
    """
    is_prose = prose.tolist()  # list indexing: numpy scalar access costs ~100 ns a line
    first_prose = next((i for i, p in enumerate(is_prose) if p), len(lines))
    after = first_prose + 1  # a header counts below the first prose line, outside a list
    for i in _tail_candidates(lines):
        if i < after or not TAIL_TRIGGER.match(lines[i].text):
            continue
        reasons[i] = "related-list"
        j = i + 1
        while j < len(lines) and not is_prose[j]:
            reasons[j] = reasons[j] or "related-list"
            j += 1
        after = j  # the list ends where prose resumes (that line may open another list)


def _tail_candidates(lines: list[Line]) -> Iterable[int]:
    """The lines TAIL_TRIGGER may match, in order: those of at most TAIL_MAX_CHARS characters
    that begin as one of its alternatives does (one compiled pass, lexicon.TAIL_PREFIXES),
    or every line of at most TAIL_MAX_CHARS without the compiled core."""
    texts = list(map(_TEXT, lines))
    if _speedups is None:
        return [i for i, t in enumerate(texts) if len(t) <= TAIL_MAX_CHARS]
    return _speedups.anchored_candidates(texts, TAIL_PREFIXES, "", TAIL_MAX_CHARS, True)


def mark_comment_section(
    lines: list[Line],
    words: list[int],
    prose: np.ndarray,
    reasons: list[str | None],
    candidates: Iterable[int] | None = None,
) -> None:
    """Cut a comment section: from its header ("34 responses to ...", "Comments (12)",
    "Leave a reply") to the end. Only below most of the page's prose, so a "Comments" button
    under the headline does not take the article with it."""
    texts = list(map(_TEXT, lines))
    is_prose = prose.tolist()  # list indexing: numpy scalar access costs ~100 ns a line
    authors = _comment_authors(texts, is_prose)
    if len(authors) >= MIN_COMMENT_AUTHORS:
        first = authors[0]
        for j in range(max(first - COMMENT_HEADER_REACH, 0), first):
            if COMMENTS_TRIGGER.match(lines[j].text):
                first = j
                break
        for j in range(first, len(lines)):
            reasons[j] = reasons[j] or "comments"
        return
    if len(words) != len(prose):
        raise ValueError("one word count and one prose flag per line expected")
    if candidates is None:  # the lines holding a COMMENTS_KEYWORDS word, unless given
        candidates = _comment_header_candidates(texts)
    candidates = list(candidates)
    if not candidates:  # most pages: spare the word counts
        return
    prose_words = list(map(mul, words, is_prose))  # n * True == n, n * False == 0
    needed = min(COMMENTS_MIN_PROSE_SHARE * sum(prose_words), COMMENTS_MIN_PROSE_WORDS)
    if needed <= 0:
        return
    seen = counted = 0  # prose words in lines [0, counted)
    for i in candidates:
        seen += sum(prose_words[counted : i + 1])
        counted = i + 1
        text = texts[i]
        if (
            seen >= needed
            and COMMENTS_TRIGGER.match(text)
            and not _NO_COMMENTS.match(text)
            and not (
                _BARE_HEADER.match(text)
                and _longest_run(prose_words, i + 1, len(lines)) > _longest_run(prose_words, 0, i)
            )
        ):
            for j in range(i, len(lines)):
                reasons[j] = reasons[j] or "comments"
            return


# Every form COMMENTS_TRIGGER accepts holds one of these (case-insensitively; the test in
# tests/clean/test_tails.py checks the pattern's alternatives against them).
COMMENTS_KEYWORDS = (
    "comment",
    "respons",
    "repl",
    "reaction",
    "discussion",
    "conversation",
    "kommentar",
    "comentario",
    "thought",
)


def _comment_header_candidates(texts: list[str]) -> Iterable[int]:
    """The lines COMMENTS_TRIGGER may match, in order: those holding a COMMENTS_KEYWORDS word
    (one compiled pass over the page), or every line without the compiled core."""
    if _speedups is None:
        return range(len(texts))
    return _speedups.lines_with_any("\n".join(texts), COMMENTS_KEYWORDS, True)


def _comment_authors(texts: list[str], is_prose: list[bool]) -> list[int]:
    """Indices of comment-author lines that come after the first prose line."""
    if True not in is_prose:
        return []
    # only lines ending on ":" can be author lines: found in the string of last characters
    last = "".join(map(_LAST_CHAR, texts))
    found = []
    i = last.find(":", is_prose.index(True) + 1)
    while i != -1:
        if COMMENT_AUTHOR.match(texts[i]):
            found.append(i)
        i = last.find(":", i + 1)
    return found


_TEXT = attrgetter("text")
_LAST_CHAR = itemgetter(-1)  # lines are never empty


# An author box under the article: "About Jane Doe" / "Sobre Carlos Nadalim" / "Über Moritz
# Bachmann" / "About the author" (then the name on its own line), and a biography that names
# the author again ("Jane Doe is a freelance writer ..."). On the development pages 5 such boxes
# (on both flattenings), none of them article text; "About Us" has no biography naming "Us".
_AUTHOR_BOX = re.compile(
    r"^(?:about|sobre|über|à propos de|acerca de|om|o autorze|su)\s+"
    r"(?:(?:the\s+)?(?:author|autor|auteur|autore)\b:?\s*)?(?P<name>[^\W\d_][\w.'-]*(?:\s+[\w.'-]+){0,3})?$",
    re.IGNORECASE,
)
AUTHOR_BOX_MAX_CHARS = 60
_AUTHOR_BOX_FIRST = frozenset("AaSsÜüÀàOo")  # what the header can start with: a cheap filter
# ... and its ASCII openings, for the compiled prefilter (anchored_candidates passes any line
# opening on a letter outside ASCII: "über", "à propos de").
_AUTHOR_BOX_PREFIXES = ("about", "sobre", "acerca de", "om", "o autorze", "su")
# The biography follows the header within this many lines (a name line may come between).
AUTHOR_BIO_REACH = 2


def mark_author_box(lines: list[Line], reasons: list[str | None]) -> None:
    """Cut an author box: its header and the biography that names the author."""
    texts = list(map(_TEXT, lines))
    for i in _author_box_candidates(texts):
        text = texts[i]
        m = _AUTHOR_BOX.match(text)
        if m is None:
            continue
        name = m.group("name")
        reach = texts[i + 1 : i + 1 + AUTHOR_BIO_REACH]
        if name is None and reach:  # "About the author", then the name on its own line
            name = reach[0]
        if not name or not name[:1].isupper() or len(name.split()) > 4:
            continue
        for k, bio in enumerate(reach):
            if name in bio and len(bio) > len(name) + AUTHOR_BOX_MAX_CHARS:
                for j in range(i, i + k + 2):
                    reasons[j] = reasons[j] or "author-box"
                break


def _author_box_candidates(texts: list[str]) -> list[int]:
    """The lines _AUTHOR_BOX may match, in order: short ones opening on one of its first
    letters, among those opening as one of its alternatives does (one compiled pass; every
    line without the core)."""
    first, short = _AUTHOR_BOX_FIRST, AUTHOR_BOX_MAX_CHARS
    found: Iterable[int] = range(len(texts))
    if _speedups is not None:
        found = _speedups.anchored_candidates(texts, _AUTHOR_BOX_PREFIXES, "", short, True)
    return [i for i in found if texts[i][0] in first and len(texts[i]) <= short]
