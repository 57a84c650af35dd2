"""The Ray Data engine, for corpora that outgrow one machine (``pip install newsloom[ray]``).

Imported only when ``--engine ray`` is asked for. Every step is a Ray Data pipeline over the
functions in ``stages``, the ones the local engine runs:

- shards: ``map_batches`` cleans and signs each shard (a task whose worker dies is re-run on
  another worker, ``SHARD_ATTEMPTS`` times in all, as the local engine does; then the shard
  is reported failed and the run goes on: Ray Data's default would retry it forever);
- near duplicates, as a distributed MinHash LSH: the band keys of every signature are
  exploded into rows, grouped by key bucket, each bucket's equal keys give candidate pairs
  (and equal exact keys give exact copies); only the pairs come back to the driver, which
  fetches the signatures of the articles in them and verifies and unions them exactly as
  ``DedupIndex`` does (``base.resolve_duplicates``);
- stories: one task per day clusters that day with ``StoryClusterer``, reading only the day's
  row group of each work table (the tables are written grouped by day), then neighbouring
  days are linked;
- output: ``write_parquet(mode="overwrite")``.

Memory stays flat as the corpus grows: what travels through Ray's object store is small per
article (band-key rows, pairs, signatures asked for), never the texts, and nothing is kept
materialized between steps. Ray's shared-memory pages count in the RSS of every worker that
touched them, so a big object store costs several times its size.

Worker-side files (the shards' work tables, the windows' states) live under ``--out``, so on a
cluster ``--out`` must be a directory every node sees (a shared filesystem).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import ray
import ray.data
from ray.data import SaveMode
from ray.data.context import ShuffleStrategy

from newsloom.dedup.index import BANDS, band_keys
from newsloom.dedup.minhash import NUM_PERM
from newsloom.engines.base import (
    SHARD_ATTEMPTS,
    ClosingEngine,
    Duplicates,
    EngineError,
    ShardFn,
    resolve_duplicates,
    worker_died,
)
from newsloom.engines.shards import Shard, ShardReport
from newsloom.engines.stages import (
    ShardAnnotation,
    ShardRef,
    WindowResult,
    annotated_table,
    clean_shard,
    cluster_day,
    link_windows,
    read_work,
    star_pairs,
    window_from_row,
    window_to_row,
)
from newsloom.engines.tables import signatures

# Band-key rows shuffled per pass (see RayEngine.duplicates): 22 bytes each, so ~22 MB of
# the object store at a time. Chosen so the benchmark's 10,000 pages (456,000 rows) take one
# pass and 100,000 pages five (4.6M rows); each extra pass starts one more Ray Data
# pipeline, so much smaller passes would trade time for little memory.
KEY_ROWS_PER_PASS = 1_000_000
# Band-key rows are shuffled into this many buckets; each bucket is paired with numpy in one
# task. More buckets than CPUs keeps the tasks small; a few hundred keeps the shuffle cheap.
KEY_BUCKETS = 32


class RayEngine(ClosingEngine):
    name = "ray"

    def __init__(
        self,
        address: str | None = None,
        num_cpus: int | None = None,
        shard_fn: ShardFn = clean_shard,
    ) -> None:
        self._shard_fn = shard_fn
        self._owns_session = False
        if not ray.is_initialized():
            try:
                ray.init(
                    address=address,
                    num_cpus=None if address else num_cpus,
                    include_dashboard=False,
                    log_to_driver=False,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise EngineError(f"cannot start or reach Ray: {exc}", source=address) from exc
            self._owns_session = True
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        # Sort-based shuffles run as tasks, which Ray retries when a worker dies.
        ctx.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
        # Ray Data logs every pipeline it starts; the run summary says what matters.
        logging.getLogger("ray.data").setLevel(logging.WARNING)

    def close(self) -> None:
        if self._owns_session:
            ray.shutdown()
            self._owns_session = False

    # -- shards ----------------------------------------------------------------------------

    def clean(
        self, shards: list[Shard], out_dir: Path, max_bytes: int, enrich: bool
    ) -> Iterator[ShardReport]:
        if not shards:
            return
        items = [{"shard": json.dumps(asdict(s))} for s in shards]
        ds = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
            functools.partial(
                _clean_batch,
                out_dir=str(out_dir),
                max_bytes=max_bytes,
                enrich=enrich,
                shard_fn=self._shard_fn,
            ),
            batch_size=1,
            num_cpus=1,
            # passed through ray_remote_args, deprecated in Ray 2.60 with no named successor
            # yet and removed in 2.64: hence the pin ray<2.64 in pyproject.toml
            max_retries=SHARD_ATTEMPTS - 1,
        )
        # One shard a block: a block whose task failed every attempt is dropped, not fatal;
        # its shard is the one without a report. Ray Data logs each such failure with a
        # traceback; the run's own E040 report says it instead.
        ds.context.max_errored_blocks = len(items)
        data_log = logging.getLogger("ray.data")
        level = data_log.level
        data_log.setLevel(logging.CRITICAL)
        try:
            rows = ds.take_all()  # the reports are small; no iterator is left open on an error
        finally:
            data_log.setLevel(level)
        reported = set()
        for row in rows:
            report = ShardReport(**json.loads(row["report"]))
            reported.add(report.key)
            yield report
        yield from (worker_died(s) for s in shards if s.key not in reported)

    # -- duplicates ------------------------------------------------------------------------

    def duplicates(self, refs: list[ShardRef], ids: list[str]) -> Duplicates:
        # A groupby's map outputs all exist at once: shuffling a few bands per pass keeps
        # the object store's share of key rows bounded however big the corpus. Pairs of
        # one (band, key) do not depend on the other bands, so the passes' union is exact.
        passes = -(-len(ids) * (BANDS + 1) // KEY_ROWS_PER_PASS)
        found = []
        for bands in np.array_split(np.arange(BANDS + 1), max(1, min(passes, BANDS + 1))):
            keys = _refs_dataset(refs).map_batches(
                functools.partial(_key_rows, bands=bands), batch_size=1, batch_format="pyarrow"
            )
            grouped = keys.groupby("bucket", num_partitions=_partitions())
            found.append(_collect_pairs(grouped.map_groups(_bucket_pairs, batch_format="pyarrow")))
        pairs = np.unique(np.concatenate(found), axis=0)
        del found
        exact_pairs, candidates = pairs[pairs[:, 2] == 1, :2], pairs[pairs[:, 2] == 0, :2]

        def fetch(needed: npt.NDArray[np.int64]) -> dict[str, npt.NDArray[Any]]:
            chosen = _refs_dataset(refs).map_batches(
                functools.partial(_features_batch, needed=needed),
                batch_size=1,
                batch_format="pyarrow",
            )
            # filled block by block: one copy of the features in the driver, not three
            feats: dict[str, npt.NDArray[Any]] = {
                "sig": np.zeros((len(needed), NUM_PERM), dtype=np.uint32),
                "shingles": np.zeros(len(needed), dtype=np.int32),
                "length": np.zeros(len(needed), dtype=np.int64),
                "time": np.zeros(len(needed), dtype=np.float64),
            }
            seen = np.zeros(len(needed), dtype=bool)
            for table in _blocks(chosen):
                pos = np.searchsorted(needed, np.asarray(table["gidx"].to_numpy()))
                seen[pos] = True
                feats["sig"][pos] = signatures(table["sig"])
                for name in ("shingles", "length", "time"):
                    feats[name][pos] = np.asarray(table[name].to_numpy())
            if not seen.all():
                raise EngineError("signatures missing for some candidate pairs")
            return feats

        return resolve_duplicates(
            len(ids), (exact_pairs[:, 0], exact_pairs[:, 1]), candidates, fetch
        )

    # -- stories ---------------------------------------------------------------------------

    def windows(
        self,
        refs: list[ShardRef],
        days: list[str],
        renames: dict[int, str],
        joins: dict[int, str],
        windows_dir: Path,
    ) -> list[WindowResult]:
        if not days:
            return []
        ds = ray.data.from_items([{"day": d} for d in days], override_num_blocks=len(days))
        results = ds.map_batches(
            functools.partial(
                _window_batch,
                refs=refs,
                renames=renames,
                joins=joins,
                windows_dir=str(windows_dir),
            ),
            batch_size=1,
            batch_format="pyarrow",
        )
        return [window_from_row(r) for r in results.take_all()]

    def links(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        if not pairs:
            return []
        items = [{"earlier": a, "later": b} for a, b in pairs]
        ds = ray.data.from_items(items, override_num_blocks=min(len(items), 64))
        found = ds.map_batches(_link_batch, batch_format="pyarrow")
        return [(r["later_story"], r["earlier_story"]) for r in found.take_all()]

    # -- output ----------------------------------------------------------------------------

    def write_articles(
        self, refs: list[ShardRef], annotations: list[ShardAnnotation], dest: Path
    ) -> None:
        items = [
            {"ref": json.dumps(asdict(ref)), "ann": json.dumps(asdict(ann))}
            for ref, ann in zip(refs, annotations, strict=True)
        ]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        tables = ds.map_batches(_annotate_batch, batch_size=1, batch_format="pyarrow")
        tables.write_parquet(str(dest), mode=SaveMode.OVERWRITE)


def _partitions() -> int:
    """Shuffle partitions: a few per CPU of the cluster (Ray's default of 200 costs more in
    task overhead than it saves on a small cluster)."""
    cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
    return max(2, min(KEY_BUCKETS, 2 * cpus))


def _refs_dataset(refs: list[ShardRef]) -> ray.data.Dataset:
    items = [{"file": r.file, "offset": r.offset, "articles": r.articles} for r in refs]
    return ray.data.from_items(items, override_num_blocks=len(items))


def _refs_of(batch: dict[str, Any]) -> list[ShardRef]:
    return [
        ShardRef(str(f), int(o), int(n))
        for f, o, n in zip(batch["file"], batch["offset"], batch["articles"], strict=True)
    ]


def _clean_batch(
    batch: dict[str, Any], out_dir: str, max_bytes: int, enrich: bool, shard_fn: ShardFn
) -> dict[str, Any]:
    reports = []
    for raw in batch["shard"]:
        report = shard_fn(Shard(**json.loads(raw)), out_dir, max_bytes, enrich)
        reports.append(json.dumps(asdict(report)))
    return {"report": reports}


def _work_with_gidx(ref: ShardRef, columns: list[str]) -> pa.Table:
    """Columns of a shard's work table and each article's global index (``gidx``)."""
    t = read_work(ref, columns)
    gidx = pa.array(ref.offset + np.asarray(t["row"].to_numpy(), dtype=np.int64))
    return t.drop_columns(["row"]).append_column("gidx", gidx)


def _features_batch(batch: pa.Table, needed: npt.NDArray[np.int64]) -> pa.Table:
    """What verification needs of the ``needed`` articles (sorted global indices) in the
    batch's shards, read again from the work tables rather than kept in the object store."""
    tables = []
    for ref in _refs_of(batch.to_pydict()):
        lo, hi = np.searchsorted(needed, [ref.offset, ref.offset + ref.articles])
        if lo == hi:
            continue
        t = _work_with_gidx(ref, ["sig", "shingles", "length", "time"])
        keep = np.isin(np.asarray(t["gidx"].to_numpy()), needed[lo:hi])
        tables.append(t.filter(pa.array(keep)))
    return pa.concat_tables(tables) if tables else pa.table({"gidx": pa.array([], pa.int64())})


