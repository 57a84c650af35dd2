"""What both SQL backends share: the writes of a batch and every read except search.

The SQL here is portable between SQLite and PostgreSQL (``INSERT ... ON CONFLICT``, ``NULLS
LAST``, ``?`` placeholders that the PostgreSQL backend turns into ``%s``). Each backend supplies
a connection, a transaction and its own full-text ``search``. All values are bound parameters;
no user text is ever formatted into SQL.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from newsloom.enrich.records import (
    Claim,
    Enrichment,
    Entity,
    Mention,
    Place,
    Quote,
    TimeExpr,
)
from newsloom.errors import QuerySyntaxError
from newsloom.model import Article, RemovedBlock, Section
from newsloom.store.base import (
    Batch,
    EntitySummary,
    Order,
    PlaceRow,
    QuoteRow,
    SearchQuery,
    SearchResult,
    StoredArticle,
)
from newsloom.store.schema import Dialect
from newsloom.stories.model import Story

# Ids per IN (...) list: far below SQLite's bound-parameter limit, and short statements.
IN_CHUNK = 500
# Values returned per facet (the most frequent first; the day facet is chronological).
FACET_VALUES = 20
DAY_FACET_VALUES = 366
SNIPPET_CHARS = 240
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")

# Columns of article-owned tables in insert order; "article_id" comes first in each.
_CHILD_TABLES = (
    "removed_blocks",
    "containment",
    "article_entities",
    "mentions",
    "quotes",
    "claims",
    "times",
    "places",
)
_ARTICLE_COLS = (
    "id, page_key, role, title, url, source, source_path, lang, published, day, text, "
    "story_id, duplicate_of, data, enrich_notes, stored_at"
)
_QUOTE_COLS = (
    "q.id, q.start_pos, q.end_pos, q.text, q.kind, q.speaker, q.speaker_id, q.speaker_start, "
    "q.speaker_end, q.cue, q.addressee"
)
_CLAIM_COLS = "id, start_pos, end_pos, text, kind, cue, speaker, speaker_id"
_TIME_COLS = (
    "start_pos, end_pos, text, kind, value, granularity, begin_value, end_value, duration, method"
)
_PLACE_COLS = (
    "start_pos, end_pos, text, name, geonameid, lat, lon, country, admin1, feature, confidence, "
    "entity_id"
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def day_of(value: str | None) -> str | None:
    return value[:10] if value and _DAY.match(value) else None


def check_day(value: str | None, name: str) -> str | None:
    """A ``since``/``until`` filter as a YYYY-MM-DD day (a datetime is cut to its day)."""
    if value is None or value == "":
        return None
    if not _DAY.match(value):
        raise QuerySyntaxError(f"{name} must be an ISO date (YYYY-MM-DD), not {value!r}")
    return value[:10]


def chunks(items: Sequence[str], size: int = IN_CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(n: int) -> str:
    return ", ".join("?" * n)


class SqlStore:
    """The shared implementation; subclasses provide the connection and ``search``."""

    url: str
    dialect: Dialect

    def __init__(self, url: str) -> None:
        self.url = url
        # One connection per store, used by one thread at a time (the web server's workers
        # share the store object).
        self._lock = threading.RLock()

    # -- backend hooks -------------------------------------------------------------------

    def _rows(
        self, sql: str, params: Sequence[Any] = (), doing: str = "read"
    ) -> list[tuple[Any, ...]]:
        """The statement's rows; ``doing`` names the work in an error (a DELETE ... RETURNING
        inside a batch is a write)."""
        raise NotImplementedError

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _exec_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResult:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- writing -------------------------------------------------------------------------

    def write_batch(self, batch: Batch) -> None:
        stamp = now_iso()
        with self._lock, self._transaction():
            pages: dict[str, tuple[str | None, int]] = {}
            for key, name in batch.pages.items():
                pages[key] = (name, 0)
            entity_articles: Counter[str] = Counter()  # change in each entity's article count
            for sa in batch.articles:
                self._write_article(sa, stamp, entity_articles)
                if sa.page_key:
                    name, n = pages.get(sa.page_key, (sa.article.source_path, 0))
                    pages[sa.page_key] = (name or sa.article.source_path or sa.article.url, n + 1)
            for story in batch.stories:
                self._write_story(story)
            changed = sorted((eid, n) for eid, n in entity_articles.items() if n)
            if changed:
                self._exec_many(
                    "UPDATE entities SET articles = articles + ? WHERE id = ?",
                    [(n, eid) for eid, n in changed],
                )
            if pages:
                self._exec_many(
                    "INSERT INTO pages (page_key, source, articles, processed_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (page_key) DO UPDATE SET "
                    "source = excluded.source, articles = excluded.articles",
                    [(k, name, n, stamp) for k, (name, n) in pages.items()],
                )
            for name, blob in batch.state.items():
                self._exec(
                    "INSERT INTO pipeline_state (name, data, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET data = excluded.data, "
                    "updated_at = excluded.updated_at",
                    (name, blob, stamp),
                )

    def _write_article(self, sa: StoredArticle, stamp: str, entity_articles: Counter[str]) -> None:
        a, e = sa.article, sa.enrichment
        data = {
            "dateline": a.dateline,
            "byline": a.byline,
            "published_text": a.published_text,
            "sections": [s.to_dict() for s in a.sections],
            "extras": a.extras,
        }
        row = (
            a.id, sa.page_key, a.role, a.title, a.url, a.source, a.source_path, a.lang,
            a.published, day_of(a.published), a.text, sa.story_id, sa.duplicate_of,
            json.dumps(data, ensure_ascii=False), json.dumps(e.notes, ensure_ascii=False), stamp,
        )  # fmt: skip
        # stored_at keeps the first write's time: rewriting the same article changes nothing
        updates = ", ".join(f"{c} = excluded.{c}" for c in _ARTICLE_COLS.split(", ")[1:-1])
        self._exec(
            f"INSERT INTO articles ({_ARTICLE_COLS}) VALUES ({marks(16)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            row,
        )
        for table in _CHILD_TABLES:  # children are replaced whole, so a rewrite is exact
            if table == "article_entities":
                gone = self._rows(
                    "DELETE FROM article_entities WHERE article_id = ? RETURNING entity_id",
                    (a.id,),
                    doing="write",
                )
                entity_articles.subtract(r[0] for r in gone)
            else:
                self._exec(f"DELETE FROM {table} WHERE article_id = ?", (a.id,))
        aid = a.id
        self._insert(
            "removed_blocks",
            "article_id, seq, text, reason, start_pos, end_pos",
            [(aid, i, r.text, r.reason, r.start, r.end) for i, r in enumerate(a.removed)],
        )
        contained = [(aid, c) for c in dict.fromkeys(sa.contains)]
        self._insert("containment", "article_id, contained_id", contained)
        if e.entities:
            self._exec_many(
                "INSERT INTO entities (id, name, label) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",
                [(ent.id, ent.name, ent.label) for ent in e.entities],
            )
        ents = list({ent.id: ent for ent in e.entities}.values())
        entity_articles.update(ent.id for ent in ents)
        self._insert(
            "article_entities",
            "article_id, entity_id, seq, mentions, aliases",
            [
                (aid, ent.id, i, len(ent.mentions), json.dumps(ent.aliases, ensure_ascii=False))
                for i, ent in enumerate(ents)
            ],
        )
        self._insert(
            "mentions",
            "article_id, entity_id, seq, start_pos, end_pos, text",
            [
                (aid, ent.id, i, m.start, m.end, m.text)
                for ent in ents
                for i, m in enumerate(ent.mentions)
            ],
        )
        self._insert(
            "quotes",
            "article_id, seq, " + _QUOTE_COLS.replace("q.", ""),
            [
                (aid, i, q.id, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_id,
                 q.speaker_start, q.speaker_end, q.cue, q.addressee)
                for i, q in enumerate(e.quotes)
            ],
        )  # fmt: skip
        self._insert(
            "claims",
            "article_id, seq, " + _CLAIM_COLS,
            [
                (aid, i, c.id, c.start, c.end, c.text, c.kind, c.cue, c.speaker, c.speaker_id)
                for i, c in enumerate(e.claims)
            ],
        )
        self._insert(
            "times",
            "article_id, seq, " + _TIME_COLS,
            [
                (aid, i, t.start, t.end, t.text, t.kind, t.value, t.granularity, t.begin,
                 t.end_value, t.duration, t.source)
                for i, t in enumerate(e.times)
            ],
        )  # fmt: skip
        self._insert(
            "places",
            "article_id, seq, " + _PLACE_COLS,
            [
                (aid, i, p.start, p.end, p.text, p.name, p.geonameid, p.lat, p.lon, p.country,
                 p.admin1, p.feature, p.confidence, p.entity_id)
                for i, p in enumerate(e.places)
            ],
        )  # fmt: skip

    def _insert(self, table: str, cols: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            n = cols.count(",") + 1
            self._exec_many(f"INSERT INTO {table} ({cols}) VALUES ({marks(n)})", rows)

    def _write_story(self, s: Story) -> None:
        self._exec(
            "INSERT INTO stories (id, headline, first_seen, last_seen, n_articles, n_sources, "
            "sources, key_terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "headline = excluded.headline, first_seen = excluded.first_seen, "
            "last_seen = excluded.last_seen, n_articles = excluded.n_articles, "
            "n_sources = excluded.n_sources, sources = excluded.sources, "
            "key_terms = excluded.key_terms",
            (
                s.id, s.headline, s.first_seen, s.last_seen, len(s.articles), len(set(s.sources)),
                json.dumps(s.sources, ensure_ascii=False),
                json.dumps(s.key_terms, ensure_ascii=False),
            ),
        )  # fmt: skip
        self._exec("DELETE FROM story_articles WHERE story_id = ?", (s.id,))
        self._insert(
            "story_articles",
            "story_id, article_id, position",
            [(s.id, aid, i) for i, aid in enumerate(dict.fromkeys(s.articles))],
        )

    def known_page_keys(self, keys: Iterable[str]) -> set[str]:
        return self._known("pages", "page_key", keys)

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        return self._known("articles", "id", ids)

    def _known(self, table: str, column: str, values: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(values))
        found: set[str] = set()
        with self._lock:
            for part in chunks(wanted):
                sql = f"SELECT {column} FROM {table} WHERE {column} IN ({marks(len(part))})"
                found.update(r[0] for r in self._rows(sql, part))
        return found

    def load_state(self, name: str) -> bytes | None:
        with self._lock:
            rows = self._rows("SELECT data FROM pipeline_state WHERE name = ?", (name,))
        return bytes(rows[0][0]) if rows else None

    # -- articles ------------------------------------------------------------------------

    def get_article(self, article_id: str) -> StoredArticle | None:
        found = self._load_articles([article_id])
        return found.get(article_id)

    def iter_articles(self, *, batch_size: int = 200) -> Iterator[StoredArticle]:
        """Every article in storage order (for export), fully loaded, a batch at a time."""
        last = -1
        while True:
            with self._lock:
                rows = self._rows(
                    "SELECT seq, id FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, batch_size),
                )
            if not rows:
                return
            last = int(rows[-1][0])
            ids = [r[1] for r in rows]
            loaded = self._load_articles(ids)
            yield from (loaded[i] for i in ids if i in loaded)

    def _load_articles(self, ids: Sequence[str]) -> dict[str, StoredArticle]:
        out: dict[str, StoredArticle] = {}
        with self._lock:
            for part in chunks(list(dict.fromkeys(ids))):
                self._load_part(part, out)
        return out

    def _load_part(self, ids: Sequence[str], out: dict[str, StoredArticle]) -> None:
        where = f"article_id IN ({marks(len(ids))})"
        for r in self._rows(
            f"SELECT {_ARTICLE_COLS} FROM articles WHERE id IN ({marks(len(ids))})", ids
        ):
            data = json.loads(r[13])
            art = Article(
                id=r[0], text=r[10], role=r[2], title=r[3], url=r[4], source=r[5],
                source_path=r[6], lang=r[7], published=r[8], dateline=data.get("dateline"),
                byline=data.get("byline"), published_text=data.get("published_text"),
                sections=[Section.from_dict(s) for s in data.get("sections") or []],
                extras=data.get("extras") or {},
            )  # fmt: skip
            out[r[0]] = StoredArticle(
                article=art,
                enrichment=Enrichment(notes=json.loads(r[14])),
                story_id=r[11],
                duplicate_of=r[12],
                page_key=r[1],
            )
        for r in self._rows(
            f"SELECT article_id, text, reason, start_pos, end_pos FROM removed_blocks "
            f"WHERE {where} ORDER BY article_id, seq",
            ids,
        ):
            out[r[0]].article.removed.append(RemovedBlock(r[1], r[2], r[3], r[4]))
        for r in self._rows(
            f"SELECT article_id, contained_id FROM containment WHERE {where} "
            "ORDER BY article_id, contained_id",
            ids,
        ):
            out[r[0]].contains.append(r[1])
        ents: dict[tuple[str, str], Entity] = {}
        for r in self._rows(
            f"SELECT ae.article_id, e.id, e.name, e.label, ae.aliases FROM article_entities ae "
            f"JOIN entities e ON e.id = ae.entity_id WHERE ae.{where} "
            "ORDER BY ae.article_id, ae.seq",
            ids,
        ):
            ent = Entity(r[1], r[2], r[3], [], json.loads(r[4]))
            ents[(r[0], r[1])] = ent
            out[r[0]].enrichment.entities.append(ent)
        for r in self._rows(
            f"SELECT article_id, entity_id, start_pos, end_pos, text FROM mentions "
            f"WHERE {where} ORDER BY article_id, entity_id, seq",
            ids,
        ):
            ents[(r[0], r[1])].mentions.append(Mention(r[2], r[3], r[4]))
        for r in self._rows(
            f"SELECT q.article_id, {_QUOTE_COLS} FROM quotes q WHERE q.{where} "
            "ORDER BY q.article_id, q.seq",
            ids,
        ):
            out[r[0]].enrichment.quotes.append(_quote(r[1:]))
        for r in self._rows(
            f"SELECT article_id, {_CLAIM_COLS} FROM claims WHERE {where} ORDER BY article_id, seq",
            ids,
        ):
            out[r[0]].enrichment.claims.append(_claim(r[1:]))
        for r in self._rows(
            f"SELECT article_id, {_TIME_COLS} FROM times WHERE {where} ORDER BY article_id, seq",
            ids,
        ):
            out[r[0]].enrichment.times.append(_time(r[1:]))
        for r in self._rows(
            f"SELECT article_id, {_PLACE_COLS} FROM places WHERE {where} ORDER BY article_id, seq",
            ids,
        ):
            out[r[0]].enrichment.places.append(_place(r[1:]))

    def facets(
        self, source: Callable[..., str], params: list[Any]
    ) -> tuple[dict[str, list[tuple[str, str, int]]], int]:
        """Counts per outlet, language, day and entity over the matching articles, and
        their total. ``source(join)`` gives the FROM/WHERE of the matches."""

        def run(sql: str) -> list[tuple[Any, ...]]:
            return self._rows(sql, params)

        sources = run(f"SELECT a.source, count(*) {source()} GROUP BY a.source ORDER BY 2 DESC")
        total = sum(int(n) for _, n in sources)
        facets: dict[str, list[tuple[str, str, int]]] = {
            "source": [(s, s, int(n)) for s, n in sources if s is not None][:FACET_VALUES]
        }
        langs = run(
            f"SELECT a.lang, count(*) {source()} AND a.lang IS NOT NULL GROUP BY a.lang "
            f"ORDER BY 2 DESC LIMIT {FACET_VALUES}"
        )
        facets["lang"] = [(v, v, int(n)) for v, n in langs]
        days = run(
            f"SELECT a.day, count(*) {source()} AND a.day IS NOT NULL GROUP BY a.day "
            f"ORDER BY a.day DESC LIMIT {DAY_FACET_VALUES}"
        )
        facets["day"] = [(v, v, int(n)) for v, n in reversed(days)]
        joins = (
            "JOIN article_entities ae ON ae.article_id = a.id "
            "JOIN entities e ON e.id = ae.entity_id"
        )
        ents = run(
            f"SELECT ae.entity_id, min(e.name), count(*) {source(joins)} "
            f"GROUP BY ae.entity_id ORDER BY 3 DESC, 1 LIMIT {FACET_VALUES}"
        )
        facets["entity"] = [(v, label, int(n)) for v, label, n in ents]
        return facets, total

    # -- stories -------------------------------------------------------------------------

    def list_stories(
        self,
        *,
        order: Order = "latest",
        limit: int = 50,
        offset: int = 0,
        since: str | None = None,
        until: str | None = None,
    ) -> list[Story]:
        since, until = check_day(since, "since"), check_day(until, "until")
        where, params = ["1 = 1"], []
        if since:  # stories whose coverage overlaps [since, until]
            where.append("substr(last_seen, 1, 10) >= ?")
            params.append(since)
        if until:
            where.append("substr(first_seen, 1, 10) <= ?")
            params.append(until)
        ranking = (
            "last_seen DESC NULLS LAST, n_articles DESC, id"
            if order == "latest"
            else "n_articles DESC, n_sources DESC, last_seen DESC NULLS LAST, id"
        )
        with self._lock:
            rows = self._rows(
                "SELECT id, headline, first_seen, last_seen, sources, key_terms FROM stories "
                f"WHERE {' AND '.join(where)} ORDER BY {ranking} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            return self._stories(rows)

    def get_story(self, story_id: str) -> Story | None:
        with self._lock:
            rows = self._rows(
                "SELECT id, headline, first_seen, last_seen, sources, key_terms FROM stories "
                "WHERE id = ?",
                (story_id,),
            )
            found = self._stories(rows)
        return found[0] if found else None

    def _stories(self, rows: list[tuple[Any, ...]]) -> list[Story]:
        stories = [
            Story(r[0], r[1], r[2], r[3], [], json.loads(r[4]), json.loads(r[5])) for r in rows
        ]
        by_id = {s.id: s for s in stories}
        for part in chunks(list(by_id)):
            for sid, aid in self._rows(
                f"SELECT story_id, article_id FROM story_articles "
                f"WHERE story_id IN ({marks(len(part))}) ORDER BY story_id, position",
                part,
            ):
                by_id[sid].articles.append(aid)
        return stories

    def page_articles(self, page_key: str) -> list[StoredArticle]:
        """The articles cut from one fetched page, in page order (main first, then embedded)."""
        with self._lock:
            rows = self._rows(
                "SELECT id FROM articles WHERE page_key = ? ORDER BY seq", (page_key,)
            )
        ids = [r[0] for r in rows]
        loaded = self._load_articles(ids)
        return [loaded[i] for i in ids if i in loaded]

    def story_articles(self, story_id: str) -> list[StoredArticle]:
        story = self.get_story(story_id)
        if story is None:
            return []
        loaded = self._load_articles(story.articles)
        return [loaded[a] for a in story.articles if a in loaded]

    # -- entities, quotes, claims, times, places ----------------------------------------

    _ENTITY_SUMMARY = (
        "SELECT e.id, e.name, e.label, count(ae.article_id), min(a.published), "
        "max(a.published) FROM entities e "
        "LEFT JOIN article_entities ae ON ae.entity_id = e.id "
        "LEFT JOIN articles a ON a.id = ae.article_id "
    )

    def _summaries(self, where: str, params: Sequence[Any], tail: str) -> list[EntitySummary]:
        rows = self._rows(
            f"{self._ENTITY_SUMMARY} WHERE {where} GROUP BY e.id, e.name, e.label {tail}", params
        )
        return [EntitySummary(Entity(r[0], r[1], r[2]), int(r[3]), r[4], r[5]) for r in rows]

    def get_entity(self, entity_id: str) -> EntitySummary | None:
        with self._lock:
            found = self._summaries("e.id = ?", (entity_id,), "")
            if not found:
                return None
            aliases: dict[str, None] = {}
            for (raw,) in self._rows(
                "SELECT aliases FROM article_entities WHERE entity_id = ?", (entity_id,)
            ):
                aliases.update(dict.fromkeys(json.loads(raw)))
        summary = found[0]
        summary.entity.aliases = [a for a in aliases if a != summary.entity.name]
        return summary

    def list_entities(
        self, *, label: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]:
        """The most mentioned entities (by articles). The page's ids are ranked by the article
        count kept on each entity (migration 4), and only they are joined to their articles
        for first/last seen. Entities left with no article are not listed."""
        where, params = ("label = ? AND articles > 0", [label]) if label else ("articles > 0", [])
        with self._lock:
            ranked = [
                r[0]
                for r in self._rows(
                    f"SELECT id FROM entities WHERE {where} "
                    "ORDER BY articles DESC, name, id LIMIT ? OFFSET ?",
                    [*params, limit, offset],
                )
            ]
            if not ranked:
                return []
            found = {
                s.entity.id: s
                for s in self._summaries(f"e.id IN ({marks(len(ranked))})", ranked, "")
            }
        return [found[eid] for eid in ranked if eid in found]

    def co_mentioned(self, entity_id: str, limit: int = 20) -> list[tuple[EntitySummary, int]]:
        with self._lock:
            rows = self._rows(
                "SELECT b.entity_id, count(*) FROM article_entities a "
                "JOIN article_entities b ON b.article_id = a.article_id "
                "AND b.entity_id <> a.entity_id WHERE a.entity_id = ? "
                "GROUP BY b.entity_id ORDER BY count(*) DESC, b.entity_id LIMIT ?",
                (entity_id, limit),
            )
            if not rows:
                return []
            ids = [r[0] for r in rows]
            found = {
                s.entity.id: s for s in self._summaries(f"e.id IN ({marks(len(ids))})", ids, "")
            }
        return [(found[eid], int(n)) for eid, n in rows if eid in found]

    def list_quotes(
        self,
        *,
        speaker_id: str | None = None,
        about_entity_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QuoteRow]:
        since, until = check_day(since, "since"), check_day(until, "until")
        where, params = ["1 = 1"], []
        if speaker_id:
            where.append("q.speaker_id = ?")
            params.append(speaker_id)
        if about_entity_id:
            where.append(
                "q.article_id IN (SELECT article_id FROM article_entities WHERE entity_id = ?)"
            )
            params.append(about_entity_id)
        if since:
            where.append("a.day >= ?")
            params.append(since)
        if until:
            where.append("a.day <= ?")
            params.append(until)
        with self._lock:
            rows = self._rows(
                f"SELECT {_QUOTE_COLS}, a.id, a.title, a.source, a.published FROM quotes q "
                f"JOIN articles a ON a.id = q.article_id WHERE {' AND '.join(where)} "
                "ORDER BY a.published DESC NULLS LAST, a.id, q.seq LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        return [QuoteRow(_quote(r[:11]), r[11], r[12], r[13], r[14]) for r in rows]

    def list_claims(self, *, speaker_id: str | None = None, limit: int = 50) -> list[Claim]:
        where, params = ("speaker_id = ?", [speaker_id]) if speaker_id else ("1 = 1", [])
        with self._lock:
            rows = self._rows(
                f"SELECT {_CLAIM_COLS} FROM claims WHERE {where} ORDER BY article_id, seq LIMIT ?",
                [*params, limit],
            )
        return [_claim(r) for r in rows]

    def list_times(self, article_id: str) -> list[TimeExpr]:
        with self._lock:
            rows = self._rows(
                f"SELECT {_TIME_COLS} FROM times WHERE article_id = ? ORDER BY seq", (article_id,)
            )
        return [_time(r) for r in rows]

    def list_places(self, *, story_id: str | None = None, limit: int = 1000) -> list[PlaceRow]:
        where, params = "1 = 1", []
        if story_id:
            where = "article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)"
            params = [story_id]
        with self._lock:
            rows = self._rows(
                "SELECT name, geonameid, lat, lon, country, admin1, feature, max(confidence), "
                "min(entity_id), min(text), count(DISTINCT article_id) FROM places "
                f"WHERE {where} GROUP BY name, geonameid, lat, lon, country, admin1, feature "
                "ORDER BY count(DISTINCT article_id) DESC, name LIMIT ?",
                [*params, limit],
            )
        # an aggregate over mentions: offsets -1 say "no one mention"
        return [PlaceRow(Place(-1, -1, r[9], *r[:9]), int(r[10])) for r in rows]

    def stats(self) -> dict[str, Any]:
        counts: dict[str, Any] = {}
        with self._lock:
            for table in ("pages", "articles", "stories", "entities", "quotes", "claims",
                          "times", "places"):  # fmt: skip
                counts[table] = int(self._rows(f"SELECT count(*) FROM {table}")[0][0])
            counts["duplicates"] = int(
                self._rows("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")[0][0]
            )
            counts["schema_version"] = self.schema_version()
        counts["backend"] = self.dialect
        return counts

    def schema_version(self) -> int:
        rows = self._rows("SELECT max(version) FROM schema_version")
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def search_filters(query: SearchQuery) -> tuple[str, list[Any]]:
    """The facet filters of a search as SQL on ``articles a`` and its parameters."""
    where, params = ["1 = 1"], []
    if query.source:
        where.append("a.source = ?")
        params.append(query.source)
    if query.lang:
        where.append("a.lang = ?")
        params.append(query.lang)
    if query.entity_id:
        where.append("a.id IN (SELECT article_id FROM article_entities WHERE entity_id = ?)")
        params.append(query.entity_id)
    since, until = check_day(query.since, "since"), check_day(query.until, "until")
    if since:
        where.append("a.day >= ?")
        params.append(since)
    if until:
        where.append("a.day <= ?")
        params.append(until)
    return " AND ".join(where), params


def _quote(r: Sequence[Any]) -> Quote:
    return Quote(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10])


def _claim(r: Sequence[Any]) -> Claim:
    return Claim(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])


def _time(r: Sequence[Any]) -> TimeExpr:
    return TimeExpr(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])


def _place(r: Sequence[Any]) -> Place:
    return Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11])


def snippet(text: str, words: list[str], size: int = SNIPPET_CHARS) -> str:
    """Plain text around the first query word found. A long word is looked for without its
    last two letters, so "strikes" finds "strike" as the stemming search did."""
    stems = [w if len(w) <= 5 else w[:-2] for w in words if w]
    found = [m.start() for w in stems if (m := re.search(r"\b" + re.escape(w), text, re.I))]
    pos = min(found, default=-1)
    if pos < 0 or len(text) <= size:
        return text[:size].strip()
    start = max(0, pos - size // 3)
    start = text.rfind(" ", 0, start) + 1 if start > 0 else 0
    piece = text[start : start + size].strip()
    return ("… " if start > 0 else "") + piece + (" …" if start + size < len(text) else "")
