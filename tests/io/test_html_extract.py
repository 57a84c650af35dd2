"""HTML extraction details of newsloom.clean.html: the precision-mode fallback test and the
repair of line breaks kept from the page source."""

from __future__ import annotations

from newsloom.clean.html import _dropped_paragraph, extract_html

LEAD = "Scientists have found water vapour above the surface of Europa, one of Jupiter's moons."
LINKED = "The discovery was announced in an article published Monday in the journal Nature."
LAST = "Europa, some 390 million miles away, is slightly smaller than the Moon of the Earth."


def test_dropped_paragraph_inside_the_kept_span_is_found() -> None:
    visible = "\n".join(["Home", "News", LEAD, LINKED, LAST, "Copyright"])
    assert _dropped_paragraph(f"{LEAD}\n{LAST}", visible)
    assert not _dropped_paragraph(f"{LEAD}\n{LINKED}\n{LAST}", visible)


def test_short_lines_and_lines_before_the_span_do_not_count() -> None:
    teaser = "Read more: the ten best telescopes of the year, ranked by our team of experts."
    visible = "\n".join([teaser, LEAD, "Photo: NASA", LAST, "Share", "Copyright 2025"])
    assert not _dropped_paragraph(f"{LEAD}\n{LAST}", visible)  # caption too short, teaser out
    assert not _dropped_paragraph(LEAD, visible)  # one kept line: no span to judge


def test_a_body_going_on_after_the_last_kept_line_is_found() -> None:
    """Precision mode sometimes keeps the lead and stops (a German obituary on fundus kept 1 KB
    of 7): the first substantial line after the last kept one is a dropped paragraph."""
    visible = "\n".join(["Home", LEAD, LINKED, "Photo: NASA", LAST, "Copyright"])
    assert _dropped_paragraph(f"{LEAD}\n{LINKED}", visible)
    assert not _dropped_paragraph(f"{LEAD}\n{LINKED}\n{LAST}", visible)


def test_source_line_breaks_inside_sentences_are_joined() -> None:
    para = (
        "Veteran Nollywood actress, Kate Henshaw, who in 2008, won the \n"
        "Africa Movie Academy Award for Best Actress in a Leading Role, has taken\n"
        " to her Instagram page to share some stunning photos of herself."
    )
    html = (
        "<html><head><title>Kate Henshaw stuns</title></head><body><article>"
        # Blogger pages put paragraphs in styled <div><span>, where trafilatura keeps the
        # source's line breaks
        f'<h1>Kate Henshaw stuns</h1><div>\n<span style="font-size: small;">{para}</span></div>'
        "<h2>New collection</h2>"
        f"<p>{LEAD} {LINKED}</p><p>{LAST}</p></article></body></html>"
    )
    ex = extract_html(html)
    assert ex is not None
    assert "won the Africa Movie Academy Award" in ex.text
    assert "has taken to her Instagram page" in ex.text
    assert "\nNew collection\n" in f"\n{ex.text}\n"  # a heading stays a line of its own


def _page(body: str) -> str:
    return (
        "<html><head><title>Water above Europa | Space News</title>"
        '<meta property="og:site_name" content="Space News">'
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2025-08-27T10:00:00Z">'
        '<link rel="canonical" href="https://news.example.com/europa">'
        f"</head><body><nav><a href='/'>Home</a></nav><article>{body}</article></body></html>"
    )


def test_metadata_comes_with_the_text_on_both_paths() -> None:
    """The metadata is found once on the shared tree: it must be there whether precision mode
    kept enough (one run) or the page was short enough to need the full mode too."""
    long_body = "".join(f"<p>{s}</p>" for s in (LEAD, LINKED, LAST) * 3)
    short_body = f"<p>{LEAD}</p>"  # under MIN_PRECISE_CHARS: the full mode runs as well
    for body in (long_body, short_body):
        ex = extract_html(_page(body), url="https://news.example.com/europa?utm=x")
        assert ex is not None
        assert LEAD in ex.text
        assert "Home" in ex.visible  # the audit sees the whole page
        assert ex.author == "Jane Doe"
        assert ex.date == "2025-08-27"
        assert ex.sitename == "Space News"
        assert ex.title is not None and ex.title.startswith("Water above Europa")
        assert ex.url == "https://news.example.com/europa"


def test_empty_and_broken_pages_give_none() -> None:
    for html in ("", "   ", "<html></html>", "<<<>>>", "\x00\x01binary"):
        assert extract_html(html) is None
