"""Shared fixtures: the bundled sample pages and the shared development data."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsloom.clean import Cleaner
from newsloom.model import Article, Page

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_DATA = Path(os.environ.get("NEWSLOOM_SHARED_DATA", ROOT.parent / "shared" / "data"))
# When the seeds were fetched; resolves their relative times ("an hour ago").
SEED_FETCHED_AT = datetime(2025, 8, 28, 12, 0, tzinfo=UTC)


def clean_sample(name: str, fetched_at: datetime | None = SEED_FETCHED_AT) -> list[Article]:
    path = SAMPLES / name
    page = Page(
        text=path.read_text("utf-8"), source_path=str(path.relative_to(ROOT)), fetched_at=fetched_at
    )
    return Cleaner().clean(page)


@pytest.fixture(scope="session")
def wire_story() -> list[Article]:
    return clean_sample("wire-story-captured-twice.txt")


@pytest.fixture(scope="session")
def aggregator_page() -> list[Article]:
    return clean_sample("aggregator-page.txt")
