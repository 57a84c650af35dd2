"""The Enricher stage: order, notes for bad input, long texts, failing extractors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.tokens import Doc

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.pipeline import Enricher, paragraph_chunks, reference_time
from newsloom.enrich.records import Enrichment
from newsloom.model import Article
from tests.enrich.conftest import article

PARAGRAPH = (
    'Kremlin spokesman Dmitry Peskov told reporters in Moscow: "We view such discussions '
    'negatively." Ukrainian President Volodymyr Zelenskyy said on Wednesday that Kyiv would '
    "not cede territory in the Donetsk region."
)


def test_run_streams_in_input_order_with_notes(enricher: Enricher) -> None:
    articles = [
        article(PARAGRAPH),
        article("", published=None),
        article("Der Kreml lehnt europäische Friedenstruppen in der Ukraine ab.", lang="de"),
        article(PARAGRAPH.replace("Moscow", "Kyiv"), published=None),
    ]
    out = list(enricher.run(articles))
    assert [a.id for a, _ in out] == [a.id for a in articles]
    full, empty, german, undated = (e for _, e in out)
    assert full.entities and full.places and full.notes == []
    assert empty.notes == ["no text: nothing to extract"] and not empty.entities
    assert german.notes and german.notes[0].startswith("lang=de: the English-only extractors")
    assert not german.entities
    assert any("no publication or fetch date" in n for n in undated.notes)
    assert undated.entities  # still extracted


def test_an_article_without_a_language_is_detected(enricher: Enricher) -> None:
    """A JSONL dump without ``lang``: German text is not run through the English extractors,
    English text still is."""
    german = "Der Kreml lehnt europäische Friedenstruppen in der Ukraine ab, sagte der Sprecher."
    out = [e for _, e in enricher.run([article(german, lang=None), article(PARAGRAPH, lang=None)])]
    assert out[0].notes == [
        "lang=de (detected): the English-only extractors "
        "(entities, places, quotes, claims, times) were skipped"
    ]
    assert not out[0].entities
    assert out[1].notes == [] and out[1].entities


def test_extractor_failure_becomes_a_note(enricher: Enricher) -> None:
    class Broken:
        name = "broken"

        def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
            raise RuntimeError("boom")

    stage = Enricher(extractors=[Broken(), *enricher.extractors], nlp=enricher.nlp)
    found = stage.enrich_one(article(PARAGRAPH))
    assert found.notes == ["broken: failed on this article (RuntimeError: boom)"]
    assert found.entities  # the others ran


def test_long_text_is_parsed_in_chunks_with_exact_offsets(enricher: Enricher) -> None:
    text = "\n\n".join([PARAGRAPH] * 40)
    stage = Enricher(extractors=enricher.extractors, nlp=enricher.nlp, chunk_chars=2_000)
    found = stage.enrich_one(article(text))
    assert any("parsed in" in n and "chunks" in n for n in found.notes)
    peskov = [e for e in found.entities if e.name == "Dmitry Peskov"]
    assert len(peskov) == 1 and len(peskov[0].mentions) == 40
    for e in found.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    assert len([p for p in found.places if p.text == "Moscow"]) == 40


@pytest.mark.parametrize("size", [10, 999, 5_000])
def test_paragraph_chunks_concatenate_to_the_text(size: int) -> None:
    text = "\n\n".join(f"Paragraph {i} " + "word " * (i % 50) for i in range(300))
    chunks = paragraph_chunks(text, size)
    assert "".join(chunks) == text
    assert all(len(c) <= size for c in chunks[:-1])


def test_reference_time_published_then_fetched() -> None:
    a = Article(id="a", text="x", published="2025-08-28T11:00:00+00:00")
    assert reference_time(a) == datetime(2025, 8, 28, 11, tzinfo=UTC)
    b = Article(id="b", text="x", extras={"fetched_at": "2025-08-27T09:30:00Z"})
    assert reference_time(b) == datetime(2025, 8, 27, 9, 30, tzinfo=UTC)
    assert reference_time(Article(id="c", text="x", published="yesterday-ish")) is None


@pytest.mark.slow
def test_one_megabyte_article(enricher: Enricher) -> None:
    text = "\n\n".join([PARAGRAPH] * (1_000_000 // (len(PARAGRAPH) + 2)))
    assert len(text) >= 990_000
    found = enricher.enrich_one(article(text))
    assert any("chunks" in n for n in found.notes)
    assert sum(len(e.mentions) for e in found.entities if e.name == "Dmitry Peskov") > 4000
