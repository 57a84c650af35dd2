"""The run every engine shares: plan the shards, clean them (skipping those already done),
find duplicates, cluster stories by time window and link the windows, write the Parquet
outputs, then mark the run complete.

An engine supplies only the parallel parts (``Engine``); this driver does the bookkeeping and
the small whole-corpus steps (unique ids, union-find over stories), so the local process pool
and Ray give the same articles, duplicate groups and stories on the same input.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsloom import __version__
from newsloom.dedup.index import VERIFY_CHUNK, verify_pairs
from newsloom.dedup.unionfind import UnionFind
from newsloom.engines.shards import (
    SHARD_FILE,
    SUCCESS_MARKER,
    WINDOWS_DIR,
    WORK_DIR,
    Shard,
    ShardReport,
    load_done,
    plan_shards,
    shard_dir,
    write_json_atomic,
)
from newsloom.engines.stages import (
    ShardAnnotation,
    ShardRef,
    WindowResult,
    write_table_atomic,
)
from newsloom.engines.tables import STORIES_SCHEMA, UNDATED, story_row
from newsloom.errors import NewsloomError
from newsloom.io.readers import DEFAULT_MAX_BYTES, Skipped
from newsloom.stories.model import Story

ARTICLES_DIR = "articles"
STORIES_DIR = "stories"
MANIFEST_FORMAT = 1


# A shard whose worker process died (killed, out of memory, a crash in native code) is tried
# this many times in all, on a fresh worker each time, before it is reported as failed and
# the run goes on without it: a page that kills its worker must not stall the run forever.
SHARD_ATTEMPTS = 3

# What cleans one shard in a worker: ``stages.clean_shard``, or a wrapper of it in tests.
ShardFn = Callable[[Shard, str, int, bool], ShardReport]


def worker_died(shard: Shard) -> ShardReport:
    """The report of a shard whose worker died on every attempt."""
    return ShardReport(
        shard.path,
        shard.key,
        error=f"[E040] {shard.path}: the worker process died {SHARD_ATTEMPTS} times on this shard",
    )


class EngineError(NewsloomError):
    """An engine run cannot go on (nothing readable, a worker pool that broke, no Ray)."""

    code = "E040"


@dataclass(slots=True)
class Duplicates:
    """Duplicate groups over the corpus, by global article index."""

    canonical: npt.NDArray[np.int64]  # the group's canonical copy (the article itself if none)
    exact: npt.NDArray[np.bool_]  # an exact copy of an earlier article
    contains: dict[int, list[int]]  # article -> canonical copies of the groups it contains


class Engine(Protocol):
    """The parallel parts of a run; ``base.run`` does the rest."""

    name: str

    def clean(
        self, shards: list[Shard], out_dir: Path, max_bytes: int, enrich: bool
    ) -> Iterator[ShardReport]:
        """Clean (enrich) and sign each shard (``stages.clean_shard``), yielding reports as
        they end."""
        ...

    def duplicates(self, refs: list[ShardRef], ids: list[str]) -> Duplicates: ...

    def windows(
        self,
        refs: list[ShardRef],
        days: list[str],
        renames: dict[int, str],
        joins: dict[int, str],
        windows_dir: Path,
    ) -> list[WindowResult]:
        """Cluster each day's articles (``stages.cluster_window``)."""
        ...

    def links(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """``stages.link_windows`` over (earlier, later) window states."""
        ...

    def write_articles(
        self, refs: list[ShardRef], annotations: list[ShardAnnotation], dest: Path
    ) -> None: ...


class ClosingEngine:
    """What every engine does as a context manager: ``with`` closes it (its pool, its Ray
    session) however the run ends."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the engine's workers; closing twice is harmless."""


@dataclass(slots=True)
class EngineSummary:
    engine: str
    out_dir: str
    shards: int = 0
    shards_reused: int = 0  # done by an earlier run
    pages: int = 0  # pages cleaned by this run (reused shards not counted)
    articles: int = 0
    duplicates: int = 0
    stories: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # shards that could not be processed
    seconds: float = 0.0
    enriched: bool = False


def run(
    engine: Engine,
    inputs: list[str],
    out_dir: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    enrich: bool = False,
    on_shard: Callable[[ShardReport], None] | None = None,
) -> EngineSummary:
    start = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # From here until the end the outputs are not those of a complete run.
    (out / SUCCESS_MARKER).unlink(missing_ok=True)
    summary = EngineSummary(engine.name, str(out), enriched=enrich)
    shards, bad = plan_shards(inputs, "enrich" if enrich else "")
    summary.skipped.extend(bad)
    summary.shards = len(shards)

    reports: dict[str, ShardReport] = {}
    todo = []
    for shard in shards:
        done = load_done(out, shard)
        if done is not None:
            reports[shard.key] = done
            summary.shards_reused += 1
        else:
            todo.append(shard)
    for report in engine.clean(todo, out, max_bytes, enrich):
        reports[report.key] = report
        summary.pages += report.pages
        summary.skipped.extend(report.skipped_items())
        if report.error is not None:
            summary.failed.append(report.error)
        if on_shard:
            on_shard(report)
    done_shards = [s for s in shards if reports.get(s.key) and reports[s.key].done]
    if not done_shards:
        raise EngineError("no input could be processed", source=", ".join(inputs))

    refs, offset = [], 0
    for shard in done_shards:
        n = reports[shard.key].articles
        refs.append(ShardRef(str(shard_dir(out, shard) / SHARD_FILE), offset, n))
        offset += n
    ids, renames = unique_ids(refs)
    summary.articles = len(ids)

    dups = engine.duplicates(refs, ids)
    is_dup = dups.canonical != np.arange(len(ids))
    summary.duplicates = int(is_dup.sum())
    joins = {int(i): ids[int(dups.canonical[i])] for i in np.flatnonzero(is_dup)}

    windows_dir = out / WORK_DIR / WINDOWS_DIR
    shutil.rmtree(windows_dir, ignore_errors=True)
    windows_dir.mkdir(parents=True)
    results = engine.windows(refs, corpus_days(refs), renames, joins, windows_dir)
    results.sort(key=lambda w: (w.day == UNDATED, w.day))
    dated = [w for w in results if w.day != UNDATED]
    links = engine.links([(a.state_path, b.state_path) for a, b in pairwise(dated)])
    story_of, stories = merge_stories(results, links, dups.canonical, len(ids))
    summary.stories = len(stories)

    annotations = annotate(refs, ids, dups, story_of)
    tmp_articles = out / f".{ARTICLES_DIR}.tmp"
    shutil.rmtree(tmp_articles, ignore_errors=True)
    engine.write_articles(refs, annotations, tmp_articles)
    tmp_stories = out / f".{STORIES_DIR}.tmp"
    shutil.rmtree(tmp_stories, ignore_errors=True)
    write_table_atomic(
        pa.Table.from_pylist([story_row(s) for s in stories], schema=STORIES_SCHEMA),
        tmp_stories / "part-00000.parquet",
    )
    _swap_in(tmp_articles, out / ARTICLES_DIR)
    _swap_in(tmp_stories, out / STORIES_DIR)
    summary.seconds = time.perf_counter() - start
    write_json_atomic(out / SUCCESS_MARKER, _manifest(summary, inputs, shards, reports))
    return summary


def unique_ids(refs: list[ShardRef]) -> tuple[list[str], dict[int, str]]:
    """Every article's id in corpus order; a repeated id (the same title and text on two
    pages) is kept under a suffixed id, as ``newsloom cluster`` does."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    renames: dict[int, str] = {}
    for ref in refs:
        for article_id in (
            pq.read_table(ref.file, columns=["id", "row"]).sort_by("row")["id"].to_pylist()
        ):
            if article_id in seen:
                seen[article_id] += 1
                article_id = f"{article_id}#{seen[article_id]}"
                renames[len(ids)] = article_id
            else:
                seen[article_id] = 1
            ids.append(article_id)
    return ids, renames


def corpus_days(refs: list[ShardRef]) -> list[str]:
    days: set[str] = set()
    for ref in refs:
        days.update(pc.unique(pq.read_table(ref.file, columns=["day"])["day"]).to_pylist())
    return sorted(days)


def resolve_duplicates(
    n: int,
    exact_pairs: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    candidates: npt.NDArray[np.int64],
    features: Callable[[npt.NDArray[np.int64]], dict[str, npt.NDArray[Any]]],
) -> Duplicates:
    """Duplicate groups from pairs found elsewhere (``stages.star_pairs`` over exact keys and
    LSH band keys), decided exactly as ``DedupIndex`` decides them: exact copies joined first,
    candidate pairs already in one group dropped, the rest verified by ``verify_pairs``, the
    canonical copy the earliest, then longest, then first. ``features`` returns ``sig``,
    ``shingles``, ``length`` and ``time`` of the articles asked for (sorted indices)."""
    uf = UnionFind(list(range(n)))
    exact = np.zeros(n, dtype=bool)
    heads, members = exact_pairs
    for h, m in zip(heads.tolist(), members.tolist(), strict=True):
        uf.union(h, m)
        exact[m] = True
    if len(candidates):
        candidates = np.unique(candidates, axis=0)
        # every article's root at once (pointer jumping over the parent array), not a
        # Python int per pair: a big corpus has several pairs per article
        roots = np.array(uf.parent, dtype=np.int64)
        while not np.array_equal(roots, roots[roots]):
            roots = roots[roots]
        candidates = candidates[roots[candidates[:, 0]] != roots[candidates[:, 1]]]
        del roots
    needed = np.unique(np.concatenate([heads, members, candidates.ravel()])).astype(np.int64)
    contains: dict[int, set[int]] = {}
    feats = features(needed) if len(needed) else {}
    sizes = feats["shingles"].astype(np.int64) if len(needed) else np.zeros(0, np.int64)
    # in chunks, as DedupIndex verifies: the pairs' signature copies stay bounded however
    # many pairs a big corpus has (each decision depends on its pair only)
    for chunk in np.array_split(candidates, max(1, len(candidates) // VERIFY_CHUNK)):
        if not len(chunk):
            continue
        pa_, pb_ = np.searchsorted(needed, chunk[:, 0]), np.searchsorted(needed, chunk[:, 1])
        merge, contained = verify_pairs(
            feats["sig"][pa_], feats["sig"][pb_], sizes[pa_], sizes[pb_]
        )
        for x, y in chunk[merge].tolist():
            uf.union(x, y)
        for x, y, sx, sy in zip(
            chunk[contained, 0].tolist(),
            chunk[contained, 1].tolist(),
            sizes[pa_[contained]].tolist(),
            sizes[pb_[contained]].tolist(),
            strict=True,
        ):
            big, small = (x, y) if sx > sy else (y, x)
            contains.setdefault(big, set()).add(small)
    canonical = np.arange(n, dtype=np.int64)
    groups: dict[int, list[int]] = {}
    for x in needed.tolist():
        groups.setdefault(uf.find(x), []).append(x)
    for group in groups.values():
        if len(group) > 1:
            pos = np.searchsorted(needed, group)
            best = min(
                range(len(group)),
                key=lambda k: (feats["time"][pos[k]], -feats["length"][pos[k]], group[k]),
            )
            canonical[group] = group[best]
    return Duplicates(
        canonical,
        exact,
        {big: sorted({int(canonical[s]) for s in small}) for big, small in contains.items()},
    )


def merge_stories(
    results: list[WindowResult],
    links: list[tuple[str, str]],
    canonical: npt.NDArray[np.int64],
    n: int,
) -> tuple[list[str], list[Story]]:
    """Join the windows' stories: a story continuing one of the previous window, or holding a
    copy of an article in it, is the same story. Returns each article's story id and the
    merged stories; a story keeps the id of its earliest part."""
    parts: list[Story] = []
    part_no: dict[str, int] = {}
    part_of = np.full(n, -1, dtype=np.int64)
    window_of = np.full(n, -1, dtype=np.int64)
    for w_no, window in enumerate(results):
        for story in window.stories:
            part_no[story.id] = len(parts)
            parts.append(story)
        idx = np.array(window.gidx, dtype=np.int64)
        part_of[idx] = [part_no[s] for s in window.story_ids]
        window_of[idx] = -1 if window.day == UNDATED else w_no
    uf = UnionFind(list(range(len(parts))))
    for later, earlier in links:
        uf.union(part_no[later], part_no[earlier])
    for copy in np.flatnonzero(canonical != np.arange(n)).tolist():
        canon = int(canonical[copy])
        wc, wo = window_of[canon], window_of[copy]
        if wc >= 0 and wo >= 0 and abs(wc - wo) == 1:
            uf.union(int(part_of[copy]), int(part_of[canon]))
    components: dict[int, list[int]] = {}
    for p in range(len(parts)):
        components.setdefault(uf.find(p), []).append(p)
    comp_id: dict[int, str] = {}
    merged = []
    for root, members in components.items():
        stories = [parts[p] for p in members]  # in window order: the earliest first
        biggest = max(stories, key=lambda s: len(s.articles))  # first of the largest
        firsts = [s.first_seen for s in stories if s.first_seen]
        lasts = [s.last_seen for s in stories if s.last_seen]
        sources = list(dict.fromkeys(src for s in stories for src in s.sources))
        story = Story(
            id=stories[0].id,
            headline=biggest.headline,
            first_seen=min(firsts) if firsts else None,
            last_seen=max(lasts) if lasts else None,
            articles=[a for s in stories for a in s.articles],
            sources=sources,
            key_terms=list(biggest.key_terms),
        )
        comp_id[root] = story.id
        merged.append(story)
    story_of = [comp_id[uf.find(int(p))] for p in part_of.tolist()]
    merged.sort(key=lambda s: (s.first_seen or "", s.id))
    return story_of, merged


def annotate(
    refs: list[ShardRef], ids: list[str], dups: Duplicates, story_of: list[str]
) -> list[ShardAnnotation]:
    out = []
    for ref in refs:
        rng = range(ref.offset, ref.offset + ref.articles)
        out.append(
            ShardAnnotation(
                ids=[ids[i] for i in rng],
                duplicate_of=[
                    ids[int(dups.canonical[i])] if dups.canonical[i] != i else None for i in rng
                ],
                exact=[bool(dups.exact[i]) for i in rng],
                contains=[sorted({ids[c] for c in dups.contains.get(i, [])}) for i in rng],
                story_ids=[story_of[i] for i in rng],
            )
        )
    return out


def _swap_in(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` (both directories)."""
    tmp.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def _manifest(
    summary: EngineSummary, inputs: list[str], shards: list[Shard], reports: dict[str, ShardReport]
) -> dict[str, Any]:
    return {
        "format": MANIFEST_FORMAT,
        "newsloom": __version__,
        "engine": summary.engine,
        "enriched": summary.enriched,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": inputs,
        "outputs": {"articles": ARTICLES_DIR, "stories": STORIES_DIR},
        "articles": summary.articles,
        "duplicates": summary.duplicates,
        "stories": summary.stories,
        "shards": [
            {
                "path": s.path,
                "size": s.size,
                "mtime_ns": s.mtime_ns,
                "key": s.key,
                "done": bool(reports.get(s.key) and reports[s.key].done),
                "pages": reports[s.key].pages if s.key in reports else 0,
                "articles": reports[s.key].articles if s.key in reports else 0,
            }
            for s in shards
        ],
        "skipped": [asdict(s) for s in summary.skipped],
        "failed": summary.failed,
    }
