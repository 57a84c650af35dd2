"""Benchmark data: the ScrapingHub and fundus pages with their gold text, and the two
flatteners of issue 2 (all visible text one block per line; only p/h1-h6/li text), which live
in newsloom.io.html_text and are re-exported here.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newsloom.io.html_text import decode_html, flatten_paragraphs, flatten_visible

__all__ = [
    "FLATTENERS",
    "Doc",
    "decode_html",
    "english_share",
    "flatten_paragraphs",
    "flatten_visible",
    "fundus_gold",
    "is_english",
    "load_fundus",
    "load_scrapinghub",
    "shared_data_dir",
]

REPO = Path(__file__).resolve().parents[1]

FLATTENERS: dict[str, Callable[[str], str]] = {
    "visible": flatten_visible,
    "paragraphs": flatten_paragraphs,
}

# A text is English when at least this share of its words are English stop words. On the fundus
# gold texts English ones score 0.39-0.62 and all others at most 0.16 (jusText's English list).
ENGLISH_MIN_SHARE = 0.3

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(slots=True)
class Doc:
    """One benchmark page: its original HTML and the gold article text (title excluded)."""

    id: str
    url: str
    html: str
    gold: str
    title: str | None = None


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository, or ``$NEWSLOOM_SHARED_DATA``.

    Exits with a message naming the directory it looked in when that does not exist.
    """
    root = Path(os.environ.get("NEWSLOOM_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not root.is_dir():
        raise SystemExit(f"benchmark data not found at {root} (set NEWSLOOM_SHARED_DATA)")
    return root


@cache
def _english_stopwords() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))


def english_share(text: str) -> float:
    """Share of the words of ``text`` that are English stop words (0.0 for no words)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return 0.0
    stop = _english_stopwords()
    return sum(w in stop for w in words) / len(words)


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English, by its share of English stop words."""
    return english_share(text) >= ENGLISH_MIN_SHARE


def _read_html(path: Path) -> str:
    return decode_html(gzip.decompress(path.read_bytes()))


def load_scrapinghub(root: Path | None = None) -> list[Doc]:
    """The 181 ScrapingHub pages (sorted by id) with their ``articleBody`` as gold."""
    root = root or shared_data_dir() / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    docs = []
    for doc_id, rec in sorted(truth.items()):
        html = _read_html(root / "html" / f"{doc_id}.html.gz")
        docs.append(Doc(doc_id, rec.get("url", ""), html, rec.get("articleBody") or ""))
    return docs


def _version_key(name: str) -> tuple[int, ...]:
    """``V2`` -> (2,), ``V1_1`` -> (1, 1): V1 < V1_1 < V2 < V2_1."""
    return tuple(int(part) for part in name.lstrip("Vv").split("_") if part.isdigit())


def fundus_gold(record: dict[str, Any]) -> str:
    """Summary, then each section's headline and paragraphs, one per line."""
    body = record.get("body") or {}
    parts: list[str] = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(p for p in parts if p.strip())


def _load_publisher(pub_json: Path, meta: dict[str, dict[str, str]]) -> list[Doc]:
    """One publisher's pages: the n-th HTML file by date goes with the n-th parser version."""
    cc = pub_json.parent
    versions = json.loads(pub_json.read_text("utf-8"))
    htmls = sorted(cc.glob(f"{pub_json.stem}_*.html.gz"))
    docs = []
    for html_path, key in zip(htmls, sorted(versions, key=_version_key), strict=False):
        record = versions[key]
        gold = fundus_gold(record)
        if gold:
            url = meta.get(html_path.name, {}).get("url", "")
            doc_id = f"{cc.name}/{html_path.name}"
            docs.append(Doc(doc_id, url, _read_html(html_path), gold, record.get("title")))
    return docs


def load_fundus(root: Path | None = None, english_only: bool = False) -> list[Doc]:
    """Fundus test pages: gold = summary + section headlines + paragraphs, title on the side.

    ``english_only`` keeps the pages whose gold text reads as English (:func:`is_english`);
    the default keeps all 40 countries' languages.
    """
    root = root or shared_data_dir() / "fundus"
    docs: list[Doc] = []
    for meta_path in sorted(root.glob("*/meta.info")):
        meta = json.loads(meta_path.read_text("utf-8"))
        for pub_json in sorted(meta_path.parent.glob("*.json")):
            docs += _load_publisher(pub_json, meta)
    return [d for d in docs if is_english(d.gold)] if english_only else docs
