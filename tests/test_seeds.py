"""The two real seed pages: what the issue promises about them, and golden files."""

from __future__ import annotations

import json

import pytest

from newsloom.model import Article
from tests.conftest import ROOT, clean_sample

GOLDEN = ROOT / "tests" / "golden"
SEEDS = {
    "wire-story-captured-twice.txt": "wire-story.json",
    "aggregator-page.txt": "aggregator-page.json",
}


def test_wire_story_is_one_article_with_the_body_once(wire_story: list[Article]) -> None:
    assert [a.role for a in wire_story] == ["main"]
    art = wire_story[0]
    for sentence in (
        "US President Donald Trump has recently met both Zelenskyy",
        "Russia's defence ministry claimed earlier this month",
        "fighting is continuing in the villages, Trehubov said.",
    ):
        assert art.text.count(sentence) == 1, sentence
    assert art.text.startswith("Russia pushed back on Wednesday")
    assert art.text.endswith("Trehubov said.")
    assert "repeat" in {r.reason for r in art.removed}


def test_wire_story_heading_is_a_heading(wire_story: list[Article]) -> None:
    art = wire_story[0]
    assert [s.heading for s in art.sections] == [None, "Troops Enter New Region"]
    assert all("Troops Enter New Region" not in p for s in art.sections for p in s.paragraphs)


def test_wire_story_related_list_is_removed(wire_story: list[Article]) -> None:
    art = wire_story[0]
    tail = [
        "You may also like",
        "Mark Zuckerberg's tone-deaf gift",
        "Perishers - 28th August",
        "CDC chief quits",
        "Davina McCall says",
    ]
    removed = " ".join(r.text for r in art.removed)
    for piece in tail:
        assert piece not in art.text
        assert piece in removed


def test_aggregator_main_article(aggregator_page: list[Article]) -> None:
    main = aggregator_page[0]
    assert main.role == "main"
    assert main.title == "Russia Blames Kyiv, West for Blocking Peace Talks in Ukraine"
    assert "Kyiv's Position on Peace Talks" in [s.heading for s in main.sections]
    lead = main.sections[0].paragraphs
    assert lead[-1].endswith("making the two sides remain far apart.")
    assert main.text.startswith("Kremlin spokesman Dmitry Peskov told reporters")
    assert main.lang == "en"


@pytest.mark.parametrize(
    "furniture",
    [
        "Short link",
        "Post Views",
        "Try Our AI Features",
        "Explore what Daily8 AI can do for you",
        "Comments",
        "No comments yet",
        "Related Articles",
    ],
)
def test_aggregator_widgets_gone_from_every_article(
    aggregator_page: list[Article], furniture: str
) -> None:
    for art in aggregator_page:
        assert furniture not in art.text
    assert any(furniture in r.text for r in aggregator_page[0].removed)


def test_aggregator_embedded_articles(aggregator_page: list[Article]) -> None:
    embedded = aggregator_page[1:]
    assert [(a.role, a.source, a.published_text) for a in embedded] == [
        ("embedded", "Arab News", "an hour ago"),
        ("embedded", "Arab News", "an hour ago"),
        ("embedded", "Al Arabiya", "4 hours ago"),
    ]
    assert [a.title for a in embedded] == [
        "Pakistan calls UN peacekeeping most cost-effective tool for global peace",
        "Pakistan to send two aid cargo planes for Palestine as Gaza hunger crisis deepens",
        "Ukraine says 3 soldiers killed, 18 hurt by Russian strike",
    ]
    assert [a.dateline for a in embedded] == ["ISLAMABAD", "ISLAMABAD", None]
    assert [a.published for a in embedded] == [
        "2025-08-28T11:00:00+00:00",
        "2025-08-28T11:00:00+00:00",
        "2025-08-28T08:00:00+00:00",
    ]
    for art in embedded:
        assert art.title not in art.text
        assert art.source not in art.text.split("\n\n")[0][:20]
    # each carried article holds its own body, not its neighbour's
    assert "Gaza" not in embedded[0].text and "Gaza" in embedded[1].text
    assert embedded[2].text.endswith("or face new sanctions.")


def test_no_fetch_time_means_no_invented_date() -> None:
    embedded = clean_sample("aggregator-page.txt", fetched_at=None)[1:]
    assert [a.published for a in embedded] == [None, None, None]
    assert embedded[0].published_text == "an hour ago"


def test_ids_are_stable_and_distinct(aggregator_page: list[Article]) -> None:
    again = clean_sample("aggregator-page.txt")
    assert [a.id for a in again] == [a.id for a in aggregator_page]
    assert len({a.id for a in aggregator_page}) == len(aggregator_page)


@pytest.mark.parametrize("sample", sorted(SEEDS))
def test_golden(sample: str) -> None:
    """Whole-record comparison; regenerate with ``python scripts/regen_golden.py``."""
    got = [a.to_dict() for a in clean_sample(sample)]
    want = json.loads((GOLDEN / SEEDS[sample]).read_text("utf-8"))
    assert got == want


def test_hand_written_news_page_layout() -> None:
    """samples/pages.jsonl line 1: menus, byline, date, share bar, ad, caption, tail, footer."""
    import json as _json

    from newsloom.clean import Cleaner
    from newsloom.io.readers import page_from_record

    line = (ROOT / "samples" / "pages.jsonl").read_text("utf-8").splitlines()[0]
    art = Cleaner().clean(page_from_record(_json.loads(line), "pages.jsonl:1"))[0]
    assert art.title == "Ceasefire talks stall as both sides trade blame"
    assert art.byline == "Maria Lopez and Tom Reed"
    assert art.dateline == "KYIV, Ukraine"
    assert art.published == "2025-08-27T00:00:00"
    assert art.text.startswith("KYIV, Ukraine (AP) — Talks on a ceasefire stalled")
    assert art.text.endswith("which has so far proved elusive.")
    assert [s.heading for s in art.sections] == [None, "What comes next"]
    for furniture in (
        "Share on",
        "Advertisement",
        "Photo: Reuters",
        "Most read",
        "Stocks slide",
        "Privacy Policy",
        "Copyright",
        "Sign in",
        "By Maria",
    ):
        assert furniture not in art.text
    reasons = {r.text: r.reason for r in art.removed}
    assert reasons["Stocks slide as oil jumps"] == "related-list"
    assert reasons["Share on Facebook"] == "boilerplate:share"


def test_one_sentence_page_is_kept() -> None:
    from newsloom.clean import clean_text

    assert clean_text("A page whose fetch time cannot be parsed.")[0].text == (
        "A page whose fetch time cannot be parsed."
    )
