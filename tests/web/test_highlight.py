"""Highlighted article HTML: every text slice escaped, spans at their offsets, tags nested."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.enrich.records import Enrichment, Entity, Mention, Place, Quote
from newsloom.web.highlight import highlight, paragraph_ranges
from tests.api.store_data import QUOTE_TEXT, annotated_article

TAG = re.compile(r"<[^>]*>")


def _plain(blocks_html: list[str]) -> str:
    return "\n\n".join(html.unescape(TAG.sub("", b)) for b in blocks_html)


def test_quote_and_entities_are_marked_at_their_offsets() -> None:
    sa = annotated_article()
    blocks = highlight(sa.article.text, sa.enrichment, ["Attacks"])
    first = str(blocks[0].html)
    assert '<mark class="quote quote-direct" id="q-quote-test-0001"' in first
    assert re.search(r"<mark [^>]*>peace will not come from <a [^>]*>Moscow</a></mark>", first)
    assert '<a class="ent ent-PERSON" href="/entities/ent-test-zelenskyy"' in first
    assert [b.heading for b in blocks] == [False, True, False]
    third = str(blocks[2].html)
    assert '<span class="place place-city" title="Dnipro, Dnipropetrovsk Oblast, UA">' in third
    # Kyiv is both an entity and a place: the entity link wins, no overlapping tags
    assert '<a class="ent ent-GPE" href="/entities/ent-test-kyiv"' in third
    assert _plain([str(b.html) for b in blocks]) == sa.article.text
    assert QUOTE_TEXT in _plain([first])


def test_markup_in_the_text_is_escaped_never_inserted() -> None:
    text = 'Hi <script>alert(1)</script> & <img src=x onerror="alert(2)"> “<b>quoted</b>”'
    q0 = text.index("<b>")
    enrichment = Enrichment(
        entities=[Entity("e1", '<i onclick="x">Evil</i>', "PERSON", [Mention(3, 11, "<script")])],
        quotes=[
            Quote(
                'q"1',
                q0,
                q0 + len("<b>quoted</b>"),
                "<b>quoted</b>",
                "direct",
                speaker='"><script>',
            )
        ],
    )
    out = str(highlight(text, enrichment)[0].html)
    assert "<script" not in out and "<img" not in out and "<b>" not in out and "<i " not in out
    assert "&lt;script&gt;" in out
    assert 'title="&#34;&gt;&lt;script&gt; (direct quote)"' in out
    assert _plain([out]) == text


def test_spans_that_cross_or_fall_outside_are_dropped_not_broken() -> None:
    text = "one two three\n\nfour five"
    enrichment = Enrichment(
        entities=[
            Entity("a", "A", "ORG", [Mention(4, 13, "two three")]),
            Entity("b", "B", "ORG", [Mention(8, 20, "crosses")]),  # overlaps a, crosses ¶
            Entity("c", "C", "ORG", [Mention(50, 60, "outside")]),
        ],
        quotes=[Quote("q", 0, 7, "one two", "direct")],  # crosses entity a's start
    )
    blocks = [str(b.html) for b in highlight(text, enrichment)]
    assert _plain(blocks) == text
    assert "/entities/a" not in blocks[0]  # crossing the quote's edge: dropped
    assert blocks[0].count("<mark") == 1


def test_paragraph_ranges_skip_blank_paragraphs() -> None:
    text = "a\n\n\n\nb\n\n  \n\nc"
    assert [text[s:e].strip() for s, e in paragraph_ranges(text)] == ["a", "b", "c"]


spans = st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n“”")), max_size=60),
    quote_spans=st.lists(spans, max_size=3),
    entity_spans=st.lists(spans, max_size=5),
    place_spans=st.lists(spans, max_size=3),
)
def test_any_text_and_spans_round_trip_to_the_same_text(
    text: str,
    quote_spans: list[list[int]],
    entity_spans: list[list[int]],
    place_spans: list[list[int]],
) -> None:
    enrichment = Enrichment(
        entities=[
            Entity(f"e{i}", "E", "ORG", [Mention(s, e, "x")])
            for i, (s, e) in enumerate(entity_spans)
        ],
        quotes=[Quote(f"q{i}", s, e, "x", "direct") for i, (s, e) in enumerate(quote_spans)],
        places=[
            Place(s, e, "x", "P", None, None, None, None, None, None, 0.5) for s, e in place_spans
        ],
    )
    blocks = [str(b.html) for b in highlight(text, enrichment)]
    expected = "\n\n".join(text[s:e] for s, e in paragraph_ranges(text))
    assert _plain(blocks) == expected
    for b in blocks:
        # only our own tags: every '<' starts one of them
        assert all(
            tag.split()[0] in {"<mark", "</mark>", "<a", "</a>", "<span", "</span>"}
            for tag in TAG.findall(b)
        )
        assert b.count("<mark") == b.count("</mark>") and b.count("<a ") == b.count("</a>")


def test_search_snippets_mark_the_query_words_and_escape_the_rest() -> None:
    from newsloom.web.templating import mark_terms

    out = str(mark_terms('The <b>Kremlin</b> said "talks" & Kremlin-backed talk', "kremlin talk*"))
    assert out == (
        "The &lt;b&gt;<mark>Kremlin</mark>&lt;/b&gt; said &#34;<mark>talks</mark>&#34; &amp; "
        "<mark>Kremlin</mark>-backed <mark>talk</mark>"
    )
    assert str(mark_terms("a <script>", "")) == "a &lt;script&gt;"
    assert str(mark_terms("x OR y", "x OR y")) == "<mark>x</mark> OR <mark>y</mark>"
    assert "<mark>" not in str(mark_terms("Moscow", '"(" ) ] ['))
