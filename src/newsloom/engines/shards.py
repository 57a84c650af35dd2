"""Shard bookkeeping: which input files make up a run, which are done, and the manifest that
marks a whole run complete.

A shard is one input file. Its cleaned articles go to ``_work/shards/<key>/articles.parquet``
and then a ``_DONE`` marker is written; the key hashes the file's path, size and modification
time, so a rerun skips shards whose marker is there and redoes any file that changed. The run's
outputs are complete only when ``_SUCCESS`` (a manifest naming the inputs) exists: it is
removed when a run starts and written last, each file through a temp name and a rename.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsloom.io.readers import Skipped, expand_inputs

WORK_DIR = "_work"
SHARDS_DIR = "shards"
WINDOWS_DIR = "windows"
DONE_MARKER = "_DONE"
SUCCESS_MARKER = "_SUCCESS"
SHARD_FILE = "articles.parquet"
# Bumped when the work table changes: markers of another version are not trusted.
WORK_FORMAT = 1
# The code a shard's work table depends on: a shard done by other code is done again.
STAGE_SOURCES = ("io", "clean", "enrich", "dedup", "model.py", "pipeline.py", "engines")


@dataclass(slots=True)
class Shard:
    """One input file of the run, in reading order."""

    path: str
    size: int
    mtime_ns: int
    key: str

    @classmethod
    def of(cls, path: Path, options: str = "") -> Shard:
        """``options``: the run options the work table depends on (enrichment on or off)."""
        st = path.stat()
        absolute = str(path.resolve())
        h = hashlib.blake2b(digest_size=10)
        h.update(f"{absolute}\x1f{st.st_size}\x1f{st.st_mtime_ns}\x1f{WORK_FORMAT}".encode())
        h.update(code_fingerprint().encode())
        h.update(options.encode())
        return cls(str(path), st.st_size, st.st_mtime_ns, h.hexdigest())


@dataclass(slots=True)
class ShardReport:
    """What cleaning one shard did; stored as its done marker."""

    path: str
    key: str
    pages: int = 0
    articles: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)  # Skipped as dicts
    error: str | None = None  # the shard failed as a whole (it is not marked done)
    format: int = WORK_FORMAT

    @property
    def done(self) -> bool:
        return self.error is None

    def skipped_items(self) -> list[Skipped]:
        return [Skipped(s["source"], s["code"], s["message"]) for s in self.skipped]


@functools.cache
def code_fingerprint() -> str:
    """A hash of the source of the stages that make a shard's work table (readers, cleaner,
    enrichment, signatures): a rerun after an upgrade cleans again rather than mixing shards
    cleaned by two versions."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=10)
    for name in STAGE_SOURCES:
        path = root / name
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def plan_shards(inputs: Iterable[str], options: str = "") -> tuple[list[Shard], list[Skipped]]:
    """The input files (directories walked, sorted) and the inputs that cannot be shards."""
    shards, bad = [], []
    for item in expand_inputs(inputs):
        if isinstance(item, Skipped):
            bad.append(item)
        elif isinstance(item, str):  # "-": a distributed run reads files, not a pipe
            bad.append(Skipped(item, "E001", "[E001] -: stdin cannot be split into shards"))
        else:
            try:
                shards.append(Shard.of(item, options))
            except OSError as exc:
                msg = f"[E001] {item}: {exc.strerror or exc}"
                bad.append(Skipped(str(item), "E001", msg))
    return shards, bad


def shard_dir(out_dir: Path, shard: Shard) -> Path:
    return out_dir / WORK_DIR / SHARDS_DIR / shard.key


def load_done(out_dir: Path, shard: Shard) -> ShardReport | None:
    """The shard's report when its output is complete and of this format, else None."""
    marker = shard_dir(out_dir, shard) / DONE_MARKER
    try:
        data = json.loads(marker.read_text("utf-8"))
        report = ShardReport(**data)
    except (OSError, ValueError, TypeError):
        return None
    if report.format != WORK_FORMAT or not (shard_dir(out_dir, shard) / SHARD_FILE).exists():
        return None
    return report


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def mark_done(out_dir: Path, report: ShardReport) -> None:
    write_json_atomic(out_dir / WORK_DIR / SHARDS_DIR / report.key / DONE_MARKER, asdict(report))


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of the last complete run in ``out_dir``, or None when there is none (no
    run finished, or one is under way or failed since)."""
    try:
        data: dict[str, Any] = json.loads((Path(out_dir) / SUCCESS_MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data
