"""The web UI in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import re
from urllib.parse import quote as url_quote

import httpx

from tests.api.store_data import (
    ANNOTATED_ID,
    HAND_STORY_ID,
    HOSTILE_ID,
    QUOTE_TEXT,
    SIBLING_ID,
    ZELENSKYY_ID,
)
from tests.web.conftest import LiveServer, PageWatch

INERT_JS = """() => ({
  pwned: typeof window.__pwned,
  inlineScripts: document.querySelectorAll('script:not([src])').length,
  foreignScripts: [...document.querySelectorAll('script[src]')]
    .filter(s => !new URL(s.src).pathname.startsWith('/static/')).length,
  handlers: [...document.querySelectorAll('*')].filter(el =>
    [...el.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
  badLinks: [...document.querySelectorAll('[href],[src],[action]')].filter(el =>
    /^\\s*(javascript|data|vbscript):/i.test(
      el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') || ''
    )).length,
})"""


def assert_inert(watch: PageWatch) -> None:
    state = watch.page.evaluate(INERT_JS)
    assert state == {
        "pwned": "undefined",
        "inlineScripts": 0,
        "foreignScripts": 0,
        "handlers": 0,
        "badLinks": 0,
    }, state
    assert watch.dialogs == []
    watch.assert_clean()


def test_stories_list(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    page.goto(live_server.url + "/")
    titles = page.locator(".story-title").all_inner_texts()
    assert "Ukraine says 3 soldiers killed, 18 hurt by Russian strike" in titles
    assert "Zelenskyy: peace will not come from Moscow" in titles
    watched.shot("stories-latest")
    page.get_by_role("tab", name="Most covered").click()
    page.wait_for_url(re.compile(r"order=coverage"))
    counts = [
        int(t.split()[0])
        for t in page.locator(".story-meta .count[title=articles]").all_inner_texts()
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    watched.shot("stories-most-covered")
    watched.assert_clean()


def test_story_page(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Zelenskyy: peace will not come from Moscow").click()
    page.wait_for_url(f"**/stories/{HAND_STORY_ID}")
    assert page.locator("h1").inner_text() == "Zelenskyy: peace will not come from Moscow"
    assert page.locator(".timeline rect.bar").count() >= 2  # hourly bars, 09:00 to 15:00
    assert page.locator(".bars .bar-label").all_inner_texts() == [
        "Example News",
        "Mirror Wire",
        "Other Wire",
    ]
    # the syndicated copy is folded under the original, shown on demand
    assert page.locator(".article-list .article-title").count() == 2
    copies = page.locator("details.copies")
    assert copies.locator("summary").inner_text() == "1 copy folded"
    assert not copies.get_by_text("Mirror Wire").is_visible()
    copies.locator("summary").click()
    assert copies.get_by_text("Mirror Wire").is_visible()
    assert QUOTE_TEXT in page.locator(".quote-card").first.inner_text()
    assert "Volodymyr Zelenskyy" in page.locator(".entity-list").inner_text()
    assert "Dnipro" in page.locator(".place-list").inner_text()
    watched.shot("story")
    watched.assert_clean()


def test_sample_story_from_the_pipeline(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    page.goto(live_server.url + "/?order=coverage")
    page.get_by_role(
        "link", name="Ukraine says 3 soldiers killed, 18 hurt by Russian strike"
    ).click()
    assert page.locator(".article-list .article-title").count() >= 1
    assert "Al Arabiya" in page.locator(".bars").inner_text()
    watched.shot("story-samples")


def test_article_page_highlights_the_quote(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/articles/{ANNOTATED_ID}")
    quote = page.locator("#article-text mark.quote")
    assert quote.count() == 1
    assert quote.inner_text() == QUOTE_TEXT
    assert quote.is_visible()
    background = quote.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert quote.locator("a.ent").inner_text() == "Moscow"  # nested entity inside the quote
    person = page.locator("#article-text a.ent-PERSON")
    assert person.inner_text() == "Volodymyr Zelenskyy"
    assert page.locator("#article-text h3").inner_text() == "Attacks"
    # the aggregator context: the other article of the same page
    context = page.locator("a", has_text="New strikes reported overnight")
    assert context.count() == 1
    assert context.first.get_attribute("href") == "/articles/" + url_quote(SIBLING_ID)
    # the toggle: what the cleaner removed, and why
    removed = page.locator("#removed pre")
    assert not removed.first.is_visible()
    page.locator("#removed summary").click()
    assert removed.first.is_visible()
    assert "Share on Facebook" in removed.first.inner_text()
    assert "boilerplate:share" in page.locator("#removed .reason").first.inner_text()
    watched.shot("article")
    person.click()
    page.wait_for_url(f"**/entities/{ZELENSKYY_ID}")
    assert QUOTE_TEXT in page.locator("#said").inner_text()
    watched.shot("entity")
    watched.assert_clean()


def test_search_updates_live_and_filters_by_facet(
    live_server: LiveServer, watched: PageWatch
) -> None:
    page = watched.page
    page.goto(live_server.url + "/search")
    page.evaluate("window.__marker = 'same page'")  # survives htmx swaps, not a reload
    page.locator("#q").fill("Kremlin")
    page.wait_for_function(
        "() => document.querySelector('.result-count')?.textContent.includes('Kremlin')"
    )
    titles = page.locator(".hit-title").all_inner_texts()
    assert {"Zelenskyy: peace will not come from Moscow", "New strikes reported overnight"} <= set(
        titles
    )
    assert page.evaluate("window.__marker") == "same page"
    assert "q=Kremlin" in page.url  # the URL follows, so a search can be shared
    watched.shot("search")
    page.locator(".facet a", has_text="Other Wire").click()
    page.wait_for_function("() => document.querySelectorAll('.hit-title').length === 1")
    assert page.locator(".hit-title").inner_text() == "New strikes reported overnight"
    assert "source=Other+Wire" in page.url
    page.locator("#q").fill('"unclosed')
    page.wait_for_selector(".query-error")
    assert "unbalanced" in page.locator(".query-error").inner_text()
    assert page.evaluate("window.__marker") == "same page"
    watched.assert_clean()


def test_map_draws_countries_and_places(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/map?story={HAND_STORY_ID}")
    page.wait_for_selector("#map[data-ready=true]", timeout=15_000)
    assert page.locator("#map path.country").count() > 150  # world-atlas 110m: 177 countries
    assert page.locator("#map path.place-marker").count() == 2
    shaded = page.locator("#map path.country").evaluate_all(
        "els => els.filter(e => e.getAttribute('fill') !== '#eef1f4').length"
    )
    assert shaded == 1  # Ukraine
    page.locator("#map path.place-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    assert popup.inner_text().split("\n")[0] in ("Dnipro", "Kyiv")
    watched.shot("map")
    watched.assert_clean()


def test_hostile_stored_article_is_inert(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    for path in (
        f"/articles/{HOSTILE_ID}",
        "/stories/story-test-hostile",
        "/",
        "/search?q=pwned",
        "/entities/ent-test-mallory",
        "/quotes",
        "/map",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        # any handler that slipped through would fire on these
        page.evaluate("""() => document.querySelectorAll('*').forEach(el => {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error'])
                el.dispatchEvent(new Event(type));
        })""")
        assert_inert(watched)
    page.goto(f"{live_server.url}/articles/{HOSTILE_ID}")
    assert "<script>window.__pwned=3" in page.locator("#article-text").inner_text()
    page.locator("#removed summary").click()
    watched.shot("hostile-article")
    assert_inert(watched)


def test_hostile_page_posted_through_the_pipeline_is_inert(
    live_server: LiveServer, watched: PageWatch
) -> None:
    text = (
        "Council votes on harbour plan after a long night\n\n"
        "The city council voted on Tuesday to approve the harbour plan, officials said, "
        "<script>window.__pwned='api';alert('api')</script> after a debate that ran late.\n\n"
        'Residents who objected <img src=x onerror="window.__pwned=1;alert(1)"> said they '
        'would appeal, and posted <a href="javascript:window.__pwned=2">a petition</a> online. '
        "The mayor said the work would start next spring and take two years to finish."
    )
    response = httpx.post(
        live_server.url + "/api/pages",
        json={
            "text": text,
            "url": "javascript:window.__pwned=3",
            "fetched_at": "2025-08-28T12:00:00Z",
        },
        headers={"Authorization": f"Bearer {live_server.token}"},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    assert response.json()["articles_stored"] == 1
    page = watched.page
    page.goto(live_server.url + "/search?q=harbour+council")
    page.locator(".hit-title").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert "<script>window.__pwned='api'" in page.locator("#article-text").inner_text()
    assert page.locator("a.external").count() == 0  # the javascript: URL is shown, not linked
    assert_inert(watched)
    watched.shot("hostile-posted")


def test_api_docs_work_offline(live_server: LiveServer, watched: PageWatch) -> None:
    page = watched.page
    page.goto(live_server.url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/search" in paths and "/api/pages" in paths
    watched.shot("api-docs")
    watched.assert_clean()
