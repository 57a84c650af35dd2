"""The HTML pages: each view reads the store through its protocol and renders one template."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from newsloom.api.config import iso_day, read_store
from newsloom.api.params import Filters, Offset, SearchFilters
from newsloom.enrich.records import Place
from newsloom.errors import QuerySyntaxError
from newsloom.store.base import SearchQuery, SearchResult, Store, StoredArticle
from newsloom.web.charts import timeline
from newsloom.web.digest import digest
from newsloom.web.geo import map_points
from newsloom.web.highlight import highlight
from newsloom.web.templating import make_environment

router = APIRouter(include_in_schema=False)
env = make_environment()
StoreDep = Annotated[Store, Depends(read_store)]

STORIES_PER_PAGE = 30
HITS_PER_PAGE = 20
QUOTES_PER_PAGE = 50
ENTITIES_PER_PAGE = 60
ENTITY_QUOTES = 50
# How many of a story's articles its page reads (timeline, folding, quotes, entities). Loading
# a full article with its enrichment costs the store ~0.5-0.8 ms, so a bigger story shows its
# most recently added articles and says so. Set with bench/web.py --big-story 2000 (2 cores,
# load ~9): all 2,000 -> p50 1,590 ms; 200 -> 252 ms; 100 -> 125 ms (p95 221 ms).
STORY_ARTICLE_CAP = 100


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=status)


def error_page(
    request: Request, status: int, detail: Any, headers: Mapping[str, str] | None = None
) -> Response:
    if isinstance(detail, list):  # validation errors: one line each
        detail = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', []))}: {e.get('msg')}" for e in detail
        )
    response = render("error.html", status=status, status_code=status, detail=str(detail))
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


@router.get("/", response_class=HTMLResponse)
def stories_page(
    store: StoreDep,
    order: Literal["latest", "coverage"] = "latest",
    since: str | None = None,
    until: str | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    stories = store.list_stories(
        order=order,
        limit=STORIES_PER_PAGE + 1,
        offset=offset,
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
    )
    return render(
        "stories.html",
        stories=stories[:STORIES_PER_PAGE],
        more=len(stories) > STORIES_PER_PAGE,
        order=order,
        params={"order": order, "since": since or "", "until": until or ""},
        offset=offset,
        per_page=STORIES_PER_PAGE,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(story_id: str, store: StoreDep) -> HTMLResponse:
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    capped = len(story.articles) > STORY_ARTICLE_CAP
    if capped:  # articles join a story in order, so the last ids are the latest additions
        loaded = (store.get_article(i) for i in story.articles[-STORY_ARTICLE_CAP:])
        shown = [sa for sa in loaded if sa is not None]
    else:
        shown = store.story_articles(story_id)
    return render(
        "story.html",
        story=story,
        total_articles=len(story.articles),
        shown_articles=len(shown),
        capped=capped,
        digest=digest(shown),
        chart=timeline(sa.article.published for sa in shown),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, store: StoreDep) -> HTMLResponse:
    sa = store.get_article(article_id)
    if sa is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    art = sa.article
    headings = [s.heading for s in art.sections if s.heading]
    removed = sorted(art.removed, key=lambda b: (b.start, b.end))
    return render(
        "article.html",
        sa=sa,
        art=art,
        blocks=highlight(art.text, sa.enrichment, headings),
        removed=removed,
        removed_reasons=Counter(b.reason for b in removed).most_common(),
        story=store.get_story(sa.story_id) if sa.story_id else None,
        canonical=store.get_article(sa.duplicate_of) if sa.duplicate_of else None,
        contained=[x for x in (store.get_article(i) for i in sa.contains) if x is not None],
        page_articles=page_articles(store, sa),
        entities_by_label=_entities_by_label(sa),
        places=_places(sa),
    )


def page_articles(store: Store, sa: StoredArticle) -> list[StoredArticle]:
    """The other articles of the same fetched page (an aggregator's carried articles, or the
    page an embedded article came from)."""
    if sa.page_key is None:
        return []
    return [x for x in store.page_articles(sa.page_key) if x.article.id != sa.article.id]


def _places(sa: StoredArticle) -> list[tuple[Place, int]]:
    """Each place once, with its number of mentions, most mentioned first."""
    counts: Counter[tuple[str, int | None]] = Counter()
    first: dict[tuple[str, int | None], Place] = {}
    for p in sa.enrichment.places:
        key = (p.name, p.geonameid)
        counts[key] += 1
        first.setdefault(key, p)
    return [(first[key], n) for key, n in counts.most_common()]


def _entities_by_label(sa: StoredArticle) -> list[tuple[str, list[tuple[str, str, int]]]]:
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for e in sa.enrichment.entities:
        groups.setdefault(e.label, []).append((e.id, e.name, len(e.mentions)))
    return [(label, sorted(items, key=lambda x: -x[2])) for label, items in sorted(groups.items())]


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    store: StoreDep,
    label: str | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    entities = store.list_entities(label=label or None, limit=ENTITIES_PER_PAGE + 1, offset=offset)
    return render(
        "entities.html",
        entities=entities[:ENTITIES_PER_PAGE],
        more=len(entities) > ENTITIES_PER_PAGE,
        label=label or "",
        offset=offset,
        per_page=ENTITIES_PER_PAGE,
        labels=["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"],
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(entity_id: str, store: StoreDep) -> HTMLResponse:
    summary = store.get_entity(entity_id)
    if summary is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    said = store.list_quotes(speaker_id=entity_id, limit=ENTITY_QUOTES)
    said_ids = {q.quote.id for q in said}
    about = [
        q
        for q in store.list_quotes(about_entity_id=entity_id, limit=ENTITY_QUOTES + len(said))
        if q.quote.id not in said_ids
    ][:ENTITY_QUOTES]
    mentions = store.search(SearchQuery(entity_id=entity_id, limit=10))
    days = [(day, n) for day, _label, n in mentions.facets.get("day", [])]
    return render(
        "entity.html",
        summary=summary,
        said=said,
        about=about,
        co_mentioned=store.co_mentioned(entity_id),
        recent=mentions,
        chart=timeline(day for day, n in days for _ in range(n)),
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    store: StoreDep,
    speaker: str | None = None,
    entity: str | None = None,
    since: str | None = None,
    until: str | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """Quotes, newest first: by one speaker, in articles mentioning an entity, in a period."""
    speaker_summary = store.get_entity(speaker) if speaker else None
    entity_summary = store.get_entity(entity) if entity else None
    rows = store.list_quotes(
        speaker_id=speaker or None,
        about_entity_id=entity or None,
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
        limit=QUOTES_PER_PAGE + 1,
        offset=offset,
    )
    return render(
        "quotes.html",
        quotes=rows[:QUOTES_PER_PAGE],
        more=len(rows) > QUOTES_PER_PAGE,
        params={
            "speaker": speaker or "",
            "entity": entity or "",
            "since": since or "",
            "until": until or "",
        },
        speaker_summary=speaker_summary,
        entity_summary=entity_summary,
        offset=offset,
        per_page=QUOTES_PER_PAGE,
    )


def _search(
    store: Store, filters: SearchFilters, offset: int
) -> tuple[SearchResult | None, dict[str, str], str | None]:
    """The results (None before anything was asked), the parameters (for facet links), and
    the query's syntax error if any: a half-typed query (an unclosed quote) shows its problem
    in place while the analyst types."""
    params = filters.as_params()
    if filters.is_empty():  # the empty form: listing the whole store is not a search
        return None, params, None
    try:
        result = store.search(filters.query(limit=HITS_PER_PAGE, offset=offset))
    except QuerySyntaxError as err:
        return SearchResult(hits=[], total=0), params, str(err)
    return result, params, None


@router.get("/search", response_class=HTMLResponse)
def search_page(store: StoreDep, filters: Filters, offset: Offset = 0) -> HTMLResponse:
    result, params, error = _search(store, filters, offset)
    return render(
        "search.html",
        status=400 if error else 200,
        partial=False,
        result=result,
        params=params,
        error=error,
        offset=offset,
        per_page=HITS_PER_PAGE,
    )


@router.get("/search/results", response_class=HTMLResponse)
def search_results(store: StoreDep, filters: Filters, offset: Offset = 0) -> HTMLResponse:
    """The results panel alone, for htmx to swap in while the analyst types."""
    result, params, error = _search(store, filters, offset)
    return render(
        "search_results.html",
        status=400 if error else 200,
        partial=True,
        result=result,
        error=error,
        params=params,
        offset=offset,
        per_page=HITS_PER_PAGE,
    )


@router.get("/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    """Swagger UI over /openapi.json, from vendored files (FastAPI's own /docs uses a CDN).
    Open even when reads need a token: it shows the schema, not the data."""
    return render("docs.html")


@router.get("/map", response_class=HTMLResponse)
def map_page(store: StoreDep, story: str | None = None) -> HTMLResponse:
    title = None
    if story:
        found = store.get_story(story)
        if found is None:
            raise HTTPException(404, f"no story with id {story!r}")
        title = found.headline
    return render("map.html", story=story or "", story_title=title)


@router.get("/map/places.json")
def map_places(store: StoreDep, story: str | None = None) -> JSONResponse:
    """Points and per-country counts for the map script (it builds its popups as text)."""
    return JSONResponse(map_points(store.list_places(story_id=story or None)))
