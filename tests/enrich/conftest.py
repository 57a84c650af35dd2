"""Enrichment fixtures: the spaCy pipeline and one Enricher per test session (both costly)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.enrich.gazetteer import Gazetteer
from newsloom.enrich.pipeline import Enricher
from newsloom.enrich.records import Enrichment
from newsloom.model import Article

# A date inside the seeds' period (August 2025), for office holders and relative times.
SEED_DATE = "2025-08-28T12:00:00+00:00"


@pytest.fixture(scope="session")
def newsloom_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory for the session: no user gazetteer files, the index cache in it."""
    return tmp_path_factory.mktemp("newsloom-home")


@pytest.fixture(scope="session")
def gazetteer(newsloom_home: Path) -> Gazetteer:
    """The bundled gazetteer alone, whatever NEWSLOOM_HOME holds; its index is cached in
    ``newsloom_home`` so commands run in-process with NEWSLOOM_HOME there start fast."""
    return Gazetteer(user_dir=newsloom_home / "gazetteer", cache_dir=newsloom_home / "cache")


@pytest.fixture(scope="session")
def enricher(gazetteer: Gazetteer) -> Enricher:
    from newsloom.enrich.pipeline import load_extractors

    return Enricher(extractors=load_extractors(gazetteer))


def article(
    text: str,
    *,
    published: str | None = SEED_DATE,
    lang: str | None = "en",
    title: str | None = None,
) -> Article:
    return Article(
        id=f"t-{abs(hash(text)) % 10**8}", text=text, published=published, lang=lang, title=title
    )


def names(found: Enrichment, label: str) -> set[str]:
    return {e.name for e in found.entities if e.label == label}


def mention_labels(found: Enrichment, surface: str) -> set[str]:
    return {e.label for e in found.entities for m in e.mentions if m.text == surface}
