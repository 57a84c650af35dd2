"""Engines: the same stages over a whole corpus, in a local process pool or on Ray Data.

``run_corpus`` reads WARC/JSONL/text shards, cleans them, finds duplicates, clusters stories by
day and writes Parquet to ``out_dir`` (``articles/``, ``stories/``, then ``_SUCCESS``). Ray is
imported only when ``engine="ray"``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from newsloom.engines.base import EngineError, EngineSummary, run
from newsloom.engines.shards import SUCCESS_MARKER, ShardReport, read_manifest
from newsloom.io.readers import DEFAULT_MAX_BYTES

EngineName = Literal["local", "ray"]


def run_corpus(
    inputs: Sequence[str],
    out_dir: str | Path,
    *,
    engine: EngineName = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    enrich: bool = False,
    on_shard: Callable[[ShardReport], None] | None = None,
) -> EngineSummary:
    """Run the pipeline over ``inputs`` with ``engine``; ``workers`` is the local pool size
    (or the CPUs of a Ray session started here); ``ray_address`` names a running cluster;
    ``enrich`` adds entities, quotes, times and places (spaCy, in the workers)."""
    if engine == "local":
        from newsloom.engines.local import LocalEngine

        with LocalEngine(workers) as local:
            return run(
                local, list(inputs), out_dir, max_bytes=max_bytes, enrich=enrich, on_shard=on_shard
            )
    if engine == "ray":
        try:
            from newsloom.engines.ray import RayEngine
        except ImportError as exc:
            raise EngineError(
                f"Ray is not installed ({exc}); install it with: pip install 'newsloom[ray]'"
            ) from exc
        with RayEngine(ray_address, workers) as on_ray:
            return run(
                on_ray, list(inputs), out_dir, max_bytes=max_bytes, enrich=enrich, on_shard=on_shard
            )
    raise EngineError(f"unknown engine {engine!r} (local or ray)")


__all__ = ["SUCCESS_MARKER", "EngineError", "EngineSummary", "read_manifest", "run_corpus"]
