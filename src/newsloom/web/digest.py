"""What a story page shows, computed from its stored articles: copies folded under their
canonical article, coverage by outlet, and the quotes, entities and places of the story."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsloom.enrich.records import Place, Quote
from newsloom.store.base import StoredArticle

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(slots=True)
class ArticleGroup:
    """An article and the copies of it (exact, near or syndicated) the story also holds."""

    article: StoredArticle
    copies: list[StoredArticle] = field(default_factory=list)


@dataclass(slots=True)
class EntityCount:
    id: str
    name: str
    label: str
    articles: int


@dataclass(slots=True)
class StoryQuote:
    quote: Quote
    article: StoredArticle


@dataclass(slots=True)
class PlaceCount:
    place: Place
    articles: int


@dataclass(slots=True)
class StoryDigest:
    groups: list[ArticleGroup]
    outlets: list[tuple[str, int]]  # (outlet, articles), most first
    entities: list[EntityCount]
    quotes: list[StoryQuote]
    places: list[PlaceCount]


def fold_duplicates(articles: list[StoredArticle]) -> list[ArticleGroup]:
    """Copies go under their canonical article when the story holds it; order is kept."""
    present = {sa.article.id for sa in articles}
    groups: dict[str, ArticleGroup] = {}
    for sa in articles:
        if sa.duplicate_of is None or sa.duplicate_of not in present:
            groups[sa.article.id] = ArticleGroup(sa)
    for sa in articles:
        if sa.duplicate_of is not None and sa.duplicate_of in groups:
            groups[sa.duplicate_of].copies.append(sa)
    return list(groups.values())


def digest(articles: list[StoredArticle]) -> StoryDigest:
    groups = fold_duplicates(articles)
    outlets = Counter(sa.article.source or UNKNOWN_OUTLET for sa in articles)
    # Entities, quotes and places are counted once per group: a copy says nothing new.
    names: dict[str, tuple[str, str]] = {}
    entity_counts: Counter[str] = Counter()
    quotes: list[StoryQuote] = []
    seen_quotes: set[str] = set()
    place_counts: Counter[tuple[str, int | None]] = Counter()
    places: dict[tuple[str, int | None], Place] = {}
    for group in groups:
        sa = group.article
        for ent in sa.enrichment.entities:
            names.setdefault(ent.id, (ent.name, ent.label))
            entity_counts[ent.id] += 1
        for q in sa.enrichment.quotes:
            said = " ".join(q.text.split()).casefold()
            if said not in seen_quotes:
                seen_quotes.add(said)
                quotes.append(StoryQuote(q, sa))
        for key in {(p.name, p.geonameid) for p in sa.enrichment.places}:
            place_counts[key] += 1
        for p in sa.enrichment.places:
            places.setdefault((p.name, p.geonameid), p)
    return StoryDigest(
        groups=groups,
        outlets=outlets.most_common(),
        entities=[
            EntityCount(eid, names[eid][0], names[eid][1], n)
            for eid, n in entity_counts.most_common()
        ],
        quotes=quotes,
        places=[PlaceCount(places[k], n) for k, n in place_counts.most_common()],
    )
