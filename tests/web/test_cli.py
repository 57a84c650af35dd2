"""`newsloom demo` and `newsloom serve` as a user runs them (the server part is the app the
other web tests drive)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.store import open_store

runner = CliRunner()


def test_demo_builds_a_fresh_store_from_the_samples(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(b"an old file that is not a store")  # replaced, not reused
    result = runner.invoke(app, ["demo", "--db", str(db), "--no-serve", "--no-enrich"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    try:
        stats = store.stats()
        # the aggregator page and the 3 articles it carries, the wire story, 2 JSONL pages
        assert stats["articles"] == 7
        assert f"7 articles, {stats['stories']} stories" in result.output
        headlines = {s.headline for s in store.list_stories()}
        assert "Ukraine says 3 soldiers killed, 18 hurt by Russian strike" in headlines
    finally:
        store.close()
    assert not (tmp_path / "demo.db.building").exists()
    again = runner.invoke(app, ["demo", "--db", str(db), "--no-serve", "--no-enrich"])
    assert "newsloom demo: 7 articles," in again.output  # rebuilt fresh, not doubled


def test_demo_without_samples_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["demo", "--samples", str(missing), "--no-serve"])
    assert result.exit_code == 1
    assert "no sample pages" in result.output


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such store" in result.output


def test_serve_reports_a_store_it_cannot_open(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a SQLite database at all" * 100)
    result = runner.invoke(app, ["serve", "--db", str(bad), "--port", "1"])
    assert result.exit_code == 1
    assert "[E03" in result.output  # the store's own coded error, not a traceback
