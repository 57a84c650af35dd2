"""The work each engine hands to its workers: plain functions over one shard or one time
window, the same for the process pool and for Ray. They call the pipeline's own stages
(readers, ``Cleaner``, ``sign_doc``, ``StoryClusterer``); nothing here re-implements them.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsloom.clean.cleaner import Cleaner
from newsloom.dedup.index import DedupDoc, sign_doc
from newsloom.dedup.minhash import MinHasher
from newsloom.engines.shards import (
    SHARD_FILE,
    Shard,
    ShardReport,
    mark_done,
    shard_dir,
)
from newsloom.engines.tables import (
    ARTICLE_FIELDS,
    ARTICLES_SCHEMA,
    UNDATED,
    WORK_SCHEMA,
    work_row,
)
from newsloom.enrich.records import Enrichment
from newsloom.errors import RecordError
from newsloom.io.readers import DEFAULT_MAX_BYTES, parse_datetime, read_file
from newsloom.pipeline import RunSummary, clean_stream
from newsloom.stories.cluster import StoryClusterer, StoryDoc
from newsloom.stories.model import Story

if TYPE_CHECKING:
    from newsloom.enrich.pipeline import Enricher

STORY_COLUMNS = ["row", "id", "title", "text", "published", "source", "lang", "day", "time"]


@dataclass(slots=True)
class ShardRef:
    """A cleaned shard: its work table and the global index of its first article."""

    file: str
    offset: int
    articles: int


# -- cleaning ------------------------------------------------------------------------------


@functools.cache
def _cleaner() -> Cleaner:
    """One cleaner per worker process: its language model loads once, not once per shard."""
    return Cleaner()


@functools.cache
def _enricher() -> Enricher:
    """One enricher per worker process: spaCy loads once (imported only when asked for)."""
    from newsloom.enrich.pipeline import Enricher

    return Enricher()


def clean_shard(
    shard: Shard, out_dir: str, max_bytes: int = DEFAULT_MAX_BYTES, enrich: bool = False
) -> ShardReport:
    """Read, clean, enrich (with ``enrich``) and sign one shard; write its work table, then
    its done marker.

    Never raises: a shard that cannot be read, or a bug on it, comes back as a report with the
    problem, so the other shards finish; such a shard is not marked done (a rerun retries it).
    """
    report = ShardReport(shard.path, shard.key)
    try:
        summary = RunSummary()
        cleaner = _cleaner()
        cleaner.line_frequency = None  # clean_stream gives each shard its own line counts
        pages = read_file(Path(shard.path), max_bytes=max_bytes)
        articles = list(clean_stream(pages, summary, cleaner=cleaner))
        enrichments: list[Enrichment | None] = [None] * len(articles)
        if enrich:
            enrichments = [e for _, e in _enricher().run(articles)]
        hasher = MinHasher()
        rows = []
        for i, (article, enrichment) in enumerate(zip(articles, enrichments, strict=True)):
            published = _published(article.published)
            signed = sign_doc(hasher, DedupDoc(article.id, article.text, published))
            rows.append(work_row(i, article, signed, _day(published), enrichment))
        report.pages, report.articles = summary.pages, len(articles)
        report.skipped = [asdict(s) for s in summary.skipped]
        if report.pages == 0 and report.skipped:
            report.error = report.skipped[0]["message"]
            return report
        dest = shard_dir(Path(out_dir), shard)
        _write_by_day(pa.Table.from_pylist(rows, schema=WORK_SCHEMA), dest / SHARD_FILE)
        mark_done(Path(out_dir), report)
    except Exception as exc:  # a bug on one shard must not lose the others
        report.error = f"[E999] {shard.path}: internal error: {type(exc).__name__}: {exc}"
    return report


def _published(value: str | None) -> datetime | None:
    try:
        return parse_datetime(value, "published", "published")
    except RecordError:
        return None


def day_of(published: str | None) -> str:
    """The article's time window: its UTC publication day."""
    return _day(_published(published))


def _day(published: datetime | None) -> str:
    return published.astimezone(UTC).date().isoformat() if published else UNDATED


def _write_by_day(table: pa.Table, dest: Path) -> None:
    """One row group per day, so a time window reads only its own rows (row-group statistics
    let the reader skip the others); temp file, then rename."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        with pq.ParquetWriter(tmp, WORK_SCHEMA) as writer:
            for day in sorted(set(table.column("day").to_pylist())):
                writer.write_table(table.filter(pc.equal(table.column("day"), day)))
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_work(ref: ShardRef, columns: list[str], day: str | None = None) -> pa.Table:
    """Columns of a shard's work table (of one day), in the shard's article order."""
    filters = [("day", "=", day)] if day is not None else None
    table = pq.read_table(ref.file, columns=[*columns, "row"], filters=filters)
    return table.sort_by("row")


# -- duplicates ----------------------------------------------------------------------------


def star_pairs(
    groups: Sequence[npt.NDArray[Any]], gidx: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Pairs (head, member) for every bucket of rows with equal ``groups`` keys: each member
    is paired with the bucket's lowest index, as the local index pairs a band's bucket. The
    third array gives each member's row in the input."""
    if len(gidx) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    order = np.lexsort((gidx, *reversed(groups)))
    same = np.ones(len(order) - 1, dtype=bool)
    for g in groups:
        k = g[order]
        same &= k[1:] == k[:-1]
    is_start = np.concatenate([[True], ~same])
    g_sorted = gidx[order]
    head = g_sorted[np.flatnonzero(is_start)[np.cumsum(is_start) - 1]]
    return head[~is_start], g_sorted[~is_start], order[~is_start]


