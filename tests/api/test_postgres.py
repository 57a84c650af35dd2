"""The same app over the PostgreSQL backend (the real server; fails, not skips, without it):
one connection per server thread, reads, the FTS 400, an HTML page, and an ingest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsloom.api import create_app
from newsloom.store import open_store
from tests.api.conftest import TOKEN
from tests.api.store_data import ANNOTATED_ID, HAND_STORY_ID, QUOTE_TEXT, write_hand_made
from tests.store.conftest import pg_url

__all__ = ["pg_url"]


@pytest.fixture()
def pg_client(pg_url: str) -> Iterator[TestClient]:
    store = open_store(pg_url)
    try:
        write_hand_made(store)
    finally:
        store.close()
    with TestClient(create_app(pg_url, write_token=TOKEN, enrich=False)) as c:
        yield c


def test_the_app_reads_and_writes_postgres(pg_client: TestClient) -> None:
    assert pg_client.get("/api/stats").json()["backend"] == "postgres"
    story = pg_client.get(f"/api/stories/{HAND_STORY_ID}").json()
    assert ANNOTATED_ID in {a["id"] for a in story["articles"]}
    hits = pg_client.get("/api/search", params={"q": "Moscow"}).json()["hits"]
    assert ANNOTATED_ID in {h["article_id"] for h in hits}
    assert pg_client.get("/api/search", params={"q": '"unclosed'}).status_code == 400
    page = pg_client.get(f"/articles/{ANNOTATED_ID}").text
    assert f">{QUOTE_TEXT.replace('Moscow', '')}" in page  # the highlighted quote
    posted = pg_client.post(
        "/api/pages",
        json={
            "text": "Bridge reopens after repairs\n\nThe old bridge reopened to traffic on "
            "Monday after two years of repairs, the city said, and buses will use it again.",
            "url": "https://example-news.test/city/bridge",
        },
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["articles_stored"] == 1
    assert pg_client.get("/api/search", params={"q": "bridge repairs"}).json()["total"] == 1
