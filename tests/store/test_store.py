"""The Store behaviour both backends share (each test runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from newsloom.enrich.records import Claim, Enrichment, Entity, Mention, Place, Quote, TimeExpr
from newsloom.errors import (
    QuerySyntaxError,
    SchemaVersionError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
)
from newsloom.model import Article, RemovedBlock, Section
from newsloom.store import open_store
from newsloom.store.base import Batch, SearchQuery, Store, StoredArticle
from newsloom.store.postgres import split_url
from newsloom.store.sqlite import SqliteStore
from newsloom.stories.model import Story

from .conftest import PG_URL

HOSTILE = "'; DROP TABLE articles; -- <script>alert(1)</script> <img src=x onerror=alert(2)>"


def article(
    aid: str,
    title: str,
    text: str,
    *,
    source: str = "ap",
    published: str | None = "2025-08-27T10:00:00+00:00",
    lang: str = "en",
) -> Article:
    return Article(
        id=aid,
        text=text,
        title=title,
        source=source,
        url=f"https://{source}.example/{aid}",
        published=published,
        lang=lang,
        byline="By Maria Lopez",
        sections=[Section(None, [text])],
        removed=[RemovedBlock("Share on Facebook", "boilerplate:share", 0, 17)],
        extras={"clean": {"region": "main"}},
    )


def zelenskyy(text: str) -> Entity:
    start = text.index("Zelenskyy")
    return Entity(
        "ent-zel",
        "Volodymyr Zelenskyy",
        "PERSON",
        [Mention(start, start + 9, "Zelenskyy")],
        ["Zelensky"],
    )


def corpus() -> Batch:
    """Three articles, two stories, one duplicate, enrichment on the first."""
    t1 = "Zelenskyy said the strike hit an energy site near Dnipro. Talks stalled on Wednesday."
    a1 = article("a1", "Ceasefire talks stall", t1, source="ap")
    e1 = Enrichment(
        entities=[zelenskyy(t1), Entity("ent-ukr", "Ukraine", "GPE", [], [])],
        quotes=[
            Quote("q1", 0, 40, t1[:40], "indirect", "Volodymyr Zelenskyy", "ent-zel", 0, 9, "said")
        ],
        claims=[
            Claim("c1", 0, 56, t1[:56], "accusation", "said", "Volodymyr Zelenskyy", "ent-zel")
        ],
        times=[TimeExpr(68, 77, "Wednesday", "date", "2025-08-27", "day")],
        places=[
            Place(
                50,
                56,
                "Dnipro",
                "Dnipro",
                709930,
                48.45,
                34.98,
                "UA",
                "Dnipropetrovsk Oblast",
                "city",
                0.9,
                None,
            )
        ],
        notes=["test"],
    )
    t2 = "Diplomats said the ceasefire talks stalled after a strike near Dnipro; Zelenskyy spoke."
    a2 = article(
        "a2", "Strike near Dnipro", t2, source="reuters", published="2025-08-28T09:00:00+00:00"
    )
    e2 = Enrichment(entities=[zelenskyy(t2)])
    a3 = article("a3", "Pakistan sends aid planes", "Two cargo planes left for Gaza with aid.",
                 source="arabnews", published="2025-08-20T08:00:00+00:00", lang="de")  # fmt: skip
    a4 = article(
        "a4", "Strike near Dnipro", t2, source="yahoo", published="2025-08-28T11:00:00+00:00"
    )
    s1 = Story("s1", "Ceasefire talks stall", a1.published, a4.published, ["a1", "a2", "a4"],
               ["ap", "reuters", "yahoo"], ["ceasefire", "strike"])  # fmt: skip
    s2 = Story(
        "s2", "Pakistan sends aid", a3.published, a3.published, ["a3"], ["arabnews"], ["aid"]
    )
    return Batch(
        articles=[
            StoredArticle(a1, e1, story_id="s1", page_key="p1", contains=["a9"]),
            StoredArticle(a2, e2, story_id="s1", page_key="p2"),
            StoredArticle(a3, story_id="s2", page_key="p3"),
            StoredArticle(a4, e2, story_id="s1", duplicate_of="a2", page_key="p4"),
        ],
        stories=[s1, s2],
        state={"dedup-index": b"\x00binary\xff", "story-clusterer": b"{}"},
        pages={"p5": "empty.txt"},
    )


@pytest.fixture
def filled(store: Store) -> Store:
    store.write_batch(corpus())
    return store


def test_round_trip_keeps_every_field(filled: Store) -> None:
    want = corpus().articles[0]
    got = filled.get_article("a1")
    assert got is not None
    assert got.article.to_dict() == want.article.to_dict()
    assert got.enrichment.to_dict() == want.enrichment.to_dict()
    assert (got.story_id, got.duplicate_of, got.contains, got.page_key) == (
        "s1",
        None,
        ["a9"],
        "p1",
    )
    assert filled.get_article("nope") is None
    assert filled.load_state("dedup-index") == b"\x00binary\xff"
    assert filled.load_state("missing") is None


def test_writing_the_same_batch_again_adds_nothing(filled: Store) -> None:
    before = filled.stats()
    first = filled.get_article("a1")
    filled.write_batch(corpus())
    assert filled.stats() == before
    assert filled.get_article("a1") == first
    assert before["articles"] == 4 and before["stories"] == 2 and before["pages"] == 5
    assert before["duplicates"] == 1 and before["quotes"] == 1 and before["entities"] == 2


def test_a_failure_mid_batch_leaves_the_store_as_before(filled: Store) -> None:
    before = filled.stats()
    new = article("a5", "New", "brand new text about a flood")
    bad = article("a6", "Bad", "text")
    # a stage bug: a quote without text violates NOT NULL after a5 was already written
    broken = Enrichment(quotes=[Quote("q", 0, 1, None, "direct")])  # type: ignore[arg-type]
    batch = Batch(
        articles=[StoredArticle(new, page_key="p6"), StoredArticle(bad, broken, page_key="p7")],
        stories=[Story("s3", "New", None, None, ["a5"])],
        state={"dedup-index": b"changed"},
    )
    with pytest.raises(StoreError):
        filled.write_batch(batch)
    assert filled.stats() == before
    assert filled.get_article("a5") is None
    assert filled.known_page_keys(["p6", "p7", "p1"]) == {"p1"}
    assert filled.load_state("dedup-index") == b"\x00binary\xff"
    assert filled.search(SearchQuery("flood")).total == 0
    filled.write_batch(Batch(articles=[StoredArticle(new, page_key="p6")]))  # still usable
    assert filled.search(SearchQuery("flood")).total == 1


def test_known_pages_and_articles(filled: Store) -> None:
    assert filled.known_page_keys(["p1", "p5", "zz"]) == {"p1", "p5"}
    assert filled.known_article_ids(["a1", "a4", "zz"]) == {"a1", "a4"}
    assert [sa.article.id for sa in filled.iter_articles(batch_size=3)] == ["a1", "a2", "a3", "a4"]


def test_page_articles_are_the_articles_cut_from_one_page(store: Store) -> None:
    main = article("m1", "Aggregator's own story", "The page's own article text.")
    carried = article("e1", "A carried story", "Another outlet's article text.")
    other = article("o1", "Elsewhere", "A different page entirely.")
    store.write_batch(
        Batch(
            articles=[
                StoredArticle(main, page_key="agg"),
                StoredArticle(carried, page_key="agg"),
                StoredArticle(other, page_key="solo"),
            ]
        )
    )
    assert [sa.article.id for sa in store.page_articles("agg")] == ["m1", "e1"]
    assert [sa.article.id for sa in store.page_articles("solo")] == ["o1"]
    assert store.page_articles("unknown") == []


def test_search_ranks_title_hits_first_and_returns_plain_snippets(filled: Store) -> None:
    res = filled.search(SearchQuery("ceasefire"))
    assert res.hits[0].article_id == "a1"  # in the title; a2 only in the body
    assert {h.article_id for h in res.hits} == {"a1", "a2", "a4"} and res.total == 3
    assert all(h.score > 0 for h in res.hits)
    a2 = next(h for h in res.hits if h.article_id == "a2")
    assert "ceasefire" in a2.snippet.lower() and "<" not in a2.snippet
    assert [h.article_id for h in filled.search(SearchQuery("strikes")).hits]  # stemmed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"talks stalled"', {"a1", "a2", "a4"}),
        ('"stalled talks"', set()),
        ("cargo OR Dnipro", {"a1", "a2", "a3", "a4"}),
        ("Dnipro -diplomats", {"a1"}),
        ("Dnipro NOT diplomats", {"a1"}),
        ("dipl*", {"a2", "a4"}),
        ("(cargo OR diplomats) AND planes", {"a3"}),
        ("ZELENSKYY energy", {"a1"}),  # words are ANDed, case-insensitive
        ("energy site near", {"a1"}),
        ("don't", set()),  # an apostrophe is a word character, not syntax
        (HOSTILE, set()),
    ],
)
def test_query_language(filled: Store, text: str, expected: set[str]) -> None:
    assert {h.article_id for h in filled.search(SearchQuery(text)).hits} == expected


@pytest.mark.parametrize(
    "text",
    [
        '"unclosed phrase',
        "(ceasefire",
        "ceasefire)",
        "AND ceasefire",
        "ceasefire OR",
        "-ceasefire",
        "NOT",
        "()",
        "!!! ???",
    ],
)
def test_malformed_queries_raise_query_syntax_error(filled: Store, text: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        filled.search(SearchQuery(text))
    assert info.value.code == "E034" and repr(text) in str(info.value)


def test_facets_and_filters(filled: Store) -> None:
    res = filled.search(SearchQuery(""))
    assert res.total == 4
    assert [h.article_id for h in res.hits] == ["a4", "a2", "a1", "a3"]  # newest first
    assert dict((v, n) for v, _, n in res.facets["source"]) == {
        "ap": 1, "reuters": 1, "yahoo": 1, "arabnews": 1
    }  # fmt: skip
    assert [(v, n) for v, _, n in res.facets["day"]] == [
        ("2025-08-20", 1), ("2025-08-27", 1), ("2025-08-28", 2)
    ]  # fmt: skip
    assert res.facets["entity"][0] == ("ent-zel", "Volodymyr Zelenskyy", 3)
    assert dict((v, n) for v, _, n in res.facets["lang"]) == {"en": 3, "de": 1}

    def ids(**kw: object) -> set[str]:
        return {h.article_id for h in filled.search(SearchQuery(**kw)).hits}  # type: ignore[arg-type]

    assert ids(text="strike", source="reuters") == {"a2"}
    assert ids(lang="de") == {"a3"}
    assert ids(entity_id="ent-ukr") == {"a1"}
    assert ids(since="2025-08-28") == {"a2", "a4"}
    assert ids(until="2025-08-27") == {"a1", "a3"}
    assert ids(since="2025-08-21", until="2025-08-27T23:59:59") == {"a1"}
    res = filled.search(SearchQuery("strike", limit=1, offset=1))
    assert len(res.hits) == 1 and res.total == 3
    with pytest.raises(QuerySyntaxError):
        filled.search(SearchQuery("strike", since="last week"))


def test_hostile_text_is_stored_verbatim_and_returned_as_data(store: Store) -> None:
    art = article("h1", HOSTILE, f"{HOSTILE}\n\nvolcano erupted", source=HOSTILE)
    ent = Entity("ent-h", HOSTILE, "ORG", [Mention(0, 3, "'; ")], [HOSTILE])
    store.write_batch(
        Batch(
            articles=[
                StoredArticle(art, Enrichment(entities=[ent]), story_id="sh", page_key=HOSTILE)
            ],
            stories=[Story("sh", HOSTILE, None, None, ["h1"], [HOSTILE])],
        )
    )
    got = store.get_article("h1")
    assert got is not None and got.article.title == HOSTILE and got.article.source == HOSTILE
    assert got.enrichment.entities[0].name == HOSTILE
    res = store.search(SearchQuery("volcano", source=HOSTILE))
    assert [h.title for h in res.hits] == [HOSTILE]
    assert res.facets["source"][0][0] == HOSTILE
    story = store.get_story("sh")
    assert story is not None and story.headline == HOSTILE
    assert store.known_page_keys([HOSTILE]) == {HOSTILE}
    assert store.stats()["articles"] == 1  # the table is still there


def test_stories(filled: Store) -> None:
    latest = filled.list_stories()
    assert [s.id for s in latest] == ["s1", "s2"]
    assert latest[0].articles == ["a1", "a2", "a4"] and latest[0].key_terms == [
        "ceasefire",
        "strike",
    ]
    big = article("b1", "x", "y", published="2024-01-01T00:00:00+00:00")
    filled.write_batch(
        Batch(
            articles=[StoredArticle(big, story_id="s0")],
            stories=[Story("s0", "Old", big.published, big.published, ["b1", "c", "d", "e"])],
        )
    )
    assert [s.id for s in filled.list_stories(order="coverage")] == ["s0", "s1", "s2"]
    assert [s.id for s in filled.list_stories(order="latest")] == ["s1", "s2", "s0"]
    assert [s.id for s in filled.list_stories(since="2025-08-28")] == ["s1"]
    assert [s.id for s in filled.list_stories(until="2025-08-21")] == ["s2", "s0"]
    assert [s.id for s in filled.list_stories(limit=1, offset=1)] == ["s2"]
    assert [sa.article.id for sa in filled.story_articles("s1")] == ["a1", "a2", "a4"]
    assert filled.story_articles("nope") == [] and filled.get_story("nope") is None
    story = filled.get_story("s1")
    assert story is not None and story.sources == ["ap", "reuters", "yahoo"]


def test_entities_quotes_claims_times_places(filled: Store) -> None:
    zel = filled.get_entity("ent-zel")
    assert zel is not None and zel.articles == 3 and zel.entity.aliases == ["Zelensky"]
    assert (zel.first_seen, zel.last_seen) == (
        "2025-08-27T10:00:00+00:00",
        "2025-08-28T11:00:00+00:00",
    )
    assert [e.entity.id for e in filled.list_entities()] == ["ent-zel", "ent-ukr"]
    assert [e.entity.id for e in filled.list_entities(label="GPE")] == ["ent-ukr"]
    assert [(s.entity.id, n) for s, n in filled.co_mentioned("ent-zel")] == [("ent-ukr", 1)]
    assert filled.get_entity("nope") is None
    quotes = filled.list_quotes(speaker_id="ent-zel")
    assert [(q.quote.id, q.article_id, q.source) for q in quotes] == [("q1", "a1", "ap")]
    assert len(filled.list_quotes(about_entity_id="ent-ukr")) == 1
    assert filled.list_quotes(since="2025-08-28") == []
    assert filled.list_quotes(speaker_id="ent-ukr") == []
    assert [c.id for c in filled.list_claims(speaker_id="ent-zel")] == ["c1"]
    assert [t.value for t in filled.list_times("a1")] == ["2025-08-27"]
    places = filled.list_places()
    assert [(p.place.name, p.place.geonameid, p.articles) for p in places] == [
        ("Dnipro", 709930, 1)
    ]
    assert filled.list_places(story_id="s2") == []
    assert len(filled.list_places(story_id="s1")) == 1


def test_entity_article_counts_follow_rewrites(filled: Store) -> None:
    """The entities page ranks by a count kept on each entity: rewriting articles with other
    entities (a rerun with a better extractor) moves it, in both directions."""
    ukr = Entity("ent-ukr", "Ukraine", "GPE", [], [])
    rewritten = [
        StoredArticle(sa.article, Enrichment(entities=[ukr]), story_id=sa.story_id)
        for sa in corpus().articles
        if sa.article.id in ("a2", "a4")
    ]
    filled.write_batch(Batch(articles=rewritten))
    assert [(e.entity.id, e.articles) for e in filled.list_entities()] == [
        ("ent-ukr", 3),
        ("ent-zel", 1),
    ]
    filled.write_batch(Batch(articles=rewritten))  # the same rewrite again changes nothing
    assert [e.articles for e in filled.list_entities()] == [3, 1]
    a1 = corpus().articles[0]
    filled.write_batch(Batch(articles=[StoredArticle(a1.article, Enrichment(entities=[ukr]))]))
    assert [(e.entity.id, e.articles) for e in filled.list_entities()] == [("ent-ukr", 3)]
    assert filled.list_entities(label="PERSON") == []  # no article left: not listed
    assert [e.entity.id for e in filled.list_entities(limit=1, offset=0)] == ["ent-ukr"]


def test_newer_schema_version_is_refused(store_url: str) -> None:
    store = open_store(store_url)
    store.close()
    if store_url.startswith("postgresql"):
        conninfo, schema = split_url(store_url)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'INSERT INTO "{schema}".schema_version (version) VALUES (99)')
    else:
        with sqlite3.connect(store_url) as conn:
            conn.execute("INSERT INTO schema_version (version) VALUES (99)")
        conn.close()
    with pytest.raises(SchemaVersionError, match=r"E033.*version 99 is newer"):
        open_store(store_url)


def test_read_only_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_store(path).close()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreReadOnlyError, match=r"E032.*ro\.db.*read-only"):
            open_store(path)
    finally:
        path.chmod(0o644)


def test_read_only_postgres_session_is_refused(pg_url: str) -> None:
    open_store(pg_url).close()
    ro = pg_url + "&options=-c%20default_transaction_read_only%3Don"
    store = open_store(ro)
    with pytest.raises(StoreReadOnlyError, match="E032"):
        store.write_batch(corpus())
    store.close()


def test_locked_sqlite_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    store = SqliteStore(path, busy_timeout=0.2)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(StoreLockedError, match=r"E031.*locked\.db.*locked"):
            store.write_batch(corpus())
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.write_batch(corpus())
    assert store.stats()["articles"] == 4
    store.close()


def test_files_that_are_not_stores(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a SQLite store"):
        open_store(junk)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a newsloom store"):
        open_store(other)
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)


def test_unreachable_postgres_is_a_clear_error() -> None:
    from newsloom.errors import StoreConnectError

    with pytest.raises(StoreConnectError, match=r"E035.*cannot connect"):
        open_store("postgresql://root@127.0.0.1:1/test?connect_timeout=2")
    assert PG_URL.startswith("postgresql")


def test_an_old_sqlite_store_is_migrated_on_open(tmp_path: Path) -> None:
    """A version-1 store (as the first release wrote it) gains the later migrations and keeps
    its articles searchable."""
    from newsloom.store.schema import LATEST_VERSION, MIGRATIONS, VERSION_TABLE, statements

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.execute(VERSION_TABLE)
    for stmt in statements(MIGRATIONS[0].sqlite):
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.execute(
        "INSERT INTO articles (id, role, title, text, data, enrich_notes, stored_at) "
        "VALUES ('old', 'main', 'Evacuation ordered', 'Residents evacuated the valley.', "
        "'{}', '[]', '2025-01-01')"
    )
    conn.execute("INSERT INTO entities VALUES ('e1', 'Valley', 'LOC'), ('e2', 'Nobody', 'PERSON')")
    conn.execute("INSERT INTO article_entities VALUES ('old', 'e1', 0, 1, '[]')")
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.stats()["schema_version"] == LATEST_VERSION > 1
    assert [h.article_id for h in store.search(SearchQuery("evacu*")).hits] == ["old"]
    assert store.search(SearchQuery("valley")).total == 1
    assert [(e.entity.id, e.articles) for e in store.list_entities()] == [("e1", 1)]  # counted
    store.close()
