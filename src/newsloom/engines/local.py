"""The local engine: a process pool on one machine (``--workers N``, default all cores).

Shards are cleaned and signed in the workers; duplicates are found by ``DedupIndex`` in the
driver over the signatures the workers computed (one batch, so its verification and canonical
choice are the reference the Ray engine is tested against); time windows, their links and
the output parts are worker tasks again.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np

from newsloom.dedup.index import DedupIndex, SignedDoc
from newsloom.engines.base import SHARD_ATTEMPTS, ClosingEngine, Duplicates, ShardFn, worker_died
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
    write_table_atomic,
)
from newsloom.engines.tables import signatures


class LocalEngine(ClosingEngine):
    name = "local"

    def __init__(self, workers: int | None = None, shard_fn: ShardFn = clean_shard) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._shard_fn = shard_fn
        self._pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: workers start clean, whatever threads the driver runs (Ray, a web app)
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        return self._pool

    def clean(
        self, shards: list[Shard], out_dir: Path, max_bytes: int, enrich: bool
    ) -> Iterator[ShardReport]:
        args = (str(out_dir), max_bytes, enrich)
        pending = list(shards)
        futures: dict[Future[ShardReport], Shard] = {
            self._executor().submit(self._shard_fn, s, *args): s for s in pending
        }
        try:
            for fut in as_completed(futures):
                report = fut.result()
                pending.remove(futures[fut])
                yield report
        except BrokenProcessPool:
            # A worker died, and with it the pool: which shard killed it is unknown, so the
            # unfinished ones run one at a time, where a death names its shard.
            self.close()
            for shard in pending:
                yield self._clean_alone(shard, args)

    def _clean_alone(self, shard: Shard, args: tuple[str, int, bool]) -> ShardReport:
        for _ in range(SHARD_ATTEMPTS - 1):  # its first attempt was in the broken pool
            try:
                return self._executor().submit(self._shard_fn, shard, *args).result()
            except BrokenProcessPool:
                self.close()
        return worker_died(shard)

    def duplicates(self, refs: list[ShardRef], ids: list[str]) -> Duplicates:
        index = DedupIndex()
        docs = []
        for ref in refs:
            table = read_work(ref, ["sig", "shingles", "length", "time", "exact_key"])
            sigs = signatures(table["sig"])
            cols = [table[c].to_pylist() for c in ("shingles", "length", "time", "exact_key")]
            for row, (size, length, t, key) in enumerate(zip(*cols, strict=True)):
                docs.append(SignedDoc(ids[ref.offset + row], sigs[row], size, length, t, key))
        index.add_signed(docs)
        del docs
        pos = {doc_id: i for i, doc_id in enumerate(ids)}
        canonical = np.arange(len(ids), dtype=np.int64)
        exact = np.zeros(len(ids), dtype=bool)
        contains: dict[int, list[int]] = {}
        for i, doc_id in enumerate(ids):
            res = index.result(doc_id)
            canonical[i] = pos[res.group]
            exact[i] = res.exact
            if res.contains:
                contains[i] = [pos[c] for c in res.contains]
        return Duplicates(canonical, exact, contains)

    def windows(
        self,
        refs: list[ShardRef],
        days: list[str],
        renames: dict[int, str],
        joins: dict[int, str],
        windows_dir: Path,
    ) -> list[WindowResult]:
        pool = self._executor()
        futures = [
            pool.submit(cluster_day, refs, day, renames, joins, str(windows_dir / f"{day}.json"))
            for day in days
        ]
        return [f.result() for f in futures]

    def links(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        pool = self._executor()
        futures = [pool.submit(link_windows, a, b) for a, b in pairs]
        return [link for f in futures for link in f.result()]

    def write_articles(
        self, refs: list[ShardRef], annotations: list[ShardAnnotation], dest: Path
    ) -> None:
        pool = self._executor()
        futures = [
            pool.submit(_write_part, ref, ann, dest / f"part-{n:05d}.parquet")
            for n, (ref, ann) in enumerate(zip(refs, annotations, strict=True))
        ]
        for f in futures:
            f.result()


def _write_part(ref: ShardRef, ann: ShardAnnotation, dest: Path) -> None:
    write_table_atomic(annotated_table(ref, ann), dest)
