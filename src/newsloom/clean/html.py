"""HTML pages: trafilatura finds the main text and metadata; newsloom's cleaner then makes a
second pass over that text (repeated blocks, glued subheadings, leftover widgets, related-link
tails, comment sections, aggregator tails), so the two together beat either alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsloom.io.html_text import flatten_visible

# Tables kept (trafilatura's default): on the ScrapingHub pages they hold more article text
# (results, schedules) than furniture: F1 0.960 with them, 0.957 without. Comments never.
INCLUDE_TABLES = True
# Below this many characters, precision mode has probably cut the article itself (tuned on
# ScrapingHub: 200-1500 all beat either mode alone; 500 is best).
MIN_PRECISE_CHARS = 500
# A visible paragraph of at least this many words that ends a sentence, lies between the first
# and last paragraph precision mode kept (or is the first substantial line after the last one),
# and is missing from its output: precision mode has cut article text (a paragraph with a link,
# a lead in a styled box, the body after the lead), so the full mode runs. Looking past the last
# kept line: the full mode runs on 56 of 181 ScrapingHub pages instead of 42, F1 0.968 -> 0.967
# there, fundus 0.948 -> 0.952 and its worst page -0.78 -> -0.035 against trafilatura.
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

    The page is parsed once, by trafilatura's own loader (its repairs: our lxml parse scored
    0.003 F1 lower), and that one tree serves the visible-text audit, the metadata (extracted
    once, as trafilatura does inside a run) and every extraction run (each copies the tree).
    trafilatura runs first in its precision mode without its fallback extractors (fast: about
    half the time of the default mode); when that keeps less than MIN_PRECISE_CHARS or drops a
    paragraph it runs again in its full default mode, fallback extractors included, and the
    longer text wins. The pair beats either mode alone (bench/extraction.py, html rows)."""
    tree = _load(html)
    if tree is None:
        return None
    visible = flatten_visible(tree)
    meta = _metadata(tree, url)
    url = url or meta.url
    text = _run(tree, url, favor_precision=True, fast=True)
    if len(text) < MIN_PRECISE_CHARS or _dropped_paragraph(text, visible):
        fuller = _run(tree, url, favor_precision=False, fast=False)
        if len(fuller) > len(text):
            text = fuller
    if not text:
        return None
    return HtmlExtraction(
        text=_SOFT_BREAK.sub(" ", text),
        visible=visible,
        title=meta.title or None,
        author=meta.author or None,
        date=meta.date or None,
        sitename=meta.sitename or None,
        url=meta.url or url,
        lang=meta.language or None,
    )


def _dropped_paragraph(precise: str, visible: str) -> bool:
    """Whether a sentence-ending paragraph of MIN_DROPPED_WORDS words or more, between the
    first and last visible lines that ``precise`` kept, is missing from ``precise``."""
    kept = " ".join(precise.split())
    lines = [" ".join(line.split()) for line in visible.splitlines()]
    inside = [i for i, line in enumerate(lines) if len(line) > 20 and line in kept]
    if len(inside) < 2:
        return False
    # The gaps between kept lines, and the first substantial line after the last one: precision
    # mode also stops early, keeping the lead and dropping the rest of the body.
    after = [line for line in lines[inside[-1] + 1 :] if len(line) > 20][:1]
    return any(
        len(line.split()) >= MIN_DROPPED_WORDS
        and _SENTENCE_END.search(line) is not None
        and line not in kept
        for line in (*lines[inside[0] + 1 : inside[-1]], *after)
    )


def _load(html: str) -> Any:
    """trafilatura's parse of the page (None for an empty or unparseable one)."""
    from trafilatura.utils import load_html  # imported here: plain-text users never pay for it

    if not html.strip():
        return None
    try:
        return load_html(html)
    except (ValueError, TypeError):  # lxml rejects some inputs outright
        return None


def _metadata(tree: Any, url: str | None) -> Any:
    """Title, author, date (htmldate, extensive search: trafilatura's default), site name and
    canonical URL, exactly as a trafilatura run with metadata finds them."""
    from trafilatura.metadata import extract_metadata

    return extract_metadata(tree, url, None, True, None)


def _run(tree: Any, url: str | None, *, favor_precision: bool, fast: bool) -> str:
    """The main text of one trafilatura run on (a copy of) ``tree``, "" when it finds none.
    Without metadata: _metadata found it once for all runs."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=INCLUDE_TABLES,
        favor_precision=favor_precision,
        fast=fast,
        output_format="python",
    )
    return (doc and doc.text) or ""  # type: ignore[union-attr]
