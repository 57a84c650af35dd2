"""``newsloom extract`` and ``newsloom gazetteer import`` end to end (in process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.enrich.gazetteer import Gazetteer

DATA = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
GOOD = {
    "id": "a1",
    "title": "Kremlin rejects peacekeepers",
    "text": 'Kremlin spokesman Dmitry Peskov said: "We view such discussions negatively."',
    "published": "2025-08-27T10:00:00+00:00",
    "lang": "en",
    "story_id": "s-1",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLOOM_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def warm_home(newsloom_home: Path, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The session's data directory, its gazetteer index already cached there."""
    gazetteer.index  # noqa: B018 - builds (or loads) and caches the index
    monkeypatch.setenv("NEWSLOOM_HOME", str(newsloom_home))
    return newsloom_home


def test_extract_keeps_fields_and_skips_bad_lines(tmp_path: Path, warm_home: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps(GOOD),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "no-text", "title": "only a title"}),
        json.dumps({"text": "Zelensky spoke in Kyiv on Monday.", "lang": "en"}),
        json.dumps({"id": "de", "text": "Der Kreml lehnt das ab.", "lang": "de"}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--processes", "1"])
    assert result.exit_code == 0, result.output
    assert "in.jsonl:2" in result.output and "in.jsonl:3" in result.output
    assert "3 articles" in result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["a1", None, "de"]
    first = rows[0]
    assert first["story_id"] == "s-1" and first["title"] == GOOD["title"]
    for key in ("entities", "quotes", "claims", "times", "places", "enrich_notes"):
        assert key in first, key
    assert "Dmitry Peskov" in {e["name"] for e in first["entities"]}
    assert {p["name"] for p in rows[1]["places"]} == {"Kyiv"}
    assert rows[2]["enrich_notes"][0].startswith("lang=de")


def test_extract_with_nothing_readable_fails_and_writes_nothing(tmp_path: Path, home: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text("not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output
    assert not out.exists()


def test_gazetteer_import_command(tmp_path: Path, home: Path) -> None:
    result = CliRunner().invoke(app, ["gazetteer", "import", str(DATA / "UA-malformed.txt")])
    assert result.exit_code == 0, result.output
    assert "2 places" in result.output and "2 malformed line(s)" in result.output
    assert (home / "gazetteer" / "UA-malformed.gaz.tsv").is_file()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "import", str(empty)])
    assert result.exit_code == 1 and "E002" in result.output
