"""RSS 2.0 and Atom feeds: each item becomes a page, with its full content when the feed
carries it, else its summary, flagged as partial."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from newsloom.errors import NewsloomError
from newsloom.io.html_text import flatten_visible
from newsloom.model import Page


class NotAFeedError(NewsloomError):
    """The file looked like a feed but does not parse as one."""

    code = "E009"


def read_feed(data: bytes, source: str) -> Iterator[Page | NewsloomError]:
    import feedparser

    parsed: Any = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        yield NotAFeedError(f"not a readable RSS/Atom feed ({reason or 'no items'})", source=source)
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, start=1):
        where = f"{source}#{n}"
        content = entry.get("content") or []
        html = content[0].get("value") if content else None
        partial = not html
        html = html or entry.get("summary") or ""
        text = flatten_visible(f"<html><body>{html}</body></html>") if "<" in html else html
        if not text.strip():
            yield NotAFeedError("item has neither content nor summary", source=where)
            continue
        meta: dict[str, Any] = {
            k: v
            for k, v in (
                ("title", entry.get("title")),
                ("byline", entry.get("author")),
                ("source", feed_title),
                ("published", _iso(entry.get("published_parsed") or entry.get("updated_parsed"))),
            )
            if isinstance(v, str) and v
        }
        yield Page(
            text=text,
            source_path=where,
            url=entry.get("link"),
            media_type="text/plain",
            encoding="utf-8",
            meta=meta,
            pre_extracted=True,
            partial=partial,
        )


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()
