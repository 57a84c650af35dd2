"""The SQLite backend: one file, WAL, foreign keys, FTS5 with BM25 (title weighted).

WAL lets readers (the web server) run while a ``newsloom run`` writes. Each batch is one
``BEGIN IMMEDIATE ... COMMIT``: the write lock is taken up front, so a second writer waits
(up to the busy timeout) instead of failing halfway, and any error rolls the batch back.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsloom.errors import (
    NewsloomError,
    QuerySyntaxError,
    SchemaVersionError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
)
from newsloom.store.base import Batch, SearchHit, SearchQuery, SearchResult
from newsloom.store.facets import FacetColumns
from newsloom.store.query import parse_query, to_fts5, words_of
from newsloom.store.schema import LATEST_VERSION, MIGRATIONS, VERSION_TABLE, statements
from newsloom.store.sql import (
    DAY_FACET_VALUES,
    FACET_VALUES,
    IN_CHUNK,
    SNIPPET_CHARS,
    SqlStore,
    check_day,
    marks,
    search_filters,
    snippet,
)

# Page cache per connection and memory-mapped reads: with SQLite's defaults (2 MB cache, no
# mmap) every search re-reads index pages through system calls; these cut search CPU time
# p95 by ~25% on 100,000 articles (bench/search.py: 68.8 -> 51.0 ms under the same load).
CACHE_KIB = 64 * 1024
MMAP_BYTES = 1 << 30
# How long a writer waits for another writer's lock before giving up with E031.
BUSY_TIMEOUT_S = 10.0
# BM25 weight of a title hit relative to a body hit. Chosen, not tuned (there are no relevance
# judgements to tune on): a word in the headline says more about the article than one in the
# body; PostgreSQL's ts_rank weights (postgres.py) give the same 4:1.
TITLE_WEIGHT = 4.0
# The entity facet of a text search counts the entities of the best this-many matches (all of
# them below that). Counting every match of a common word (50,000 articles x ~8 entities) took
# ~150 ms on 100,000 articles; the entities of the top matches are what an analyst refines by.
# 1000 -> 300 took bench/search.py's p95 from 52-63 ms to 37-43 ms (quiet machine, 100,000
# articles): the facet cost ~10 ms a query. PostgreSQL counts every match (its GROUP BY is cheap).
ENTITY_FACET_SAMPLE = 300


class SqliteStore(SqlStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        super().__init__(str(path))
        self.path = Path(path)
        self._writes = 0
        self._facets: tuple[tuple[int, int], FacetColumns] | None = None
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
            self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
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

    def _rows(
        self, sql: str, params: Sequence[Any] = (), doing: str = "read"
    ) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path, doing) from exc

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
        with self._lock:
            if node is not None:
                return self._search_text(to_fts5(node), words_of(node), query, where, params)
            return self._browse(query, where, params)

    def _browse(self, query: SearchQuery, where: str, params: list[Any]) -> SearchResult:
        """An empty query: every article passing the filters, newest first, with facets
        from the in-memory columns (a GROUP BY over 100,000 rows took ~600 ms)."""
        cols = self._facet_columns()
        seqs = np.flatnonzero(cols.exists).astype(np.int64)
        matched = seqs[self._filter_mask(cols, seqs, query)]
        want = max(query.offset + query.limit, ENTITY_FACET_SAMPLE)
        newest = self._rows(
            f"SELECT a.seq, a.id, a.title, a.source, a.published, a.story_id, "
            f"substr(a.text, 1, {SNIPPET_CHARS}) FROM articles a WHERE {where} "
            "ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT ?",
            [*params, want],
        )
        page = newest[query.offset : query.offset + query.limit]
        hits = [SearchHit(r[1], r[2], r[3], r[4], r[5], r[6] or "", 0.0) for r in page]
        facets = self._column_facets(cols, matched)
        facets["entity"] = self._entity_facet([r[0] for r in newest[:ENTITY_FACET_SAMPLE]])
        return SearchResult(hits, len(matched), facets)

    @staticmethod
    def _column_facets(
        cols: FacetColumns, matched: npt.NDArray[np.int64]
    ) -> dict[str, list[tuple[str, str, int]]]:
        return {
            "source": cols.counts("source", matched, FACET_VALUES),
            "lang": cols.counts("lang", matched, FACET_VALUES),
            "day": sorted(cols.counts("day", matched, None))[-DAY_FACET_VALUES:],
        }

    def write_batch(self, batch: Batch) -> None:
        super().write_batch(batch)
        self._writes += 1  # data_version does not count this connection's own commits

    def _facet_columns(self) -> FacetColumns:
        version = (int(self._rows("PRAGMA data_version")[0][0]), self._writes)
        if self._facets is None or self._facets[0] != version:
            self._facets = (version, FacetColumns.load(self._rows))
        return self._facets[1]

    def _search_text(
        self, match: str, words: list[str], query: SearchQuery, where: str, params: list[Any]
    ) -> SearchResult:
        """Total and facets from the match rowids and the in-memory facet columns; the
        ranking (BM25 over every match, sorted in SQLite) returns only the best rows, and only
        the page of hits is read in full, with its snippets."""
        cols = self._facet_columns()
        found = self._rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [match])
        seqs = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
        seqs = seqs[seqs < len(cols.source)]
        matched = seqs[self._filter_mask(cols, seqs, query)]
        facets = self._column_facets(cols, matched)
        want = max(query.offset + query.limit, ENTITY_FACET_SAMPLE)
        score = f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0)"
        if where == "1 = 1":
            ranked = self._rows(
                f"SELECT rowid, {score} AS score FROM articles_fts WHERE articles_fts MATCH ? "
                "ORDER BY score, rowid DESC LIMIT ?",
                [match, want],
            )
        else:  # materialised first, so the planner cannot scan an outlet's articles and
            # run the MATCH once per row; the join reads the narrow facet index
            ranked = self._rows(
                f"WITH m AS MATERIALIZED (SELECT rowid AS seq, {score} AS score "
                "FROM articles_fts WHERE articles_fts MATCH ?) SELECT m.seq, m.score FROM m "
                f"JOIN articles a INDEXED BY articles_facets ON a.seq = m.seq WHERE {where} "
                "ORDER BY m.score, m.seq DESC LIMIT ?",
                [match, *params, want],
            )
        page = ranked[query.offset : query.offset + query.limit]
        page_seqs = [r[0] for r in page]
        details = {
            r[0]: r
            for r in self._rows(
                "SELECT seq, id, title, source, published, story_id, text FROM articles "
                f"WHERE seq IN ({marks(len(page_seqs))})",
                page_seqs,
            )
        }
        # snippets cut in Python around the query's words (as in PostgreSQL): FTS5's
        # snippet() would evaluate the whole MATCH again, 18 ms for a prefix query
        hits = [
            SearchHit(d[1], d[2], d[3], d[4], d[5], snippet(d[6], words), -float(sc))
            for seq, sc in page
            if (d := details.get(seq)) is not None
        ]
        facets["entity"] = self._entity_facet([r[0] for r in ranked[:ENTITY_FACET_SAMPLE]])
        return SearchResult(hits, len(matched), facets)

    def _filter_mask(
        self, cols: FacetColumns, seqs: npt.NDArray[np.int64], query: SearchQuery
    ) -> npt.NDArray[np.bool_]:
        mask = np.ones(len(seqs), dtype=bool)
        if query.source:
            mask &= cols.source[seqs] == cols.code("source", query.source)
        if query.lang:
            mask &= cols.lang[seqs] == cols.code("lang", query.lang)
        since, until = check_day(query.since, "since"), check_day(query.until, "until")
        if since or until:
            ok = np.array(
                [
                    d is not None and (not since or d >= since) and (not until or d <= until)
                    for d in cols.names["day"]
                ],
                dtype=bool,
            )
            mask &= ok[cols.day[seqs]]
        if query.entity_id:
            rows = self._rows(
                "SELECT a.seq FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
                "WHERE ae.entity_id = ?",
                (query.entity_id,),
            )
            mask &= np.isin(seqs, np.array([r[0] for r in rows], dtype=np.int64))
        return mask

    def _entity_facet(self, seqs: list[int]) -> list[tuple[str, str, int]]:
        counts: Counter[str] = Counter()
        names: dict[str, str] = {}
        for start in range(0, len(seqs), IN_CHUNK):
            part = seqs[start : start + IN_CHUNK]
            for eid, name, n in self._rows(
                "SELECT ae.entity_id, min(e.name), count(*) FROM articles a "
                "JOIN article_entities ae ON ae.article_id = a.id "
                "JOIN entities e ON e.id = ae.entity_id "
                f"WHERE a.seq IN ({marks(len(part))}) GROUP BY ae.entity_id",
                part,
            ):
                counts[eid] += int(n)
                names[eid] = name
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
        return [(eid, names[eid], n) for eid, n in ranked]


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
