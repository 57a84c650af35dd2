"""The store: SQLite (default) or PostgreSQL behind one ``Store`` protocol (``base.py``)."""

from __future__ import annotations

from pathlib import Path

from newsloom.store.base import (
    Batch,
    EntitySummary,
    PlaceRow,
    QuoteRow,
    SearchHit,
    SearchQuery,
    SearchResult,
    Store,
    StoredArticle,
)

DEFAULT_STORE = "newsloom.db"


def is_postgres_url(path_or_url: str) -> bool:
    return path_or_url.startswith(("postgresql://", "postgres://"))


def open_store(path_or_url: str | Path = DEFAULT_STORE) -> Store:
    """Open (creating and migrating as needed) the store at a file path or PostgreSQL URL.

    A ``postgresql://`` URL may carry ``?options=-csearch_path=NAME`` or the newsloom-specific
    ``schema=NAME`` query parameter to keep the tables in their own PostgreSQL schema.
    """
    target = str(path_or_url)
    if is_postgres_url(target):
        from newsloom.store.postgres import PostgresStore

        return PostgresStore(target)
    from newsloom.store.sqlite import SqliteStore

    return SqliteStore(target)


__all__ = [
    "DEFAULT_STORE",
    "Batch",
    "EntitySummary",
    "PlaceRow",
    "QuoteRow",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "Store",
    "StoredArticle",
    "is_postgres_url",
    "open_store",
]
