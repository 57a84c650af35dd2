"""JSON read endpoints under ``/api/``: thin calls to the ``Store`` protocol."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query

from newsloom.api import serialize
from newsloom.api.config import iso_day, read_store
from newsloom.api.params import Filters, Offset, Since, Until
from newsloom.store.base import SearchQuery, Store

router = APIRouter(prefix="/api", tags=["read"])

StoreDep = Annotated[Store, Depends(read_store)]
Limit = Annotated[int, Query(ge=1, le=500, description="how many items to return")]


@router.get("/stats", summary="Counts of what the store holds, and its schema version")
def stats(store: StoreDep) -> dict[str, Any]:
    return store.stats()


@router.get("/articles", summary="Articles, newest first, with optional facets")
def list_articles(
    store: StoreDep,
    source: str | None = None,
    lang: str | None = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    result = store.search(
        SearchQuery(
            text="",
            source=source,
            lang=lang,
            since=iso_day(since, "since"),
            until=iso_day(until, "until"),
            limit=limit,
            offset=offset,
        )
    )
    return serialize.search_result(result)


@router.get("/articles/{article_id}", summary="One article with its enrichment and its story")
def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    sa = store.get_article(article_id)
    if sa is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return serialize.stored_article(sa)


@router.get("/stories", summary="Stories: the latest, or the most covered")
def list_stories(
    store: StoreDep,
    order: Literal["latest", "coverage"] = "latest",
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    stories = store.list_stories(
        order=order,
        limit=limit,
        offset=offset,
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
    )
    return [serialize.story(s) for s in stories]


@router.get("/stories/{story_id}", summary="One story with its articles")
def get_story(story_id: str, store: StoreDep) -> dict[str, Any]:
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    articles = store.story_articles(story_id)
    return {**serialize.story(story), "articles": [serialize.article_brief(a) for a in articles]}


@router.get("/entities", summary="Entities, most mentioned first")
def list_entities(
    store: StoreDep,
    label: str | None = Query(None, description="PERSON, ORG, GPE, LOC, NORP, FAC or EVENT"),
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    return [
        serialize.entity_summary(e)
        for e in store.list_entities(label=label, limit=limit, offset=offset)
    ]


@router.get("/entities/{entity_id}", summary="One entity, its quotes and who it appears with")
def get_entity(entity_id: str, store: StoreDep) -> dict[str, Any]:
    summary = store.get_entity(entity_id)
    if summary is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return {
        **serialize.entity_summary(summary),
        "co_mentioned": [
            {**serialize.entity_summary(e), "shared_articles": n}
            for e, n in store.co_mentioned(entity_id)
        ],
        "quotes_by": [serialize.quote_row(q) for q in store.list_quotes(speaker_id=entity_id)],
    }


@router.get("/quotes", summary="Quotes by speaker, by entity mentioned, by time")
def list_quotes(
    store: StoreDep,
    speaker: str | None = Query(None, description="the speaker's entity id"),
    entity: str | None = Query(None, description="quotes in articles mentioning this entity"),
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    rows = store.list_quotes(
        speaker_id=speaker,
        about_entity_id=entity,
        since=iso_day(since, "since"),
        until=iso_day(until, "until"),
        limit=limit,
        offset=offset,
    )
    return [serialize.quote_row(q) for q in rows]


@router.get("/claims", summary="Flagged claims: made without evidence, denied, accusations")
def list_claims(
    store: StoreDep,
    speaker: str | None = Query(None, description="the speaker's entity id"),
    limit: Limit = 50,
) -> list[dict[str, Any]]:
    return [c.to_dict() for c in store.list_claims(speaker_id=speaker, limit=limit)]


@router.get("/places", summary="Geocoded places, with how many articles mention each")
def list_places(
    store: StoreDep,
    story: str | None = Query(None, description="only the places of this story"),
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> list[dict[str, Any]]:
    return [serialize.place_row(p) for p in store.list_places(story_id=story, limit=limit)]


@router.get("/search", summary="Full-text search with facets (outlet, language, entity, day)")
def search(
    store: StoreDep, filters: Filters, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    return serialize.search_result(store.search(filters.query(limit=limit, offset=offset)))
