"""``--engine local`` and ``--engine ray`` on one corpus: the same articles, duplicate groups
and stories; reruns resume; a corrupt shard is reported and the rest finish; a failed run is
never taken for a complete one.

The corpus: the bundled samples, synthetic pages with syndicated copies, recrawls and
aggregator tails (bench/scale.py's generator over ECB+ texts), and a corrupt shard.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from newsloom.dedup.index import BANDS
from newsloom.engines import SUCCESS_MARKER, read_manifest, run_corpus
from newsloom.engines.base import EngineSummary, run
from newsloom.engines.local import LocalEngine
from newsloom.engines.shards import ShardReport
from newsloom.engines.stages import ShardAnnotation, ShardRef
from tests.conftest import ROOT, SAMPLES, SHARED_DATA

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED_DATA / "ecbplus").is_dir(), reason="needs ../shared/data"),
]
SYNTHETIC_SHARDS, PAGES_PER_SHARD = 3, 70


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from scale import CorpusBuilder

    root = tmp_path_factory.mktemp("corpus")
    for sample in sorted(SAMPLES.iterdir()):
        shutil.copy(sample, root / sample.name)
    builder = CorpusBuilder(seed=11)
    for shard in range(SYNTHETIC_SHARDS):
        lines = [json.dumps(builder.page(shard * 100 + n)) for n in range(PAGES_PER_SHARD)]
        data = ("\n".join(lines) + "\n").encode()
        if shard == 1:
            (root / f"shard-{shard}.jsonl.gz").write_bytes(gzip.compress(data))
        else:
            (root / f"shard-{shard}.jsonl").write_bytes(data)
    # a gzipped shard cut off in its first bytes: nothing in it can be read
    (root / "zz-corrupt.jsonl.gz").write_bytes(gzip.compress(data)[:40])
    return root


def _run(corpus: Path, out: Path, engine: str) -> EngineSummary:
    return run_corpus([str(corpus)], out, engine=engine, workers=2)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[EngineSummary, Path]:
    out = tmp_path_factory.mktemp("local")
    return _run(corpus, out, "local"), out


@pytest.fixture(scope="module")
def ray_run(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory, ray_session: Any
) -> tuple[EngineSummary, Path]:
    out = tmp_path_factory.mktemp("ray")
    return _run(corpus, out, "ray"), out


def _articles(out: Path) -> list[dict[str, Any]]:
    table = pq.ParquetDataset(out / "articles").read()
    return sorted(table.to_pylist(), key=lambda r: r["id"])


def _stories(out: Path) -> dict[str, list[str]]:
    table = pq.read_table(out / "stories")
    return {r["id"]: sorted(r["articles"]) for r in table.to_pylist()}


def test_engines_give_the_same_articles_duplicates_and_stories(
    local_run: tuple[EngineSummary, Path], ray_run: tuple[EngineSummary, Path]
) -> None:
    (local, local_out), (on_ray, ray_out) = local_run, ray_run
    local_articles, ray_articles = _articles(local_out), _articles(ray_out)
    assert len(local_articles) == local.articles > 200
    assert local_articles == ray_articles  # every field, duplicate_of, contains, story_id
    assert _stories(local_out) == _stories(ray_out)
    assert (local.duplicates, local.stories) == (on_ray.duplicates, on_ray.stories)
    # the corpus exercises what is compared: copies, exact recrawls, multi-article stories
    # and stories that run over more than one day
    assert local.duplicates > 20
    assert any(a["exact_duplicate"] for a in local_articles)
    assert len({a["id"] for a in local_articles}) == len(local_articles)
    by_id = {a["id"]: a for a in local_articles}
    spans = [
        {(by_id[a]["published"] or "")[:10] for a in members}
        for members in _stories(local_out).values()
    ]
    assert any(len(days) > 1 for days in spans)
    assert max(len(m) for m in _stories(local_out).values()) >= 3


def test_copies_point_to_the_earliest_copy_in_their_group(
    local_run: tuple[EngineSummary, Path],
) -> None:
    articles = {a["id"]: a for a in _articles(local_run[1])}
    for a in articles.values():
        if a["duplicate_of"]:
            canon = articles[a["duplicate_of"]]
            assert canon["duplicate_of"] is None
            assert (canon["published"] or "~") <= (a["published"] or "~")
            assert a["story_id"] == canon["story_id"] or a["published"] != canon["published"]


def test_a_corrupt_shard_is_reported_and_the_rest_finish(
    local_run: tuple[EngineSummary, Path], ray_run: tuple[EngineSummary, Path]
) -> None:
    for summary, out in (local_run, ray_run):
        assert len(summary.failed) == 1 and "zz-corrupt.jsonl.gz" in summary.failed[0]
        manifest = read_manifest(out)
        assert manifest is not None and manifest["articles"] == summary.articles
        done = {Path(s["path"]).name: s["done"] for s in manifest["shards"]}
        assert done["zz-corrupt.jsonl.gz"] is False
        assert all(v for k, v in done.items() if k != "zz-corrupt.jsonl.gz")
        assert manifest["failed"] == summary.failed


def test_a_rerun_skips_the_shards_already_done(
    corpus: Path, local_run: tuple[EngineSummary, Path], tmp_path: Path
) -> None:
    first, out = local_run
    rerun_out = tmp_path / "out"
    shutil.copytree(out, rerun_out)
    again = _run(corpus, rerun_out, "local")
    assert again.shards_reused == first.shards - 1  # all but the corrupt one, retried
    assert again.pages == 0  # nothing cleaned again
    assert _articles(rerun_out) == _articles(out)
    # a changed shard is done again, and only that one
    changed = corpus / "shard-2.jsonl"
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b"\n")
        third = _run(corpus, rerun_out, "local")
    finally:
        changed.write_bytes(original)
    assert third.shards_reused == first.shards - 2  # shard-2, and the corrupt one retried
    assert third.pages == PAGES_PER_SHARD


def test_ray_finds_the_same_duplicates_in_several_key_passes(
    corpus: Path,
    local_run: tuple[EngineSummary, Path],
    ray_run: tuple[EngineSummary, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsloom.engines import ray as ray_engine

    out = tmp_path / "out"
    shutil.copytree(ray_run[1], out)  # shards are reused: mostly the corpus steps run again
    rows = ray_run[0].articles * (BANDS + 1)
    monkeypatch.setattr(ray_engine, "KEY_ROWS_PER_PASS", rows // 4)  # 4-5 passes
    again = _run(corpus, out, "ray")
    assert _articles(out) == _articles(local_run[1])
    assert again.duplicates == local_run[0].duplicates


class _DiskFullEngine(LocalEngine):
    """The local engine failing while it writes the articles."""

    def write_articles(
        self, refs: list[ShardRef], annotations: list[ShardAnnotation], dest: Path
    ) -> None:
        super().write_articles(refs[:1], annotations[:1], dest)
        raise OSError(28, "No space left on device")


def test_a_failed_run_is_not_taken_for_a_complete_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [str(SAMPLES)]
    run_corpus(inputs, out, engine="local", workers=1)
    assert read_manifest(out) is not None
    before = _articles(out)
    with _DiskFullEngine(1) as failing, pytest.raises(OSError):
        run(failing, inputs, out)
    assert not (out / SUCCESS_MARKER).exists() and read_manifest(out) is None
    assert _articles(out) == before  # the half-written output never replaced the old one
    again = run_corpus(inputs, out, engine="local", workers=1)
    assert again.shards_reused == again.shards and read_manifest(out) is not None


def test_reports_round_trip_through_the_done_marker(local_run: tuple[EngineSummary, Path]) -> None:
    out = local_run[1]
    markers = sorted((out / "_work" / "shards").glob("*/_DONE"))
    assert len(markers) == local_run[0].shards - 1
    report = ShardReport(**json.loads(markers[0].read_text()))
    rows = pq.read_metadata(markers[0].parent / "articles.parquet").num_rows
    assert report.done and report.articles == rows
