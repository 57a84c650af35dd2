"""The store schema as numbered migrations, one SQL script per backend.

Both backends hold the same tables and columns; they differ only in types and in full-text
search (an FTS5 table kept in step by triggers in SQLite, a generated ``tsvector`` column with
a GIN index in PostgreSQL). ``open_store`` applies the migrations a store lacks, each in its own
transaction; a store whose version is newer than ``LATEST_VERSION`` is refused.

To change the schema, append a migration: never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Dialect = Literal["sqlite", "postgres"]

# Offsets are named *_pos because END is reserved in PostgreSQL. JSON columns hold lists and
# objects that are only ever read whole (sections, aliases...), never queried.
_TABLES = """
CREATE TABLE pages (
    page_key TEXT PRIMARY KEY,
    source TEXT,
    articles INTEGER NOT NULL,
    processed_at TEXT NOT NULL
);
CREATE TABLE articles (
    seq {serial},
    id TEXT NOT NULL UNIQUE,
    page_key TEXT,
    role TEXT NOT NULL,
    title TEXT,
    url TEXT,
    source TEXT,
    source_path TEXT,
    lang TEXT,
    published TEXT,
    day TEXT,
    text TEXT NOT NULL,
    story_id TEXT,
    duplicate_of TEXT,
    data TEXT NOT NULL,
    enrich_notes TEXT NOT NULL,
    stored_at TEXT NOT NULL
    {fts_column}
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_source ON articles (source, published);
CREATE INDEX articles_lang ON articles (lang);
CREATE INDEX articles_day ON articles (day);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_page ON articles (page_key);
CREATE TABLE removed_blocks (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE containment (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    contained_id TEXT NOT NULL,
    PRIMARY KEY (article_id, contained_id)
);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    headline TEXT,
    first_seen TEXT,
    last_seen TEXT,
    n_articles INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    sources TEXT NOT NULL,
    key_terms TEXT NOT NULL
);
CREATE INDEX stories_last_seen ON stories (last_seen);
CREATE INDEX stories_coverage ON stories (n_articles, n_sources, last_seen);
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles (article_id);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX entities_label ON entities (label);
CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities (id),
    seq INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    aliases TEXT NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id, article_id);
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (article_id, entity_id, seq)
);
CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_id TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue TEXT,
    addressee TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX quotes_speaker ON quotes (speaker_id);
CREATE TABLE claims (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    cue TEXT NOT NULL,
    speaker TEXT,
    speaker_id TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX claims_speaker ON claims (speaker_id);
CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT,
    granularity TEXT,
    begin_value TEXT,
    end_value TEXT,
    duration TEXT,
    method TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    geonameid BIGINT,
    lat {real},
    lon {real},
    country TEXT,
    admin1 TEXT,
    feature TEXT,
    confidence {real} NOT NULL,
    entity_id TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX places_name ON places (name, geonameid);
CREATE TABLE pipeline_state (
    name TEXT PRIMARY KEY,
    data {blob} NOT NULL,
    updated_at TEXT NOT NULL
);
"""


# An external-content FTS5 index over articles(title, text), kept in step by triggers; the
# porter stemmer matches "strikes" to "strike" as PostgreSQL's english configuration does.
def _sqlite_fts_table(prefix: str = "") -> str:
    prefix_option = f", prefix='{prefix}'" if prefix else ""
    return f"""
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'{prefix_option}
);"""


_FTS_ADD_NEW = """INSERT INTO articles_fts (rowid, title, text)
    VALUES (new.seq, new.title, new.text);"""
_FTS_DROP_OLD = """INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);"""
_SQLITE_FTS = f"""{_sqlite_fts_table()}
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    {_FTS_ADD_NEW}
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    {_FTS_DROP_OLD}
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    {_FTS_DROP_OLD}
    {_FTS_ADD_NEW}
END;
"""

# Title terms get weight A, body terms D; ts_rank's weight array makes A count 4x D.
_PG_FTS_COLUMN = """,
    fts tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', text), 'D')
    ) STORED"""
_PG_FTS = "CREATE INDEX articles_fts ON articles USING GIN (fts);"


def _v1(dialect: Dialect) -> str:
    if dialect == "sqlite":
        tables = _TABLES.format(
            serial="INTEGER PRIMARY KEY", real="REAL", blob="BLOB", fts_column=""
        )
        return tables + _SQLITE_FTS
    tables = _TABLES.format(
        serial="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        real="DOUBLE PRECISION",
        blob="BYTEA",
        fts_column=_PG_FTS_COLUMN,
    )
    return tables + _PG_FTS


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    sqlite: str
    postgres: str

    def script(self, dialect: Dialect) -> str:
        return self.sqlite if dialect == "sqlite" else self.postgres


# Search joins every full-text match to its outlet, language and day to count facets; an index
# holding just those columns is read instead of the article rows (which carry the whole text),
# 4x faster on 100,000 articles (bench/search.py).
_V2_SQLITE = "CREATE INDEX articles_facets ON articles (seq, source, lang, day, id);"
_V2_POSTGRES = "CREATE INDEX articles_facets ON articles (seq) INCLUDE (source, lang, day, id);"

# Prefix indexes for queries like "evacu*" of 3 to 6 characters: without them FTS5 merges the
# doclists of every word with that prefix on each query (the slowest kind in bench/search.py).
# PostgreSQL answers prefixes from its GIN index as it is.
PREFIX_LENGTHS = "3 4 5 6"
_V3_SQLITE = f"""
DROP TABLE articles_fts;{_sqlite_fts_table(PREFIX_LENGTHS)}
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
INSERT INTO articles_fts (articles_fts) VALUES ('optimize');
"""

# The entities page ranks entities by their number of articles: counting article_entities for
# every entity on each request took 0.65 s at 100,000 articles. The count is kept on the entity
# row by the write path (one sorted update a batch, so concurrent writers lock entity rows in
# the same order) and read through these indexes.
_V4 = """
ALTER TABLE entities ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
UPDATE entities SET articles = (
    SELECT count(*) FROM article_entities ae WHERE ae.entity_id = entities.id
);
CREATE INDEX entities_rank ON entities (articles DESC, name, id);
CREATE INDEX entities_label_rank ON entities (label, articles DESC, name, id);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, stories, enrichment, pages, state", _v1("sqlite"), _v1("postgres")),
    Migration(2, "covering index for search facets", _V2_SQLITE, _V2_POSTGRES),
    Migration(3, "full-text prefix indexes (SQLite)", _V3_SQLITE, ""),
    Migration(4, "article count on each entity", _V4, _V4),
)
LATEST_VERSION = MIGRATIONS[-1].version

VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"


def statements(script: str) -> list[str]:
    """Split a script into statements (trigger bodies keep their inner semicolons)."""
    out: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in script.strip().splitlines():
        current.append(line)
        stripped = line.strip()
        if stripped.startswith("CREATE TRIGGER"):
            in_trigger = True
        if (in_trigger and stripped == "END;") or (not in_trigger and stripped.endswith(";")):
            out.append("\n".join(current).strip().rstrip(";"))
            current = []
            in_trigger = False
    if any(line.strip() for line in current):
        out.append("\n".join(current).strip().rstrip(";"))
    return out
