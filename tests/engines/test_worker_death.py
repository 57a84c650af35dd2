"""A shard whose worker process dies every time (a page that crashes native code or runs the
worker out of memory) is tried SHARD_ATTEMPTS times, then reported as failed (E040) while
the other shards finish: on both engines, and the run ends instead of retrying forever."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from newsloom.engines import read_manifest
from newsloom.engines.base import SHARD_ATTEMPTS, Engine, EngineSummary, run
from newsloom.engines.local import LocalEngine
from newsloom.engines.shards import Shard, ShardReport
from newsloom.engines.stages import clean_shard
from tests.conftest import SAMPLES

POISON = "poison.txt"


def die_on_poison(shard: Shard, out_dir: str, max_bytes: int, enrich: bool) -> ShardReport:
    """clean_shard, except that the worker dies on the poison shard, as if killed."""
    if Path(shard.path).name == POISON:
        os._exit(3)
    return clean_shard(shard, out_dir, max_bytes, enrich)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(sample, root / sample.name)
    (root / POISON).write_text("Any text: the worker dies before reading it.\n")
    return root


def _check(summary: EngineSummary, out: Path, corpus: Path) -> None:
    assert len(summary.failed) == 1, summary.failed
    assert POISON in summary.failed[0] and "E040" in summary.failed[0]
    assert f"died {SHARD_ATTEMPTS} times" in summary.failed[0]
    manifest = read_manifest(out)
    assert manifest is not None
    done = {Path(s["path"]).name: s["done"] for s in manifest["shards"]}
    assert done.pop(POISON) is False
    assert sorted(done) == sorted(p.name for p in corpus.iterdir() if p.name != POISON)
    assert all(done.values())  # the shards queued beside the poison one are not blamed
    assert summary.articles > 0


def test_local_engine_gives_up_on_a_shard_that_kills_its_worker(
    corpus: Path, tmp_path: Path
) -> None:
    with LocalEngine(2, shard_fn=die_on_poison) as engine:
        summary = run(engine, [str(corpus)], tmp_path / "out")
    _check(summary, tmp_path / "out", corpus)


@pytest.mark.slow
def test_ray_engine_gives_up_on_a_shard_that_kills_its_worker(
    corpus: Path, tmp_path: Path, ray_session: Any
) -> None:
    from ray import cloudpickle

    from newsloom.engines.ray import RayEngine

    # Ray's workers do not import the tests package: ship this module's function by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        engine: Engine
        with RayEngine(None, 2, shard_fn=die_on_poison) as engine:
            summary = run(engine, [str(corpus)], tmp_path / "out")
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    _check(summary, tmp_path / "out", corpus)
