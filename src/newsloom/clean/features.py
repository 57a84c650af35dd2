"""Line features for the boilerplate classifier.

Each line becomes a vector of cheap, language-light features, in the spirit of jusText (length,
stop-word density), the C4/Gopher/FineWeb line rules (terminal punctuation, symbol and digit
ratios, title case) and CCNet (lines repeated across pages), plus the lines around it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import repeat

import numpy as np
import numpy.typing as npt

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.lexicon import widget_kinds_lower
from newsloom.clean.lines import Line

SENTENCE_END = frozenset(".!?…\"')»。！？")
_SEPARATORS = re.compile(r"[|•»›·▸►/]")
# Matched on the lower-cased page (IGNORECASE makes ``re`` several times slower).
_URLISH = re.compile(r"https?://|www\.|@\w|\.(com|org|net)\b")
_URLISH_ANY_CASE = re.compile(_URLISH.pattern, re.IGNORECASE)
_WORD_STRIP = "\"'.,;:!?()[]{}«»-–—…*#"
# Scripts written without spaces: words are estimated from characters.
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
CJK_CHARS_PER_WORD = 2.5
# Only lines with long "tokens" can be space-less script: skips the script regex for the rest.
CJK_MIN_CHARS_PER_TOKEN = 12
_DIGITS = re.compile(r"\d")
# "Week 12 power rankings (133)": a comment or view count after a link in a list.
_COUNT_SUFFIX = re.compile(r"[(\[]\d[\d,.]*[kK]?[)\]]$")

FEATURE_NAMES = [
    "bias",
    "log_words",
    "words_capped",
    "stop_ratio",
    "sentence_end",
    "colon_end",
    "title_case",
    "digit_ratio",
    "widget",
    "widget_short",
    "separators",
    "repeated_short",
    "bullet_start",
    "all_caps",
    "urlish",
    "position",
    "has_quote",
    "mean_word_len",
    "count_suffix",
    "ctx_words",
    "ctx_stop",
    "ctx_sentence",
    "ctx_headline",
]
N_FEATURES = len(FEATURE_NAMES)
CONTEXT_START = FEATURE_NAMES.index("ctx_words")
_NO_CONTEXT = (0.0,) * (N_FEATURES - CONTEXT_START)
# A list item that reads like a headline has at most this many words.
HEADLINE_MAX_WORDS = 15


def line_features(
    lines: list[Line], stop: frozenset[str]
) -> tuple[npt.NDArray[np.float64], list[str | None], list[int]]:
    """Feature matrix (lines x features), each line's widget kind, and word counts.

    All lines of a page at once: character classes are read off a code-point table and
    counted per line (_line_classes: one compiled pass, or numpy), the regex features run on
    the joined page or on the few lines that can match, and stop words are looked up token
    by token in one compiled pass (or with ``map``). Only the widget lexicon still runs line
    by line, on lower-cased lines of at most 30 words. (The per-line loop this replaces spent
    ~15 us a line; this costs ~4, nearly half of it the widget lexicon.)"""
    n = len(lines)
    x = np.zeros((n, N_FEATURES), dtype=np.float64)
    if n == 0:
        return x, [], []
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)
    packed = _packed_classes(texts)
    classes = _unpacked(packed, n) if packed is not None else _line_classes_np(texts)
    starts, lengths, spaces, last = classes[0], classes[1], classes[2], classes[11]
    ends = starts + lengths
    tokens = spaces + 1  # lines are stripped and their spaces collapsed
    nw = tokens.copy()
    cjk = _cjk_lines(joined, starts, lengths, tokens)
    if cjk.any():  # scripts without spaces: words estimated from characters
        nw[cjk] = np.maximum(nw[cjk], (lengths[cjk] / CJK_CHARS_PER_WORD).astype(np.int64))

    lower_page = _lower(joined)
    n_stop = _stop_counts(lower_page, tokens, stop)
    if len(lower_page) == len(joined):
        lower_texts = lower_page.split("\n")
        urlish = _urlish_lines(lower_page, starts, ends)
    else:  # a rare character whose lower case is longer ("İ"): offsets move, go line by line
        lower_texts = [t.lower() for t in texts]
        urlish = _lines_matching(_URLISH_ANY_CASE, joined, starts)
    kinds = widget_kinds_lower(
        [
            t if ok else ""
            for t, ok in zip(lower_texts, (nw <= WIDGET_MAX_WORDS).tolist(), strict=True)
        ]
    )
    counts = Counter(texts)
    # a count suffix ends its line: only lines ending in ")" or "]" are searched
    counted = _ending_with_count(
        joined, (last == _CLOSE_PAREN) | (last == _CLOSE_BRACKET), starts, ends
    )
    if packed is not None and _speedups is not None:  # columns 0, 2-18 in one compiled pass
        _speedups.feature_columns(
            x,
            packed,
            np.ascontiguousarray(nw, dtype=np.int64),
            np.ascontiguousarray(n_stop, dtype=np.int64),
            kinds,
            texts,
            counts,
            list(urlish) if isinstance(urlish, list) else urlish.tolist(),
            counted,
            (_SENTENCE_END, _BULLET),
        )
        x[:, 1] = np.log1p(nw)
    else:
        _fill_columns_np(x, classes, nw, n_stop, kinds, texts, counts, urlish, counted)
    _add_context(x)
    return x, kinds, nw.tolist()


def _fill_columns_np(
    x: npt.NDArray[np.float64],
    classes: list[npt.NDArray[np.int64]],
    nw: npt.NDArray[np.int64],
    n_stop: npt.NDArray[np.int64],
    kinds: list[str | None],
    texts: list[str],
    counts: Counter[str],
    urlish: list[int] | npt.NDArray[np.int64],
    counted: list[int],
) -> None:
    """Columns 0-18 of the feature matrix from the per-line counts (the numpy path of
    ``_speedups.feature_columns``, which gives the same doubles)."""
    n = len(texts)
    lengths, spaces, digits, seps, quotes, lower, upper = classes[1:8]
    alpha_starts, upper_starts, first, last, last_flags = classes[8:]
    tokens = spaces + 1
    has_kind = np.fromiter((k is not None for k in kinds), dtype=bool, count=n)
    repeated = np.fromiter(map(counts.__getitem__, texts), dtype=np.int64, count=n) > 1
    x[:, 0] = 1.0
    x[:, 1] = np.log1p(nw)
    x[:, 2] = np.minimum(nw, 60) / 60
    x[:, 3] = n_stop / tokens
    x[:, 4] = (last_flags & _SENTENCE_END) > 0
    x[:, 5] = last == _COLON
    x[:, 6] = np.where(alpha_starts > 0, upper_starts / np.maximum(alpha_starts, 1), 0.0)
    x[:, 7] = digits / lengths
    x[:, 8] = has_kind
    x[:, 9] = has_kind & (nw <= 8)
    x[:, 10] = np.minimum(seps, 5) / 5
    x[:, 11] = repeated & (nw < 8)
    x[:, 12] = (first & _BULLET) > 0
    x[:, 13] = (upper > 0) & (lower == 0)
    x[urlish, 14] = 1.0
    x[:, 15] = np.arange(n) / max(n - 1, 1)
    x[:, 16] = (nw > 3) & (quotes > 0)
    x[:, 17] = np.minimum(lengths / np.maximum(nw, 1), 15) / 15
    x[counted, 18] = 1.0


# The widget lexicon looks at lines of at most this many words.
WIDGET_MAX_WORDS = 30

# Character classes, one bit each, in a table over the Basic Multilingual Plane (code points
# above it count as none of them: emoji, rare CJK).
_ALPHA, _UPPER, LOWER, _DIGIT, _SEPARATOR, _QUOTE, _SENTENCE_END, _BULLET, _CJK = (
    1 << k for k in range(9)
)
_TABLE_SIZE = 0x10000
_SPACE, _NEWLINE, _COLON = ord(" "), ord("\n"), ord(":")
_CLOSE_PAREN, _CLOSE_BRACKET = ord(")"), ord("]")
BULLETS = "-–—•*·►▸>"
_SEPARATOR_CHARS = "|•»›·▸►/"
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF), (0x0E00, 0x0E7F))


@cache
def char_table() -> npt.NDArray[np.uint16]:
    chars = "".join(map(chr, range(_TABLE_SIZE)))
    table = np.zeros(_TABLE_SIZE, dtype=np.uint16)
    for bit, test in (
        (_ALPHA, str.isalpha),
        (_UPPER, str.isupper),
        (LOWER, str.islower),
        (_DIGIT, str.isdecimal),  # what the regex \d matches
    ):
        table[np.fromiter(map(test, chars), dtype=bool, count=_TABLE_SIZE)] |= bit
    for bit, members in (
        (_SEPARATOR, _SEPARATOR_CHARS),
        (_QUOTE, "\"'"),
        (_SENTENCE_END, SENTENCE_END),
        (_BULLET, BULLETS),
    ):
        table[[ord(c) for c in members]] |= bit
    for lo, hi in _CJK_RANGES:
        table[lo : hi + 1] |= _CJK
    return table


_FIELD_BITS = 21
_FIELD_MASK = (1 << _FIELD_BITS) - 1


@cache
def _packed_tables() -> tuple[npt.NDArray[np.uint64], ...]:
    """Code point -> three class indicators packed in 21-bit fields: (space, digit,
    separator), (quote, lower case, upper case), and for a word's first character (letter,
    capital letter). Sums of packed values stay exact while a line has under 2**21 chars."""
    table = char_table()
    space = np.zeros(_TABLE_SIZE, dtype=bool)
    space[_SPACE] = True

    def pack(*members: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
        out = np.zeros(_TABLE_SIZE, dtype=np.uint64)
        for k, member in enumerate(members):
            out |= member.astype(np.uint64) << np.uint64(k * _FIELD_BITS)
        return out

    def has(bits: int) -> npt.NDArray[np.bool_]:
        return np.asarray((table & bits) == bits, dtype=bool)

    return (
        pack(space, has(_DIGIT), has(_SEPARATOR)),
        pack(has(_QUOTE), has(LOWER), has(_UPPER)),
        pack(has(_ALPHA), has(_ALPHA | _UPPER)),
    )


def _unpack(
    packed: npt.NDArray[np.uint64], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> list[npt.NDArray[np.int64]]:
    """The three per-segment counts of packed indicators (segments begin at ``starts``)."""
    shifts = [np.uint64(k * _FIELD_BITS) for k in range(3)]
    mask = np.uint64(_FIELD_MASK)
    if int(lengths.max()) <= _FIELD_MASK:
        sums = np.add.reduceat(packed, starts)
        return [((sums >> s) & mask).astype(np.int64) for s in shifts]
    # a line of over two million characters: unpack per character first
    return [np.add.reduceat(((packed >> s) & mask).astype(np.int64), starts) for s in shifts]


def _line_classes(texts: list[str]) -> list[npt.NDArray[np.int64]]:
    """Per line: start (in the joined page), length, the counts of spaces, digits, separators,
    quotes, lower- and upper-case characters, of words starting with a letter and with a
    capital, the first character's flags, the last code point and the last character's flags.
    One compiled pass (_speedups.line_classes) or the numpy path, which gives the same."""
    packed = _packed_classes(texts)
    return _unpacked(packed, len(texts)) if packed is not None else _line_classes_np(texts)


def _packed_classes(texts: list[str]) -> bytes | None:
    """_line_classes' rows packed by the compiled core (13 int64 a line), or None without
    it or for odd lines (see _speedups.line_classes)."""
    if _speedups is None:
        return None
    masks = (_DIGIT, _SEPARATOR, _QUOTE, LOWER, _UPPER, _ALPHA)
    return _speedups.line_classes(texts, char_table(), masks)


def _unpacked(packed: bytes, n: int) -> list[npt.NDArray[np.int64]]:
    return list(np.frombuffer(packed, dtype=np.int64).reshape(n, -1).T)


def _line_classes_np(texts: list[str]) -> list[npt.NDArray[np.int64]]:
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    ends = starts + lengths
    cp = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    code = np.minimum(cp, _TABLE_SIZE - 1)
    flags = char_table()[code]
    # Per-line counts of character classes: each class is a 21-bit field of one integer per
    # character (_packed_tables), so one reduceat sums three classes at once.
    by_char, by_case, by_word_start = _packed_tables()
    spaces, digits, seps = _unpack(by_char[code], starts, lengths)
    quotes, lower, upper = _unpack(by_case[code], starts, lengths)
    gap = (cp == _SPACE) | (cp == _NEWLINE)
    word_start = ~gap
    word_start[1:] &= gap[:-1]
    first_chars = np.flatnonzero(word_start)  # every line starts with a word
    alpha_starts, upper_starts, _ = _unpack(
        by_word_start[code[first_chars]], np.searchsorted(first_chars, starts), lengths
    )
    return [
        starts,
        lengths,
        spaces,
        digits,
        seps,
        quotes,
        lower,
        upper,
        alpha_starts,
        upper_starts,
        flags[starts].astype(np.int64),
        cp[ends - 1].astype(np.int64),
        flags[ends - 1].astype(np.int64),
    ]


def _lower(text: str) -> str:
    """``text.lower()``: the compiled per-character mapping (~2.5x faster on news pages)
    where no character lowers to several or depends on its neighbours, else str.lower."""
    if _speedups is not None:
        lowered = _speedups.lower(text)
        if lowered is not None:
            return lowered
    return text.lower()


# The literals one of which every _URLISH match holds ("@" for "@\w", "." for the domains).
_URLISH_LITERALS = ("http://", "https://", "www.", "@", ".com", ".org", ".net")


def _urlish_lines(
    lower_page: str, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> list[int] | npt.NDArray[np.int64]:
    """Lines of the lower-cased page in which _URLISH matches: the compiled literal scan picks
    the lines holding one of its literals, the regex then runs on those lines only (a match
    never spans a line break, and at a line's end ``\b`` sees the slice's end as it sees the
    line break)."""
    if _speedups is None:
        return _lines_matching(_URLISH, lower_page, starts)
    return [
        i
        for i in _speedups.lines_with_any(lower_page, _URLISH_LITERALS, False)
        if _URLISH.search(lower_page, int(starts[i]), int(ends[i]))
    ]


def _ending_with_count(
    page: str,
    candidates: npt.NDArray[np.bool_],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
) -> list[int]:
    """Lines among ``candidates`` (those ending in a closing bracket) that end in a count
    suffix: the lines _COUNT_SUFFIX finds line by line, found in a few short searches."""
    return [
        i
        for i in np.flatnonzero(candidates).tolist()
        if _COUNT_SUFFIX.search(page, int(starts[i]), int(ends[i]))
    ]


def _lines_matching(
    pattern: re.Pattern[str], page: str, starts: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Indices of the lines of ``page`` (line starts given) in which ``pattern`` matches."""
    hits = [m.start() for m in pattern.finditer(page)]
    return np.searchsorted(starts, hits, side="right") - 1