def _key_rows(batch: pa.Table, bands: npt.NDArray[np.int64]) -> pa.Table:
    """One row per (article, band in ``bands``) of the batch's shards' articles that have
    words, band ``BANDS`` standing for the exact key: bucket, band, key, gidx."""
    t = pa.concat_tables(
        [_work_with_gidx(r, ["sig", "shingles", "exact_key"]) for r in _refs_of(batch.to_pydict())]
    )
    valid = np.asarray(t["shingles"].to_numpy()) > 0
    gidx = np.asarray(t["gidx"].to_numpy())[valid]
    # 64 bits of the exact key (96 in the local index): equal texts, bar a 1e-19 collision
    exact = [int(k[:16] or "0", 16) for k in t["exact_key"].to_pylist()]
    keys = np.concatenate(
        [band_keys(signatures(t["sig"])[valid]), np.array(exact, dtype=np.uint64)[valid, None]],
        axis=1,
    )[:, bands]  # (n, len(bands))
    return pa.table(
        {
            "bucket": (keys % np.uint64(KEY_BUCKETS)).astype(np.int32).ravel(),
            "band": np.tile(bands.astype(np.int16), len(gidx)),
            "key": keys.ravel(),
            "gidx": np.repeat(gidx, len(bands)),
        }
    )


