from __future__ import annotations

from datetime import datetime

import pytest

from newsloom.clean import clean_text, layout
from newsloom.clean.aggregator import resolve_relative
from newsloom.clean.dates import parse_date_line
from newsloom.clean.lexicon import COMMENTS_TRIGGER, TAIL_TRIGGER, widget_kind
from newsloom.clean.lines import split_lines
from newsloom.clean.normalize import normalize_line
from newsloom.clean.repeats import find_repeats


@pytest.mark.parametrize(
    ("para", "body", "head"),
    [
        (
            "...remain far apart. Kyiv's Position on Peace Talks",
            "...remain far apart.",
            "Kyiv's Position on Peace Talks",
        ),
        (
            'He said "no." What Comes Next for the Talks',
            'He said "no."',
            "What Comes Next for the Talks",
        ),
    ],
)
def test_glued_heading_is_split(para: str, body: str, head: str) -> None:
    assert layout.split_glued_heading(para) == (body, head)


@pytest.mark.parametrize(
    "para",
    [
        "The talks failed. Officials said they would meet again.",  # a sentence, not a heading
        "He met the U.N. Secretary General",  # abbreviation, no sentence end before the tail
        "Prices rose. Oil, Gas and Coal",  # comma: a list, not a heading
    ],
)
def test_sentences_are_not_glued_headings(para: str) -> None:
    assert layout.split_glued_heading(para) is None


@pytest.mark.parametrize(
    ("para", "want"),
    [
        ("ISLAMABAD: Pakistan on Tuesday described...", "ISLAMABAD"),
        ("KYIV, Ukraine (AP) — Talks stalled...", "KYIV, Ukraine"),
        ("LONDON (Reuters) - Shares fell...", "LONDON"),
        ("WASHINGTON — The Senate voted...", "WASHINGTON"),
        ("NATO said on Monday that...", None),
        ("US President Donald Trump: a profile", None),
    ],
)
def test_dateline(para: str, want: str | None) -> None:
    found = layout.find_dateline(para)
    assert (found[0] if found else None) == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("By Maria Lopez and Tom Reed", "Maria Lopez and Tom Reed"),
        ("By JANE DOE, Associated Press", "JANE DOE"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("By the end of the year, prices will rise sharply across the region.", None),
    ],
)
def test_byline(line: str, want: str | None) -> None:
    assert layout.find_byline(line) == want


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("August 27, 2025", datetime(2025, 8, 27)),
        ("Published 27 Aug 2025, 10:30 BST", datetime(2025, 8, 27, 10, 30)),
        ("Updated: Aug. 27, 2025 1:05 p.m. ET", datetime(2025, 8, 27, 13, 5)),
        ("2025-08-27T10:00:00Z", datetime(2025, 8, 27, 10, 0)),
        ("The 27 August 2025 summit", None),
        ("February 30, 2025", None),
    ],
)
def test_date_lines(line: str, want: datetime | None) -> None:
    assert parse_date_line(line) == want


def test_relative_times() -> None:
    now = datetime(2025, 8, 28, 12)
    assert resolve_relative("an hour ago", now) == datetime(2025, 8, 28, 11)
    assert resolve_relative("4 hours ago", now) == datetime(2025, 8, 28, 8)
    assert resolve_relative("3 days ago", now) == datetime(2025, 8, 25, 12)
    assert resolve_relative("yesterday", now) == datetime(2025, 8, 27, 12)
    assert resolve_relative("an hour ago", None) is None


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Post Views: 7", "counter"),
        ("Short link :", "share"),
        ("Share on Facebook", "share"),
        ("Sign up for our newsletter", "subscribe"),
        ("Advertisement", "promo"),
        ("We use cookies to improve your experience.", "cookie"),
        ("Photo: Reuters", "credit"),
        ("Tags: Ukraine, Russia", "tags"),
        ("Comments (12)", "counter"),
        ("No comments yet...", "comments"),
        ("The council voted to share the costs with Facebook.", None),
        (
            "Subscribers to the service rose by 12% in the quarter, the company said on Tuesday, "
            "beating forecasts for the third time this year as prices climbed.",
            None,
        ),
    ],
)
def test_widget_lexicon(line: str, kind: str | None) -> None:
    assert widget_kind(line) == kind


def test_triggers() -> None:
    assert TAIL_TRIGGER.match("You may also like") and TAIL_TRIGGER.match("Most read")
    assert not TAIL_TRIGGER.match("You may also like the new policy, officials said.")
    assert COMMENTS_TRIGGER.match('34 responses to "Lynn: we needed to win"')
    assert not COMMENTS_TRIGGER.match("The comments he made were wrong.")


def test_repeats_exact_and_near() -> None:
    p = (
        "Russia's defence ministry claimed earlier this month that its forces had taken the "
        "two villages, which Ukraine denied, and said fighting was continuing there."
    )
    near = p.replace("two villages", "the two villages")
    assert find_repeats([p, "Other text here.", p, near]) == {2: 0, 3: 0}
    line = "Portion Fix Containers: 1 Green, 1 Red, 1 Yellow, 1 tsp."
    assert find_repeats([line, "Meal 2", line]) == {}  # a meal plan's structure
    # short lines recurring on their own are structure; inside a repeated block they go too
    assert find_repeats(["Yes.", "No.", "Yes."]) == {}
    assert find_repeats(["Heading", p, "Heading", p]) == {2: 0, 3: 1}


def test_a_teaser_repeated_by_the_full_paragraph_gives_way_to_it() -> None:
    full = (
        "NEW DELHI: Their American dream shattered and huge savings wasted, nearly 150 Indians "
        "returned home broke on Wednesday after being deported from the United States for "
        "overstaying their visas or entering the country illegally, officials said. Most of "
        "them had paid agents large sums to reach the border through Central America."
    )
    teaser = " ".join(full.split()[:30]) + "…"  # a slider above the article: its first words
    story = [
        "Officials at the airport said the special aircraft landed at six in the morning and "
        "that the passengers were questioned before they were allowed to leave the terminal.",
        "Several of them told reporters that they had spent their families' savings on the "
        "journey and that they did not know how they would repay the money they borrowed.",
    ]
    main = clean_text("\n".join(["Deportees return home", teaser, full, *story]))[0]
    assert full in main.text
    assert [r.text for r in main.removed if r.reason == "repeat"] == [teaser]


def test_normalisation_keeps_offsets() -> None:
    page = "Title\r\n\r\n“Quoted” text\u00a0here\u200b.\nLast"
    lines = split_lines(page)
    assert [ln.text for ln in lines] == ["Title", '"Quoted" text here.', "Last"]
    assert lines[1].blank_before and not lines[2].blank_before
    for ln in lines:
        assert normalize_line(page[ln.start : ln.end]) == ln.text


def test_non_english_page_gets_its_language() -> None:
    text = (
        "Die Bundesregierung hat am Mittwoch neue Regeln für den Wohnungsbau beschlossen, "
        "die nach Angaben des Ministeriums im kommenden Jahr in Kraft treten sollen.\n"
        "Kritiker warnen jedoch, dass die Mieten dadurch weiter steigen könnten."
    )
    art = clean_text(text)[0]
    assert art.lang == "de" and "Mieten" in art.text


def test_empty_page_is_an_error() -> None:
    from newsloom.errors import EmptyInputError

    with pytest.raises(EmptyInputError):
        clean_text(" \n\t \n")
