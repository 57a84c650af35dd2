"""The Story record and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Story:
    id: str
    headline: str | None
    first_seen: str | None  # ISO 8601, or None when no article had a date
    last_seen: str | None
    articles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    key_terms: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "articles": list(self.articles),
            "sources": list(self.sources),
            "key_terms": list(self.key_terms),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        return cls(
            d["id"],
            d.get("headline"),
            d.get("first_seen"),
            d.get("last_seen"),
            list(d.get("articles") or []),
            list(d.get("sources") or []),
            list(d.get("key_terms") or []),
        )
