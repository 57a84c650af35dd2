"""Load an engine run's Parquet output into a store (``newsloom run --out DIR --db ...``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newsloom.engines.base import ARTICLES_DIR, STORIES_DIR, EngineError
from newsloom.engines.shards import read_manifest
from newsloom.enrich.records import Enrichment
from newsloom.model import Article
from newsloom.store.base import Batch, Store, StoredArticle
from newsloom.stories.model import Story

# Rows per store transaction: bounded memory, few commits.
LOAD_BATCH = 500


def load_into_store(out_dir: str | Path, store: Store) -> tuple[int, int]:
    """Write the articles and stories of a complete run in ``out_dir`` to ``store``, a batch
    at a time; returns (articles, stories). Refuses an output without ``_SUCCESS``."""
    out = Path(out_dir)
    if read_manifest(out) is None:
        raise EngineError("not the output of a complete run (no _SUCCESS)", source=str(out))
    n_stories = 0
    stories = pq.ParquetFile(next((out / STORIES_DIR).glob("*.parquet")))
    for batch in stories.iter_batches(batch_size=LOAD_BATCH):
        rows = batch.to_pylist()
        store.write_batch(Batch(stories=[Story.from_dict(r) for r in rows]))
        n_stories += len(rows)
    n_articles = 0
    for part in sorted((out / ARTICLES_DIR).glob("*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=LOAD_BATCH):
            rows = batch.to_pylist()
            store.write_batch(Batch(articles=[stored_article(r) for r in rows]))
            n_articles += len(rows)
    return n_articles, n_stories


def stored_article(row: dict[str, Any]) -> StoredArticle:
    """An articles-table row as the store's record."""
    article = Article.from_dict({**row, "extras": json.loads(row["extras"] or "{}")})
    enrichment = row.get("enrichment")
    return StoredArticle(
        article=article,
        enrichment=Enrichment.from_dict(json.loads(enrichment)) if enrichment else Enrichment(),
        story_id=row["story_id"],
        duplicate_of=row["duplicate_of"],
        contains=list(row["contains"] or []),
    )
