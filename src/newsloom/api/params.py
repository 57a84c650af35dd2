"""Query parameters shared by the JSON API and the HTML pages, declared once.

The search filters arrive as one FastAPI dependency so that ``/api/search``, ``/search`` and
``/search/results`` validate them the same way and build the same ``SearchQuery``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from newsloom.api.config import iso_day
from newsloom.store.base import SearchQuery

Offset = Annotated[int, Query(ge=0, le=1_000_000, description="how many items to skip")]
Since = Annotated[str | None, Query(description="ISO date (inclusive), e.g. 2025-08-27")]
Until = Annotated[str | None, Query(description="ISO date (inclusive)")]
MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks for, before paging. Empty strings and None both mean 'any'."""

    q: str = ""
    source: str | None = None
    lang: str | None = None
    entity: str | None = None
    since: str | None = None  # checked ISO dates (a bad one is a 422 naming the parameter)
    until: str | None = None

    def is_empty(self) -> bool:
        return not any(self.as_params().values())

    def as_params(self) -> dict[str, str]:
        """The filters as query-string values, for links that keep them (facets, paging)."""
        return {
            "q": self.q,
            "source": self.source or "",
            "lang": self.lang or "",
            "entity": self.entity or "",
            "since": self.since or "",
            "until": self.until or "",
        }

    def query(self, limit: int, offset: int) -> SearchQuery:
        return SearchQuery(
            text=self.q,
            source=self.source or None,
            lang=self.lang or None,
            entity_id=self.entity or None,
            since=self.since,
            until=self.until,
            limit=limit,
            offset=offset,
        )


def search_filters(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description='words, "a phrase", or FTS syntax')
    ] = "",
    source: Annotated[str | None, Query(description="an outlet")] = None,
    lang: Annotated[str | None, Query(description="a language code, e.g. en")] = None,
    entity: Annotated[str | None, Query(description="an entity id")] = None,
    since: Since = None,
    until: Until = None,
) -> SearchFilters:
    return SearchFilters(
        q=q,
        source=source or None,
        lang=lang or None,
        entity=entity or None,
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
    )


Filters = Annotated[SearchFilters, Depends(search_filters)]
