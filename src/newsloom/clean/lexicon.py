"""A small curated lexicon of page furniture: one feature of the line classifier, not a filter.

Patterns name *kinds* of widget (share bars, counters, newsletter prompts...) in a few major
languages; the classifier weighs a hit together with length, punctuation and context, so a
sentence that merely mentions "subscribe" is not cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.compiled import lines_with_any_py

# Whole-line furniture: a short line matching one of these is almost never article text.
# Anchored kinds must match from the start of the line (after punctuation) to its end.
ANCHORED_PATTERNS: dict[str, str] = {
    "share": r"((click to )?(share|email|print)|tweet|pin it|whatsapp|facebook|twitter|"
    r"linkedin|reddit|telegram|copy link|short ?link|permalink|teilen|beitrag teilen|"
    r"artikel teilen|drucken|link kopiert|partager|compartir|condividi)"
    r"\b.{0,40}",
    "counter": r"(post |page )?(views?|reads?|comments?|shares?|likes?|replies|votes?)\s*[:(]?\s*"
    r"[\d,.]+[kKmM]?\)?|[\d,.]+[kKmM]?\s*(views?|reads?|comments?|shares?|likes?|"
    r"replies|votes?)",
    "comments": r"(\d+\s+)?(comments?|no comments yet|leave a (comment|reply)|add a comment|"
    r"join the (conversation|discussion)|show comments|view comments|kommentare?|"
    r"commentaires?|comentarios?).{0,30}",
    "related": r"(you (may|might) (also )?like|related( articles?| stories| news| posts?| "
    r"content| coverage| topics| links)?|more (from|on|in|stories|news|trending)\b.{0,30}|"
    r"most (read|popular|viewed|shared|watched)( stories| articles| news| videos)?|"
    r"recommended( for you| stories)?|trending( now| news)?|read (more|next|also)|see also|"
    r"also read|top stories|"
    r"latest( news| stories)?|don't miss|editor'?s picks?|what to read next|"
    r"mehr zum thema|lesen sie (auch|mehr)\b.{0,30}|mehr lesen über|auch interessant|"
    r"meistgelesen\w*|weitere videos|lire aussi|[àa] lire aussi|"
    r"te puede interesar|lee tambi[ée]n|noticias? relacionadas?|leggi anche)"
    r"\s*:?",
    "navigation": r"(home|menu|search|skip to (main )?content|back to top|next|previous|"
    r"(story|article) continues below( advertisement)?|continue reading( below| the main story)?|"
    r"weiterlesen|"
    r"close|open|toggle navigation|all rights reserved.*|©.*|copyright\b.*|"
    r"contact us|about us|advertise( with us)?|careers|sitemap|rss|faq|help)",
    "credit": r"(photo(graph)?|image|picture|video|illustration|graphic|file photo|credit|"
    r"source|"
    r"foto|bild)s?\s*(:|by|credit|\|).{0,80}",
    "tags": r"(tags?|topics?|filed under|categories|category|themen|mots-cl[ée]s)\s*:.{0,200}",
}
# Keyword kinds: a line up to the given length that contains one of the keywords anywhere
# ("Sign up for our newsletter", "We use cookies to ...", "(Reuters)").
KEYWORD_PATTERNS: dict[str, tuple[int, str]] = {
    "subscribe": (
        110,
        r"subscribe|subscription|sign ?up|newsletter|log ?in|sign ?in|"
        r"register|create (an|a free) account|already a subscriber|unlock|"
        r"abonnieren|s'abonner|suscr[ií]bete",
    ),
    "promo": (
        80,
        r"try (our|it)|download (the|our) app|get the app|advertisement|"
        r"sponsored|promoted|partner content|ad feedback|skip (this )?ad|anzeige|"
        r"publicit[ée]|explore what .{1,30} can do",
    ),
    "cookie": (
        210,
        r"cookies?|privacy (policy|settings|notice)|terms (of|&) (use|service)|"
        r"consent|datenschutz",
    ),
    "credit": (
        100,
        r"getty images|reuters|afp|ap photo|shutterstock|epa|associated press|"
        r"istock|alamy",
    ),
}

# One alternation with a named group per kind: a single match call per line. (No pattern
# starts with a wildcard: those made the engine retry every kind at every position.)
ANCHORED_RE = re.compile(
    r"^\W*(?:"
    + "|".join(f"(?P<{name}>{pat})" for name, pat in ANCHORED_PATTERNS.items())
    + r")\W*$",
    re.IGNORECASE,
)
KEYWORD_RE = re.compile(
    "|".join(f"(?P<{name}>\\b(?:{pat})\\b)" for name, (_, pat) in KEYWORD_PATTERNS.items()),
    re.IGNORECASE,
)
_KEYWORD_MAX_CHARS = {name: n for name, (n, _) in KEYWORD_PATTERNS.items()}
# Substrings one of which every keyword above contains: a cheap test that spares most lines the
# regex search (which costs more than all other line features together). Whole phrases where a
# keyword's stem is common in prose ("log" in "blog", "app" in "happen", "sign" in "design").
KEYWORD_LITERALS = (
    *("subscri", "sign up", "signup", "sign in", "signin", "newsletter", "log in", "login"),
    *("register", "create a", "unlock", "abonn", "suscr", "try our", "try it"),
    *("download the app", "download our app", "get the app", "advertisement", "sponsored"),
    *("promoted", "partner content", "ad feedback", "skip ad", "skip this ad", "anzeige"),
    *("publicit", "explore what", "cookie", "privacy ", "terms of", "terms &", "consent"),
    *("datenschutz", "getty", "reuters", "afp", "ap photo", "shutterstock", "epa"),
    *("associated press", "istock", "alamy"),
)
_MAX_KEYWORD_LINE = max(_KEYWORD_MAX_CHARS.values())

# Headers that open a list of links to *other* articles: everything after them that has the
# shape of a headline list is cut ("You may also like", "Related Articles", "Most read").
TAIL_TRIGGER = re.compile(
    r"^\W*(you (may|might) (also )?(like|enjoy)|related( articles?| stories| news| posts?| "
    r"content| coverage| reading| links)?|more (stories|news|articles|from\b.{0,40}|on this "
    r"story|like this|trending)|most (read|popular|viewed|shared|commented|watched)"
    r"( stories| articles| news| videos| in .{1,30})?|"
    r"recommended( for you| stories| reading)?|trending( now| stories| news)?|read (more|next)|"
    r"see also|also read|top stories|"
    r"latest (news|stories|articles)|don't miss|editor'?s picks?|what to read next|"
    r"popular (now|stories|on .{1,30})|in other news|around the web|from (around|across) the "
    r"web|more to explore|keep reading|explore further|mehr zum thema|lesen sie (auch|mehr)\b"
    r".{0,30}|mehr lesen über|meistgelesen\w*|weitere videos|auch interessant|"
    r"das k[öo]nnte sie auch interessieren|"
    r"lire aussi|[àa] lire aussi|sur le m[êe]me sujet|te puede interesar|m[áa]s noticias|"
    r"lee tambi[ée]n|noticias? relacionadas?|"
    r"leggi anche|ver tamb[ée]m|leia tamb[ée]m|czytaj te[żz]|читайте также)\W*$",
    re.IGNORECASE,
)

# How every alternative of TAIL_TRIGGER may begin (after the leading \W run, matched ignoring
# case as re does): one of these, or a first letter outside ASCII ("à lire aussi", "читайте").
# "m" stands for "more", "most", "mehr zum thema" and "m[áa]s noticias". tests/clean/
# test_speedups_scans.py checks strings drawn from the pattern against them.
TAIL_PREFIXES = (
    *("you ", "related", "m", "recommended", "trending", "read ", "see also", "also read"),
    *("top stories", "latest ", "don't miss", "editor", "what to read next", "popular "),
    *("in other news", "around the web", "from ", "keep reading", "das k", "lire aussi"),
    *("explore further", "lesen sie ", "auch interessant", "lee tambi", "noticia"),
    "weitere videos",  # "mehr lesen über", "meistgelesen": under "m"
    *("a lire aussi", "sur le m", "te puede interesar", "leggi anche", "ver tamb", "leia tamb"),
    "czytaj te",
)

# Headers that open a page's comment section. Comments are prose, so unlike a headline list
# they do not end where prose resumes: the section runs to the end of the page's own part.
COMMENTS_TRIGGER = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|repl(?:y|ies)|reactions|discussion)"
    r"(?:\s+(?:to|on)\s+.{1,200})?\W*$|"
    r"^\W*\d+\s+thoughts?\s+on\s+.{1,200}$|"
    r"^\W*(?:top rated|most recent|newest|oldest|all|reader|readers'?|user|latest)\s+comments?\b"
    r".{0,40}$|"
    r"^\W*(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:comment|reply|response)\b.{0,60}$|"
    r"^\W*join the (?:conversation|discussion)\b.{0,60}$|"
    r"^\W*(?:show|view|load|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments?\b.{0,40}$|"
    r"^\W*(?:comments?|kommentare|commentaires|comentarios|commenti)\s*[(\[]?\d*[)\]]?\W*$",
    re.IGNORECASE,
)


_LITERALS_RE = re.compile("|".join(map(re.escape, KEYWORD_LITERALS)))
# The same patterns without IGNORECASE, for lines lower-cased once per page: case-insensitive
# matching costs ``re`` about three times as much (all patterns are written in lower case).
_ANCHORED_LOWER_RE = re.compile(ANCHORED_RE.pattern)
_KEYWORD_LOWER_RE = re.compile(KEYWORD_RE.pattern)
WIDGET_MAX_CHARS = 240


def widget_kind(text: str) -> str | None:
    """The widget kind a whole (short) line matches, or None."""
    return widget_kind_lower(text.lower()) if len(text) <= WIDGET_MAX_CHARS else None


def widget_kind_lower(lower: str) -> str | None:
    """:func:`widget_kind` of a line already lower-cased."""
    if len(lower) > WIDGET_MAX_CHARS:
        return None
    m = _ANCHORED_LOWER_RE.match(lower)
    if m:
        return m.lastgroup
    if len(lower) <= _MAX_KEYWORD_LINE and _LITERALS_RE.search(lower):
        k = _KEYWORD_LOWER_RE.search(lower)
        if k and k.lastgroup and len(lower) <= _KEYWORD_MAX_CHARS[k.lastgroup]:
            return k.lastgroup
    return None


def widget_kinds_lower(lower_lines: list[str]) -> list[str | None]:
    """:func:`widget_kind` of each of a page's lines, lower-cased, all at once.

    The anchored patterns run only on the lines where one of them may begin
    (:func:`_anchored_candidates`); the keyword patterns only on lines where one of
    KEYWORD_LITERALS occurs, found with one pass over the lines joined (``re`` would try
    the literals one by one at every position of the page)."""
    kinds: list[str | None] = [None] * len(lower_lines)
    for i in _anchored_candidates(lower_lines):
        m = _ANCHORED_LOWER_RE.match(lower_lines[i])
        if m:
            kinds[i] = m.lastgroup
    # the lines holding a literal, of which those short enough and not anchored widgets
    for i, first in _lines_with_literals("\n".join(lower_lines)):
        t = lower_lines[i]
        if kinds[i] is not None or len(t) > _MAX_KEYWORD_LINE:
            continue
        # no keyword starts more than KEYWORD_LITERAL_REACH characters before the first
        # literal of the line (each holds one): the search from there finds the same match
        m = _KEYWORD_LOWER_RE.search(t, max(first - KEYWORD_LITERAL_REACH, 0))
        if m and m.lastgroup and len(t) <= _KEYWORD_MAX_CHARS[m.lastgroup]:
            kinds[i] = m.lastgroup
    return kinds


# How every alternative of ANCHORED_PATTERNS may begin, on a lower-cased line: after the
# leading \W run, one of these words (or a digit: counters, "12 comments"); or, inside that run,
# one of ANCHORED_LEAD ("©", and "," "." of a count: "[\d,.]+"). Shortened to a common prefix
# where that is as cheap. tests/clean/test_speedups.py checks each alternative against them.
ANCHORED_PREFIXES = (
    *("share", "tweet", "pin it", "email", "print", "whatsapp", "facebook", "twitter"),
    *("linkedin", "reddit", "telegram", "copy link", "short", "permalink", "teilen"),
    *("partager", "compartir", "condividi", "post ", "page ", "view", "read", "comment"),
    *("like", "replies", "vote", "no comments yet", "leave a ", "add a comment", "join the "),
    *("show comments", "kommentar", "comentario", "you ", "related", "more ", "most "),
    *("recommended", "trending", "see also", "also read", "top stories", "latest", "don't"),
    *("editor", "what to read next", "mehr zum thema", "lire aussi", "à lire", "a lire"),
    *("lesen sie ", "auch interessant", "lee tambi", "noticia", "mehr lesen", "meistgelesen"),
    *("weitere videos", "click to ", "beitrag teilen", "artikel teilen", "drucken", "link kopiert"),
    *("te puede", "leggi anche", "home", "menu", "search", "skip to ", "back to top", "next"),
    *("previous", "close", "open", "toggle navigation", "all rights reserved", "copyright"),
    *("contact us", "about us", "advertise", "careers", "sitemap", "rss", "faq", "help"),
    *("story continues", "article continues", "continue reading", "weiterlesen"),
    *("photo", "image", "picture", "video", "illustration", "graphic", "file photo"),
    *("credit", "source", "foto", "bild", "tag", "topic", "filed under", "categor", "themen"),
    "mots-cl",
)
ANCHORED_LEAD = "©,."


def _anchored_candidates(lower_lines: list[str]) -> list[int]:
    """The short lines on which _ANCHORED_LOWER_RE may match: the compiled prefix test
    (a superset of the matches, ~20x cheaper than the regex), else every line."""
    if _speedups is not None:
        return _speedups.anchored_candidates(
            lower_lines, ANCHORED_PREFIXES, ANCHORED_LEAD, WIDGET_MAX_CHARS
        )
    return [i for i, t in enumerate(lower_lines) if 0 < len(t) <= WIDGET_MAX_CHARS]


def anchored_candidates_py(
    lines: list[str],
    prefixes: tuple[str, ...],
    lead: str,
    max_len: int,
    ignore_case: bool = False,
) -> list[int]:
    """The pure-Python twin of ``_speedups.anchored_candidates``."""

    def prefixed(rest: str) -> bool:
        if ignore_case:
            rest = rest.translate(_FOLD_LIKE_RE)
            if rest and not rest[0].isascii():
                return True
        return rest.startswith(prefixes)

    found = []
    for i, t in enumerate(lines):
        if not 0 < len(t) <= max_len:
            continue
        k = next((k for k, c in enumerate(t) if c.isalnum() or c == "_"), len(t))
        if any(c in lead for c in t[:k]) or (
            any(map(prefixed, _after_count(t[k:], ignore_case)))
            if t[k : k + 1].isdecimal()
            else prefixed(t[k:])
        ):
            found.append(i)
    return found


def _after_count(text: str, ignore_case: bool) -> tuple[str, ...]:
    r"""What may follow the count "[\d,.]+[kKmM]?\s*" at the start of ``text``: the rest
    after the run of digits, "," and "." and whitespace, and, after a k or m, after that."""
    k = next((k for k, c in enumerate(text) if not (c.isdecimal() or c in ",.")), len(text))
    rest = text[k:]
    unit = rest[:1].translate(_FOLD_LIKE_RE) if ignore_case else rest[:1]
    return (rest.lstrip(), rest[1:].lstrip()) if unit and unit in "kKmM" else (rest.lstrip(),)


# What re.IGNORECASE matches with an ASCII letter: its other case, and four characters outside
# ASCII (as _speedups.c's fold_like_re).
_FOLD_LIKE_RE = {
    **{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
    0x130: ord("i"),
    0x131: ord("i"),
    0x17F: ord("s"),
    0x212A: ord("k"),
}


# How far into a keyword match its first KEYWORD_LITERALS occurrence may start ("create a free
# account", "download the app"); tests/clean/test_speedups_scans.py checks every keyword.
KEYWORD_LITERAL_REACH = 14


def _lines_with_literals(lower_page: str) -> Iterable[tuple[int, int]]:
    """(line, offset of its first literal) for the lines (split at "\n") of a lower-cased
    text in which one of KEYWORD_LITERALS occurs, in order: one pass in the compiled core;
    without it (offset 0) one ``str.find`` pass per literal."""
    if _speedups is not None:
        lines, columns = _speedups.lines_with_any(lower_page, KEYWORD_LITERALS, False, True)
        return zip(lines, columns, strict=True)
    return ((i, 0) for i in lines_with_any_py(lower_page, KEYWORD_LITERALS))
