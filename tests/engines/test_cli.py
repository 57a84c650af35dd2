"""``newsloom run --out``: the engine path of the run command, and loading its output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.engines import EngineError, read_manifest
from newsloom.engines.load import load_into_store
from newsloom.store import open_store
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow  # starts a worker process: ~10 s


def test_run_out_writes_parquet_loads_the_store_and_resumes(tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "store.db"
    args = ["run", str(SAMPLES), "--out", str(out), "--workers", "1", "--no-enrich"]
    first = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert first.exit_code == 0, first.output
    manifest = read_manifest(out)
    assert manifest is not None and manifest["articles"] == 7 and manifest["engine"] == "local"
    store = open_store(db)
    try:
        assert store.stats()["articles"] == 7
    finally:
        store.close()
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "3 shards (3 done before)" in again.output
    (out / "_SUCCESS").unlink()  # as after a failed run
    store = open_store(tmp_path / "other.db")
    try:
        with pytest.raises(EngineError, match="no _SUCCESS"):
            load_into_store(out, store)
    finally:
        store.close()


def test_engine_options_need_out() -> None:
    result = CliRunner().invoke(app, ["run", str(SAMPLES), "--engine", "ray"])
    assert result.exit_code == 2 and "need --out" in result.output
