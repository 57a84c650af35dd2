"""The Store protocol: what the pipeline writes and what the CLI, the API and the web UI read.

Two backends implement it with the same schema and behaviour: SQLite (``sqlite.py``, the
embedded default) and PostgreSQL (``postgres.py``). ``open_store(path_or_url)`` picks one.
Every ``write_batch`` is one transaction; upserts are keyed by stable ids, so writing the
same batch twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from newsloom.enrich.records import Claim, Enrichment, Entity, Place, Quote, TimeExpr
from newsloom.model import Article
from newsloom.stories.model import Story


@dataclass(slots=True)
class StoredArticle:
    """An article as stored: the clean article, what enrichment found, where it belongs."""

    article: Article
    enrichment: Enrichment = field(default_factory=Enrichment)
    story_id: str | None = None
    duplicate_of: str | None = None
    contains: list[str] = field(default_factory=list)
    page_key: str | None = None  # hash of the input page: incremental runs skip known pages


@dataclass(slots=True)
class Batch:
    """One transaction's worth of writes."""

    articles: list[StoredArticle] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)  # new or updated stories (upserted)
    state: dict[str, bytes] = field(default_factory=dict)  # named pipeline state blobs
    # page key -> page name for pages processed in this batch; pages of the articles above are
    # recorded anyway, this adds pages that yielded no article (so they are not redone)
    pages: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class SearchQuery:
    text: str = ""  # full-text query; empty lists everything, newest first
    source: str | None = None  # outlet facet
    lang: str | None = None
    entity_id: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(slots=True)
class SearchHit:
    article_id: str
    title: str | None
    source: str | None
    published: str | None
    story_id: str | None
    snippet: str  # plain text; callers escape it (the store never returns markup)
    score: float


@dataclass(slots=True)
class SearchResult:
    hits: list[SearchHit]
    total: int
    # facet name ("source", "lang", "entity", "day") -> [(value, label, count)]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


@dataclass(slots=True)
class QuoteRow:
    quote: Quote
    article_id: str
    article_title: str | None
    source: str | None
    published: str | None


@dataclass(slots=True)
class EntitySummary:
    entity: Entity  # canonical name and label; mentions empty
    articles: int
    first_seen: str | None
    last_seen: str | None


@dataclass(slots=True)
class PlaceRow:
    place: Place
    articles: int  # articles mentioning it (within the filter)


Order = Literal["latest", "coverage"]


class Store(Protocol):
    """Both backends implement exactly this; see tests/store/ for the shared behaviour."""

    url: str  # what the user gave (path or postgresql:// URL)

    # -- writing -------------------------------------------------------------------------
    def write_batch(self, batch: Batch) -> None:
        """Upsert everything in one transaction; on any error nothing of the batch stays."""
        ...

    def known_page_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these page keys were already processed (incremental runs skip them)."""
        ...

    def load_state(self, name: str) -> bytes | None:
        """A pipeline state blob (dedup index, story clusterer) saved by ``write_batch``."""
        ...

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are stored."""
        ...

    # -- reading -------------------------------------------------------------------------
    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def iter_articles(self, *, batch_size: int = 200) -> Iterator[StoredArticle]:
        """Every article, fully loaded, in storage order (for export)."""
        ...

    def list_stories(
        self,
        *,
        order: Order = "latest",
        limit: int = 50,
        offset: int = 0,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Story]: ...

    def get_story(self, story_id: str) -> Story | None: ...

    def story_articles(self, story_id: str) -> list[StoredArticle]: ...

    def page_articles(self, page_key: str) -> list[StoredArticle]:
        """The articles of one fetched page (an aggregator's own and the ones it carries)."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Full-text search (BM25 / ts_rank) with facets; a malformed query raises
        ``QuerySyntaxError`` (the API turns it into a 400)."""
        ...

    def get_entity(self, entity_id: str) -> EntitySummary | None: ...

    def list_entities(
        self, *, label: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]: ...

    def co_mentioned(self, entity_id: str, limit: int = 20) -> list[tuple[EntitySummary, int]]: ...

    def list_quotes(
        self,
        *,
        speaker_id: str | None = None,
        about_entity_id: str | None = None,  # quotes in articles that mention this entity
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QuoteRow]: ...

    def list_claims(self, *, speaker_id: str | None = None, limit: int = 50) -> list[Claim]: ...

    def list_times(self, article_id: str) -> list[TimeExpr]: ...

    def list_places(self, *, story_id: str | None = None, limit: int = 1000) -> list[PlaceRow]: ...

    def stats(self) -> dict[str, Any]:
        """Counts of articles, stories, entities, quotes... and the schema version."""
        ...

    def close(self) -> None: ...
