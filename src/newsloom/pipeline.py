"""Running a stage over a stream of pages, counting what happened for the run summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from newsloom.clean.cleaner import Cleaner
from newsloom.clean.corpus import LineFrequency, host_of
from newsloom.clean.lines import split_lines
from newsloom.errors import NewsloomError
from newsloom.io.readers import ReadResult, Skipped
from newsloom.model import Article, Page

# Pages are cleaned in batches so that lines repeated across a site's pages can be counted
# before any of those pages is cleaned; a batch of this size is a few tens of MB at most.
BATCH_PAGES = 500


@dataclass(slots=True)
class RunSummary:
    """What a run did: shown to the user at the end and kept for the logs."""

    pages: int = 0
    articles: int = 0
    embedded: int = 0
    bytes_in: int = 0
    removed_bytes: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    no_text: list[str] = field(default_factory=list)  # pages whose main article came out empty

    def skip(self, item: Skipped) -> None:
        self.skipped.append(item)

    def add_articles(self, page: Page, articles: list[Article]) -> None:
        self.pages += 1
        self.warnings.extend(page.warnings)
        if articles and not articles[0].text:
            self.no_text.append(page.name)
        self.bytes_in += len(page.text.encode("utf-8", "replace"))
        for art in articles:
            self.articles += 1
            self.embedded += art.role == "embedded"
            for block in art.removed:
                self.removed_bytes[block.reason] += len(block.text.encode("utf-8", "replace"))


def clean_stream(
    results: Iterable[ReadResult],
    summary: RunSummary,
    *,
    cleaner: Cleaner | None = None,
    on_page: Callable[[Page | Skipped], None] | None = None,
    strict: bool = False,
) -> Iterator[Article]:
    """Clean every page; unreadable or uncleanable pages go to ``summary.skipped``."""
    freq = LineFrequency()
    cleaner = cleaner or Cleaner(line_frequency=freq)
    if cleaner.line_frequency is None:
        cleaner.line_frequency = freq
    it = iter(results)
    while batch := list(islice(it, BATCH_PAGES)):
        pages = [r for r in batch if isinstance(r, Page)]
        for page in pages:
            freq.add_page(host_of(page.url), (ln.text for ln in split_lines(page.text)))
        for item in batch:
            if isinstance(item, Skipped):
                summary.skip(item)
                if on_page:
                    on_page(item)
                if strict:
                    return
                continue
            try:
                articles = cleaner.clean(item)
            except NewsloomError as err:
                summary.skip(Skipped.from_error(item.name, err))
                articles = []
            except Exception as exc:  # a bug on one page must not lose the others
                summary.skip(
                    Skipped(
                        item.name,
                        "E999",
                        f"[E999] {item.name}: internal error while cleaning: "
                        f"{type(exc).__name__}: {exc}",
                    )
                )
                articles = []
            if articles:
                summary.add_articles(item, articles)
                yield from articles
            if on_page:
                on_page(item)
