"""Export a store's articles as JSONL, CSV or Parquet (``newsloom export``).

JSONL carries everything (the article's JSON form, its enrichment, story and duplicate links);
CSV and Parquet are one flat row per article for spreadsheets and dataframes, with entity names
and quote counts flattened and the full enrichment as a JSON column. Every format is written
to a temp file and renamed, so an interrupted export never leaves a half-written file.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from newsloom.io.writers import atomic_text_writer, write_jsonl_atomic
from newsloom.store.base import Store, StoredArticle

ExportFormat = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "parquet")
FLAT_COLUMNS = (
    "id", "story_id", "duplicate_of", "role", "source", "url", "published", "lang", "title",
    "byline", "dateline", "text", "entities", "quotes", "places", "enrichment",
)  # fmt: skip
# Rows per Parquet row group: bounds memory while writing a large store.
PARQUET_ROWS = 2000


def stored_to_dict(sa: StoredArticle) -> dict[str, Any]:
    """The JSONL form: the article's JSON form, its enrichment and where it belongs."""
    return {
        **sa.article.to_dict(),
        **sa.enrichment.to_dict(),
        "story_id": sa.story_id,
        "duplicate_of": sa.duplicate_of,
        "contains": list(sa.contains),
        "page_key": sa.page_key,
    }


def flat_row(sa: StoredArticle) -> dict[str, Any]:
    a, e = sa.article, sa.enrichment
    return {
        "id": a.id,
        "story_id": sa.story_id,
        "duplicate_of": sa.duplicate_of,
        "role": a.role,
        "source": a.source,
        "url": a.url,
        "published": a.published,
        "lang": a.lang,
        "title": a.title,
        "byline": a.byline,
        "dateline": a.dateline,
        "text": a.text,
        "entities": "; ".join(dict.fromkeys(ent.name for ent in e.entities)),
        "quotes": len(e.quotes),
        "places": "; ".join(dict.fromkeys(p.name for p in e.places)),
        "enrichment": json.dumps(e.to_dict(), ensure_ascii=False),
    }


def export_store(store: Store, output: str | Path, fmt: ExportFormat) -> int:
    """Write every article of ``store`` to ``output`` (``-``: stdout, not for Parquet);
    return the number of articles written."""
    articles = store.iter_articles()
    if fmt == "jsonl":
        return write_jsonl_atomic(output, (stored_to_dict(sa) for sa in articles))
    if fmt == "csv":
        return _write_csv(output, articles)
    if fmt == "parquet":
        if str(output) == "-":
            raise ValueError("Parquet is a binary format: give a file, not -")
        return _write_parquet(Path(output), articles)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


def _write_csv(output: str | Path, articles: Iterator[StoredArticle]) -> int:
    n = 0
    with atomic_text_writer(output) as fh:
        writer = csv.DictWriter(fh, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for sa in articles:
            writer.writerow(flat_row(sa))
            n += 1
    return n


def _write_parquet(output: Path, articles: Iterator[StoredArticle]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.int64() if c == "quotes" else pa.string()) for c in FLAT_COLUMNS])
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    n = 0
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            rows: list[dict[str, Any]] = []
            for sa in articles:
                rows.append(flat_row(sa))
                if len(rows) >= PARQUET_ROWS:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    n += len(rows)
                    rows = []
            # an empty store still gets a valid file with the schema
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
