"""Read plain-text pages from files, directories, JSONL dumps and stdin.

Readers stream: they yield one ``Page`` (or one ``Skipped`` explaining a bad input) at a time,
so a directory of a million files or a 10 GB JSONL dump never sits in memory. A bad input never
stops the run; the caller counts the ``Skipped`` records and reports them.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

from newsloom.errors import (
    EmptyInputError,
    InputError,
    NewsloomError,
    RecordError,
    TooLargeError,
)
from newsloom.io.decode import check_text_head, decode_bytes
from newsloom.io.feeds import read_feed
from newsloom.io.html_text import decode_html
from newsloom.io.sniff import SNIFF_BYTES, gunzip_head, is_gzip, read_maybe_gzip, sniff
from newsloom.io.warc import read_warc
from newsloom.model import Page

# A news page flattened to text is 2-50 KB; 20 MB is a whole site dumped into one file,
# which would make the cleaner's per-page structures (line tables) huge. Override per call.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}


@dataclass(slots=True)
class Skipped:
    """An input (or one line of it) that could not be read, and why."""

    source: str
    code: str
    message: str

    @classmethod
    def from_error(cls, source: str, err: NewsloomError) -> Skipped:
        return cls(source, err.code, str(err))


ReadResult = Page | Skipped


InputItem = Path | str | Skipped  # a file, "-" for stdin, or an input that does not exist


def expand_inputs(inputs: Iterable[str]) -> Iterator[InputItem]:
    """The files behind the inputs, in reading order: directories walked recursively and
    sorted (hidden files skipped), ``-`` kept for stdin, missing paths as Skipped."""
    for spec in inputs:
        if spec == "-":
            yield spec
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield Skipped.from_error(spec, InputError("no such file or directory", source=spec))


def read_inputs(
    inputs: Iterable[str | InputItem],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_file: Callable[[InputItem], None] | None = None,
) -> Iterator[ReadResult]:
    """Yield pages from each input: a file, a directory (recursive, sorted) or ``-`` (stdin).

    ``on_file`` is called as each file is opened (progress bars count files or bytes)."""
    for spec in inputs:
        items = expand_inputs([spec]) if isinstance(spec, str) and spec != "-" else [spec]
        for item in items:
            if on_file:
                on_file(item)
            if isinstance(item, Skipped):
                yield item
            elif item == "-":
                yield from _read_stream(sys.stdin.buffer, "<stdin>", max_bytes)
            else:
                yield from read_file(Path(item), max_bytes=max_bytes)


def _walk(root: Path) -> Iterator[InputItem]:
    def on_error(err: OSError) -> None:  # unreadable sub-directories are reported, not fatal
        raise err

    try:
        walk = list(os.walk(root, onerror=on_error))
    except OSError as exc:
        yield Skipped.from_error(str(root), InputError(exc.strerror or str(exc), source=str(root)))
        return
    for dirpath, dirnames, filenames in sorted(walk):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.startswith("."):  # editor swap files, .DS_Store, our own temp files
                yield Path(dirpath) / name


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """Yield the page(s) in one file, whatever it holds (sniffed from its content): one page
    for a text or HTML file, one per line of JSONL, per item of a feed, per HTML response of a
    WARC archive. Any of them may be gzipped."""
    source = str(path)
    try:
        if not path.is_file():
            raise InputError("not a regular file", source=source)
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        kind = sniff(gunzip_head(head) if is_gzip(head) else head)
        if kind == "warc":  # streamed record by record: no size limit for the archive
            for item in read_warc(path, max_bytes=max_bytes):
                yield item if isinstance(item, Page) else Skipped.from_error(source, item)
            return
        if kind == "jsonl" or path.suffix.lower() in JSONL_SUFFIXES:
            opener = gzip.open if is_gzip(head) else open
            with opener(path, "rb") as fh:
                yield from read_jsonl(fh, source, max_bytes=max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLargeError(
                f"is {_mb(size)}, over the {_mb(max_bytes)} limit per page "
                "(raise it with --max-bytes)",
                source=source,
            )
        data = read_maybe_gzip(path.read_bytes(), max_bytes)
        if len(data) > max_bytes:
            raise TooLargeError(
                f"decompresses to over the {_mb(max_bytes)} limit per page", source=source
            )
    except NewsloomError as err:
        yield Skipped.from_error(source, err)
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield Skipped.from_error(
            source,
            InputError(
                getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}", source=source
            ),
        )
        return
    yield from pages_from_bytes(data, source, kind)


def pages_from_bytes(data: bytes, source: str, kind: str) -> Iterator[ReadResult]:
    """Pages of one document whose kind is known (html, feed or text)."""
    if kind == "feed":
        for item in read_feed(data, source):
            yield item if isinstance(item, Page) else Skipped.from_error(source, item)
    elif kind == "html":
        if not data.strip():
            yield Skipped.from_error(source, EmptyInputError("input is empty", source=source))
            return
        yield Page(text=decode_html(data), source_path=source, media_type="text/html")
    else:
        yield from _page_from_bytes(data, source)


def _read_stream(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[ReadResult]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Skipped.from_error(
            source, TooLargeError(f"is over the {_mb(max_bytes)} limit per page", source=source)
        )
        return
    kind = sniff(data[:SNIFF_BYTES])
    if kind == "jsonl":
        yield from read_jsonl(iter(data.splitlines(keepends=True)), source, max_bytes=max_bytes)
    elif kind == "warc":
        yield Skipped.from_error(
            source,
            InputError(
                "a WARC archive on stdin: pass it as a file (archives are streamed from disk)",
                source=source,
            ),
        )
    else:
        yield from pages_from_bytes(data, source, kind)


def _page_from_bytes(data: bytes, source: str) -> Iterator[ReadResult]:
    try:
        text, encoding = decode_bytes(data, source=source)
    except NewsloomError as err:
        yield Skipped.from_error(source, err)
        return
    yield Page(text=text, source_path=source, encoding=encoding)


def read_records(path: str) -> Iterator[tuple[str, dict[str, Any]] | Skipped]:
    """JSON objects from a JSONL file (or ``-``), each with its ``file:line``."""
    try:
        fh = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield Skipped.from_error(path, InputError(exc.strerror or str(exc), source=path))
        return
    # peek needs a buffered reader (stdin may be a plain byte stream, as under test runners)
    stream = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(cast(Any, fh))
    with stream:
        try:  # a binary file is one bad input, not a message for each of its "lines"
            check_text_head(stream.peek(SNIFF_BYTES)[:SNIFF_BYTES], source=path)
        except NewsloomError as err:
            yield Skipped.from_error(path, err)
            return
        for lineno, raw in enumerate(stream, start=1):
            where = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                yield where, parse_json_line(raw, where)
            except NewsloomError as err:
                yield Skipped.from_error(where, err)


def read_jsonl(
    lines: Iterable[bytes], source: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ReadResult]:
    """One page per line: ``{"text": ..., "url"?: ..., "fetched_at"?: ...}``.

    A malformed line is reported with its line number and skipped; the rest are read.
    """
    for lineno, raw in enumerate(lines, start=1):
        where = f"{source}:{lineno}"
        if not raw.strip():
            continue
        try:
            if len(raw) > max_bytes:
                raise TooLargeError(
                    f"line is {_mb(len(raw))}, over the {_mb(max_bytes)} limit", source=where
                )
            yield page_from_record(parse_json_line(raw, where), where)
        except NewsloomError as err:
            yield Skipped.from_error(where, err)


def parse_json_line(raw: bytes, where: str) -> dict[str, Any]:
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RecordError(f"not valid JSON ({exc})", source=where) from exc
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {type(obj).__name__}", source=where)
    return obj


def page_from_record(obj: dict[str, Any], where: str) -> Page:
    """Build a Page from a JSON object with a ``text`` field (and optional metadata)."""
    html = obj.get("html")
    text = html if isinstance(html, str) and html.strip() else obj.get("text")
    if not isinstance(text, str):
        raise RecordError("has no string field 'text' (or 'html')", source=where)
    if not text.strip():
        raise RecordError("field 'text' is empty", source=where)
    # an 'html' field, or a 'text' field that holds a whole HTML page
    is_html = text is html or sniff(text[:SNIFF_BYTES].encode("utf-8", "replace")) == "html"
    url = obj.get("url")
    meta = {
        k: v
        for k, v in obj.items()
        if k in ("title", "source", "id", "published") and isinstance(v, str)
    }
    warnings = []
    try:
        fetched_at = parse_datetime(obj.get("fetched_at"), where)
    except RecordError as err:  # the page is still good; only its relative times stay open
        fetched_at = None
        warnings.append(f"{err}; relative times will not be resolved")
    return Page(
        text=text,
        source_path=where,
        url=url if isinstance(url, str) else None,
        fetched_at=fetched_at,
        media_type="text/html" if is_html else "text/plain",
        encoding="utf-8",
        meta=meta,
        warnings=warnings,
    )


def parse_datetime(value: Any, where: str, field: str = "fetched_at") -> datetime | None:
    """ISO 8601 (``Z`` allowed) or None; a present but unparseable value is an error.

    A time without a zone is taken as UTC, so that all times compare and sort together.
    """
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"'{field}' must be an ISO 8601 string, got {value!r}", source=where)
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise RecordError(f"'{field}' is not ISO 8601: {value!r}", source=where) from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
