"""Benchmark data: the ScrapingHub and fundus pages with their gold text, and the two
flatteners of issue 2 (all visible text one block per line; only p/h1-h6/li text), which live
in newsloom.io.html_text.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path

from newsloom.io.html_text import decode_html, flatten_paragraphs, flatten_visible

REPO = Path(__file__).resolve().parents[1]


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
