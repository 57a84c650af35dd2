"""``newsloom run`` as a library function: pages in, a populated store out, incrementally.

read -> skip pages the store already has -> clean -> (batch of pages) dedup + stories ->
enrich -> one store transaction with the articles, their stories and the updated dedup and
story state. A crash loses at most the batch in flight; the next run redoes exactly those pages
(their keys were not committed) and its articles join the stories already stored.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import tempfile
import time
from collections import OrderedDict, deque
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


@dataclass(slots=True)
class _CleanPage:
    """A cleaned page on its way to the store: its articles with text, and their enrichment
    (by ``id(article)``) as it arrives."""

    key: str
    name: str
    articles: list[Article]
    enrichments: dict[int, Enrichment] = field(default_factory=dict)
    waiting: int = 0  # articles sent to the enricher and not back yet
    # articles whose text was parsed already in this run: (copy, the original's slot)
    copies: list[tuple[Article, _Slot]] = field(default_factory=list)


@dataclass(slots=True)
class _Slot:
    """Where an original's enrichment lands when the enricher hands it back."""

    enrichment: Enrichment | None = None


# Syndicated copies reach a run verbatim, dozens of times: an article whose exact text, date
# and language match one sent to the enricher earlier in the run takes that enrichment (its
# offsets are into the same text). The window bounds memory: the last 20,000 distinct texts.
REUSE_WINDOW = 20_000


def _reuse_key(art: Article) -> bytes:
    """Everything enrichment depends on: the exact text, the reference dates, the language."""
    extras = art.extras or {}
    clean = extras.get("clean") if isinstance(extras.get("clean"), dict) else {}
    h = hashlib.blake2b(art.text.encode("utf-8", "surrogatepass"), digest_size=16)
    fetched = (extras.get("fetched_at"), (clean or {}).get("fetched_at"))
    for part in (art.published, art.lang, *fetched):
        h.update(b"\x1f" + str(part).encode("utf-8", "surrogatepass"))
    return h.digest()


def run_pipeline(
    inputs: Iterable[str | InputItem],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_pages: int = BATCH_PAGES,
    enrich: bool | None = None,
    workers: int = 1,
    strict: bool = False,
    on_file: Callable[[InputItem], None] | None = None,
    on_page: Callable[[Page | Skipped], None] | None = None,
) -> RunSummary:
    """Run the whole pipeline over ``inputs`` into ``store``.

    ``enrich``: None enriches when the enrichment stage is installed, True requires it, False
    skips it; ``workers`` > 1 parses in that many processes. Bad inputs are reported in
    ``summary.clean.skipped`` and the run goes on (unless ``strict``). ``on_page`` is called
    once per page read (known, cleaned or skipped).
    """
    started = time.perf_counter()
    summary = RunSummary()
    enricher = _enricher(enrich, workers)
    summary.enriched = enricher is not None
    keys: dict[int, str] = {}  # id(page) -> page key, while the page is in flight
    with tempfile.TemporaryDirectory(prefix="newsloom-state-") as tmp:
        state_dir = Path(tmp)
        unpack_state(store, state_dir)
        pages = read_inputs(inputs, max_bytes=max_bytes, on_file=on_file)
        fresh = _new_pages(pages, store, keys, summary, on_page)
        cleaned = _cleaned_pages(fresh, keys, summary, strict, on_page)
        done: list[_CleanPage] = []
        # one enrichment stream for the whole run (its worker processes start once)
        for page in _enriched(cleaned, enricher):
            done.append(page)
            if len(done) >= batch_pages:
                _store_batch(done, store, state_dir, summary)
                done.clear()
        if done:
            _store_batch(done, store, state_dir, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _cleaned_pages(
    fresh: Iterable[ReadResult],
    keys: dict[int, str],
    summary: RunSummary,
    strict: bool,
    on_page: Callable[[Page | Skipped], None] | None,
) -> Iterator[_CleanPage]:
    """``clean_stream`` regrouped by page: a page's articles come before its ``on_page``
    callback, so the articles seen since the last callback are that page's."""
    pending: list[Article] = []
    finished: deque[_CleanPage] = deque()
    skipped_seen = 0

    def page_done(item: Page | Skipped) -> None:
        nonlocal skipped_seen
        if isinstance(item, Page):
            key = keys.pop(id(item))
            if len(summary.clean.skipped) == skipped_seen:  # cleaned (else: retried next run)
                # "no article text": nothing to cluster, search or read; the page is done
                kept = [a for a in pending if a.text.strip()]
                summary.empty_articles += len(pending) - len(kept)
                finished.append(_CleanPage(key, item.name, kept))
            pending.clear()
        skipped_seen = len(summary.clean.skipped)
        if on_page:
            on_page(item)

    for article in clean_stream(fresh, summary.clean, on_page=page_done, strict=strict):
        while finished:
            yield finished.popleft()
        pending.append(article)
    while finished:
        yield finished.popleft()


def _enriched(pages: Iterator[_CleanPage], enricher: Any) -> Iterator[_CleanPage]:
    """Pages in order, each once all its articles are enriched. A text repeated within the
    run (a story captured twice, a syndicated copy) is parsed once: see ``REUSE_WINDOW``."""
    if enricher is None:
        yield from pages
        return
    queue: deque[_CleanPage] = deque()
    owner: dict[int, tuple[_CleanPage, _Slot]] = {}
    recent: OrderedDict[bytes, _Slot] = OrderedDict()

    def feed() -> Iterator[Article]:
        for page in pages:
            queue.append(page)
            for art in page.articles:
                key = _reuse_key(art)
                slot = recent.get(key)
                if slot is not None:
                    recent.move_to_end(key)
                    page.copies.append((art, slot))
                    continue
                slot = recent[key] = _Slot()
                if len(recent) > REUSE_WINDOW:
                    recent.popitem(last=False)
                page.waiting += 1
                owner[id(art)] = (page, slot)
                yield art

    def ready() -> Iterator[_CleanPage]:
        # the enricher answers in input order, so an earlier page's originals are back
        while queue and queue[0].waiting == 0:
            page = queue.popleft()
            for copy, slot in page.copies:
                assert slot.enrichment is not None, "an original came back after its copy"
                page.enrichments[id(copy)] = slot.enrichment
            yield page

    for art, enrichment in enricher.run(feed()):
        page, slot = owner.pop(id(art))
        page.enrichments[id(art)] = slot.enrichment = enrichment
        page.waiting -= 1
        yield from ready()
    yield from ready()


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
    done: list[_CleanPage], store: Store, state_dir: Path, summary: RunSummary
) -> None:
    page_of: dict[int, _CleanPage] = {}
    articles: list[Article] = []
    for page in done:
        for art in page.articles:
            page_of[id(art)] = page
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
    stored = [
        StoredArticle(
            article=art,
            enrichment=page_of[id(art)].enrichments.get(id(art), Enrichment()),
            story_id=row["story_id"],
            duplicate_of=row["duplicate_of"],
            contains=list(row.get("contains") or []),
            page_key=page_of[id(art)].key,
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
            pages={page.key: page.name for page in done},
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


def _enricher(enrich: bool | None, workers: int) -> Any:
    if enrich is False or (enrich is None and not enricher_available()):
        return None
    module = importlib.import_module(ENRICHER_MODULE)  # raises when required and missing
    return module.Enricher(n_process=max(1, workers))
