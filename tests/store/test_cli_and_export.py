"""``newsloom run / search / show / stories --db / export`` end to end, and the export formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.io.export import FLAT_COLUMNS, export_store
from newsloom.model import Article
from newsloom.store import open_store
from newsloom.store.base import Batch, Store, StoredArticle
from newsloom.store.testing import SAMPLES_DIR

from .test_store import HOSTILE

runner = CliRunner()
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.db"
    res = runner.invoke(app, ["run", str(SAMPLES_DIR), str(DATA), "--db", str(path), "--no-enrich"])
    assert res.exit_code == 0, res.output
    assert "articles stored" in res.output and "pages.jsonl:2: field 'text' is empty" in res.output
    return path


def test_rerun_reports_known_pages(db: Path) -> None:
    res = runner.invoke(app, ["run", str(SAMPLES_DIR), "--db", str(db), "--no-enrich"])
    assert res.exit_code == 0, res.output
    assert "0 articles stored" in res.output and "4 pages already stored" in res.output


def test_search_show_and_stories(db: Path) -> None:
    res = runner.invoke(app, ["search", "Valencia flood", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)
    assert found["total"] == 2 and found["facets"]["day"]
    art_id = found["hits"][0]["id"]
    res = runner.invoke(app, ["show", art_id, "--db", str(db)])
    assert res.exit_code == 0 and "Turia" in res.output
    story_id = found["hits"][0]["story_id"]
    res = runner.invoke(app, ["show", story_id, "--db", str(db), "--json"])
    assert res.exit_code == 0 and len(json.loads(res.output)["stored_articles"]) == 2
    store = open_store(db)
    n_stories = len(store.list_stories(limit=1000))
    store.close()
    res = runner.invoke(app, ["stories", "--db", str(db), "--by", "coverage", "--limit", "100"])
    assert res.exit_code == 0 and story_id in res.output and f"{n_stories} stories" in res.output
    assert runner.invoke(app, ["show", "nope", "--db", str(db)]).exit_code == 1


def test_cli_errors_are_clear(db: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["search", "(flood", "--db", str(db)])
    assert res.exit_code == 2 and "E034" in res.output and "parenthesis" in res.output
    res = runner.invoke(app, ["search", "flood", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 1 and "no store there" in res.output
    assert not (tmp_path / "missing.db").exists()
    res = runner.invoke(app, ["search", "zzzzqqq", "--db", str(db)])
    assert res.exit_code == 1 and "no articles match" in res.output
    res = runner.invoke(
        app, ["export", "-o", str(tmp_path / "x"), "--format", "xml", "--db", str(db)]
    )
    assert res.exit_code == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_formats(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"articles.{fmt}"
    res = runner.invoke(app, ["export", "--format", fmt, "-o", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    store = open_store(db)
    n = store.stats()["articles"]
    ids = {sa.article.id for sa in store.iter_articles()}
    store.close()
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert {"text", "removed", "entities", "story_id", "duplicate_of"} <= set(rows[0])
    elif fmt == "csv":
        with out.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert tuple(rows[0]) == FLAT_COLUMNS
    else:
        rows = pq.read_table(out).to_pylist()
    assert len(rows) == n and {r["id"] for r in rows} == ids


def _hostile_store(path: Path) -> Store:
    store = open_store(path)
    text = f'{HOSTILE}\nline two, with "quotes", commas\r\nand a CRLF'
    art = Article(id="h", text=text, title=HOSTILE, source="x,y")
    store.write_batch(Batch(articles=[StoredArticle(art)]))
    return store


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_keeps_hostile_text_exactly(tmp_path: Path, fmt: str) -> None:
    store = _hostile_store(tmp_path / "h.db")
    out = tmp_path / f"h.{fmt}"
    assert export_store(store, out, fmt) == 1  # type: ignore[arg-type]
    if fmt == "jsonl":
        row = json.loads(out.read_text("utf-8"))
    elif fmt == "csv":
        with out.open(newline="", encoding="utf-8") as fh:
            row = next(csv.DictReader(fh))
    else:
        row = pq.read_table(out).to_pylist()[0]
    assert row["title"] == HOSTILE and row["source"] == "x,y"
    assert row["text"] == store.get_article("h").article.text  # type: ignore[union-attr]
    store.close()


class _BrokenStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def iter_articles(self, *, batch_size: int = 200):  # type: ignore[no-untyped-def]
        yield from self.store.iter_articles()
        raise OSError("connection lost (injected)")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_failed_export_leaves_the_old_file(tmp_path: Path, fmt: str) -> None:
    store = _hostile_store(tmp_path / "h.db")
    out = tmp_path / f"keep.{fmt}"
    out.write_text("previous good export")
    with pytest.raises(OSError, match="injected"):
        export_store(_BrokenStore(store), out, fmt)  # type: ignore[arg-type]
    assert out.read_text() == "previous good export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []
    store.close()
