"""Lines repeated across many pages of one site are furniture (CCNet's line hashing, per host).

Only short, non-sentence lines count, so a syndicated story's paragraphs, which recur across
outlets and days, are left to the deduplication stage instead of being cut here. Pages
without a URL have no known site and are not counted; the same page captured several times
counts once, so a crawl's repeated captures do not turn its title into "furniture".
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

# A line on this many pages of one host is site furniture ("Sign in", "Most read", "Home").
MIN_PAGES = 3
# ... and it must be on at least this share of that host's pages in the batch.
MIN_SHARE = 0.3
MAX_WORDS = 20


def host_of(url: str | None) -> str | None:
    """The site a page comes from ("www." dropped), or None without a URL."""
    if not url or "//" not in url:
        return None
    return url.split("//", 1)[1].split("/", 1)[0].lower().removeprefix("www.")


def _key(host: str | None, text: str) -> bytes:
    return hashlib.blake2b(f"{host or ''}\x1f{text.casefold()}".encode(), digest_size=8).digest()


class LineFrequency:
    """Document frequency of short lines per host over a batch of pages."""

    def __init__(self) -> None:
        self._df: Counter[bytes] = Counter()
        self._pages: Counter[str] = Counter()
        self._seen_pages: set[bytes] = set()

    def add_page(self, host: str | None, lines: Iterable[str]) -> None:
        if host is None:
            return
        all_lines = list(lines)
        digest = hashlib.blake2b("\n".join(all_lines).encode(), digest_size=12).digest()
        if digest in self._seen_pages:  # the same page again: one vote per distinct page
            return
        self._seen_pages.add(digest)
        self._pages[host] += 1
        seen = {_key(host, t) for t in all_lines if len(t.split()) <= MAX_WORDS and t[-1:] != "."}
        self._df.update(seen)

    def is_boilerplate(self, host: str | None, text: str) -> bool:
        if host is None or len(text.split()) > MAX_WORDS or text.endswith("."):
            return False
        df = self._df.get(_key(host, text), 0)
        return df >= MIN_PAGES and df >= MIN_SHARE * self._pages[host]
