"""What a file holds, from its first bytes: WARC, HTML, an RSS/Atom feed, JSONL or text.

File extensions lie (".txt" pages that are HTML, feeds served as ".php"), so the content
decides; the extension only breaks ties for JSONL.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from typing import Literal

Kind = Literal["warc", "html", "feed", "jsonl", "text"]
SNIFF_BYTES = 8192
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE
)


def is_gzip(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b"


def gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream (best effort, never raises)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def sniff(head: bytes) -> Kind:
    """Classify by content: ``head`` is the file's first bytes, decompressed if gzipped."""
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"WARC/"):
        return "warc"
    if body.startswith(b"{"):
        first = body.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    sample = body[:SNIFF_BYTES]
    if sample.startswith(b"<") or b"<" in sample[:512]:
        if _FEED.search(sample[:2048]) and not re.search(rb"<html[\s>]", sample[:2048], re.I):
            return "feed"
        if _HTML.search(sample):
            return "html"
    return "text"


def read_maybe_gzip(data: bytes, limit: int) -> bytes:
    """Decompress gzipped bytes (at most ``limit`` bytes out); plain bytes pass through."""
    if not is_gzip(data):
        return data
    return gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit + 1)
