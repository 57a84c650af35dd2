"""``newsloom run`` as a library function: pages in, a populated store out, incrementally.

read -> skip pages the store already has -> clean -> (batch of pages) dedup + stories ->
enrich -> one store transaction with the articles, their stories and the updated dedup and
story state. A crash loses at most the batch in flight; the next run redoes exactly those pages
(their keys were not committed) and its articles join the stories already stored.
"""

from __future__ import annotations

import importlib
import importlib.util
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from newsloom.enrich.records import Enrichment
from newsloom.io.readers import DEFAULT_MAX_BYTES, InputItem, ReadResult, Skipped, read_inputs
from newsloom.model import Article, Page, content_id
from newsloom.pipeline import RunSummary as CleanSummary
from newsloom.pipeline import clean_stream
from newsloom.run.state import pack_state, unpack_state
from newsloom.store.base import Batch, Store, StoredArticle
from newsloom.stories.run import cluster_records

# Pages per store transaction. Each batch re-saves the dedup and story state, so larger
# batches amortise that; smaller ones lose less to a crash. 200 pages: the state save is a few
# percent of the batch's time at 2,000 pages (bench/run_speed.py).
BATCH_PAGES = 200
# Pages whose keys are looked up in the store at once.
KEY_LOOKUP_PAGES = 500
ENRICHER_MODULE = "newsloom.enrich.pipeline"


@dataclass(slots=True)
class RunSummary:
    """What a run did: the cleaning summary plus what reached the store."""

    clean: CleanSummary = field(default_factory=CleanSummary)
    pages_known: int = 0  # skipped: an earlier run (or an earlier copy in this run) had them
    articles_stored: int = 0
    empty_articles: int = 0  # pages whose article came out empty: not stored
    duplicates: int = 0
    stories_new: int = 0
    stories_updated: int = 0  # distinct stories that got articles in this run
    batches: int = 0
    enriched: bool = False
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return self.clean.pages


def page_key(page: Page) -> str:
    """Stable key of a fetched page: its URL and text (the same capture read again, from any
    file, is the same page; a changed page at the same URL is a new one)."""
    return "p" + content_id(page.url, page.text)


def enricher_available() -> bool:
    return importlib.util.find_spec(ENRICHER_MODULE) is not None


