"""Deduplicate and cluster a stream of article records (the ``newsloom cluster`` command).

Records are JSON objects with ``id``, ``title``, ``text`` and optionally ``published``,
``url``, ``source``, ``lang``; each comes back unchanged except for ``story_id``,
``duplicate_of`` (and ``contains`` when it holds other articles). State (the duplicate index and
the story clusterer) lives in a directory, so a later batch joins earlier stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsloom.dedup import DedupDoc, DedupIndex
from newsloom.errors import RecordError
from newsloom.io.readers import parse_datetime
from newsloom.stories.cluster import StoryClusterer, StoryDoc

DEDUP_DIR = "dedup"
STORIES_FILE = "stories.json"


@dataclass(slots=True)
class ClusterSummary:
    articles: int = 0
    duplicates: int = 0
    stories_new: int = 0
    skipped: list[str] = field(default_factory=list)  # messages naming line and problem
    warnings: list[str] = field(default_factory=list)


def cluster_records(
    records: Iterable[tuple[str, dict[str, Any]]], *, state_dir: Path | None = None
) -> tuple[list[dict[str, Any]], StoryClusterer, ClusterSummary]:
    """Cluster ``(where, record)`` pairs; returns the annotated records in input order."""
    summary = ClusterSummary()
    dedup, clusterer = _load_state(state_dir)
    stories_before = len(clusterer.active) + len(clusterer.retired)
    rows: list[tuple[dict[str, Any], DedupDoc, StoryDoc]] = []
    seen_ids: dict[str, int] = {}
    for where, rec in records:
        doc = _validate(rec, where, summary)
        if doc is None:
            continue
        if doc.id in seen_ids:  # keep both: the later copy gets a suffixed id
            seen_ids[doc.id] += 1
            new_id = f"{doc.id}#{seen_ids[doc.id]}"
            summary.warnings.append(
                f"{where}: duplicate id {doc.id!r} in the input, kept as {new_id!r}"
            )
            rec = {**rec, "id": new_id}
            doc.id = new_id
        else:
            seen_ids[doc.id] = 1
        rows.append((rec, DedupDoc(doc.id, doc.text, doc.published), doc))
    results = {r.id: r for r in dedup.add([d for _, d, _ in rows])}
    # publication order when every article has a date; otherwise the input order
    order = list(range(len(rows)))
    if rows and all(sd.published for _, _, sd in rows):
        order.sort(key=lambda i: rows[i][2].published)  # type: ignore[arg-type,return-value]
    story_of: dict[str, str] = {}
    for i in order:
        _, _, sdoc = rows[i]
        res = results[sdoc.id]
        story_of[sdoc.id] = clusterer.add(sdoc, join=res.duplicate_of)
    out = []
    for rec, _, sdoc in rows:
        res = results[sdoc.id]
        ann = {**rec, "story_id": story_of[sdoc.id], "duplicate_of": res.duplicate_of}
        if res.contains:
            ann["contains"] = res.contains
        summary.duplicates += res.duplicate_of is not None
        out.append(ann)
    summary.articles = len(out)
    summary.stories_new = len(clusterer.active) + len(clusterer.retired) - stories_before
    if state_dir is not None:
        dedup.save(state_dir / DEDUP_DIR)
        clusterer.save(state_dir / STORIES_FILE)
    return out, clusterer, summary


def _validate(rec: dict[str, Any], where: str, summary: ClusterSummary) -> StoryDoc | None:
    try:
        doc_id = rec.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise RecordError("has no string field 'id'", source=where)
        text = rec.get("text")
        if not isinstance(text, str):
            raise RecordError("has no string field 'text'", source=where)
        published = parse_datetime(rec.get("published"), where, "published")
    except RecordError as err:
        summary.skipped.append(str(err))
        return None
    title = rec.get("title") if isinstance(rec.get("title"), str) else None
    source = rec.get("source") if isinstance(rec.get("source"), str) else None
    lang = rec.get("lang") if isinstance(rec.get("lang"), str) else "en"
    if not text.strip():
        summary.warnings.append(
            f"{where}: article {doc_id!r} has no text; it gets a story of its own"
        )
    return StoryDoc(doc_id, title, text, published, source, lang)


def _load_state(state_dir: Path | None) -> tuple[DedupIndex, StoryClusterer]:
    if state_dir is None or not (state_dir / STORIES_FILE).exists():
        return DedupIndex(), StoryClusterer()
    return DedupIndex.load(state_dir / DEDUP_DIR), StoryClusterer.load(state_dir / STORIES_FILE)
