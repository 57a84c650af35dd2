"""The HTML pages, rendered by the app over a real SQLite store (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsloom.web.charts import timeline
from newsloom.web.digest import digest, fold_duplicates
from newsloom.web.templating import safe_href
from tests.api.store_data import (
    ANNOTATED_ID,
    HAND_STORY_ID,
    HOSTILE_ID,
    ZELENSKYY_ID,
    annotated_article,
    sibling_article,
)

TAG = re.compile(r"<[^>]*>")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?order=coverage",
        f"/stories/{HAND_STORY_ID}",
        f"/articles/{ANNOTATED_ID}",
        "/entities",
        "/entities?label=PERSON",
        f"/entities/{ZELENSKYY_ID}",
        "/quotes",
        f"/quotes?speaker={ZELENSKYY_ID}&since=2025-08-01",
        f"/quotes?entity={ZELENSKYY_ID}",
        "/search",
        "/search?q=Kremlin",
        "/search/results?q=Kremlin&source=Other+Wire",
        "/map",
        f"/map?story={HAND_STORY_ID}",
    ],
)
def test_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")


def test_hostile_article_is_inert_in_the_html(client: TestClient) -> None:
    for path in (
        f"/articles/{HOSTILE_ID}",
        "/stories/story-test-hostile",
        "/",
        "/search?q=script",
        "/entities/ent-test-mallory",
        "/quotes",
    ):
        page = client.get(path).text
        assert "__pwned" in page, path  # the hostile text is there...
        for tag in TAG.findall(page):  # ...but only as text or escaped attribute values
            outside_values = re.sub(r'"[^"<>]*"', '""', tag)
            assert "__pwned" not in outside_values, (path, tag)
            assert "alert(" not in outside_values, (path, tag)
            if tag.startswith("<script"):
                assert 'src="/static/' in tag, (path, tag)
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert not any(h.strip().lower().startswith("javascript") for h in hrefs), path
    article = client.get(f"/articles/{HOSTILE_ID}").text
    assert "&lt;script&gt;window.__pwned=3" in article  # shown as text, not dropped


def test_article_page_has_the_removed_toggle_and_page_context(client: TestClient) -> None:
    page = client.get(f"/articles/{ANNOTATED_ID}").text
    assert '<details class="removed" id="removed">' in page
    assert "boilerplate:share" in page and "Share on Facebook" in page
    assert 'href="https://example-news.test/world/zelenskyy-peace"' in page
    assert f'href="/stories/{HAND_STORY_ID}"' in page


def test_map_data_has_points_and_country_counts(client: TestClient) -> None:
    data = client.get("/map/places.json", params={"story": HAND_STORY_ID}).json()
    assert {p["name"] for p in data["points"]} == {"Dnipro", "Kyiv"}
    assert data["countries"] == {"804": 2}  # Ukraine's ISO numeric code, as world-atlas has it


def test_bad_search_shows_the_problem_as_400(client: TestClient) -> None:
    response = client.get("/search", params={"q": '"unclosed'})
    assert response.status_code == 400
    assert "unbalanced" in response.text and 'class="query-error"' in response.text


def test_unknown_pages_are_404_pages(client: TestClient) -> None:
    for path in ("/articles/nope", "/stories/nope", "/entities/nope", "/no-such-page"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html"), path


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ("https:", False),
    ],
)
def test_only_http_links_become_hrefs(url: str, safe: bool) -> None:
    assert (safe_href(url) is not None) is safe


def test_duplicates_fold_under_their_canonical_article() -> None:
    canonical, other = annotated_article(), sibling_article()
    copy = annotated_article()
    copy.article.id = "copy-1"
    copy.duplicate_of = canonical.article.id
    orphan = sibling_article()
    orphan.article.id = "copy-of-missing"
    orphan.duplicate_of = "not-in-this-story"
    groups = fold_duplicates([canonical, other, copy, orphan])
    assert [g.article.article.id for g in groups] == [
        canonical.article.id,
        other.article.id,
        "copy-of-missing",
    ]
    assert [c.article.id for c in groups[0].copies] == ["copy-1"]
    d = digest([canonical, other, copy, orphan])
    assert len(d.quotes) == 1  # the copy's identical quote is not repeated
    assert dict(d.outlets) == {"Example News": 2, "Other Wire": 2}


def test_timeline_buckets_by_hour_or_day() -> None:
    hourly = timeline(
        ["2025-08-27T09:10:00Z", "2025-08-27T09:50:00Z", "2025-08-27T12:00:00Z", None]
    )
    assert hourly.unit == "hour" and [b.count for b in hourly.bars] == [2, 0, 0, 1]
    assert hourly.undated == 1 and hourly.peak == 2
    daily = timeline(["2025-08-01", "2025-08-05T10:00:00+02:00"])
    assert daily.unit == "day" and len(daily.bars) == 5
    long = timeline([f"2025-{m:02d}-01" for m in range(1, 13)])
    assert len(long.bars) <= 60 and sum(b.count for b in long.bars) == 12
    assert timeline([None, "not a date"]).bars == []


def test_ids_with_a_hash_are_escaped_in_links(client: TestClient) -> None:
    page = client.get(f"/stories/{HAND_STORY_ID}").text
    assert 'href="/articles/test-sibling-0001%232"' in page
    assert client.get("/articles/test-sibling-0001%232").status_code == 200


def test_quotes_page_filters_by_speaker(client: TestClient) -> None:
    page = client.get("/quotes", params={"speaker": ZELENSKYY_ID}).text
    assert "Quotes by Volodymyr Zelenskyy" in page
    assert "peace will not come from Moscow" in page
    assert "svg onload" not in client.get("/quotes", params={"speaker": ZELENSKYY_ID}).text


def test_a_story_over_the_cap_shows_its_latest_articles_and_says_so(tmp_path: Path) -> None:
    from newsloom.api import create_app
    from newsloom.model import Article
    from newsloom.store import open_store
    from newsloom.store.base import Batch, StoredArticle
    from newsloom.stories.model import Story
    from newsloom.web.views import STORY_ARTICLE_CAP

    n = STORY_ARTICLE_CAP + 5
    stored = [
        StoredArticle(
            Article(id=f"a{i}", text=f"Text {i}.", title=f"Title {i}", source=f"Outlet {i % 7}"),
            story_id="big",
        )
        for i in range(n)
    ]
    story = Story(
        "big", "Big", None, None, [f"a{i}" for i in range(n)], [f"Outlet {i}" for i in range(7)]
    )
    db = tmp_path / "big.db"
    store = open_store(db)
    try:
        store.write_batch(Batch(articles=stored, stories=[story]))
    finally:
        store.close()
    with TestClient(create_app(str(db))) as c:
        page = c.get("/stories/big").text
    assert f"of the {STORY_ARTICLE_CAP} articles that joined it last, of {n}" in page
    assert 'href="/articles/a0"' not in page and f'href="/articles/a{n - 1}"' in page
    assert "All 7 outlets" in page


def test_stories_filtered_by_period(client: TestClient) -> None:
    page = client.get("/", params={"since": "2025-08-28", "until": "2025-08-28"}).text
    assert "/stories/story-test-hostile" in page
    assert f"/stories/{HAND_STORY_ID}" not in page  # its last article is on the 27th
    assert client.get("/", params={"since": "not a date"}).status_code == 422
