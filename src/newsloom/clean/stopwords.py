"""Per-language stop-word sets (from jusText's lists, see scripts/build_stopwords.py)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _all() -> dict[str, frozenset[str]]:
    raw = resources.files("newsloom.data").joinpath("stopwords.json").read_text("utf-8")
    return {lang: frozenset(words) for lang, words in json.loads(raw).items()}


def stopwords(lang: str | None) -> frozenset[str]:
    """Stop words for an ISO 639-1 code; English when the language has no list.

    English is the right fallback for news: boilerplate is English-heavy on most sites, and a
    page whose language has no list still gets a usable (if weaker) density signal.
    """
    table = _all()
    return table.get(lang or "en") or table["en"]


def has_stopwords(lang: str | None) -> bool:
    return (lang or "en") in _all()
