"""Plain-text cleaning: boilerplate, repeats, layout and aggregator splitting."""

from __future__ import annotations

from datetime import datetime

from newsloom.clean.cleaner import Cleaner
from newsloom.model import Article, Page

__all__ = ["Cleaner", "clean_text"]


def clean_text(
    text: str,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    cleaner: Cleaner | None = None,
) -> list[Article]:
    """Clean one flattened page; the main article comes first."""
    page = Page(text=text, url=url, fetched_at=fetched_at)
    return (cleaner or _default()).clean(page)


_DEFAULT: list[Cleaner] = []


def _default() -> Cleaner:
    if not _DEFAULT:
        _DEFAULT.append(Cleaner())
    return _DEFAULT[0]