def _bucket_pairs(group: pa.Table) -> pa.Table:
    """Star pairs of each (band, key) of a bucket; ``exact`` marks those of exact keys."""
    band = np.asarray(group["band"].to_numpy())
    heads, members, rows = star_pairs(
        [band, np.asarray(group["key"].to_numpy())], np.asarray(group["gidx"].to_numpy())
    )
    return pa.table({"a": heads, "b": members, "exact": (band[rows] == BANDS).astype(np.int8)})


def _blocks(ds: ray.data.Dataset) -> Iterator[pa.Table]:
    """The dataset's non-empty blocks in the driver, one at a time, each freed from the
    object store once taken. Through object refs rather than an iterator: an iterator left
    open by an error would outlive the Ray session and hang the exit."""
    refs = ds.to_arrow_refs()
    refs.reverse()
    while refs:
        table = ray.get(refs.pop())
        if len(table):
            yield table


def _collect_pairs(ds: ray.data.Dataset) -> npt.NDArray[np.int64]:
    """The dataset's (a, b, exact) rows, unique, in the driver (only pairs travel, not texts)."""
    chunks = [np.zeros((0, 3), dtype=np.int64)]
    for t in _blocks(ds):
        rows = np.stack([t[c].to_numpy() for c in ("a", "b", "exact")], axis=1).astype(np.int64)
        chunks.append(np.unique(rows, axis=0))
    return np.unique(np.concatenate(chunks), axis=0)


