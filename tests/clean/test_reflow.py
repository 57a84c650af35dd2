"""Hard-wrapped paragraphs are joined back; labels, bylines and code are not."""

from __future__ import annotations

from newsloom.clean import clean_text
from newsloom.clean.lines import split_lines
from newsloom.clean.reflow import reflow

WRAPPED = """Kate Henshaw
Veteran Nollywood actress, Kate Henshaw, who in 2008, won the
Africa Movie Academy Award for Best Actress in a Leading Role, has taken
to her Instagram page to share some stunning photos of herself.
She flaunted her hand bag which had the colours of the Nigerian
flag. The 47 year old was one of the guests invited to an event by media
mogul, Debola Lagos.
See more photos:"""


def test_wrapped_sentences_are_joined_with_spans_covering_their_lines() -> None:
    lines = reflow(split_lines(WRAPPED))
    assert [ln.text.split()[0] for ln in lines] == ["Kate", "Veteran", "She", "See"]
    assert lines[1].text.endswith("stunning photos of herself.")
    assert WRAPPED[lines[1].start : lines[1].end].replace("\n", " ") == lines[1].text
    assert [ln.index for ln in lines] == [0, 1, 2, 3]


def test_titles_bylines_labels_and_code_stay_apart() -> None:
    page = (
        "Russia blames Kyiv and the West for blocking peace talks\n"
        "by Jane Doe and John Roe\n"
        "Photos\n"
        "which were released online\n"
        "The ministry said the talks would resume in Geneva next week after a pause\n"
        "displayDFP('ad-BD1', 'pc'); Most Popular"
    )
    lines = split_lines(page)
    assert reflow(lines) is lines


def test_a_hard_wrapped_article_is_kept() -> None:
    menu = "\n".join(["Home", "News", "Entertainment", "Contact Us", "Advertise"])
    main = clean_text(f"{menu}\n{WRAPPED}\nContact Us\nPrivacy Policy")[0]
    assert "has taken to her Instagram page to share some stunning photos" in main.text
    assert "mogul, Debola Lagos." in main.text
