from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsloom.io.readers import Skipped, read_inputs, read_jsonl, read_records
from newsloom.model import Page


def _pages(results: list[Page | Skipped]) -> list[Page]:
    return [r for r in results if isinstance(r, Page)]


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First page text.")
    (tmp_path / "b" / "c.txt").write_text("Second page text.")
    (tmp_path / ".hidden.swp").write_text("editor junk")
    pages = _pages(list(read_inputs([str(tmp_path)])))
    assert [p.text for p in pages] == ["First page text.", "Second page text."]
    assert pages[1].source_path == str(tmp_path / "b" / "c.txt")


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A perfectly good page of text.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 3)
    (tmp_path / "huge.txt").write_bytes(b"x" * 2000)
    results = list(read_inputs([str(tmp_path), str(tmp_path / "missing.txt")], max_bytes=1000))
    skipped = {Path(s.source).name: s for s in results if isinstance(s, Skipped)}
    assert _pages(results)[0].text == "A perfectly good page of text."
    assert skipped["empty.txt"].code == "E002"
    assert skipped["binary.bin"].code == "E003"
    assert skipped["huge.txt"].code == "E004" and "over the" in skipped["huge.txt"].message
    assert skipped["missing.txt"].code == "E001"
    assert all(name in s.message for name, s in skipped.items())


def test_jsonl_pages_with_metadata_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "text": "Body one.",
                        "url": "https://a.test/1",
                        "fetched_at": "2025-08-28T12:00:00Z",
                    }
                ),
                "{not json",
                json.dumps({"url": "https://a.test/no-text"}),
                json.dumps(["a", "list"]),
                "",
                json.dumps({"text": "Body two.", "fetched_at": "not a date"}),
            ]
        )
    )
    results = list(read_inputs([str(path)]))
    pages = _pages(results)
    assert pages[0].url == "https://a.test/1" and pages[0].fetched_at is not None
    assert pages[0].fetched_at.isoformat() == "2025-08-28T12:00:00+00:00"
    assert pages[0].source_path == f"{path}:1"
    # an unparseable fetch time loses the time, not the page
    assert pages[1].text == "Body two." and pages[1].fetched_at is None
    assert "not ISO 8601" in pages[1].warnings[0]
    bad = [s for s in results if isinstance(s, Skipped)]
    assert [s.source.rsplit(":", 1)[1] for s in bad] == ["2", "3", "4"]
    assert "not valid JSON" in bad[0].message and "no string field 'text'" in bad[1].message


def test_stdin_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Plain text from a pipe.")))
    assert _pages(list(read_inputs(["-"])))[0].source_path == "<stdin>"
    data = b'{"text": "one"}\n{"text": "two"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [p.text for p in _pages(list(read_inputs(["-"])))] == ["one", "two"]


@given(st.lists(st.binary(max_size=200), max_size=8))
def test_jsonl_reader_never_raises(lines: list[bytes]) -> None:
    for result in read_jsonl([line + b"\n" for line in lines], "fuzz.jsonl"):
        assert isinstance(result, Page | Skipped)


def test_records_from_a_binary_file_are_one_bad_input(tmp_path: Path) -> None:
    binary = tmp_path / "dump.jsonl"
    binary.write_bytes(bytes(range(256)) * 40)  # control bytes on every "line"
    items = list(read_records(str(binary)))
    assert len(items) == 1
    assert isinstance(items[0], Skipped)
    assert items[0].code == "E003" and "binary" in items[0].message


def test_records_with_a_bom_or_in_utf16_are_not_called_binary(tmp_path: Path) -> None:
    good = tmp_path / "bom.jsonl"
    good.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    items = list(read_records(str(good)))
    assert [i for i in items if isinstance(i, Skipped) and i.code == "E003"] == []
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes('{"id": "a", "text": "some text here"}\n'.encode("utf-16-le"))
    assert all(not (isinstance(i, Skipped) and i.code == "E003") for i in read_records(str(utf16)))
