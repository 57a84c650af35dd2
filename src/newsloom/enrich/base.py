"""The extractor protocol: every enricher reads the shared spaCy doc and adds to one record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from spacy.tokens import Doc

from newsloom.enrich.records import Enrichment
from newsloom.model import Article


@dataclass(slots=True)
class ArticleContext:
    """What an extractor may need besides the doc: the article and its reference time.

    ``reference`` is the publication date, else the fetch time, else None (then relative
    times keep their text and get no value).
    """

    article: Article
    reference: datetime | None


class Extractor(Protocol):
    """One enricher. Extractors run in a fixed order (entities, places, quotes, claims, times)
    and each may read what the earlier ones put into ``found``."""

    name: str

    def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
        """Add this extractor's items to ``found`` (never raise on odd text: note it)."""
        ...
