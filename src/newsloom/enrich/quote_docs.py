"""Per-doc caches for the quote and claim extractors.

spaCy's ``Doc.text`` joins every token on each call and ``Token.sent``/``Token.is_sent_start``
re-check the whole doc's annotation, so calling them per quote made extraction quadratic in
the article length; these compute each once per doc (kept in ``doc.user_data``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TypeVar, cast

import numpy as np
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")
_SENT_STARTS_KEY = "newsloom.quotes.sentence_starts"
_TEXT_KEY = "newsloom.quotes.text"
_ENTS_KEY = "newsloom.quotes.ents"
# Hash ids of word sets, per string store (the forms are module constants: a few entries).
_FORM_IDS: dict[tuple[int, frozenset[str]], np.ndarray] = {}


def _cached(doc: Doc, key: str, build: Callable[[], T]) -> T:
    """``build()`` once per doc. The entry carries the doc's length so that an entry copied
    from another doc (``Doc.from_docs`` merges the chunks' ``user_data``) is never reused."""
    entry = doc.user_data.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == len(doc):
        return cast(T, entry[1])
    value = build()
    doc.user_data[key] = (len(doc), value)
    return value


def doc_text(doc: Doc) -> str:
    """The doc's text, built once: spaCy's ``Doc.text`` joins every token on each call."""
    return _cached(doc, _TEXT_KEY, lambda: doc.text)


def _sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start, computed once per doc: spaCy's ``Token.sent`` and
    ``Token.is_sent_start`` re-check the whole doc's annotation on every call."""
    return _cached(doc, _SENT_STARTS_KEY, lambda: [s.start for s in doc.sents] if len(doc) else [])


def sentence_of(tok: Token) -> Span:
    """The sentence of a token (linear once per doc, then a bisection)."""
    starts = _sentence_starts(tok.doc)
    k = bisect_right(starts, tok.i) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(tok.doc)
    return tok.doc[starts[k] : end]


def starts_sentence(tok: Token) -> bool:
    starts = _sentence_starts(tok.doc)
    k = bisect_left(starts, tok.i)
    return k < len(starts) and starts[k] == tok.i


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset (one vectorised read of the doc)."""
    if not len(doc):
        return []
    return [int(x) for x in doc.to_array(["IDX"]).ravel()]


def entities(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's entity spans and their start token indices, built once (``Doc.ents`` makes
    new spans for the whole doc on each call)."""

    def build() -> tuple[list[Span], list[int]]:
        ents = list(doc.ents)
        return ents, [e.start for e in ents]

    return _cached(doc, _ENTS_KEY, build)


def ents_in(doc: Doc, lo: int, hi: int) -> list[Span]:
    """Entity spans inside tokens ``[lo, hi)``."""
    ents, starts = entities(doc)
    out = []
    for k in range(bisect_left(starts, lo), len(ents)):
        if ents[k].start >= hi:
            break
        if ents[k].end <= hi:
            out.append(ents[k])
    return out


def token_indices(doc: Doc, forms: frozenset[str], cache: bool = True) -> list[int]:
    """Indices of the tokens whose lower-cased form is in ``forms`` (one vectorised pass,
    instead of a Python loop over every token). ``cache`` keeps the hash ids of a constant
    word set; a per-article set is hashed each time."""
    if not len(doc) or not forms:
        return []
    key = (id(doc.vocab.strings), forms)
    ids = _FORM_IDS.get(key) if cache else None
    if ids is None:
        strings = doc.vocab.strings
        ids = np.array(sorted({strings.add(f) for f in forms}), dtype=np.uint64)
        if cache:
            _FORM_IDS[key] = ids
    lower = doc.to_array(["LOWER"]).ravel().astype(np.uint64)
    hit = np.searchsorted(ids, lower)
    hit[hit == len(ids)] = 0
    return [int(i) for i in np.flatnonzero(ids[hit] == lower)]