def _cjk_lines(
    page: str,
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    tokens: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """Lines whose long "tokens" hold characters of a script written without spaces."""
    maybe = lengths / tokens > CJK_MIN_CHARS_PER_TOKEN
    for i in np.flatnonzero(maybe).tolist():
        maybe[i] = (
            _NO_SPACE_SCRIPTS.search(page, int(starts[i]), int(starts[i] + lengths[i])) is not None
        )
    return maybe


def _stop_counts(
    lower_page: str, tokens: npt.NDArray[np.int64], stop: frozenset[str]
) -> npt.NDArray[np.int64]:
    """Stop words per line: every token of the page looked up at once, summed by line."""
    if _speedups is not None:  # the same lookups, counted by line, in one compiled pass
        per_line = _speedups.stop_flags(lower_page, stop, _WORD_STRIP, True)
        return np.frombuffer(per_line, dtype=np.int64)
    is_stop = _stop_flags_py(lower_page.split(), stop)
    if len(is_stop) != int(tokens.sum()):  # defensive: a line not split the way we count
        return np.array(
            [
                sum(w.strip(_WORD_STRIP) in stop for w in line.split())
                for line in lower_page.split("\n")
            ],
            dtype=np.int64,
        )
    offsets = np.zeros(len(tokens), dtype=np.int64)
    np.cumsum(tokens[:-1], out=offsets[1:])
    return np.add.reduceat(is_stop, offsets)


def _stop_flags_py(
    words: list[str], stop: frozenset[str], strip: str = _WORD_STRIP
) -> npt.NDArray[np.int64]:
    """1 for each word that is a stop word once stripped of punctuation, else 0."""
    return np.fromiter(
        map(stop.__contains__, map(str.strip, words, repeat(strip))),
        dtype=np.int64,
        count=len(words),
    )


# Weights of the lines around a line (2 before, 2 after) in the context features.
_CONTEXT_KERNEL = np.array([0.5, 1.0, 0.0, 1.0, 0.5])


def _add_context(x: npt.NDArray[np.float64]) -> None:
    """Context features: a weighted mean of neighbouring lines' length, stop words, endings,
    and of how many of them look like headlines in a list (short, no closing punctuation).
    One compiled pass (the same additions in the same order) or numpy."""
    if _speedups is not None and x.flags.c_contiguous and x.shape[1] == N_FEATURES:
        _speedups.add_context(x, CONTEXT_START, _CONTEXT_KERNEL, HEADLINE_MAX_WORDS / 60)
        return
    n = len(x)
    half = len(_CONTEXT_KERNEL) // 2
    src = np.zeros((n + 2 * half, 5))
    src[half : half + n, :3] = x[:, [2, 3, 4]]
    src[half : half + n, 3] = (x[:, 2] <= HEADLINE_MAX_WORDS / 60) & (x[:, 4] == 0)
    src[half : half + n, 4] = 1.0  # counts real neighbours at the page edges
    # sum(k * src[off : off + n] for off, k in enumerate(_CONTEXT_KERNEL)), added in place and
    # in the same order: the zero weight adds 0.0 and the unit weights multiply by 1.0, which
    # leave these non-negative sums unchanged, so the floats are the same
    acc = _CONTEXT_KERNEL[0] * src[:n]
    for off in range(1, len(_CONTEXT_KERNEL)):
        k = _CONTEXT_KERNEL[off]
        if k == 1.0:
            acc += src[off : off + n]
        elif k != 0.0:
            acc += k * src[off : off + n]
    np.divide(acc[:, :4], np.maximum(acc[:, 4:5], 1e-9), out=x[:, CONTEXT_START:])
