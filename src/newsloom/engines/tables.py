"""The Parquet schemas of an engine run and the conversions between rows and records.

Three tables: the per-shard work table (an article plus what deduplication needs of it, so
signatures are computed once, next to the cleaning), the articles output (the article plus
its duplicate and story annotations) and the stories output. Schemas are explicit, so a shard
whose optional fields are all empty still has the same columns and types as the others.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from newsloom.dedup.index import SignedDoc
from newsloom.dedup.minhash import NUM_PERM
from newsloom.enrich.records import Enrichment
from newsloom.model import Article
from newsloom.stories.model import Story

SIG_BYTES = NUM_PERM * 4  # uint32 MinHash values
UNDATED = "undated"  # the time window of articles without a publication date

_TEXT_FIELDS = (
    "id",
    "source_path",
    "url",
    "source",
    "role",
    "title",
    "dateline",
    "byline",
    "published",
    "published_text",
    "lang",
    "text",
)
_SECTION = pa.struct([("heading", pa.string()), ("paragraphs", pa.list_(pa.string()))])
_REMOVED = pa.struct(
    [("text", pa.string()), ("reason", pa.string()), ("start", pa.int64()), ("end", pa.int64())]
)
ARTICLE_FIELDS = [
    *(pa.field(name, pa.string()) for name in _TEXT_FIELDS),
    pa.field("sections", pa.list_(_SECTION)),
    pa.field("removed", pa.list_(_REMOVED)),
    pa.field("extras", pa.string()),  # JSON: free-form, namespaced by stage
    pa.field("enrichment", pa.string()),  # JSON Enrichment (entities, quotes...), or null
]
WORK_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int32()),  # position in the shard: the global order is (shard, row)
        *ARTICLE_FIELDS,
        pa.field("day", pa.string()),  # UTC publication day, or UNDATED
        pa.field("time", pa.float64()),  # POSIX seconds, inf when undated
        pa.field("sig", pa.binary(SIG_BYTES)),
        pa.field("shingles", pa.int32()),
        pa.field("length", pa.int64()),
        pa.field("exact_key", pa.string()),
    ]
)
ARTICLES_SCHEMA = pa.schema(
    [
        *ARTICLE_FIELDS,
        pa.field("duplicate_of", pa.string()),
        pa.field("exact_duplicate", pa.bool_()),
        pa.field("contains", pa.list_(pa.string())),
        pa.field("story_id", pa.string()),
    ]
)
STORIES_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("headline", pa.string()),
        pa.field("first_seen", pa.string()),
        pa.field("last_seen", pa.string()),
        pa.field("n_articles", pa.int32()),
        pa.field("articles", pa.list_(pa.string())),
        pa.field("sources", pa.list_(pa.string())),
        pa.field("key_terms", pa.list_(pa.string())),
    ]
)


def article_row(article: Article, enrichment: Enrichment | None = None) -> dict[str, Any]:
    d = article.to_dict()
    d["extras"] = json.dumps(d["extras"], ensure_ascii=False, sort_keys=True)
    d["enrichment"] = (
        json.dumps(enrichment.to_dict(), ensure_ascii=False) if enrichment is not None else None
    )
    return d


def work_row(
    row: int, article: Article, signed: SignedDoc, day: str, enrichment: Enrichment | None
) -> dict[str, Any]:
    return {
        "row": row,
        **article_row(article, enrichment),
        "day": day,
        "time": signed.time,
        "sig": signed.signature.astype("<u4").tobytes(),
        "shingles": signed.shingles,
        "length": signed.length,
        "exact_key": signed.exact_key,
    }


def signatures(column: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.uint32]:
    """A ``sig`` column as an (n, NUM_PERM) array."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if len(arr) == 0:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    data = np.frombuffer(arr.buffers()[1], dtype="<u4")
    start = arr.offset * NUM_PERM
    return data[start : start + len(arr) * NUM_PERM].reshape(len(arr), NUM_PERM).astype(np.uint32)


def story_row(story: Story) -> dict[str, Any]:
    return {**story.to_dict(), "n_articles": len(story.articles)}
