"""The JSON read API over a real SQLite store: shapes, filters, errors as clear 4xx."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsloom.api import create_app
from tests.api.conftest import TOKEN
from tests.api.store_data import (
    ANNOTATED_ID,
    COPY_ID,
    HAND_STORY_ID,
    KREMLIN_ID,
    QUOTE_TEXT,
    SIBLING_ID,
    ZELENSKYY_ID,
)


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/quotes",
        "/api/places",
        "/api/claims",
        "/api/search",
        "/api/stats",
    ):
        assert path in paths, path
    assert not any(p.startswith("/stories") for p in paths)  # HTML pages stay out
    params = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "source", "lang", "entity", "since", "until", "limit", "offset"} <= params


def test_article_carries_its_enrichment_and_story(client: TestClient) -> None:
    body = client.get(f"/api/articles/{ANNOTATED_ID}").json()
    assert body["id"] == ANNOTATED_ID
    assert body["story_id"] == HAND_STORY_ID
    assert [q["text"] for q in body["quotes"]] == [QUOTE_TEXT]
    quote = body["quotes"][0]
    assert body["text"][quote["start"] : quote["end"]] == QUOTE_TEXT
    assert {e["id"] for e in body["entities"]} >= {ZELENSKYY_ID, KREMLIN_ID}


def test_story_lists_its_articles(client: TestClient) -> None:
    body = client.get(f"/api/stories/{HAND_STORY_ID}").json()
    assert {a["id"] for a in body["articles"]} == {ANNOTATED_ID, COPY_ID, SIBLING_ID}
    assert body["article_count"] == 3
    copy = next(a for a in body["articles"] if a["id"] == COPY_ID)
    assert copy["duplicate_of"] == ANNOTATED_ID
    stories = client.get("/api/stories", params={"order": "coverage"}).json()
    assert stories[0]["id"] == HAND_STORY_ID  # two articles beat one


def test_quotes_filter_by_speaker_and_by_entity_mentioned(client: TestClient) -> None:
    by = client.get("/api/quotes", params={"speaker": ZELENSKYY_ID}).json()
    assert [q["text"] for q in by] == [QUOTE_TEXT]
    about = client.get("/api/quotes", params={"entity": KREMLIN_ID}).json()
    assert [q["text"] for q in about] == [QUOTE_TEXT]
    nobody = client.get("/api/quotes", params={"speaker": KREMLIN_ID}).json()
    assert nobody == []
    later = client.get("/api/quotes", params={"since": "2025-08-28"}).json()
    assert QUOTE_TEXT not in [q["text"] for q in later]


def test_entity_has_co_mentions_and_quotes(client: TestClient) -> None:
    body = client.get(f"/api/entities/{KREMLIN_ID}").json()
    assert body["name"] == "Kremlin"
    assert body["articles"] == 2
    assert ZELENSKYY_ID in {e["id"] for e in body["co_mentioned"]}
    people = client.get("/api/entities", params={"label": "PERSON"}).json()
    assert all(e["label"] == "PERSON" for e in people)


def test_places_have_coordinates(client: TestClient) -> None:
    places = client.get("/api/places", params={"story": HAND_STORY_ID}).json()
    assert {p["name"] for p in places} == {"Dnipro", "Kyiv"}
    assert all(p["lat"] is not None for p in places)


def test_search_with_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Moscow peace"}).json()
    assert {h["article_id"] for h in body["hits"]} == {ANNOTATED_ID, COPY_ID}
    assert {v["value"] for v in body["facets"]["source"]} == {"Example News", "Mirror Wire"}
    narrowed = client.get("/api/search", params={"q": "Kremlin", "source": "Other Wire"}).json()
    assert [h["article_id"] for h in narrowed["hits"]] == [SIBLING_ID]


@pytest.mark.parametrize("query", ['"unclosed phrase', "(Kyiv", "Kyiv AND", "OR"])
def test_fts_syntax_error_is_a_clear_400(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    assert "E034" in response.json()["detail"]


def test_sql_looking_query_is_just_words(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "'; DROP TABLE articles; --"})
    assert response.status_code == 200
    assert client.get(f"/api/articles/{ANNOTATED_ID}").status_code == 200


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/search", {"since": "yesterday"}),
        ("/api/stories", {"limit": 0}),
        ("/api/stories", {"order": "random"}),
        ("/api/quotes", {"until": "2025-13-45"}),
        ("/api/articles", {"offset": -1}),
    ],
)
def test_bad_parameters_are_422_naming_them(
    client: TestClient, path: str, params: dict[str, object]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert next(iter(params)) in str(response.json()["detail"])


@pytest.mark.parametrize("path", ["/api/articles/nope", "/api/stories/nope", "/api/entities/nope"])
def test_unknown_ids_are_404_with_the_id(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_closed_reads_need_the_token(store_path: Path) -> None:
    with TestClient(create_app(str(store_path), write_token=TOKEN, open_reads=False)) as c:
        for path in ("/api/stories", "/", f"/articles/{ANNOTATED_ID}"):
            missing = c.get(path)
            assert missing.status_code == 401, path
            assert missing.headers["www-authenticate"] == "Bearer"
            assert c.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 403
            ok = c.get(path, headers={"Authorization": f"Bearer {TOKEN}"})
            assert ok.status_code == 200, path
        assert c.get("/static/app.css").status_code == 200  # no secrets in static files


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/api/stats", "/api/articles/nope"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
