"""WARC archives (plain or gzipped; e.g. Common Crawl's CC-NEWS) to HTML pages.

FastWARC streams the file (a 1 GB archive never sits in memory) and parses the HTTP headers;
warcio is the fallback when FastWARC is not installed. Each HTTP response with an HTML payload
becomes a Page: its target URI is the URL, its WARC-Date the fetch time, its charset from the
HTTP header or the page's meta tag. Other payloads (images, PDFs, redirects) are skipped with a
reason; a truncated or corrupt archive yields what was readable, then one Skipped.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from newsloom.errors import InputError, NewsloomError, TooLargeError
from newsloom.io.html_text import decode_html
from newsloom.model import Page

# Payload types that hold a web page; everything else in a crawl is skipped.
HTML_TYPES = ("text/html", "application/xhtml+xml")


class NotHtmlError(NewsloomError):
    """A WARC response whose payload is not an HTML page."""

    code = "E007"


class CorruptArchiveError(NewsloomError):
    """The archive ends early or holds bytes that are not WARC records."""

    code = "E008"


def read_warc(path: Path, *, max_bytes: int) -> Iterator[Page | NewsloomError]:
    """Pages from the HTML responses of a WARC file, or errors for what was skipped."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # pragma: no cover - exercised only without fastwarc
        yield from _read_warcio(path, max_bytes=max_bytes)
        return
    count = 0
    try:
        # quirks_mode skips garbage between records and reads on. A Python stream for gzip:
        # FastWARC's own decoder ends quietly at a truncated member,
        # Python's raises EOFError, so a cut-off archive is reported instead of looking done.
        with _open(path) as stream:
            for record in ArchiveIterator(
                stream,
                record_types=WarcRecordType.response,
                parse_http=True,
                stream_detect=False,
                quirks_mode=True,
                fsspec_args=False,
            ):
                uri = record.headers.get("WARC-Target-URI") or ""
                where = f"{path}#{count + 1} {uri}".rstrip()
                page = _page(
                    where,
                    uri,
                    record.record_date,
                    record.http_content_type,
                    record.http_charset,
                    record.content_length,
                    record.reader,
                    max_bytes,
                )
                count += 1  # counted once its payload is read in full
                yield page
    except Exception as exc:  # FastWARC and gzip raise plain exceptions on corrupt input
        yield CorruptArchiveError(
            f"archive unreadable after {count} response records ({type(exc).__name__}: {exc})",
            source=str(path),
        )


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else path.open("rb")  # type: ignore[return-value]


def _page(
    where: str,
    uri: str,
    when: datetime | None,
    content_type: str | None,
    charset: str | None,
    length: int,
    reader: object,
    max_bytes: int,
) -> Page | NewsloomError:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in HTML_TYPES:
        return NotHtmlError(f"payload is {ctype or 'of no declared type'}, not HTML", source=where)
    if length > max_bytes:
        return TooLargeError(
            f"record is {length / 1048576:.1f} MB, over the "
            f"{max_bytes / 1048576:.1f} MB limit per page",
            source=where,
        )
    data: bytes = reader.read()  # type: ignore[attr-defined]
    if not data.strip():
        return InputError("empty payload", source=where)
    text = _decode(data, charset)
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return Page(
        text=text,
        source_path=where,
        url=uri or None,
        fetched_at=when,
        media_type="text/html",
        encoding=charset,
    )


def _decode(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_html(data)


def _read_warcio(path: Path, *, max_bytes: int) -> Iterator[Page | NewsloomError]:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                count += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                date = record.rec_headers.get_header("WARC-Date")
                when = datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None
                ctype = record.http_headers.get_header("Content-Type") or ""
                charset = None
                if "charset=" in ctype:
                    charset = ctype.split("charset=", 1)[1].split(";")[0].strip(" \"'")
                length = int(record.rec_headers.get_header("Content-Length") or 0)
                yield _page(
                    f"{path}#{count} {uri}".rstrip(),
                    uri,
                    when,
                    ctype,
                    charset,
                    length,
                    record.content_stream(),
                    max_bytes,
                )
    except Exception as exc:
        yield CorruptArchiveError(
            f"archive unreadable after {count} response records ({type(exc).__name__}: {exc})",
            source=str(path),
        )
