"""Claims: statements made without evidence, denials and accusations, with their speakers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.claims import ClaimExtractor
from newsloom.enrich.nlp import load_nlp
from newsloom.enrich.quotes import QuoteExtractor
from newsloom.enrich.records import Claim, Enrichment
from newsloom.model import Article
from tests.conftest import clean_sample


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


def claims_of(nlp: Language, text: str) -> list[Claim]:
    doc = nlp(text)
    ctx = ArticleContext(Article(id="t", text=text), None)
    found = Enrichment()
    QuoteExtractor().extract(doc, ctx, found)  # claims read the quotes' speakers
    ClaimExtractor().extract(doc, ctx, found)
    for c in found.claims:
        assert text[c.start : c.end] == c.text
    return found.claims


def summary(claims: list[Claim]) -> list[tuple[str, str | None, str]]:
    return [(c.kind, c.speaker, c.cue) for c in claims]


def test_seed_aggregator_claims(nlp: Language) -> None:
    articles = clean_sample("aggregator-page.txt")
    main = claims_of(nlp, articles[0].text)
    assert summary(main) == [
        ("unsupported", "Dmitry Peskov", "offered no evidence"),
        ("unsupported", "Dmitry Peskov", "without providing evidence"),
        ("unsupported", "Dmitry Peskov", "did not present documents"),
    ]
    assert main[1].text.startswith("He asserted, without providing evidence")
    strike = claims_of(nlp, articles[3].text)
    assert summary(strike) == [
        ("accusation", "Volodymyr Zelenskyy", "accused Russia of"),
        ("denial", "The Kremlin", "denied the claim"),
    ]
    assert strike[1].text == "The Kremlin denied the claim."


@pytest.mark.parametrize(
    ("text", "kind", "speaker"),
    [
        ("Trump claimed, without evidence, that the election was rigged.", "unsupported", "Trump"),
        ("The governor repeated her baseless claims.", "unsupported", "The governor"),
        ("Prosecutors provided no proof that the money was moved.", "unsupported", "Prosecutors"),
        ("The ministry rejected the accusation on Tuesday.", "denial", "The ministry"),
        ("The company dismissed reports of layoffs.", "denial", "The company"),
        ("A spokesman denied that the talks had failed.", "denial", "A spokesman"),
        ("Prosecutors accused the former mayor of taking bribes.", "accusation", "Prosecutors"),
        ("Democrats blamed House Republicans for the shutdown.", "accusation", "Democrats"),
    ],
)
def test_cue_families(nlp: Language, text: str, kind: str, speaker: str) -> None:
    claims = claims_of(nlp, text)
    assert [(c.kind, c.speaker) for c in claims] == [(kind, speaker)]
    assert claims[0].text == text


def test_pronoun_speaker_resolves(nlp: Language) -> None:
    text = (
        "Rep. Chip Roy spoke to reporters on Tuesday. "
        "He did not back up his assertion with any data."
    )
    claims = claims_of(nlp, text)
    assert [(c.kind, c.speaker) for c in claims] == [("unsupported", "Chip Roy")]


def test_no_claims_in_plain_text_and_empty(nlp: Language) -> None:
    assert claims_of(nlp, "The council approved the budget on Monday.") == []
    assert claims_of(nlp, "") == []
    assert claims_of(nlp, "The evidence was presented in court by the prosecution.") == []


def test_one_claim_per_sentence_and_kind(nlp: Language) -> None:
    text = "He offered no evidence and provided no documents for the baseless claim."
    assert [c.kind for c in claims_of(nlp, text)] == ["unsupported"]
