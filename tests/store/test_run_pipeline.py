"""``run_pipeline`` end to end on real pages: incremental, batch-exact, crash-safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.errors import StoreError
from newsloom.run import run_pipeline
from newsloom.store import open_store
from newsloom.store.base import Batch, SearchQuery, Store
from newsloom.store.testing import SAMPLES_DIR, build_sample_store

DATA = Path(__file__).parent / "data"


def assignments(store: Store) -> dict[str, tuple[str | None, str | None]]:
    return {sa.article.id: (sa.story_id, sa.duplicate_of) for sa in store.iter_articles()}


def test_second_run_adds_nothing(store_url: str) -> None:
    store = open_store(store_url)
    first = run_pipeline([str(SAMPLES_DIR)], store, enrich=False)
    assert first.pages == 4 and first.batches == 1
    assert first.articles_stored == first.clean.articles - first.empty_articles > 0
    assert len(first.clean.skipped) == 2  # the bad JSONL lines: reported, and the run went on
    before = store.stats()
    stored = assignments(store)
    again = run_pipeline([str(SAMPLES_DIR)], store, enrich=False)
    assert again.pages == 0 and again.pages_known == 4 and again.articles_stored == 0
    assert store.stats() == before and assignments(store) == stored
    store.close()


def test_a_later_run_joins_an_existing_story(store_url: str) -> None:
    store = open_store(store_url)
    run_pipeline([str(DATA / "flood-day1.txt")], store, enrich=False)
    (story,) = store.list_stories()
    later = run_pipeline([str(DATA / "flood-day2.txt")], store, enrich=False)
    assert later.stories_new == 0 and later.articles_stored == 1
    (joined,) = store.list_stories()
    assert joined.id == story.id and len(joined.articles) == 2
    assert {sa.story_id for sa in store.iter_articles()} == {story.id}
    store.close()


def test_batches_of_one_page_give_the_same_store_as_one_batch(tmp_path: Path) -> None:
    """The dedup and story state survive the round trip through the store exactly."""
    inputs = [str(SAMPLES_DIR), str(DATA)]
    one = open_store(tmp_path / "one.db")
    run_pipeline(inputs, one, enrich=False)
    many = open_store(tmp_path / "many.db")
    summary = run_pipeline(inputs, many, enrich=False, batch_pages=1)
    assert summary.batches == 6
    assert assignments(many) == assignments(one)
    assert [s.to_dict() for s in many.list_stories(limit=100)] == [
        s.to_dict() for s in one.list_stories(limit=100)
    ]


class _FailingStore:
    """The real store, whose second batch write fails (a crash mid-run)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.writes = 0

    def write_batch(self, batch: Batch) -> None:
        self.writes += 1
        if self.writes == 2:
            raise StoreError("disk full (injected)")
        self.store.write_batch(batch)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_a_crash_mid_run_loses_only_the_batch_in_flight(tmp_path: Path) -> None:
    inputs = [str(DATA), str(SAMPLES_DIR)]
    reference = open_store(tmp_path / "ref.db")
    run_pipeline(inputs, reference, enrich=False, batch_pages=2)
    store = open_store(tmp_path / "crash.db")
    with pytest.raises(StoreError, match="injected"):
        run_pipeline(inputs, _FailingStore(store), enrich=False, batch_pages=2)  # type: ignore[arg-type]
    assert store.stats()["pages"] == 2  # the first batch only
    resumed = run_pipeline(inputs, store, enrich=False, batch_pages=2)
    assert resumed.pages_known == 2
    assert assignments(store) == assignments(reference)
    assert store.stats() == reference.stats()


def test_sample_store_helper(tmp_path: Path) -> None:
    store = build_sample_store(tmp_path / "demo.db", enrich=False)
    assert store.stats()["articles"] > 0 and store.list_stories()
    store.close()


def test_enriched_run_stores_what_the_enricher_found(tmp_path: Path) -> None:
    """With the enrichment stage: entities, quotes and places land in the store with offsets
    that still point into the stored text."""
    store = open_store(tmp_path / "enriched.db")
    summary = run_pipeline([str(SAMPLES_DIR)], store, enrich=True)
    assert summary.enriched
    stats = store.stats()
    assert stats["entities"] > 0 and stats["quotes"] > 0
    for sa in store.iter_articles():
        text = sa.article.text
        for ent in sa.enrichment.entities:
            assert all(text[m.start : m.end] == m.text for m in ent.mentions)
        for q in sa.enrichment.quotes:
            assert text[q.start : q.end] == q.text
    zel = [e for e in store.list_entities(limit=200) if "Zelensk" in e.entity.name]
    assert zel and store.search(SearchQuery("", entity_id=zel[0].entity.id)).total >= 1
    store.close()


def test_a_verbatim_syndicated_copy_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two outlets' pages carrying the same wire text: the enricher (the real one) sees the text
    once and both stored copies get its entities and quotes."""
    import json

    import newsloom.run.pipeline as run_module

    wire = (
        "Kremlin spokesman Dmitry Peskov said on Wednesday that talks had stalled.\n\n"
        '"Our preferred route is through political and diplomatic means," Peskov told the '
        "TASS news agency in Moscow."
    )
    other = "Floods in Pakistan displaced thousands of families in Punjab province on Tuesday."
    pages = tmp_path / "pages.jsonl"
    rows = [
        {"text": wire, "url": "https://a.example/wire", "fetched_at": "2025-08-28T12:00:00Z"},
        {"text": wire, "url": "https://b.example/copy", "fetched_at": "2025-08-28T12:00:00Z"},
        {"text": other, "url": "https://c.example/floods", "fetched_at": "2025-08-28T12:00:00Z"},
    ]
    pages.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    real_factory = run_module._enricher
    sent: list[str] = []

    def counting_factory(enrich: bool | None, workers: int) -> object:
        enricher = real_factory(enrich, workers)
        real_run = enricher.run

        def run(articles):  # type: ignore[no-untyped-def]
            def spy():  # type: ignore[no-untyped-def]
                for art in articles:
                    sent.append(art.text)
                    yield art

            return real_run(spy())

        enricher.run = run
        return enricher

    monkeypatch.setattr(run_module, "_enricher", counting_factory)
    store = open_store(tmp_path / "copies.db")
    run_pipeline([str(pages)], store, enrich=True)
    assert len(sent) == 2 and sum("Peskov" in t for t in sent) == 1
    stored = [sa for sa in store.iter_articles() if "Peskov" in sa.article.text]
    assert len(stored) == 2
    for sa in stored:
        assert any(e.name == "Dmitry Peskov" for e in sa.enrichment.entities)
        assert any(q.speaker == "Dmitry Peskov" for q in sa.enrichment.quotes)
        for q in sa.enrichment.quotes:
            assert sa.article.text[q.start : q.end] == q.text
    store.close()
