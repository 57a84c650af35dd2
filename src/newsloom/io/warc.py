"""WARC archives (plain or gzipped; e.g. Common Crawl's CC-NEWS) to HTML pages.

FastWARC streams the file (a 1 GB archive never sits in memory) and parses the HTTP headers;
warcio is the fallback when FastWARC is not installed. Each HTTP response with an HTML payload
becomes a Page: its target URI is the URL, its WARC-Date the fetch time, its charset from the
HTTP header or the page's meta tag. Other payloads (images, PDFs, redirects) are skipped with a
reason; a truncated or corrupt archive yields what was readable, then one Skipped.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

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
    last_pos = -1  # where the last record (of any type) starts in the file
    held: tuple[Page | NewsloomError, int] | None = None  # one record kept back, see below
    try:
        # quirks_mode skips garbage between records and reads on.
        for record in ArchiveIterator(
            str(path), parse_http=True, quirks_mode=True, fsspec_args=False
        ):
            last_pos = record.stream_pos
            if record.record_type != WarcRecordType.response:
                continue
            uri = record.headers.get("WARC-Target-URI") or ""
            page = _page(
                f"{path}#{count + 1} {uri}".rstrip(),
                uri,
                record.record_date,
                record.http_content_type,
                record.http_charset,
                record.content_length,
                record.reader,
                max_bytes,
            )
            count += 1
            if held is not None:
                yield held[0]
            held = (page, last_pos)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # FastWARC raises plain exceptions, even Rust panics
        if held is not None:
            yield held[0]
        yield CorruptArchiveError(
            f"archive unreadable after {count} response records ({type(exc).__name__}: {exc})",
            source=str(path),
        )
        return
    # FastWARC ends quietly inside a truncated gzip member: check that the last member is
    # whole, and drop the last record when it is the one cut off.
    truncated = last_pos >= 0 and not _last_member_complete(path, last_pos)
    if held is not None and not (truncated and held[1] == last_pos):
        yield held[0]
    if truncated:
        yield CorruptArchiveError(
            f"archive is truncated: {count - (held is not None and held[1] == last_pos)} "
            "complete response records before its end",
            source=str(path),
        )


def _last_member_complete(path: Path, offset: int) -> bool:
    """Whether the gzip member starting at ``offset`` runs to its end-of-stream marker
    (always true for an uncompressed archive)."""
    with path.open("rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return True
        fh.seek(offset)
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while not dec.eof:
            chunk = fh.read(1 << 20)
            if not chunk:
                return False
            try:
                dec.decompress(chunk, 1 << 16)  # output is not needed, only the end marker
                while dec.unconsumed_tail and not dec.eof:
                    dec.decompress(dec.unconsumed_tail, 1 << 16)
            except zlib.error:
                return False
        return True


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
    if not data or (data[:4096].isspace() and data.isspace()):  # no copy of the payload
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
    """One strict UTF-8 pass first, whatever the header says: servers label UTF-8 pages
    iso-8859-1 (Apache's old default), and other encodings' non-ASCII text is almost never
    valid UTF-8 by accident. Then the declared charset, then the page's own (decode_html)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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
