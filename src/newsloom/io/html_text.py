"""HTML to the flattened text a scraper leaves: all visible text one block per line, or only
paragraph-like elements (p, h1-h6, li). Used to audit what HTML extraction dropped and by the
benchmarks to make flattened pages from HTML ones. Neither raises on broken HTML.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "head",
    "iframe",
    "object",
    "canvas",
    "select",
    "option",
    "button",
    "input",
    "textarea",
}
_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "blockquote",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "form",
    "main",
    "pre",
    "hr",
    "address",
    "details",
    "summary",
    "caption",
    "tbody",
    "thead",
    "label",
    "body",
    "html",
}
_PARA = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"}
_WS = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, else strict UTF-8, else the ``<meta>`` charset, else UTF-8
    with replacement characters.

    UTF-8 comes before the declared charset because pages are often re-encoded when stored
    (fundus pages declare gb2312 or iso-8859-1/15 but hold UTF-8), and non-ASCII text in
    another encoding is almost never valid UTF-8 by accident.
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:65536])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii", "ignore"), "replace")
        except LookupError:  # an unknown charset name
            pass
    return data.decode("utf-8", "replace")


def parse_html(html: str | bytes) -> etree._Element | None:
    """An lxml tree of the page, or None for an empty or unparseable one."""
    if isinstance(html, bytes):
        html = decode_html(html)
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _clean_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def flatten_visible(html: str | bytes | etree._Element) -> str:
    """All visible text, a new line at every block element (the tree is not modified)."""
    root = html if isinstance(html, etree._Element) else parse_html(html)
    if root is None:
        return ""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP or not tag:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (_clean_line(x) for x in "".join(parts).split("\n"))
    return "\n".join(x for x in lines if x)


def flatten_paragraphs(html: str | bytes) -> str:
    """Only the text of p, h1-h6 and li elements (outermost ones), one per line."""
    root = parse_html(html)
    if root is None:
        return ""
    for bad in root.iter(*_DROP):
        bad.drop_tree() if bad.getparent() is not None else None
    out = []
    for el in root.iter(*_PARA):
        if any(a.tag in _PARA for a in el.iterancestors()):
            continue
        line = _clean_line(el.text_content())
        if line:
            out.append(line)
    return "\n".join(out)
