"""The SQLite backend: one file, WAL, foreign keys, FTS5 with BM25 (title weighted).

WAL lets readers (the web server) run while a ``newsloom run`` writes. Each batch is one
``BEGIN IMMEDIATE ... COMMIT``: the write lock is taken up front, so a second writer waits
(up to the busy timeout) instead of failing halfway, and any error rolls the batch back.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsloom.errors import (
    NewsloomError,
    QuerySyntaxError,
    SchemaVersionError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
)
from newsloom.store.base import SearchHit, SearchQuery, SearchResult
from newsloom.store.query import parse_query, to_fts5
from newsloom.store.schema import LATEST_VERSION, MIGRATIONS, VERSION_TABLE, statements
from newsloom.store.sql import (
    SNIPPET_CHARS,
    SqlStore,
    search_filters,
)

# How long a writer waits for another writer's lock before giving up with E031.
BUSY_TIMEOUT_S = 10.0
# BM25 weight of a title hit relative to a body hit. Chosen, not tuned (there are no relevance
# judgements to tune on): a word in the headline says more about the article than one in the
# body; PostgreSQL's ts_rank weights (postgres.py) give the same 4:1.
TITLE_WEIGHT = 4.0
SNIPPET_TOKENS = 32


class SqliteStore(SqlStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        super().__init__(str(path))
        self.path = Path(path)
        _check_writable(self.path)
        try:
            self._conn = sqlite3.connect(
                str(self.path),
                timeout=busy_timeout,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by self._lock
            )
        except sqlite3.Error as exc:
            raise _translate(exc, self.path, "open") from exc
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            self._conn.execute("PRAGMA journal_mode = WAL")
            # WAL with NORMAL sync: a committed batch survives a crash of the process; only
            # power loss can drop the last commits, never corrupt the file.
            self._conn.execute("PRAGMA synchronous = NORMAL")
        except NewsloomError:
            self._conn.close()
            raise
        except sqlite3.Error as exc:
            self._conn.close()
            raise _translate(exc, self.path, "open") from exc

    # -- schema --------------------------------------------------------------------------

    def _migrate(self) -> None:
        tables = {r[0] for r in self._rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "schema_version" not in tables:
            raise StoreError(
                "is a SQLite database but not a newsloom store (no schema_version table)",
                source=str(self.path),
            )
        version = self.schema_version() if tables else 0
        _refuse_newer(version, str(self.path))
        if version == LATEST_VERSION:
            return
        with self._transaction():
            self._exec(VERSION_TABLE)
            version = self.schema_version()  # another process may have migrated meanwhile
            _refuse_newer(version, str(self.path))
            for m in MIGRATIONS:
                if m.version > version:
                    for stmt in statements(m.sqlite):
                        self._exec(stmt)
                    self._exec("INSERT INTO schema_version (version) VALUES (?)", (m.version,))

    # -- backend hooks -------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path, "read") from exc

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, params)

    def _exec_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _translate(exc, self.path, "write") from exc
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException as exc:
                self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise _translate(exc, self.path, "write") from exc
                raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- search --------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        node = parse_query(query.text)
        where, params = search_filters(query)

        def source(join: str = "") -> str:
            """The FROM/WHERE of the matching articles (``join`` adds tables for a facet)."""
            if node is None:
                return f"FROM articles a {join} WHERE {where}"
            return (
                f"FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid {join} "
                f"WHERE articles_fts MATCH ? AND {where}"
            )

        if node is None:
            hit_sql = (
                f"SELECT a.id, a.title, a.source, a.published, a.story_id, "
                f"substr(a.text, 1, {SNIPPET_CHARS}), 0.0 {source()} "
                "ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT ? OFFSET ?"
            )
        else:
            params = [to_fts5(node), *params]
            hit_sql = (
                "SELECT a.id, a.title, a.source, a.published, a.story_id, "
                f"snippet(articles_fts, 1, '', '', '…', {SNIPPET_TOKENS}), "
                f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0) AS score {source()} "
                "ORDER BY score LIMIT ? OFFSET ?"
            )
        with self._lock:
            rows = self._rows(hit_sql, [*params, query.limit, query.offset])
            hits = [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5] or "", -float(r[6])) for r in rows]
            facets, total = self.facets(source, params)
        return SearchResult(hits, total, facets)


def _refuse_newer(version: int, where: str) -> None:
    if version > LATEST_VERSION:
        raise SchemaVersionError(
            f"store schema version {version} is newer than this newsloom knows "
            f"({LATEST_VERSION}); upgrade newsloom to open it",
            source=where,
        )


def _check_writable(path: Path) -> None:
    """Refuse a read-only store up front with a clear message (sqlite would fail later, on the
    first write). A file with no write bit counts as read-only even for root."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"directory {parent} does not exist", source=str(path)) from None
        if not _writable(parent, parent.stat().st_mode):
            raise StoreReadOnlyError(
                f"cannot create the store: directory {parent} is read-only", source=str(path)
            ) from None
        return
    except OSError as exc:
        raise StoreError(f"cannot open: {exc.strerror}", source=str(path)) from exc
    if stat.S_ISDIR(mode):
        raise StoreError("is a directory, not a store file", source=str(path))
    if not _writable(path, mode):
        raise StoreReadOnlyError(
            "store file is read-only (make it writable, or copy it somewhere writable)",
            source=str(path),
        )
    parent = path.parent if str(path.parent) else Path(".")
    if not _writable(parent, parent.stat().st_mode):
        raise StoreReadOnlyError(
            f"directory {parent} is read-only: SQLite needs to create its WAL files there",
            source=str(path),
        )


def _writable(path: Path, mode: int) -> bool:
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _translate(exc: sqlite3.Error, path: Path, doing: str) -> NewsloomError:
    """A coded error naming the file and the problem for the sqlite errors users can meet."""
    msg = str(exc)
    where = str(path)
    if "fts5: syntax error" in msg:  # our query renderer quotes every word; kept as a guard
        return QuerySyntaxError(f"search query rejected by SQLite: {msg}")
    if "locked" in msg or "busy" in msg:
        return StoreLockedError(
            f"store is locked by another process (waited {BUSY_TIMEOUT_S:g} s to {doing})",
            source=where,
        )
    if "readonly" in msg or "read-only" in msg:
        return StoreReadOnlyError(f"cannot {doing}: the store is read-only", source=where)
    if "not a database" in msg or "malformed" in msg:
        return StoreError(f"is not a SQLite store or is corrupt ({msg})", source=where)
    if "unable to open" in msg:
        return StoreError(f"cannot open the store file ({msg})", source=where)
    return StoreError(f"SQLite error during {doing}: {msg}", source=where)
