"""HTML, gzip, feeds and WARC archives: real files, written here with warcio's writer."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom.clean import Cleaner
from newsloom.io.readers import Skipped, read_file, read_inputs
from newsloom.io.sniff import sniff
from newsloom.model import Page

ARTICLE = (
    "<p>Talks on a ceasefire stalled on Wednesday after Ukrainian and Russian officials "
    "traded accusations over strikes on energy sites, diplomats said in Geneva.</p>"
    "<p>European officials said a new round could take place next month if both "
    "delegations agree on an agenda, which has so far proved elusive.</p>"
    "<p>The Kremlin said on Thursday that Kyiv was to blame for the impasse, without "
    "providing evidence, and repeated its demand for four regions.</p>"
)
HTML = (
    f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ceasefire talks stall</title>"
    f"</head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav><article>"
    f"<h1>Ceasefire talks stall</h1>{ARTICLE}</article><footer>© 2025 Example News. "
    f"Privacy policy</footer></body></html>"
)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Short item</title><link>https://wire.test/a</link>
<pubDate>Wed, 27 Aug 2025 09:00:00 GMT</pubDate><description>Talks stalled on Wednesday after
officials traded accusations.</description></item></channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Wire</title><entry><title>Full entry</title><link href="https://atom.test/b"/>
<updated>2025-08-27T10:00:00Z</updated><content type="html">&lt;p&gt;A full article body with
plenty of words in it, long enough to be article text.&lt;/p&gt;</content></entry></feed>"""


def _warc(path: Path, records: list[tuple[str, str, bytes]], *, gz: bool = True) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for uri, ctype, payload in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(payload),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": "2025-08-28T12:00:00Z"},
                )
            )
    return path


def _split(results: list[Page | Skipped]) -> tuple[list[Page], list[Skipped]]:
    return (
        [r for r in results if isinstance(r, Page)],
        [r for r in results if isinstance(r, Skipped)],
    )


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.0\r\n", "warc"),
        (HTML.encode(), "html"),
        (RSS.encode(), "feed"),
        (ATOM.encode(), "feed"),
        (b'{"text": "x"}\n', "jsonl"),
        (b"Plain text page.", "text"),
        (b"\xef\xbb\xbf<html><body><p>x</p></body></html>", "html"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_html_file_gzipped_and_named_txt(tmp_path: Path) -> None:
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(HTML.encode()))
    pages, skipped = _split(list(read_file(tmp_path / "page.txt.gz")))
    assert not skipped and pages[0].media_type == "text/html"
    art = Cleaner().clean(pages[0])[0]
    assert art.title == "Ceasefire talks stall"
    assert "Talks on a ceasefire stalled" in art.text and "Privacy policy" not in art.text
    assert any(r.reason == "html:not-main-text" and "Privacy" in r.text for r in art.removed)


def test_warc_reads_html_responses_and_skips_the_rest(tmp_path: Path) -> None:
    path = _warc(
        tmp_path / "CC-NEWS-20250828120000-00001.warc.gz",
        [
            ("https://news.test/a", "text/html; charset=utf-8", HTML.encode()),
            ("https://news.test/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            (
                "https://news.test/b",
                "text/html; charset=iso-8859-1",
                HTML.replace("Geneva", "Genève").encode("latin-1"),
            ),
            ("https://news.test/doc.pdf", "application/pdf", b"%PDF-1.4 ..."),
            (  # labelled latin-1 by the server, UTF-8 in fact
                "https://news.test/c",
                "text/html; charset=iso-8859-1",
                HTML.replace("Geneva", "Genève").encode("utf-8"),
            ),
        ],
    )
    pages, skipped = _split(list(read_inputs([str(path)])))
    assert [p.url for p in pages] == [
        "https://news.test/a",
        "https://news.test/b",
        "https://news.test/c",
    ]
    assert "Genève" in pages[2].text and "GenÃ¨ve" not in pages[2].text
    assert pages[0].fetched_at is not None and pages[0].fetched_at.isoformat() == (
        "2025-08-28T12:00:00+00:00"
    )
    assert "Genève" in pages[1].text
    assert [s.code for s in skipped] == ["E007", "E007"]
    assert "image/png" in skipped[0].message and "news.test/logo.png" in skipped[0].message


def test_truncated_warc_keeps_what_was_readable(tmp_path: Path) -> None:
    big = [(f"https://news.test/{i}", "text/html", HTML.encode()) for i in range(20)]
    whole = _warc(tmp_path / "whole.warc.gz", big).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    pages, skipped = _split(list(read_file(cut)))
    assert 5 <= len(pages) < 20
    assert skipped[-1].code == "E008" and "cut.warc.gz" in skipped[-1].message


def test_garbage_between_records_is_skipped(tmp_path: Path) -> None:
    raw = _warc(
        tmp_path / "w.warc",
        [(f"https://n.test/{i}", "text/html", HTML.encode()) for i in range(3)],
        gz=False,
    ).read_bytes()
    second = raw.find(b"WARC/1", 10)
    (tmp_path / "w.warc").write_bytes(raw[:second] + b"\x00garbage\r\n" + raw[second:])
    pages, _ = _split(list(read_file(tmp_path / "w.warc")))
    assert len(pages) == 3


def test_feeds(tmp_path: Path) -> None:
    (tmp_path / "news.php").write_text(RSS)
    (tmp_path / "atom.xml").write_text(ATOM)
    (tmp_path / "broken.rss").write_text("<rss><channel><item>oops")
    pages, skipped = _split(list(read_inputs([str(tmp_path)])))
    by_url = {p.url: p for p in pages}
    short = Cleaner().clean(by_url["https://wire.test/a"])[0]
    assert short.title == "Short item" and short.source == "Example Wire"
    assert short.published == "2025-08-27T09:00:00+00:00"
    assert short.extras == {"clean": {"partial": True}}  # only a summary in the feed
    full = Cleaner().clean(by_url["https://atom.test/b"])[0]
    assert "A full article body" in full.text and full.extras == {}
    assert [s.code for s in skipped] == ["E009"]


def test_jsonl_html_field(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text(json.dumps({"html": HTML, "url": "https://n.test/x"}))
    pages, _ = _split(list(read_file(tmp_path / "d.jsonl")))
    assert pages[0].media_type == "text/html"
    assert Cleaner().clean(pages[0])[0].title == "Ceasefire talks stall"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=4096),
    gz=st.booleans(),
    prefix=st.sampled_from([b"", b"WARC/1.0\r\n", b"<html>", b"<rss>", b"{"]),
)
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, gz: bool, prefix: bytes) -> None:
    blob = prefix + data
    path = tmp_path / "fuzz.bin"
    path.write_bytes(gzip.compress(blob) if gz else blob)
    for item in read_file(path):
        assert isinstance(item, Page | Skipped)
        if isinstance(item, Page):
            try:
                Cleaner().clean(item)
            except Exception as exc:  # only our own, named errors may come out
                from newsloom.errors import NewsloomError

                assert isinstance(exc, NewsloomError), exc
