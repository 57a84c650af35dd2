"""The enrichment stage: each article parsed once, every extractor run over the shared doc.

``Enricher.run`` streams: articles go through one batched ``nlp.pipe`` call, each parsed doc is
handed to the extractors in their fixed order (entities, places, quotes, claims, times), and the
article comes out with its ``Enrichment`` while later articles are still being parsed. With
``n_process`` > 1 that whole loop runs in forked workers (``workers.py``), a batch of articles
each, so docs never cross processes.

Bad input never stops the run: an empty article, a non-English one (the model is English, so
every extractor is skipped) and an article without a date get a note; an exception inside one
extractor on one article becomes a note on that article and the other extractors still run.
Very long articles (1 MB) are parsed in paragraph-aligned chunks joined back into one doc with
the article's exact text, so offsets stay valid and memory stays bounded.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsloom.clean.lang import LanguageDetector
from newsloom.enrich.base import ArticleContext, Extractor
from newsloom.enrich.entities import EntityExtractor
from newsloom.enrich.gazetteer import Gazetteer
from newsloom.enrich.nlp import load_nlp
from newsloom.enrich.places import PlaceExtractor
from newsloom.enrich.records import Enrichment
from newsloom.enrich.workers import enrich_forked, fork_available
from newsloom.model import Article

log = logging.getLogger(__name__)

# Texts longer than this are parsed in paragraph-aligned chunks of about this size: spaCy's
# parser and NER need memory that grows with the doc, and news paragraphs are independent
# for every extractor but the quotes that span paragraphs (rare at chunk boundaries).
CHUNK_CHARS = 100_000
# Texts per nlp.pipe batch (spaCy's default is 1000 for tok2vec models; smaller batches keep
# the first results coming quickly and memory flat on 1 MB articles).
DEFAULT_BATCH_SIZE = 32
# Articles handed to a worker at a time: small enough that two workers finish together at the
# end of a run. The parser and NER decode a batch's docs in step (transitions.py), so bigger
# batches share each step's overhead: in one process 8, 16 and 32 cost about 62, 57 and 58 ms
# of CPU per 600-word article, but in two workers 16 and 32 were no cheaper than 8 (63-67 ms
# each; CPU time, alternating runs, load average 4-7).
WORKER_BATCH = 8
# Parsed before forking the workers, so that the gazetteer index and the curated tables that
# the extractors load on first use are loaded once and shared.
WARM_UP_TEXT = (
    '"We will respond," Kremlin spokesman Dmitry Peskov told reporters in Moscow on Monday, '
    "a day after the strike on Kyiv that Ukraine said was launched without warning."
)
WARM_UP_DATE = "2025-08-28T12:00:00+00:00"
ENGLISH = frozenset({"en", None})
# The extractors of the other enrichment modules, in the protocol's order after places.
OPTIONAL_EXTRACTORS = (
    ("newsloom.enrich.quotes", "QuoteExtractor"),
    ("newsloom.enrich.claims", "ClaimExtractor"),
    ("newsloom.enrich.times", "TimeExtractor"),
)
EXTRACTOR_NAMES = ("entities", "places", "quotes", "claims", "times")


def reference_time(article: Article) -> datetime | None:
    """The article's publication time, else the fetch time a reader recorded, else None."""
    candidates: list[Any] = [article.published]
    extras = article.extras or {}
    clean = extras.get("clean") if isinstance(extras.get("clean"), dict) else {}
    candidates += [extras.get("fetched_at"), (clean or {}).get("fetched_at")]
    for value in candidates:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, str) and value.strip():
            try:
                parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                continue
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def load_extractors(gazetteer: Gazetteer | None = None) -> list[Extractor]:
    """Entities and places, then the quote, claim and time extractors that are installed."""
    gaz = gazetteer if gazetteer is not None else Gazetteer()
    extractors: list[Extractor] = [EntityExtractor(gaz), PlaceExtractor(gaz)]
    for module_name, class_name in OPTIONAL_EXTRACTORS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            log.warning("%s is not installed; its extractor is skipped", module_name)
            continue
        extractors.append(getattr(module, class_name)())
    return extractors


