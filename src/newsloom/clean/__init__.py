"""Plain-text cleaning: boilerplate, repeats, layout and aggregator splitting."""

from __future__ import annotations

from datetime import datetime
from functools import cache

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
    return (cleaner or _shared_cleaner()).clean(page)


@cache
def _shared_cleaner() -> Cleaner:
    """One Cleaner for the convenience function, so its language model loads once."""
    return Cleaner()
