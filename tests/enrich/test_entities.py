"""Entity fixes and resolution on the seed articles and small written cases."""

from __future__ import annotations

import pytest

from newsloom.enrich.pipeline import Enricher
from newsloom.enrich.records import Enrichment
from newsloom.model import Article
from tests.enrich.conftest import article, mention_labels, names


def _by_name(found: Enrichment, name: str) -> list[str]:
    return [m.text for e in found.entities if e.name == name for m in e.mentions]


def test_headline_case_title_gives_no_person(
    enricher: Enricher, aggregator_page: list[Article]
) -> None:
    blames = next(a for a in aggregator_page if (a.title or "").startswith("Russia Blames Kyiv"))
    # Scraped texts often start with the headline: parse it as part of the text.
    text = f"{blames.title}\n\n{blames.text}"
    found = enricher.enrich_one(article(text))
    persons = {m.text for e in found.entities if e.label == "PERSON" for m in e.mentions}
    assert not any("Blames" in p or "Kyiv" in p for p in persons), persons
    assert mention_labels(found, "Kyiv") == {"GPE"}
    # The subheading "Kyiv's Position on Peace Talks" is not an ORG either.
    assert not any("Position" in m.text for e in found.entities for m in e.mentions)


def test_kyiv_tagged_person_becomes_a_place(
    enricher: Enricher, aggregator_page: list[Article]
) -> None:
    blames = next(a for a in aggregator_page if (a.title or "").startswith("Russia Blames Kyiv"))
    found = enricher.enrich_one(blames)
    kyiv = [e for e in found.entities if e.name == "Kyiv"]
    assert len(kyiv) == 1 and kyiv[0].label == "GPE"
    assert len(kyiv[0].mentions) == blames.text.count("Kyiv")
    assert "Dmitry Peskov" in names(found, "PERSON")
    # Every bare "Peskov" is the Kremlin spokesman.
    assert _by_name(found, "Dmitry Peskov").count("Peskov") == 3


def test_title_glued_to_name_is_split(enricher: Enricher, aggregator_page: list[Article]) -> None:
    un = next(a for a in aggregator_page if "Asim Iftikhar Ahmad" in a.text)
    found = enricher.enrich_one(un)
    assert "Asim Iftikhar Ahmad" in names(found, "PERSON")
    assert mention_labels(found, "UN") == {"ORG"}
    # Within-article resolution: the surname, and its other spelling, are the same person.
    assert {"Ahmad", "Ahmed"} <= set(_by_name(found, "Asim Iftikhar Ahmad"))
    assert not any("Asim" in n for n in names(found, "ORG"))
    # "the United Nations Military Observer Group in India and Pakistan (UNMOGIP)": one ORG.
    unmogip = [e for e in found.entities if "UNMOGIP" in [m.text for m in e.mentions]]
    assert unmogip and unmogip[0].label == "ORG" and unmogip[0].name.startswith("United Nations")


def test_office_with_first_name_resolves_to_holder(
    enricher: Enricher, wire_story: list[Article]
) -> None:
    first = next(a for a in wire_story if "Russia's President Vladimir" in a.text)
    found = enricher.enrich_one(first)
    assert "Vladimir" in _by_name(found, "Vladimir Putin")
    assert "Zelenskyy" in _by_name(found, "Volodymyr Zelenskyy")
    assert "Trehubov" in _by_name(found, "Victor Trehubov")  # tagged ORG by the model
    assert mention_labels(found, "Vladimir") == {"PERSON"}  # not the Russian city


@pytest.mark.parametrize(
    ("published", "holder"),
    [("2023-05-01T10:00:00+00:00", "Joe Biden"), ("2025-08-01T10:00:00+00:00", "Donald Trump")],
)
def test_bare_office_resolves_at_the_article_date(
    enricher: Enricher, published: str, holder: str
) -> None:
    text = "The US president said the talks would continue. The Kremlin spokesman declined."
    found = enricher.enrich_one(article(text, published=published))
    assert _by_name(found, holder) == ["US president"]
    assert _by_name(found, "Dmitry Peskov") == ["Kremlin spokesman"]


def test_bare_office_without_date_is_not_guessed(enricher: Enricher) -> None:
    found = enricher.enrich_one(article("The US president said so.", published=None))
    assert "Joe Biden" not in names(found, "PERSON")
    assert "Donald Trump" not in names(found, "PERSON")


def test_former_office_holder_is_not_the_current_one(enricher: Enricher) -> None:
    found = enricher.enrich_one(article("Former US President Joe Biden spoke in Boston."))
    assert "Donald Trump" not in names(found, "PERSON")
    assert "Joe Biden" in names(found, "PERSON")


def test_ids_are_stable_across_articles_and_spellings(enricher: Enricher) -> None:
    texts = [
        "Ukrainian President Volodymyr Zelenskyy met European leaders in Brussels on Monday.",
        "Zelensky said the talks in Brussels had been useful.",
        "President Zelenskiy thanked the Dutch government.",
    ]
    ids, place_ids = [], []
    for text in texts:
        found = enricher.enrich_one(article(text))
        [person] = [e for e in found.entities if e.label == "PERSON"]
        assert person.name == "Volodymyr Zelenskyy"
        ids.append(person.id)
        place_ids += [e.id for e in found.entities if e.name == "Brussels"]
    assert len(set(ids)) == 1
    assert len(place_ids) == 2 and len(set(place_ids)) == 1


def test_unknown_people_keep_their_name_and_distinct_ids(enricher: Enricher) -> None:
    found = enricher.enrich_one(
        article("Maria Kowalczyk met Tomas Brandt in Warsaw. Kowalczyk said little.")
    )
    people = {e.name: e for e in found.entities if e.label == "PERSON"}
    assert set(people) == {"Maria Kowalczyk", "Tomas Brandt"}
    assert [m.text for m in people["Maria Kowalczyk"].mentions] == ["Maria Kowalczyk", "Kowalczyk"]
    assert people["Maria Kowalczyk"].id != people["Tomas Brandt"].id


def test_mentions_are_offsets_into_the_text(enricher: Enricher, wire_story: list[Article]) -> None:
    for art in wire_story:
        found = enricher.enrich_one(art)
        for e in found.entities:
            for m in e.mentions:
                assert art.text[m.start : m.end] == m.text
                assert not m.text.startswith(("the ", "The ")) and not m.text.endswith("'s")


def test_misreads_found_on_us_news_stay_fixed(enricher: Enricher) -> None:
    text = (
        "Wearing Alaïa again, the actor arrived in London. The rest of the guests waited.\n\n"
        "Julanda Al-Riyami founded the company. Al-Riyami said launches would start in 2026."
    )
    found = enricher.enrich_one(article(text))
    assert not {p.name for p in found.places} & {"Alanya", "Rasht"}  # by alternate names
    assert not any(m.text.startswith("Wearing") for e in found.entities for m in e.mentions)
    assert "The rest" not in {m.text for e in found.entities for m in e.mentions}
    assert _by_name(found, "Julanda Al-Riyami") == ["Julanda Al-Riyami", "Al-Riyami"]
    assert [p.name for p in found.places] == ["London"]
