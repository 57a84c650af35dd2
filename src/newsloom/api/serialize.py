"""The API's JSON: the records' own ``to_dict`` form (the one JSONL files use), plus the
fields the store adds. Nothing here renames a field the records define."""

from __future__ import annotations

from typing import Any

from newsloom.store.base import (
    EntitySummary,
    PlaceRow,
    QuoteRow,
    SearchHit,
    SearchResult,
    StoredArticle,
)
from newsloom.stories.model import Story


def stored_article(sa: StoredArticle) -> dict[str, Any]:
    return {
        **sa.article.to_dict(),
        **sa.enrichment.to_dict(),
        "story_id": sa.story_id,
        "duplicate_of": sa.duplicate_of,
        "contains": list(sa.contains),
    }


def article_brief(sa: StoredArticle) -> dict[str, Any]:
    a = sa.article
    return {
        "id": a.id,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "role": a.role,
        "published": a.published,
        "lang": a.lang,
        "story_id": sa.story_id,
        "duplicate_of": sa.duplicate_of,
    }


def story(s: Story) -> dict[str, Any]:
    return {**s.to_dict(), "article_count": len(s.articles), "source_count": len(s.sources)}


def hit(h: SearchHit) -> dict[str, Any]:
    return {
        "article_id": h.article_id,
        "title": h.title,
        "source": h.source,
        "published": h.published,
        "story_id": h.story_id,
        "snippet": h.snippet,
        "score": h.score,
    }


def search_result(r: SearchResult) -> dict[str, Any]:
    return {
        "total": r.total,
        "hits": [hit(h) for h in r.hits],
        "facets": {
            name: [{"value": v, "label": label, "count": n} for v, label, n in values]
            for name, values in r.facets.items()
        },
    }


def entity_summary(e: EntitySummary) -> dict[str, Any]:
    return {
        "id": e.entity.id,
        "name": e.entity.name,
        "label": e.entity.label,
        "aliases": list(e.entity.aliases),
        "articles": e.articles,
        "first_seen": e.first_seen,
        "last_seen": e.last_seen,
    }


def quote_row(q: QuoteRow) -> dict[str, Any]:
    return {
        **q.quote.to_dict(),
        "article_id": q.article_id,
        "article_title": q.article_title,
        "source": q.source,
        "published": q.published,
    }


def place_row(p: PlaceRow) -> dict[str, Any]:
    return {**p.place.to_dict(), "articles": p.articles}
