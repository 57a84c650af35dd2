"""POST /api/pages: token, size limit and validation first, then the real pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsloom.api import create_app
from newsloom.run.pipeline import enricher_available
from tests.api.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LIMIT = 20_000
PAGE = {
    "text": (
        "Harbour strike enters third day\n\n"
        "Dock workers in the port city extended their strike on Tuesday, union leaders said, "
        "as talks with the port authority broke down over pay and night shifts.\n\n"
        "The authority said it had offered a raise of four percent and would meet the union "
        "again on Thursday. Shipping lines warned of delays to container traffic."
    ),
    "url": "https://example-news.test/business/harbour-strike",
    "fetched_at": "2025-08-28T12:00:00Z",
}


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[TestClient]:
    # enrichment off: these tests are about the HTTP contract (see the slow test below)
    app = create_app(str(tmp_path / "ingest.db"), write_token=TOKEN, max_body=LIMIT, enrich=False)
    with TestClient(app) as c:
        yield c


def test_no_token_is_401_wrong_token_403(writer: TestClient) -> None:
    missing = writer.post("/api/pages", json=PAGE)
    assert missing.status_code == 401
    assert "Authorization: Bearer" in missing.json()["detail"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = writer.post("/api/pages", json=PAGE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    basic = writer.post("/api/pages", json=PAGE, headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401


def test_writes_are_off_without_a_configured_token(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "ro.db"))) as c:
        response = c.post("/api/pages", json=PAGE, headers=AUTH)
        assert response.status_code == 403
        assert "disabled" in response.json()["detail"]


def test_oversized_body_is_413_with_the_limit(writer: TestClient) -> None:
    big = {**PAGE, "text": "word " * LIMIT}
    response = writer.post("/api/pages", json=big, headers=AUTH)
    assert response.status_code == 413
    assert f"{LIMIT:,}" in response.json()["detail"]


def test_oversized_chunked_body_is_413_too(writer: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted while reading
        yield b'{"text": "'
        for _ in range(LIMIT // 1000 + 2):
            yield b"x" * 1000
        yield b'"}'

    response = writer.post(
        "/api/pages", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (json.dumps({"url": "https://x.test/a"}).encode(), "exactly one"),
        (json.dumps({"text": "  ", "url": "https://x.test/a"}).encode(), "exactly one"),
        (json.dumps({"text": "a", "html": "<p>b</p>"}).encode(), "exactly one"),
        (json.dumps({**PAGE, "fetched_at": "last tuesday"}).encode(), "fetched_at"),
        (json.dumps({**PAGE, "colour": "red"}).encode(), "colour"),
        (json.dumps({"pages": []}).encode(), "pages"),
        (json.dumps([PAGE]).encode(), "PageIn"),
        (json.dumps({**PAGE, "text": 42}).encode(), "text"),
    ],
)
def test_malformed_bodies_are_422_saying_what_is_wrong(
    writer: TestClient, body: bytes, expected: str
) -> None:
    response = writer.post(
        "/api/pages", content=body, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert expected in json.dumps(response.json()["detail"])
    assert "word word" not in response.text  # the input is not echoed back


def test_pages_go_through_the_pipeline_and_reposting_adds_nothing(writer: TestClient) -> None:
    html_page = {
        "html": "<html><head><title>Rail link opens</title></head><body><article>"
        "<h1>Rail link opens after a decade of delays</h1>"
        + "".join(
            f"<p>The new rail link between the two cities opened on Monday, paragraph {i}, "
            "officials said, after construction that ran years over schedule.</p>"
            for i in range(6)
        )
        + "</article></body></html>",
        "url": "https://example-news.test/transport/rail-link",
    }
    first = writer.post("/api/pages", json={"pages": [PAGE, html_page]}, headers=AUTH)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["pages"] == 2 and body["new_pages"] == 2 and body["articles_stored"] == 2
    assert body["stories_new"] == 2
    hits = writer.get("/api/search", params={"q": "harbour strike"}).json()["hits"]
    assert [h["title"] for h in hits] == ["Harbour strike enters third day"]
    article = writer.get(f"/api/articles/{hits[0]['article_id']}").json()
    assert article["url"] == PAGE["url"]
    assert article["story_id"]

    again = writer.post("/api/pages", json=PAGE, headers=AUTH).json()
    assert again["known_pages"] == 1 and again["articles_stored"] == 0
    assert writer.get("/api/stats").json()["articles"] == 2


def test_openapi_documents_the_body_and_the_errors(writer: TestClient) -> None:
    schema = writer.get("/openapi.json").json()
    post = schema["paths"]["/api/pages"]["post"]
    assert {"401", "403", "413", "422"} <= set(post["responses"])
    body = post["requestBody"]["content"]["application/json"]["schema"]
    refs = json.dumps(body)
    for name in ("PageIn", "PagesIn"):
        assert f"#/components/schemas/{name}" in refs
        assert name in schema["components"]["schemas"]


@pytest.mark.slow  # the enrichment stage loads spaCy and its gazetteer
def test_posted_pages_are_enriched_when_the_stage_is_installed(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "e.db"), write_token=TOKEN)) as c:
        named = {
            **PAGE,
            "text": PAGE["text"].replace("in the port city", "in Rotterdam")
            + '\n\n"We will not go back for less," union leader Maria Jansen told Reuters.',
        }
        body = c.post("/api/pages", json=named, headers=AUTH).json()
        assert body["enriched"] is enricher_available()
        if body["enriched"]:
            assert c.get("/api/stats").json()["entities"] > 0