def run_pipeline(
    inputs: Iterable[str | InputItem],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_pages: int = BATCH_PAGES,
    enrich: bool | None = None,
    strict: bool = False,
    on_file: Callable[[InputItem], None] | None = None,
    on_page: Callable[[Page | Skipped], None] | None = None,
) -> RunSummary:
    """Run the whole pipeline over ``inputs`` into ``store``.

    ``enrich``: None enriches when the enrichment stage is installed, True requires it, False
    skips it. Bad inputs are reported in ``summary.clean.skipped`` and the run goes on (unless
    ``strict``). ``on_page`` is called once per page read (known, cleaned or skipped).
    """
    started = time.perf_counter()
    summary = RunSummary()
    enricher = _enricher(enrich)
    summary.enriched = enricher is not None
    keys: dict[int, str] = {}  # id(page) -> page key, while the page is in flight
    pending: list[Article] = []  # articles of the page being cleaned
    done: list[tuple[str, str, list[Article]]] = []  # finished pages: key, name, articles
    skipped_seen = 0

    def page_done(item: Page | Skipped) -> None:
        nonlocal skipped_seen
        if isinstance(item, Page):
            key = keys.pop(id(item))
            if len(summary.clean.skipped) == skipped_seen:  # cleaned (else: retried next run)
                done.append((key, item.name, list(pending)))
            pending.clear()
        skipped_seen = len(summary.clean.skipped)
        if on_page:
            on_page(item)

    with tempfile.TemporaryDirectory(prefix="newsloom-state-") as tmp:
        state_dir = Path(tmp)
        unpack_state(store, state_dir)
        pages = read_inputs(inputs, max_bytes=max_bytes, on_file=on_file)
        fresh = _new_pages(pages, store, keys, summary, on_page)
        for article in clean_stream(fresh, summary.clean, on_page=page_done, strict=strict):
            pending.append(article)
            if len(done) >= batch_pages:
                _store_batch(done, store, state_dir, enricher, summary)
                done.clear()
        if done:
            _store_batch(done, store, state_dir, enricher, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _new_pages(
    results: Iterable[ReadResult],
    store: Store,
    keys: dict[int, str],
    summary: RunSummary,
    on_page: Callable[[Page | Skipped], None] | None,
) -> Iterator[ReadResult]:
    """The pages the store does not have yet (and not already seen in this run)."""
    seen: set[str] = set()
    it = iter(results)
    while chunk := list(islice(it, KEY_LOOKUP_PAGES)):
        chunk_keys = {id(r): page_key(r) for r in chunk if isinstance(r, Page)}
        known = store.known_page_keys(chunk_keys.values())
        for item in chunk:
            if isinstance(item, Page):
                key = chunk_keys[id(item)]
                if key in known or key in seen:
                    summary.pages_known += 1
                    if on_page:
                        on_page(item)
                    continue
                seen.add(key)
                keys[id(item)] = key
            yield item


def _store_batch(
    done: list[tuple[str, str, list[Article]]],
    store: Store,
    state_dir: Path,
    enricher: Any,
    summary: RunSummary,
) -> None:
    page_of: dict[int, str] = {}
    articles: list[Article] = []
    for key, _, arts in done:
        for art in arts:
            if not art.text.strip():  # "no article text": nothing to cluster, search or read
                summary.empty_articles += 1
                continue
            page_of[id(art)] = key
            articles.append(art)
    _rename_stored_ids(articles, store)
    records = [
        (
            f"{art.source_path or art.url or art.id}",
            {
                "id": art.id,
                "title": art.title,
                "text": art.text,
                "published": art.published,
                "url": art.url,
                "source": art.source,
                "lang": art.lang,
                "_n": i,
            },
        )
        for i, art in enumerate(articles)
    ]
    rows, clusterer, cluster_summary = cluster_records(records, state_dir=state_dir)
    summary.warnings.extend(cluster_summary.warnings + cluster_summary.skipped)
    summary.stories_new += cluster_summary.stories_new
    kept: list[tuple[Article, dict[str, Any]]] = []
    for row in rows:
        art = articles[row["_n"]]
        art.id = row["id"]  # a copy repeated within the batch gets a suffixed id
        kept.append((art, row))
    enrichments = _enrich(enricher, [a for a, _ in kept])
    stored = [
        StoredArticle(
            article=art,
            enrichment=enrichments.get(art.id, Enrichment()),
            story_id=row["story_id"],
            duplicate_of=row["duplicate_of"],
            contains=list(row.get("contains") or []),
            page_key=page_of[id(art)],
        )
        for art, row in kept
    ]
    touched = {sa.story_id for sa in stored}
    stories = [s for s in clusterer.stories() if s.id in touched]
    store.write_batch(
        Batch(
            articles=stored,
            stories=stories,
            state=pack_state(state_dir),
            pages={key: name for key, name, _ in done},
        )
    )
    summary.batches += 1
    summary.articles_stored += len(stored)
    summary.duplicates += sum(sa.duplicate_of is not None for sa in stored)
    summary.stories_updated += len(touched)


def _rename_stored_ids(articles: list[Article], store: Store) -> None:
    """An article whose id is already stored comes from another page (a syndicated copy
    published elsewhere): it is kept under ``id#n``, as ``cluster_records`` does within a
    batch, so it gets its own row and is found a duplicate of the first."""
    taken = store.known_article_ids([a.id for a in articles])
    if not taken:
        return
    for art in articles:
        if art.id in taken:
            base, n = art.id, 2
            while f"{base}#{n}" in taken or store.known_article_ids([f"{base}#{n}"]):
                n += 1
            art.id = f"{base}#{n}"
            taken.add(art.id)


def _enricher(enrich: bool | None) -> Any:
    if enrich is False or (enrich is None and not enricher_available()):
        return None
    module = importlib.import_module(ENRICHER_MODULE)  # raises when required and missing
    return module.Enricher()


def _enrich(enricher: Any, articles: list[Article]) -> dict[str, Enrichment]:
    """Enrichment per article id; an exact copy of an article's text (a syndicated story
    captured twice) is parsed once and shares the result, since the offsets are the same."""
    if enricher is None or not articles:
        return {}
    first: dict[str, Article] = {}
    for art in articles:
        first.setdefault(art.text, art)
    by_text = {art.text: enrichment for art, enrichment in enricher.run(list(first.values()))}
    return {art.id: by_text[art.text] for art in articles if art.text in by_text}