def paragraph_chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut after paragraph breaks into pieces of about ``size`` characters whose
    concatenation is exactly ``text`` (a paragraph longer than ``size`` is cut at a line or
    sentence end, else at a space)."""
    if len(text) <= size:
        return [text]
    chunks: list[str] = []
    start = 0
    while len(text) - start > size:
        window_end = start + size
        cut = -1
        for pattern in (r"\n\s*\n", r"\n", r"[.!?]\s", r"\s"):
            hits = [m.end() for m in re.finditer(pattern, text[start + size // 2 : window_end])]
            if hits:
                cut = start + size // 2 + hits[-1]
                break
        if cut <= start:
            cut = window_end
        chunks.append(text[start:cut])
        start = cut
    chunks.append(text[start:])
    return chunks


@dataclass(slots=True)
class _Pending:
    article: Article
    parts: int
    docs: list[Doc] = field(default_factory=list)
    skip_note: str | None = None


class Enricher:
    """Articles in, ``(article, Enrichment)`` out, in input order.

    ``n_process`` > 1 parses and extracts in that many forked worker processes (sharing the
    loaded model); where the platform cannot fork, spaCy's own worker processes parse and the
    extraction runs in this process."""

    def __init__(
        self,
        *,
        n_process: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
        extractors: list[Extractor] | None = None,
        nlp: Language | None = None,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        self.n_process = n_process
        self.batch_size = batch_size
        self.chunk_chars = chunk_chars
        self._extractors = extractors
        self._nlp = nlp
        self._warm = False

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @property
    def extractors(self) -> list[Extractor]:
        if self._extractors is None:
            self._extractors = load_extractors()
        return self._extractors

    def enrich_one(self, article: Article) -> Enrichment:
        """One article (parsed in this process)."""
        return next(self._run([article], n_process=1))[1]

    def run(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Enrichment]]:
        """Stream the articles through the parser and the extractors (in ``n_process`` forked
        workers that each parse and extract, where the platform can fork)."""
        if self.n_process > 1 and fork_available():
            self._warm_up()  # loaded once here, shared with the workers copy-on-write
            return enrich_forked(
                articles,
                self._enrich_batch,
                n_process=self.n_process,
                batch_size=min(self.batch_size, WORKER_BATCH),
            )
        return self._run(articles, n_process=self.n_process)

    def _enrich_batch(self, batch: list[Article]) -> list[Enrichment]:
        return [found for _, found in self._run(batch, n_process=1)]

    def _warm_up(self) -> None:
        """The model, the extractors and the tables they load on first use, loaded now."""
        if not self._warm:
            self.enrich_one(Article(id="warm-up", text=WARM_UP_TEXT, published=WARM_UP_DATE))
            self._warm = True

    def _run(
        self, articles: Iterable[Article], *, n_process: int
    ) -> Iterator[tuple[Article, Enrichment]]:
        pending: dict[int, _Pending] = {}
        extractors = self.extractors  # loaded before the workers start

        def texts() -> Iterator[tuple[str, tuple[int, int]]]:
            for seq, article in enumerate(articles):
                note = _skip_note(article)
                chunks = [""] if note else paragraph_chunks(article.text, self.chunk_chars)
                pending[seq] = _Pending(article, len(chunks), skip_note=note)
                for part, chunk in enumerate(chunks):
                    yield chunk, (seq, part)

        docs = self.nlp.pipe(
            texts(), as_tuples=True, batch_size=self.batch_size, n_process=n_process
        )
        for doc, (seq, _part) in docs:
            item = pending[seq]
            item.docs.append(doc)
            if len(item.docs) < item.parts:
                continue
            del pending[seq]
            yield item.article, self._extract(item, extractors)

    def _extract(self, item: _Pending, extractors: list[Extractor]) -> Enrichment:
        found = Enrichment()
        if item.skip_note:
            found.notes.append(item.skip_note)
            return found
        article = item.article
        doc = (
            item.docs[0]
            if len(item.docs) == 1
            else Doc.from_docs(item.docs, ensure_whitespace=False)
        )
        if len(item.docs) > 1:
            found.notes.append(
                f"long text ({len(article.text):,} chars): parsed in {len(item.docs)} chunks"
            )
        reference = reference_time(article)
        if reference is None:
            found.notes.append(
                "no publication or fetch date: relative times keep their text, without a value"
            )
        ctx = ArticleContext(article, reference)
        for extractor in extractors:
            try:
                extractor.extract(doc, ctx, found)
            except Exception as exc:  # one extractor's bug must not stop the run
                log.exception("extractor %s failed on article %s", extractor.name, article.id)
                found.notes.append(
                    f"{extractor.name}: failed on this article ({type(exc).__name__}: {exc})"
                )
        return found


# Articles that come without a language (a JSONL dump with no ``lang``) get the cleaner's
# detector, so a German article is not run through the English-only extractors. It answers
# English from stop words alone; only other text loads py3langid (once per process).
_DETECTOR = LanguageDetector()


def _skip_note(article: Article) -> str | None:
    if not article.text.strip():
        return "no text: nothing to extract"
    lang, how = article.lang, ""
    if lang is None:
        lang, how = _DETECTOR.detect(article.text), " (detected)"
    if lang not in ENGLISH:
        return (
            f"lang={lang}{how}: the English-only extractors "
            f"({', '.join(EXTRACTOR_NAMES)}) were skipped"
        )
    return None
