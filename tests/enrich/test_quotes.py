"""Quotes: each quotation convention, each apostrophe trap, speakers, indirect speech, bad input."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.nlp import load_nlp
from newsloom.enrich.quote_marks import MAX_PARAGRAPH_QUOTE_CHARS, find_quote_spans
from newsloom.enrich.quotes import QuoteExtractor
from newsloom.enrich.records import Enrichment, Quote
from newsloom.model import Article


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()  # cached per process: every enrich test module shares one pipeline


def extract(nlp: Language, text: str) -> list[Quote]:
    found = Enrichment()
    QuoteExtractor().extract(nlp(text), ArticleContext(Article(id="t", text=text), None), found)
    for q in found.quotes:
        assert text[q.start : q.end] == q.text
    return found.quotes


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def by_text(quotes: list[Quote], start: str) -> Quote:
    hits = [q for q in quotes if q.text.startswith(start)]
    assert hits, f"no quote starting {start!r} in {[q.text for q in quotes]}"
    return hits[0]


# -- quotation marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We view such discussions," he said.', ["We view such discussions,"]),
        ("“Typographic double,” she said.", ["Typographic double,"]),
        ("'Straight single,' Peskov told TASS.", ["Straight single,"]),
        ("‘Typographic single,’ Peskov told TASS.", ["Typographic single,"]),
        ("«Guillemets» too.", ["Guillemets"]),
        ('"We will not," he said, "give up."', ["We will not,", "give up."]),
    ],
)
def test_mark_styles(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv's forces said they don't know.",
        "The forces' positions held, and the troops' morale with them.",
        "In the '90s rock 'n' roll was everywhere.",
        "It was the ’60s and nobody cared ’bout it.",
        "Russia’s army and Ukraine’s allies won’t stop.",
        "They'll go 'til dawn and see 'em off.",
    ],
)
def test_apostrophes_never_quote(text: str) -> None:
    assert spans(text) == []


def test_apostrophes_inside_a_single_quoted_quote() -> None:
    text = "'The forces' positions in Kyiv's suburbs don't hold,' the general said."
    assert spans(text) == ["The forces' positions in Kyiv's suburbs don't hold,"]
    text = "‘We heard the drones’ engines, then the explosion,’ said Olena Kravets."
    assert spans(text) == ["We heard the drones’ engines, then the explosion,"]


def test_multi_paragraph_quote_is_one_quote() -> None:
    text = '"First paragraph of the quote.\n\n"Second paragraph, closed at last."\n\nNext.'
    assert spans(text) == ['First paragraph of the quote.\n\n"Second paragraph, closed at last.']


def test_unbalanced_mark_does_not_swallow_the_article() -> None:
    text = 'He said "this never closes.\n\nA new paragraph with "a real quote" in it.'
    assert spans(text) == ["a real quote"]
    long_tail = 'He said "' + "word " * (MAX_PARAGRAPH_QUOTE_CHARS // 4) + 'end" here.'
    assert spans(long_tail) == []


def test_nested_quotes_stay_inside() -> None:
    text = "\"He told me 'never again' and left,\" she said."
    assert spans(text) == ["He told me 'never again' and left,"]


def test_linear_on_a_large_text() -> None:
    text = ("Kyiv's 'quote' and \"another\" one. " * 20_000)[:1_000_000]
    assert len(find_quote_spans(text)) > 10_000


# -- attribution -------------------------------------------------------------------------


def test_colon_form_and_outlet(nlp: Language) -> None:
    text = (
        'Kremlin spokesman Dmitry Peskov said: "We view such discussions negatively." '
        "'Our preferred route is through political and diplomatic means,' Peskov told "
        "the TASS news agency."
    )
    quotes = extract(nlp, text)
    first = by_text(quotes, "We view")
    assert (first.kind, first.speaker, first.cue) == ("direct", "Dmitry Peskov", "said")
    second = by_text(quotes, "Our preferred route")
    assert second.speaker == "Dmitry Peskov"
    assert second.addressee == "the TASS news agency"
    assert second.text.endswith("means")  # the comma before the attribution is left out


def test_inverted_attribution_with_apposition(nlp: Language) -> None:
    text = (
        '"The China piece is the wild card," said Stacy Rasgon, an analyst at Bernstein. '
        '"Nobody knows where those rules end up."'
    )
    quotes = extract(nlp, text)
    assert [q.speaker for q in quotes] == ["Stacy Rasgon", "Stacy Rasgon"]
    assert quotes[1].cue is None  # continued quote: the previous speaker's


def test_split_quote_parts_share_the_speaker(nlp: Language) -> None:
    text = 'Senator Mitch McConnell spoke first. "We will not," he said, "give up."'
    quotes = extract(nlp, text)
    assert [q.text for q in quotes] == ["We will not", "give up."]
    assert {q.speaker for q in quotes} == {"Mitch McConnell"}


def test_pronoun_gender_picks_the_compatible_person(nlp: Language) -> None:
    text = (
        "Sen. Elizabeth Warren pressed Defense Secretary Pete Hegseth on the cost. "
        '"Who is paying for this?" she asked.'
    )
    quote = by_text(extract(nlp, text), "Who is paying")
    assert quote.speaker == "Elizabeth Warren"


def test_role_noun_resolves_to_the_person_with_that_role(nlp: Language) -> None:
    text = (
        "Sen. Susan Collins met Donald Trump on Monday. "
        "The senator said she was open to a separate vote on the subsidies."
    )
    quote = by_text(extract(nlp, text), "she was open")
    assert (quote.kind, quote.speaker) == ("indirect", "Susan Collins")


def test_mixed_partial_quote(nlp: Language) -> None:
    text = (
        'Kremlin spokesman Dmitry Peskov said it was "exactly this movement of NATO military '
        'infrastructure" that Russia sees as one of the "root causes" of the war.'
    )
    quotes = extract(nlp, text)
    assert [(q.kind, q.speaker) for q in quotes] == [
        ("mixed", "Dmitry Peskov"),
        ("mixed", "Dmitry Peskov"),
    ]


def test_indirect_speech_forms(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov told reporters that Kyiv ignored Moscow's proposals. "
        "Russia's forces have broken into an eighth region, a Ukrainian military official said "
        "Wednesday. At least 25 civilians were killed overnight, according to local authorities."
    )
    quotes = extract(nlp, text)
    assert all(q.kind == "indirect" for q in quotes)
    told = by_text(quotes, "Kyiv ignored")
    assert (told.speaker, told.addressee) == ("Dmitry Peskov", "reporters")
    assert by_text(quotes, "Russia's forces").speaker == "a Ukrainian military official"
    assert by_text(quotes, "At least 25 civilians").speaker == "local authorities"


def test_not_quotes(nlp: Language) -> None:
    text = (
        'The package covers Russia\'s so-called "shadow fleet" of tankers. '
        'Noem spoke on CBS\'s "Face the Nation" on Sunday. '
        'Protesters held signs reading "Troops Out" outside. '
        "Ketsoyan would not say what the star was being treated for."
    )
    assert extract(nlp, text) == []


def test_cue_inside_the_quote_is_not_the_attribution(nlp: Language) -> None:
    text = (
        'Kremlin spokesman Dmitry Peskov dismissed the criticism. "Our military strikes only '
        'legitimate targets," he told reporters. "This has been said many times."'
    )
    quotes = extract(nlp, text)
    assert [q.speaker for q in quotes] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_speaker_uses_resolved_entities_when_present(nlp: Language) -> None:
    from newsloom.enrich.records import Entity, Mention

    text = "'Peacekeeping is not a silver bullet,' Ahmed said."
    doc = nlp(text)
    found = Enrichment(
        entities=[
            Entity("ent-1", "Asim Iftikhar Ahmad", "PERSON", [Mention(39, 44, "Ahmed")]),
        ]
    )
    QuoteExtractor().extract(doc, ArticleContext(Article(id="t", text=text), None), found)
    assert [(q.speaker, q.speaker_id) for q in found.quotes] == [("Asim Iftikhar Ahmad", "ent-1")]


def test_ids_are_stable(nlp: Language) -> None:
    text = '"We view such discussions negatively," Peskov said.'
    assert [q.id for q in extract(nlp, text)] == [q.id for q in extract(nlp, text)]


# -- bad input ---------------------------------------------------------------------------


def test_empty_and_blank_text(nlp: Language) -> None:
    assert extract(nlp, "") == []
    assert extract(nlp, "   \n\n  ") == []


def test_unbalanced_marks_in_an_article(nlp: Language) -> None:
    text = 'He said "this is never closed.\n\nPeskov said: "Real quote here."\n\nThe "end.'
    quotes = extract(nlp, text)
    direct = [q for q in quotes if q.kind != "indirect"]
    assert [(q.text, q.speaker) for q in direct] == [("Real quote here.", "Peskov")]
    assert all("\n" not in q.text for q in quotes)  # nothing ran past its paragraph


def test_doc_of_another_text_is_noted_not_misaligned(nlp: Language) -> None:
    found = Enrichment()
    article = Article(id="t", text='"Hello," he said.')
    QuoteExtractor().extract(nlp("Something else."), ArticleContext(article, None), found)
    assert found.quotes == []
    assert found.notes and "differs" in found.notes[0]


_PIECES = [*"ab Kyiv's\"“”‘’'.,:\n—", "he said", " Peskov ", "\n\n", " told reporters"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join) | st.text(max_size=120)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_arbitrary_text_never_raises_and_offsets_hold(nlp: Language, text: str) -> None:
    for q in extract(nlp, text):  # extract() checks text[start:end] == q.text
        assert 0 <= q.start <= q.end <= len(text)
        assert q.kind in ("direct", "indirect", "mixed")


def test_organisation_speaker_gets_its_entity(nlp: Language) -> None:
    from newsloom.enrich.records import Entity, Mention

    text = "The Kremlin said the strikes hit only military targets."
    found = Enrichment(entities=[Entity("ent-k", "Kremlin", "ORG", [Mention(4, 11, "Kremlin")])])
    QuoteExtractor().extract(nlp(text), ArticleContext(Article(id="t", text=text), None), found)
    assert [(q.kind, q.speaker, q.speaker_id) for q in found.quotes] == [
        ("indirect", "Kremlin", "ent-k")
    ]


def test_lone_quoted_word_is_not_a_continued_quote(nlp: Language) -> None:
    text = '"We are done here," Peskov said.\n\n"Chhota."\n\n"Zohran was."'
    assert [q.text for q in extract(nlp, text)] == ["We are done here", "Zohran was."]


def test_split_off_title_abbreviation_does_not_end_the_attribution(nlp: Language) -> None:
    text = '"The shock was tremendous," Const. Fanning said.'
    quote = by_text(extract(nlp, text), "The shock")
    assert quote.cue == "said"
    assert quote.speaker is not None and quote.speaker.endswith("Fanning")


def test_chunked_doc_does_not_reuse_a_chunk_cache(nlp: Language) -> None:
    from spacy.tokens import Doc

    from newsloom.enrich.quote_docs import doc_text, sentence_of

    first, second = nlp('"One," he said. '), nlp('"Two," Peskov said.')
    assert doc_text(first) == first.text  # fills the first chunk's cache
    sentence_of(first[0])
    with warnings.catch_warnings():  # spaCy says it skips our entries: we copy them anyway
        warnings.simplefilter("ignore", UserWarning)
        merged = Doc.from_docs([first, second], ensure_whitespace=False)
    merged.user_data.update(first.user_data)  # a stale chunk entry on the merged doc
    text = '"One," he said. "Two," Peskov said.'
    assert doc_text(merged) == text
    assert sentence_of(merged[len(merged) - 1]).text.endswith("Peskov said.")
    found = Enrichment()
    QuoteExtractor().extract(merged, ArticleContext(Article(id="t", text=text), None), found)
    assert [q.text for q in found.quotes] == ["One", "Two"]


def test_according_to_attributes_a_partial_quote(nlp: Language) -> None:
    text = 'According to Sen. Lindsey Graham, the bill "will pass easily."'
    quotes = extract(nlp, text)
    assert [(q.kind, q.speaker, q.addressee) for q in quotes] == [("mixed", "Lindsey Graham", None)]


def test_pronoun_reaches_a_name_the_small_model_mislabels(nlp: Language) -> None:
    # The small model tags "Hakeem Jeffries" ORG and "Jeffries" a common noun here.
    text = (
        'Mike Johnson and Hakeem Jeffries met. "We\'re close," Johnson said. '
        'Jeffries disagreed. "We\'re not," he said.'
    )
    assert [q.speaker for q in extract(nlp, text)] == ["Mike Johnson", "Hakeem Jeffries"]


def test_mention_the_entity_stage_missed_still_resolves(nlp: Language) -> None:
    from newsloom.enrich.records import Entity, Mention

    text = (
        "Donald Trump met Volodymyr Zelenskyy on Friday. Zelenskyy, who had come to ask for "
        'missiles, tried to sound upbeat. Asked whether he was disappointed, he replied: "I am '
        'realistic."'
    )
    found = Enrichment(
        entities=[
            Entity("ent-t", "Donald Trump", "PERSON", [Mention(0, 12, "Donald Trump")]),
            Entity(
                "ent-z", "Volodymyr Zelenskyy", "PERSON", [Mention(17, 36, "Volodymyr Zelenskyy")]
            ),
        ]
    )
    QuoteExtractor().extract(nlp(text), ArticleContext(Article(id="t", text=text), None), found)
    quote = by_text(found.quotes, "I am realistic")
    assert (quote.speaker, quote.speaker_id) == ("Volodymyr Zelenskyy", "ent-z")
