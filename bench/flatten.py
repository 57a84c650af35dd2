"""Turn benchmark HTML pages into the flattened text a scraper would have left, and load data.

Two flatteners, as in issue 2: all visible text with one block per line (menus, footers and all),
and only the text of p/h1-h6/li elements. Both use lxml and never raise on broken HTML.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
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


@dataclass(slots=True)
class Doc:
    id: str
    url: str
    html: str
    gold: str
    title: str | None = None


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository, or ``$NEWSLOOM_SHARED_DATA``."""
    root = Path(os.environ.get("NEWSLOOM_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not root.is_dir():
        raise SystemExit(f"benchmark data not found at {root} (set NEWSLOOM_SHARED_DATA)")
    return root


def decode_html(data: bytes) -> str:
    m = _CHARSET.search(data[:4096])
    for enc in ((m.group(1).decode("ascii", "ignore"),) if m else ()) + ("utf-8",):
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def _tree(html: str | bytes) -> etree._Element | None:
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


def flatten_visible(html: str | bytes) -> str:
    """All visible text, a new line at every block element."""
    root = _tree(html)
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
    root = _tree(html)
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


FLATTENERS = {"visible": flatten_visible, "paragraphs": flatten_paragraphs}


def load_scrapinghub(root: Path | None = None) -> list[Doc]:
    root = root or shared_data_dir() / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    docs = []
    for doc_id, rec in sorted(truth.items()):
        html = decode_html(gzip.decompress((root / "html" / f"{doc_id}.html.gz").read_bytes()))
        docs.append(Doc(doc_id, rec.get("url", ""), html, rec.get("articleBody") or ""))
    return docs


def load_fundus(root: Path | None = None) -> list[Doc]:
    """Fundus test pages: gold = summary + section headlines + paragraphs (all languages)."""
    root = root or shared_data_dir() / "fundus"
    docs = []
    for meta_path in sorted(root.glob("*/meta.info")):
        cc = meta_path.parent
        meta = json.loads(meta_path.read_text("utf-8"))
        for pub_json in sorted(cc.glob("*.json")):
            versions = json.loads(pub_json.read_text("utf-8"))
            htmls = sorted(cc.glob(f"{pub_json.stem}_*.html.gz"))
            keys = sorted(versions, key=lambda k: int(k.lstrip("V") or 0))
            for html_path, key in zip(htmls, keys, strict=False):
                rec = versions[key]
                body = rec.get("body") or {}
                gold = list(body.get("summary") or [])
                for sec in body.get("sections") or []:
                    gold += list(sec.get("headline") or []) + list(sec.get("paragraphs") or [])
                if not gold:
                    continue
                html = decode_html(gzip.decompress(html_path.read_bytes()))
                url = meta.get(html_path.name, {}).get("url", "")
                docs.append(
                    Doc(f"{cc.name}/{html_path.name}", url, html, "\n".join(gold), rec.get("title"))
                )
    return docs