def _window_batch(
    batch: pa.Table,
    refs: list[ShardRef],
    renames: dict[int, str],
    joins: dict[int, str],
    windows_dir: str,
) -> pa.Table:
    rows = []
    for day in batch["day"].to_pylist():
        state = str(Path(windows_dir) / f"{day}.json")
        rows.append(window_to_row(cluster_day(refs, day, renames, joins, state)))
    return pa.Table.from_pylist(rows)


def _link_batch(batch: pa.Table) -> pa.Table:
    later, earlier = [], []
    for a, b in zip(batch["earlier"].to_pylist(), batch["later"].to_pylist(), strict=True):
        for later_story, earlier_story in link_windows(a, b):
            later.append(later_story)
            earlier.append(earlier_story)
    return pa.table(
        {
            "later_story": pa.array(later, pa.string()),
            "earlier_story": pa.array(earlier, pa.string()),
        }
    )


def _annotate_batch(batch: pa.Table) -> pa.Table:
    tables = []
    for ref_raw, ann_raw in zip(batch["ref"].to_pylist(), batch["ann"].to_pylist(), strict=True):
        ref = ShardRef(**json.loads(ref_raw))
        ann = ShardAnnotation(**json.loads(ann_raw))
        tables.append(annotated_table(ref, ann))
    return pa.concat_tables(tables)