# -- stories -------------------------------------------------------------------------------


@dataclass(slots=True)
class StoryRow:
    """What story clustering needs of one article."""

    gidx: int
    id: str
    title: str | None
    text: str
    published: str | None
    source: str | None
    lang: str | None
    time: float
    join: str | None = None  # the canonical copy's id when this article is a duplicate


@dataclass(slots=True)
class WindowResult:
    day: str
    gidx: list[int]
    story_ids: list[str]  # per article, in ``gidx`` order
    stories: list[Story] = field(default_factory=list)
    state_path: str = ""


def story_rows(
    table: pa.Table, offset: int, renames: dict[int, str], joins: dict[int, str]
) -> list[StoryRow]:
    """Rows of a shard's work table (``STORY_COLUMNS``) as story inputs, with final ids."""
    out = []
    for rec in table.to_pylist():
        gidx = offset + int(rec["row"])
        out.append(
            StoryRow(
                gidx=gidx,
                id=renames.get(gidx, rec["id"]),
                title=rec["title"],
                text=rec["text"] or "",
                published=rec["published"],
                source=rec["source"],
                lang=rec["lang"],
                time=float(rec["time"]),
                join=joins.get(gidx),
            )
        )
    return out


def window_rows(
    refs: Sequence[ShardRef], day: str, renames: dict[int, str], joins: dict[int, str]
) -> list[StoryRow]:
    """The articles of one day, read from every shard (only that day's row groups)."""
    rows: list[StoryRow] = []
    for ref in refs:
        table = read_work(ref, STORY_COLUMNS[1:], day=day)
        rows.extend(story_rows(table, ref.offset, renames, joins))
    return rows


def cluster_day(
    refs: Sequence[ShardRef],
    day: str,
    renames: dict[int, str],
    joins: dict[int, str],
    state_path: str,
) -> WindowResult:
    """Cluster one day from the shards' work tables. The tables hold one row group per day
    (``_write_by_day``), so grouping by day is a filtered read: no article text travels
    between workers, whatever the corpus size."""
    return cluster_window(day, window_rows(refs, day, renames, joins), state_path)


def cluster_window(day: str, rows: list[StoryRow], state_path: str) -> WindowResult:
    """Cluster one time window with ``StoryClusterer`` in publication order (ties: corpus
    order) and save its state, which linking the neighbouring windows reads."""
    rows = sorted(rows, key=lambda r: (r.time, r.gidx))
    clusterer = StoryClusterer()
    story_ids = []
    for r in rows:
        doc = StoryDoc(r.id, r.title, r.text, _published(r.published), r.source, r.lang or "en")
        story_ids.append(clusterer.add(doc, join=r.join))
    clusterer.save(state_path)
    return WindowResult(day, [r.gidx for r in rows], story_ids, clusterer.stories(), state_path)


def link_windows(earlier_state: str, later_state: str) -> list[tuple[str, str]]:
    """(later story, earlier story) for every story of the later window that continues one of
    the earlier window (``StoryClusterer.continued_by``)."""
    earlier = StoryClusterer.load(earlier_state)
    later = StoryClusterer.load(later_state)
    links = []
    for sid in sorted(later.active):
        match = earlier.continued_by(later, sid)
        if match is not None:
            links.append((sid, match))
    return links


def window_to_row(result: WindowResult) -> dict[str, Any]:
    return {
        "day": result.day,
        "gidx": result.gidx,
        "story_ids": result.story_ids,
        "stories": json.dumps([s.to_dict() for s in result.stories]),
        "state_path": result.state_path,
    }


def window_from_row(row: dict[str, Any]) -> WindowResult:
    return WindowResult(
        row["day"],
        [int(g) for g in row["gidx"]],
        list(row["story_ids"]),
        [Story.from_dict(d) for d in json.loads(row["stories"])],
        row["state_path"],
    )


# -- output --------------------------------------------------------------------------------


@dataclass(slots=True)
class ShardAnnotation:
    """Per article of a shard, in order: final id, duplicate and story annotations."""

    ids: list[str]
    duplicate_of: list[str | None]
    exact: list[bool]
    contains: list[list[str]]
    story_ids: list[str]


def annotated_table(ref: ShardRef, ann: ShardAnnotation) -> pa.Table:
    """The shard's articles as the articles output: the work table's article columns with the
    final ids and the duplicate and story annotations."""
    names = [f.name for f in ARTICLE_FIELDS]
    table = read_work(ref, names).select(names)
    table = table.set_column(names.index("id"), "id", pa.array(ann.ids, pa.string()))
    extra = {
        "duplicate_of": pa.array(ann.duplicate_of, pa.string()),
        "exact_duplicate": pa.array(ann.exact, pa.bool_()),
        "contains": pa.array(ann.contains, pa.list_(pa.string())),
        "story_id": pa.array(ann.story_ids, pa.string()),
    }
    for name, column in extra.items():
        table = table.append_column(name, column)
    return table.cast(ARTICLES_SCHEMA)


def write_table_atomic(table: pa.Table, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
