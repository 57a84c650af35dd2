"""HTML pages: trafilatura finds the main text and metadata; newsloom's cleaner then makes a
second pass over that text (repeated blocks, glued subheadings, leftover widgets, related-link
tails, comment sections, aggregator tails), so the two together beat either alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# trafilatura's tables are mostly layout and data grids around the article; its comments are
# the readers'. Neither is article text.
INCLUDE_TABLES = False


@dataclass(slots=True)
class HtmlExtraction:
    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None
    lang: str | None


def extract_html(html: str, url: str | None = None) -> HtmlExtraction | None:
    """Main text and metadata of an HTML page, or None when trafilatura finds no text."""
    import trafilatura  # imported here: plain-text users never pay for lxml and htmldate

    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False,
        include_tables=INCLUDE_TABLES, output_format="python",
    )
    if doc is None or not getattr(doc, "text", None):
        return None
    return HtmlExtraction(
        text=doc.text,
        title=doc.title or None,
        author=doc.author or None,
        date=doc.date or None,
        sitename=doc.sitename or None,
        url=doc.url or url,
        lang=doc.language or None,
    )
