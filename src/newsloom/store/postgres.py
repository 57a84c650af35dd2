"""The PostgreSQL backend (psycopg 3): the same tables as SQLite, tsvector + GIN for search.

The URL is a libpq URL; a ``schema=NAME`` query parameter (newsloom's own, removed before
connecting) keeps the tables in that PostgreSQL schema, created if missing, so that several
stores (or parallel test runs) can share one database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql as pg_sql

from newsloom.errors import (
    NewsloomError,
    SchemaVersionError,
    StoreConnectError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
)
from newsloom.store.base import SearchHit, SearchQuery, SearchResult
from newsloom.store.query import parse_query, to_tsquery_sql, words_of
from newsloom.store.schema import LATEST_VERSION, MIGRATIONS, VERSION_TABLE, statements
from newsloom.store.sql import SNIPPET_CHARS, SqlStore, search_filters, snippet

# How long a statement waits for a lock another session holds before failing with E031.
LOCK_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 10
# ts_rank weights for {D, C, B, A}: title terms (A) count 4x body terms (D), as in SQLite.
RANK_WEIGHTS = "{0.25, 0.25, 0.25, 1.0}"
# A fixed key for the advisory lock that serialises migrations between processes.
MIGRATION_LOCK = 0x6E65_7773_6C6F
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def split_url(url: str) -> tuple[str, str | None]:
    """The libpq URL without newsloom's ``schema`` parameter, and that schema."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"], quote_via=quote)
    if schema is not None and not _SCHEMA_NAME.match(schema):
        raise StoreError(f"schema name {schema!r} is not a plain identifier", source=url)
    return urlunsplit(parts._replace(query=rest)), schema


def _safe(url: str) -> str:
    """The URL as messages show it: without a password."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.netloc.split("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    return url


class PostgresStore(SqlStore):
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        super().__init__(url)
        conninfo, self.schema = split_url(url)
        self._where = _safe(url)
        try:
            self._conn = psycopg.connect(
                conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.Error as exc:
            raise StoreConnectError(
                f"cannot connect to PostgreSQL: {str(exc).strip()}", source=self._where
            ) from exc
        try:
            self._conn.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
            if self.schema:
                ident = pg_sql.Identifier(self.schema)
                if not self._rows("SELECT 1 FROM pg_namespace WHERE nspname = ?", (self.schema,)):
                    self._conn.execute(pg_sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
                self._conn.execute(pg_sql.SQL("SET search_path TO {}").format(ident))
            self._migrate()
        except NewsloomError:
            self._conn.close()
            raise
        except psycopg.Error as exc:
            self._conn.close()
            raise self._translate(exc, "open") from exc

    def _migrate(self) -> None:
        exists = self._rows("SELECT to_regclass('schema_version') IS NOT NULL")[0][0]
        version = self.schema_version() if exists else 0
        self._refuse_newer(version)
        if version == LATEST_VERSION:
            return
        with self._transaction():
            self._exec("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            self._exec(VERSION_TABLE)
            version = self.schema_version()  # another process may have migrated meanwhile
            self._refuse_newer(version)
            for m in MIGRATIONS:
                if m.version > version:
                    for stmt in statements(m.postgres):
                        self._exec(stmt)
                    self._exec("INSERT INTO schema_version (version) VALUES (?)", (m.version,))

    def _refuse_newer(self, version: int) -> None:
        if version > LATEST_VERSION:
            raise SchemaVersionError(
                f"store schema version {version} is newer than this newsloom knows "
                f"({LATEST_VERSION}); upgrade newsloom to open it",
                source=self._where,
            )

    # -- backend hooks -------------------------------------------------------------------

    def _rows(
        self, sql: str, params: Sequence[Any] = (), doing: str = "read"
    ) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(_pg(sql), params).fetchall()
        except psycopg.Error as exc:
            raise self._translate(exc, doing) from exc

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(_pg(sql), params)

    def _exec_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            try:
                with self._conn.transaction():
                    yield
            except psycopg.Error as exc:
                raise self._translate(exc, "write") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def drop_schema(self) -> None:
        """Drop this store's PostgreSQL schema and everything in it (tests clean up so)."""
        if not self.schema:
            raise StoreError("no schema= in the URL: refusing to drop anything", source=self._where)
        with self._lock:
            self._conn.execute(
                pg_sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                    pg_sql.Identifier(self.schema)
                )
            )

    # -- search --------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        node = parse_query(query.text)
        where, params = search_filters(query)
        if node is None:

            def source(join: str = "") -> str:
                return f"FROM articles a {join} WHERE {where}"

            hit_sql = (
                "SELECT a.id, a.title, a.source, a.published, a.story_id, "
                f"substr(a.text, 1, {SNIPPET_CHARS}), 0.0 {source()} "
                "ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT ? OFFSET ?"
            )
        else:
            tsquery, words = to_tsquery_sql(node)
            params = [*words, *params]

            def source(join: str = "") -> str:
                # the tsquery is built once per statement, in a one-row subquery
                return (
                    f"FROM (SELECT {tsquery} AS q) tsq JOIN articles a ON a.fts @@ tsq.q {join} "
                    f"WHERE {where}"
                )

            hit_sql = (
                "SELECT a.id, a.title, a.source, a.published, a.story_id, a.text, "
                f"ts_rank('{RANK_WEIGHTS}', a.fts, tsq.q) AS score {source()} "
                "ORDER BY score DESC, a.seq LIMIT ? OFFSET ?"
            )
        words = words_of(node)
        with self._lock:
            rows = self._rows(hit_sql, [*params, query.limit, query.offset])
            hits = [
                SearchHit(r[0], r[1], r[2], r[3], r[4], snippet(r[5], words), float(r[6]))
                if words
                else SearchHit(r[0], r[1], r[2], r[3], r[4], r[5], float(r[6]))
                for r in rows
            ]
            facets, total = self.facets(source, params)
        return SearchResult(hits, total, facets)

    def _translate(self, exc: psycopg.Error, doing: str) -> NewsloomError:
        msg = str(exc).strip()
        if isinstance(exc, pg_errors.LockNotAvailable):
            return StoreLockedError(
                f"store is locked by another session (waited {LOCK_TIMEOUT_MS / 1000:g} s "
                f"to {doing})",
                source=self._where,
            )
        if isinstance(exc, pg_errors.ReadOnlySqlTransaction | pg_errors.InsufficientPrivilege):
            return StoreReadOnlyError(f"cannot {doing}: {msg}", source=self._where)
        if isinstance(exc, psycopg.OperationalError):
            return StoreConnectError(f"lost the PostgreSQL connection: {msg}", source=self._where)
        return StoreError(f"PostgreSQL error during {doing}: {msg}", source=self._where)


def _pg(sql: str) -> str:
    """The shared SQL's ``?`` placeholders as psycopg's ``%s`` (no SQL here holds a literal
    ``?`` or ``%``)."""
    return sql.replace("?", "%s")
