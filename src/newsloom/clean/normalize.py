"""Whitespace and typographic normalisation that keeps offsets meaningful.

Characters are mapped one-to-one wherever possible (curly quotes to straight ones, exotic spaces
to a plain space), so a character offset in a normalised line is the same offset in the page
text. Only zero-width characters are deleted and runs of spaces collapsed; ``Line`` keeps the
span of the original line so every cut can still be located in the input.
"""

from __future__ import annotations

import re

from newsloom.clean.compiled import core as _speedups

# One-to-one: quotes and apostrophes in their typographic forms become ASCII, so that quote
# extraction downstream sees one form; guillemets are kept (they are the quote marks of their
# languages). Primes double as quotes in badly typed text.
_ONE_TO_ONE = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\uff07"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\uff02"), '"'),
    **dict.fromkeys(
        map(
            ord,
            "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
            "\u2008\u2009\u200a\u202f\u205f\u3000\u000b\u000c",
        ),
        " ",
    ),
}
# Deleted: zero-width characters, soft hyphens, BOMs and C0/C1 controls other than newlines.
_DELETE = dict.fromkeys(
    [0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x7F]
    + [c for c in range(32) if c not in (9, 10, 11, 12, 13)]
    + list(range(0x80, 0xA0)),
    None,
)
TRANSLATION = str.maketrans({**_ONE_TO_ONE, **_DELETE})
# The one-to-one part alone keeps every offset: used on whole pages before they are split.
SAME_LENGTH = str.maketrans(_ONE_TO_ONE)
DELETABLE_CHARS = "".join(map(chr, _DELETE))
HAS_DELETABLE = re.compile("[" + DELETABLE_CHARS + "]")
_SAME_LENGTH_PAIRS = tuple((chr(code), repl) for code, repl in _ONE_TO_ONE.items())
_SAME_LENGTH_SOURCES = "".join(char for char, _ in _SAME_LENGTH_PAIRS)
_SAME_LENGTH_TARGETS = "".join(repl for _, repl in _SAME_LENGTH_PAIRS)
_SPACES = re.compile(r" {2,}")


def normalize_line(text: str) -> str:
    """Normalise one line: typographic quotes, exotic spaces, invisible characters."""
    return _SPACES.sub(" ", text.translate(TRANSLATION)).strip()


def map_same_length(text: str) -> str:
    """``text.translate(SAME_LENGTH)``, faster: one compiled pass, or map_same_length_py."""
    if _speedups is not None:
        return _speedups.map_same_length(text, _SAME_LENGTH_SOURCES, _SAME_LENGTH_TARGETS)
    return map_same_length_py(text)


def map_same_length_py(text: str) -> str:
    """``text.translate(SAME_LENGTH)`` without the compiled core: ``str.translate`` with a dict
    looks every character up (0.6 ms on a 9 KB page), while a page holds only a few of these
    characters, and ``in`` / ``replace`` skip over the rest in C (each source a scan of the
    page, two of them without memchr: U+2000 and U+3000, whose low byte is 0)."""
    for char, repl in _SAME_LENGTH_PAIRS:
        if char in text:
            text = text.replace(char, repl)
    return text


def collapse_spaces(text: str) -> str:
    """Runs of spaces to one, ends stripped (for text already mapped by ``SAME_LENGTH``)."""
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def normalize_text(text: str) -> str:
    """Normalise a whole text line by line; newlines (any convention) become ``\\n``."""
    return "\n".join(normalize_line(line) for line in text.splitlines())
