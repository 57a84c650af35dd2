"""Both backends behind one fixture: every store test runs on SQLite and on PostgreSQL.

PostgreSQL is the real server (``NEWSLOOM_TEST_PG``, default 127.0.0.1:5432/test). Each test
gets a fresh schema with a random name, dropped afterwards, so parallel runs never collide.
An unreachable server makes these tests fail (``StoreConnectError``), never skip.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from newsloom.store import open_store
from newsloom.store.base import Store

PG_URL = os.environ.get("NEWSLOOM_TEST_PG", "postgresql://root@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgres"]


def pg_schema_url(schema: str) -> str:
    return f"{PG_URL}{'&' if '?' in PG_URL else '?'}schema={schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL store URL in a fresh schema of its own."""
    schema = "newsloom_test_" + secrets.token_hex(6)
    yield pg_schema_url(schema)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()
