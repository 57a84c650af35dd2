"""Main-region choice and the one-line furniture rules that sit beside the line model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import clean_text
from newsloom.clean.classify import (
    LINE_WEIGHTS,
    REGION_CONFIDENT,
    REGION_MIN_THRESHOLD,
    REGION_THRESHOLD,
    REGION_TOP_QUANTILE,
    SIDE_REGION_MAX_GAP,
    main_region,
    region_threshold,
)
from newsloom.clean.features import FEATURE_NAMES

STORY = [
    "Police released video on Tuesday showing the rescue of an eight-year-old girl who was "
    "taken from her mother in broad daylight, and the man was sentenced to life in prison.",
    "In a recorded interview with the FBI he confessed to the kidnapping, admitting that he "
    "had planned it for weeks before he drove to the city where the family lived.",
    "Officers found the girl in a motel room shortly after midnight, and she was returned to "
    "her family the same night, the police chief told reporters at the scene.",
]


def test_the_weight_table_covers_every_feature() -> None:
    assert set(LINE_WEIGHTS) == set(FEATURE_NAMES)


def _region(pattern: str) -> tuple[int, int]:
    """``T`` a text line, ``.`` furniture: the main region over equal-sized lines."""
    prob = np.array([0.95 if c == "T" else 0.05 for c in pattern])
    return main_region(prob, np.ones(len(pattern)), np.zeros(len(pattern), dtype=bool))


def test_a_nearby_second_region_joins_the_main_one() -> None:
    # 8 text lines, a 3-line widget, 3 more text lines: one region over all of it
    assert _region("..TTTTTTTT...TTT..") == (2, 16)


def test_a_distant_or_weak_region_stays_out() -> None:
    far = "TTTTTTTT" + "." * (SIDE_REGION_MAX_GAP + 5) + "TTT"
    assert _region(far) == (0, 8)
    # one line of text beside a long article is under a tenth of its score
    assert _region("T...." + "T" * 30) == (5, 35)


def test_a_photo_caption_with_a_credit_is_cut() -> None:
    captions = [
        "Protesters have worn masks to protect their identities (Image: GETTY )",
        "A reference habitation module for a crewed Mars mission. Credit: ESA",
        "The border check point near the Port of Entry in Nogales, Ariz. (AP)",
    ]
    page = ["Girl rescued in Fort Worth", STORY[0], captions[0], STORY[1], *captions[1:], STORY[2]]
    main = clean_text("\n".join(page))[0]
    assert all(p in main.text for p in STORY)
    for caption in captions:
        assert caption not in main.text
        assert {r.reason for r in main.removed if r.text == caption} == {"boilerplate:caption"}


def test_a_sentence_ending_in_a_parenthesis_is_not_a_caption() -> None:
    para = "The council approved the budget on Monday after a long debate (the third this year)"
    main = clean_text("\n".join(["Budget passed", STORY[0], para, *STORY[1:]]))[0]
    assert para in main.text


def test_a_menu_of_teaser_headlines_is_cut() -> None:
    # a news site's "Business" menu, its teasers included (57% of words capitalised)
    teasers = (
        "Business Local Eagle Ford & Energy Automotive News Top Workplaces in S.A. Business "
        "Features Finance Features Business Careers Tech Features Press Releases Selling SA Top "
        "Lawyers Sears store at South Park Mall to close by February 2020 H-E-B launches new "
        "beauty department, Sears at South Park Mall Serape vests and jackets are a thing and "
        "you can get them in San Restaurant, store that was part of San Marcos outlet shopping"
    )
    main = clean_text("\n".join(["News", teasers, "Girl rescued in Fort Worth", *STORY]))[0]
    assert teasers not in main.text
    assert {r.reason for r in main.removed if r.text == teasers} == {"boilerplate:menu-run"}
    assert all(p in main.text for p in STORY)


def test_one_long_sentence_naming_titles_is_not_a_teaser_menu() -> None:
    titles = (
        "According to the band, expect to hear a wide range of their hits on the 2020 outing, "
        'including "Listen To The Music," "Takin\' It To The Streets," "Long Train Running," '
        '"Black Water," "What A Fool Believes," "China Grove" and "Minute By Minute."'
    )
    main = clean_text("\n".join(["Band announces tour", *STORY[:2], titles, STORY[2]]))[0]
    assert titles in main.text


def test_a_blog_comment_with_its_header_on_the_line_is_cut() -> None:
    comment = (
        "Gary M on September 17, 2018 at 8:50 pm said: Have you written anything about the "
        "trade-off between giving now and investing the money to give more later on?"
    )
    main = clean_text("\n".join(["Girl rescued in Fort Worth", *STORY, comment]))[0]
    assert comment not in main.text
    assert all(p in main.text for p in STORY)


def test_a_page_whose_best_lines_score_low_gets_a_lower_region_threshold() -> None:
    confident = np.array([0.05] * 30 + [0.95] * 10)
    assert region_threshold(confident) == REGION_THRESHOLD
    # an article of short list items under p/h/li: its best lines score 0.3-0.45
    weak = np.array([0.05] * 30 + [0.45, 0.3, 0.35, 0.4, 0.3, 0.45, 0.35, 0.3])
    cut = region_threshold(weak)
    assert REGION_MIN_THRESHOLD <= cut < REGION_THRESHOLD
    sizes, blocked = np.ones(len(weak)), np.zeros(len(weak), dtype=bool)
    assert main_region(weak, sizes, blocked) == (0, 0)  # nothing above 0.5: no article
    assert main_region(weak, sizes, blocked, cut) == (30, 38)
    assert region_threshold(np.full(20, 0.01)) == REGION_MIN_THRESHOLD
    assert region_threshold(np.array([])) == REGION_THRESHOLD


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=400))
def test_the_region_threshold_uses_numpys_quantile(probs: list[float]) -> None:
    # region_threshold interpolates over np.partition instead of calling np.quantile (~10x
    # cheaper): the same top score, so the same threshold
    prob = np.array(probs, dtype=np.float64)
    top = float(np.quantile(prob, REGION_TOP_QUANTILE))
    expected = min(
        REGION_THRESHOLD, max(REGION_MIN_THRESHOLD, REGION_THRESHOLD * top / REGION_CONFIDENT)
    )
    assert region_threshold(prob) == pytest.approx(expected, rel=1e-12, abs=1e-15)
