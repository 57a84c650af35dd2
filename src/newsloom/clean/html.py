"""HTML pages: trafilatura finds the main text and metadata; newsloom's cleaner then makes a
second pass over that text (repeated blocks, glued subheadings, leftover widgets, related-link
tails, comment sections, aggregator tails), so the two together beat either alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsloom.io.html_text import flatten_visible, parse_html

# Tables kept (trafilatura's default): on the ScrapingHub pages they hold more article text
# (results, schedules) than furniture: F1 0.960 with them, 0.957 without. Comments never.
INCLUDE_TABLES = True
# Below this many characters, precision mode has probably cut the article itself (tuned on
# ScrapingHub: 200-1500 all beat either mode alone; 500 is best).
MIN_PRECISE_CHARS = 500
# A visible paragraph of at least this many words that ends a sentence, lies between the first
# and last paragraph precision mode kept, and is missing from its output: precision mode has
# cut article text (a paragraph with a link, a lead in a styled box), so the full mode runs.
# 12 words: the shortest such paragraphs on ScrapingHub; shorter ones are captions and teasers.
MIN_DROPPED_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
# A line break inside a sentence, kept from the page source ("won the \nAfrica Movie Academy
# Award..."): the line before ends in a letter or comma and one side has the source's spaces
# around the break, or the next line goes on in lower case. Left split, the second pass takes the
# title-cased half for a menu.
_SOFT_BREAK = re.compile(r"(?<=[^\W\d_,]|,)(?:[ \t]+\n[ \t]*|\n[ \t]+|\n(?=[a-z]))")


@dataclass(slots=True)
class HtmlExtraction:
    text: str
    visible: str  # all visible text of the page, for auditing what was left out
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None
    lang: str | None


def extract_html(html: str, url: str | None = None) -> HtmlExtraction | None:
    """Main text and metadata of an HTML page, or None when trafilatura finds no text.

    trafilatura runs first in its precision mode without its fallback extractors (fast: a
    third quicker); when that keeps less than MIN_PRECISE_CHARS it runs again in its full
    default mode, fallback extractors included, and the longer text wins. The pair beats either
    mode alone (bench/extraction.py, html rows) and costs a second run only on the few pages
    where the first one finds too little."""
    tree = parse_html(html)
    if tree is None:
        return None
    visible = flatten_visible(tree)
    # trafilatura gets the string, not our tree: it parses with its own repairs, and scored
    # 0.003 F1 lower on a tree parsed here (bench/extraction.py).
    doc = _run(html, url, favor_precision=True, fast=True)
    precise = (doc and doc.text) or ""
    if len(precise) < MIN_PRECISE_CHARS or _dropped_paragraph(precise, visible):
        fallback = _run(html, url, favor_precision=False, fast=False)
        if fallback is not None and len(fallback.text or "") > len((doc and doc.text) or ""):
            doc = fallback
    if doc is None or not doc.text:
        return None
    return HtmlExtraction(
        text=_SOFT_BREAK.sub(" ", doc.text),
        visible=visible,
        title=doc.title or None,
        author=doc.author or None,
        date=doc.date or None,
        sitename=doc.sitename or None,
        url=doc.url or url,
        lang=doc.language or None,
    )


def _dropped_paragraph(precise: str, visible: str) -> bool:
    """Whether a sentence-ending paragraph of MIN_DROPPED_WORDS words or more, between the
    first and last visible lines that ``precise`` kept, is missing from ``precise``."""
    kept = " ".join(precise.split())
    lines = [" ".join(line.split()) for line in visible.splitlines()]
    inside = [i for i, line in enumerate(lines) if len(line) > 20 and line in kept]
    if len(inside) < 2:
        return False
    return any(
        len(line.split()) >= MIN_DROPPED_WORDS
        and _SENTENCE_END.search(line) is not None
        and line not in kept
        for line in lines[inside[0] + 1 : inside[-1]]
    )


def _run(html: str, url: str | None, *, favor_precision: bool, fast: bool) -> Any:
    import trafilatura  # imported here: plain-text users never pay for lxml and htmldate

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=INCLUDE_TABLES,
        favor_precision=favor_precision,
        fast=fast,
        output_format="python",
    )
