"""Typed records that flow through the pipeline, and their one JSON form.

Every record has ``to_dict`` / ``from_dict``; JSONL files, the API and the store all use that
form, so a field is renamed in exactly one place.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Role = Literal["main", "embedded"]


def content_id(*parts: str | None) -> str:
    """Stable id: a hash of the normalised content, the same on every run and machine.

    Normalisation (NFKC, casefold, collapsed whitespace) makes trivially different copies of
    one text (spacing, case, compatibility characters) share an id.
    """
    h = hashlib.blake2b(digest_size=10)
    for part in parts:
        h.update(_normalized(part or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


# Characters replaced by their full compatibility decomposition before NFKC: the same result,
# since NFKC's first step is that decomposition, and a text whose only character NFKC changes
# is one of these ("…", the most common in news text) then passes NFKC's quick check instead
# of being decomposed and recomposed whole (~25 instructions a character).
_DECOMPOSED = (("\u2026", "..."),)


def _normalized(text: str) -> str:
    """NFKC, each whitespace run (str.isspace) made one space and the ends stripped, and
    casefolded. ASCII text takes a shortcut with the same result: NFKC leaves it unchanged and
    its casefold is its lower case (both cost a Unicode table lookup a character)."""
    if text.isascii():
        return _collapse_space(text).lower()
    for char, decomposed in _DECOMPOSED:
        if char in text:
            text = text.replace(char, decomposed)
    if not unicodedata.is_normalized("NFKC", text):  # "½" in a long article: NFKC per line
        # (a line break neither composes nor reorders with a neighbour, so NFKC of the lines
        # joined is NFKC of the text), the lines NFKC leaves alone costing only the quick check
        text = "\n".join([unicodedata.normalize("NFKC", line) for line in text.split("\n")])
    return _collapse_fold(text)


def _collapse_fold(text: str) -> str:
    """``" ".join(text.split()).casefold()``, in one compiled pass where newsloom.clean's core
    is built (str.casefold looks every character up in Unicode's tables, ASCII ones too)."""
    global _collapse_fold  # the first call swaps in the compiled path when there is one
    try:  # imported here: newsloom.clean imports this module
        from newsloom.clean._speedups import collapse_fold as compiled
    except ImportError:  # pragma: no cover - built by setup.py where a C compiler exists

        def compiled(text: str) -> str | None:
            return None

    def collapse_fold(text: str) -> str:
        folded = compiled(text)  # None for a character folding to several ("ß")
        return folded if folded is not None else _collapse_space(text).casefold()

    _collapse_fold = collapse_fold
    return collapse_fold(text)


def _collapse_space(text: str) -> str:
    """``" ".join(text.split())``, in one compiled pass where newsloom.clean's core is built."""
    global _collapse_space  # the first call swaps in the compiled function when there is one
    try:  # imported here: newsloom.clean imports this module
        from newsloom.clean._speedups import collapse_space
    except ImportError:  # pragma: no cover - built by setup.py where a C compiler exists

        def collapse_space(text: str) -> str:
            return " ".join(text.split())

    _collapse_space = collapse_space
    return collapse_space(text)


@dataclass(slots=True)
class Page:
    """One fetched document as a reader produced it, before any cleaning."""

    text: str
    source_path: str | None = None
    url: str | None = None
    fetched_at: datetime | None = None
    media_type: str = "text/plain"
    encoding: str | None = None
    # JSONL inputs may carry their own metadata (title, source...); kept for the cleaner.
    meta: dict[str, Any] = field(default_factory=dict)
    # Problems that did not stop the page from being read (an unparseable fetch time...).
    warnings: list[str] = field(default_factory=list)
    # The text is already the article (a feed item's content), not a page to search for it.
    pre_extracted: bool = False
    # Only part of the article is known (a feed that carries summaries, not content).
    partial: bool = False

    @property
    def name(self) -> str:
        """How messages refer to this page."""
        return self.source_path or self.url or "<page>"


@dataclass(slots=True)
class RemovedBlock:
    """A block the cleaner cut, with the rule that cut it, so users can audit the cleaner.

    ``start``/``end`` are character offsets into the page text as read (after decoding).
    """

    text: str
    reason: str
    start: int = -1
    end: int = -1

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RemovedBlock:
        return cls(d["text"], d["reason"], int(d.get("start", -1)), int(d.get("end", -1)))


@dataclass(slots=True)
class Section:
    """A heading (None for the lead section) and the paragraphs under it."""

    heading: str | None
    paragraphs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "paragraphs": list(self.paragraphs)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Section:
        return cls(d.get("heading"), list(d.get("paragraphs") or []))


@dataclass(slots=True)
class Article:
    """A clean article: the main one of a page, or one embedded in an aggregator page."""

    id: str
    text: str
    role: Role = "main"
    title: str | None = None
    source_path: str | None = None
    url: str | None = None
    source: str | None = None
    dateline: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601
    published_text: str | None = None  # as written on the page, e.g. "an hour ago"
    sections: list[Section] = field(default_factory=list)
    lang: str | None = None
    removed: list[RemovedBlock] = field(default_factory=list)
    # One free-form bag, namespaced by the stage that wrote it ({"clean": {...}}).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_path": self.source_path,
            "url": self.url,
            "source": self.source,
            "role": self.role,
            "title": self.title,
            "dateline": self.dateline,
            "byline": self.byline,
            "published": self.published,
            "published_text": self.published_text,
            "lang": self.lang,
            "text": self.text,
            "sections": [s.to_dict() for s in self.sections],
            "removed": [r.to_dict() for r in self.removed],
            "extras": self.extras,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        raw_role = d.get("role") or "main"
        if raw_role not in ("main", "embedded"):
            raise ValueError(f"role must be 'main' or 'embedded', not {raw_role!r}")
        role: Role = "main" if raw_role == "main" else "embedded"
        return cls(
            id=str(d["id"]),
            text=str(d.get("text") or ""),
            role=role,
            title=d.get("title"),
            source_path=d.get("source_path"),
            url=d.get("url"),
            source=d.get("source"),
            dateline=d.get("dateline"),
            byline=d.get("byline"),
            published=d.get("published"),
            published_text=d.get("published_text"),
            sections=[Section.from_dict(s) for s in d.get("sections") or []],
            lang=d.get("lang"),
            removed=[RemovedBlock.from_dict(r) for r in d.get("removed") or []],
            extras=dict(d.get("extras") or {}),
        )
