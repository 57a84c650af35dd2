"""Comment sections found by their authors' lines, and news quotes that look alike."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import clean_text, tails
from newsloom.clean.lexicon import COMMENTS_TRIGGER, TAIL_TRIGGER, widget_kind
from newsloom.clean.lines import split_lines

ARTICLE = (
    "Our goal with hosting quarterly open threads is to give blog readers an opportunity to "
    "publicly raise comments or questions about GiveWell or related topics, in the spirit of "
    "our values of transparency and accountability."
)
COMMENT = (
    "I skimmed your report and did not see any analysis of the trade-off between travelling on "
    "slower buses and the time that costs every passenger, which seems to be a large effect."
)


def test_comments_under_a_short_article_are_cut() -> None:
    page = "\n".join(
        [
            "The Blog",
            "September 2018 open thread",
            ARTICLE,
            "Comments",
            "Milan Griffes on September 12, 2018 at 4:47 pm said:",
            COMMENT,
            "Reply",
            "kanu sukha says:",
            COMMENT.replace("slower", "safer"),
            "Catherine on September 19, 2018 at 12:48 pm said:",
            COMMENT.replace("report", "analysis"),
        ]
    )
    main = clean_text(page)[0]
    assert ARTICLE in main.text
    assert "trade-off" not in main.text
    assert "Milan Griffes" not in main.text
    assert {r.reason for r in main.removed if "Griffes" in r.text} == {"comments"}


def test_a_news_story_quoting_people_keeps_its_quotes() -> None:
    para = (
        "The ministry said in a statement on Tuesday that the talks would resume next week in "
        "Geneva, after a pause of almost two months that both sides blamed on the other."
    )
    page = "\n".join(
        [
            "Talks to resume in Geneva",
            para,
            "The minister said:",
            '"We are ready to talk, and we have always been ready to talk to anyone who wants '
            'peace in the region, whatever they have said about us before."',
            "His counterpart said:",
            '"Nothing has changed, and we will see next week whether the other side is serious '
            'about the proposals that have been on the table since the spring."',
        ]
    )
    main = clean_text(page)[0]
    assert "whatever they have said about us before" in main.text
    assert "since the spring" in main.text


def test_a_zero_comments_counter_under_the_headline_starts_no_comment_section() -> None:
    teaser = (
        "NEW DELHI: Home Minister Amit Shah on Wednesday said in Rajya Sabha that the "
        "government will restore Internet services in the valley when the administration "
        "feels it is fit to do so."
    )
    body = [
        "NEW DELHI: Their American dream shattered and huge savings wasted, nearly 150 Indians "
        "returned home broke on Wednesday after they were deported from the United States.",
        '"This was the fourth time I have been deported," said Singh Jabarjung, 24, who had '
        "spent his family's savings on agents and advocates over the last three years.",
        "The special aircraft carrying the deportees landed at the Delhi airport at 6am, an "
        "airport official said, and most of them were from Punjab and Haryana.",
    ]
    header = ["With shattered dreams, deportees return home", "by India Post", "0 Comments"]
    teasers = [teaser.replace("Wednesday", day) for day in ("Monday", "Tuesday", "Wednesday")]
    page = "\n".join([*teasers, teaser, *header, *body])
    main = clean_text(page)[0]
    assert all(p in main.text for p in body)
    assert all(r.reason != "comments" for r in main.removed)


def test_a_comments_button_above_a_longer_article_starts_no_comment_section() -> None:
    promo = [
        "Water Matters",
        "Europe's water is under increasing pressure. Pollution, droughts and floods are taking "
        "their toll on our drinking water, lakes and rivers, and this series explains why.",
        "Climate Now",
        "We give you the latest climate facts from the world's leading source, analyse the "
        "trends and explain how our planet is changing and what it means for all of us.",
        "Ocean Calls",
        "Our oceans cover most of the planet and feed billions of people, yet they are warming "
        "faster than ever before, and the fishing towns along the coasts are feeling it.",
        "Road To Green",
        "From electric buses to solar farms on old mines, this series follows the people who "
        "are changing how Europe moves, works and lives, one town and one project at a time.",
    ]
    body = [
        "President Trump has set his sights on Venezuela's vast oil reserves, the largest in "
        "the world, and said American companies would invest billions to revive the industry.",
        "For starters, the idea of running a country through oil does not answer fundamental "
        "questions, such as who will run the daily business of the state and its oil company.",
        "According to analysts at Goldman Sachs, oil production could rise sharply under US "
        "influence, but only after years of investment in wells, pipelines and refineries.",
    ]
    page = "\n".join([*promo, "By Stefan Grobe", "Comments", "Flipboard", "Send", *body])
    main = clean_text(page)[0]
    assert all(p in main.text for p in body)
    assert all(r.reason != "comments" for r in main.removed)
    # under the article, the same bare header before shorter comments starts the section
    comments = [COMMENT, "Reply", COMMENT.replace("slower", "safer"), "Reply"]
    main = clean_text("\n".join([*body, "Comments", *comments]))[0]
    assert "safer buses" not in main.text
    assert any(r.reason == "comments" for r in main.removed)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(COMMENTS_TRIGGER, fullmatch=True))
def test_every_comments_header_holds_a_keyword(header: str) -> None:
    # tails._comment_header_candidates only tries the lines holding one of these
    keyword = re.compile("|".join(tails.COMMENTS_KEYWORDS), re.IGNORECASE)
    assert keyword.search(header)


_HEADERS = ["Comments", "34 responses to “Open thread”", "Leave a reply", "0 Comments", "REPLY"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([ARTICLE, COMMENT, "Share", "Menu", *_HEADERS]), max_size=25))
def test_comment_section_without_the_core(parts: list[str]) -> None:
    lines = split_lines("\n".join(parts))
    words = [len(ln.text.split()) for ln in lines]
    prose = np.array([n > 20 for n in words], dtype=bool)
    compiled: list[str | None] = [None] * len(lines)
    tails.mark_comment_section(lines, words, prose, compiled)
    plain: list[str | None] = [None] * len(lines)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tails, "_speedups", None)
        tails.mark_comment_section(lines, words, prose, plain)
    assert compiled == plain


def test_an_author_box_under_the_article_is_cut() -> None:
    body = [
        "Our goal with hosting quarterly open threads is to give readers an opportunity to "
        "raise comments or questions publicly, in the spirit of transparency and accountability.",
        "The thread stays open for two weeks, and we answer every question that is asked in it, "
        "even the ones we would rather not answer, because that is the point of the exercise.",
    ]
    bio = (
        "Brigit Katz is a freelance writer based in Toronto. Her work has appeared in a number "
        "of publications, including NBC News, Vice and Women in the World."
    )
    main = clean_text("\n".join(["Open thread", *body, "About Brigit Katz", bio, "About Us"]))[0]
    assert all(p in main.text for p in body)
    assert "freelance writer" not in main.text
    assert {r.text for r in main.removed if r.reason == "author-box"} == {"About Brigit Katz", bio}


def test_wordpress_thoughts_header_and_most_read_in_a_section_are_triggers() -> None:
    assert COMMENTS_TRIGGER.match('6 thoughts on "How to Adopt an Online Leader Success Mindset"')
    assert not COMMENTS_TRIGGER.match("Some thoughts on the budget, which was passed today.")
    assert TAIL_TRIGGER.match("Most read in world news")
    assert not TAIL_TRIGGER.match("Most read in the papers about the budget, which passed today.")
    comments = [
        "August 22, 2018 at 5:57 am",
        COMMENT,
        "August 23, 2018 at 9:12 am",
        COMMENT.replace("slower", "safer"),
    ]
    body = [
        ARTICLE,
        "We read every question that is asked in the thread, and we answer the ones we can, "
        "even the hard ones about our own mistakes, because that is the point of the exercise.",
        "The thread stays open for two weeks. After that we collect the questions that came up "
        "most often and write a longer answer to them in a separate post on this blog.",
    ]
    page = ["The Blog", "Open thread", *body, '2 thoughts on "Open thread"', *comments]
    main = clean_text("\n".join(page))[0]
    assert all(p in main.text for p in body) and "slower buses" not in main.text


@pytest.mark.parametrize(
    "header",
    [
        "Related Links",
        "Related article",
        "More trending",
        "Trending news",
        "Explore further",
        "Lesen Sie auch",
        "Auch interessant",
        "Lee también",
        "Noticias relacionadas",
    ],
)
def test_more_related_headers_open_a_tail(header: str) -> None:
    assert TAIL_TRIGGER.match(header)
    assert header == "Explore further" or widget_kind(header) == "related"


def test_a_related_links_box_inside_the_article_is_cut() -> None:
    body = [
        ARTICLE,
        "Challenges include designing the spacecraft to operate largely autonomously while the "
        "crew is asleep, and shielding them from radiation during the long trip to Mars.",
    ]
    page = [
        "Hibernating astronauts",
        body[0],
        "Related Links",
        "European Space Agency website",
        body[1],
    ]
    main = clean_text("\n".join(page))[0]
    assert all(p in main.text for p in body)
    assert "Related Links" not in main.text and "Agency website" not in main.text


@pytest.mark.parametrize(
    "header",
    [
        "Most Popular Videos",
        "Mehr lesen über",
        "Lesen Sie mehr zum Thema",
        "Meistgelesen",
        "Weitere Videos",
    ],
)
def test_headers_of_video_and_topic_lists_open_a_tail(header: str) -> None:
    assert TAIL_TRIGGER.match(header)
    assert widget_kind(header) == "related"


@pytest.mark.parametrize(
    "button",
    [
        "Click to share on Twitter (Opens in new window)",
        "Click to print (Opens in new window)",
        "Beitrag teilen",
        "Drucken",
        "Link kopiert!",
    ],
)
def test_share_buttons_are_widgets(button: str) -> None:
    assert widget_kind(button) == "share"


POLICY = (
    "As you comment, please be respectful of other commenters and other viewpoints. Our goal "
    "with article comments is to provide a space for civil, informative and constructive "
    "conversations. We reserve the right to remove any comments we deem inappropriate."
)


def test_a_comment_policy_is_cut_and_a_request_for_comment_is_not() -> None:
    request = (
        "The airline said it would respond shortly to a request for comment on the tweet. The "
        "General Civil Aviation Authority did not immediately respond to a request for comment."
    )
    body = [ARTICLE, request]
    main = clean_text("\n".join(["Open thread", *body, POLICY]))[0]
    assert all(p in main.text for p in body)
    assert {r.reason for r in main.removed if r.text == POLICY} == {"comments:policy"}
    german = (
        "Bitte achten Sie darauf, dass Ihre Kommentare themenbezogen sind. Wir behalten uns vor, "
        "Kommentare zu löschen, die gegen unsere Netiquette verstoßen."
    )
    main = clean_text("\n".join(["Open thread", *body, german]))[0]
    assert "Netiquette" not in main.text


@pytest.mark.parametrize(
    "line",
    [
        "Story continues below advertisement",
        "Article continues below",
        "Continue reading below",
        "Continue reading the main story",
        "Weiterlesen",
    ],
)
def test_continue_reading_markers_are_widgets(line: str) -> None:
    assert widget_kind(line) == "navigation"
    assert (
        widget_kind("Continue reading below for the full account of what the minister said") is None
    )


_BOX_HEADERS = st.from_regex(tails._AUTHOR_BOX, fullmatch=True).filter(lambda t: "\n" not in t)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_BOX_HEADERS, st.text(min_size=1, max_size=70)), min_size=1))
def test_author_box_candidates_without_the_core(texts: list[str]) -> None:
    """The compiled prefilter and its fallback leave the same header lines to the regex."""
    texts = [t for t in texts if t and "\n" not in t] or ["About Jane Doe"]

    def headers() -> list[int]:
        return [i for i in tails._author_box_candidates(texts) if tails._AUTHOR_BOX.match(texts[i])]

    compiled = headers()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tails, "_speedups", None)
        assert headers() == compiled
