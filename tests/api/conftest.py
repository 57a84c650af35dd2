"""A real SQLite store with the hand-made annotated and hostile articles, served by the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsloom.api import create_app
from newsloom.store import open_store
from tests.api.store_data import write_hand_made

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "store.db"
    store = open_store(path)
    try:
        write_hand_made(store)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(store_path), write_token=TOKEN)) as c:
        yield c
