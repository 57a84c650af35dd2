"""Geocoding the article's place mentions (GPE/LOC entities) with the gazetteer.

A name usually has several candidates (Odesa, Ukraine and Odessa, Texas; twelve villages
called Novoheorhiivka). Candidates are scored by a population prior plus the article's own
context: countries it names (also through demonyms, "Ukrainian"), and first-level divisions
it names ("in the eastern Dnipropetrovsk region"). A "region"/"oblast" word after a name asks
for the division, not the city. Countries and divisions are settled first so that they can
serve as context for the towns and villages.
"""

from __future__ import annotations

import math
import re

from spacy.tokens import Doc

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.gazetteer import GazEntry, Gazetteer
from newsloom.enrich.quote_docs import doc_text
from newsloom.enrich.records import Enrichment, Place

# Score bonuses (in log10-population units, so 3 = a thousand times the population) for a
# candidate in a country / first-level division the article names. Set by hand on the seeds and
# the ecbplus development texts: a co-mentioned country must beat a 1000x larger namesake
# abroad (Odessa, Texas vs a Ukrainian village), a co-mentioned division must beat any
# namesake elsewhere in the same country.
COUNTRY_CONTEXT_BONUS = 3.0
ADMIN1_CONTEXT_BONUS = 4.0
# A division candidate for a bare name that also names a city of that country ("Donetsk")
# loses to the city unless "region"/"oblast" follows.
ADMIN1_WITHOUT_SUFFIX_PENALTY = 3.0
# A name that is exactly a country's (or a region's/continent's) is that place.
EXACT_FEATURE_BONUS = {"country": 10.0, "continent": 8.0, "region": 6.0}
# Confidence is the winner's share of exp(score) over the candidates, times this support when
# nothing in the article backs a small place (under SMALL_PLACE_POPULATION, no context match).
UNSUPPORTED_SMALL_PLACE = 0.6
SMALL_PLACE_POPULATION = 100_000
# A small place outside every division the article names in its country ("Novoheorhiivka ...
# in the Dnipropetrovsk region" when the gazetteer only knows the Odesa Oblast village) is
# probably a namesake the gazetteer lacks: its confidence is multiplied by this.
OUTSIDE_NAMED_DIVISIONS = 0.4

_SUFFIX = re.compile(
    r"\s+(region|oblast|province|governorate|state|district|krai)\b", re.IGNORECASE
)
_OWN_SUFFIX = re.compile(
    r"\s+(region|oblast|province|governorate|state|district|krai)$", re.IGNORECASE
)


class PlaceExtractor:
    """The ``places`` extractor: reads ``found.entities`` (so it runs after ``entities``)."""

    name = "places"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()

    def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
        text = doc_text(doc)
        items: list[tuple[int, int, str, str, bool, str | None]] = []
        for entity in found.entities:
            if entity.label not in ("GPE", "LOC"):
                continue
            for m in entity.mentions:
                name, end, admin_hint = m.text, m.end, False
                own = _OWN_SUFFIX.search(name)
                if own:
                    name, admin_hint = name[: own.start()], True
                else:
                    after = _SUFFIX.match(text, m.end)
                    if after:
                        end, admin_hint = after.end(), True
                items.append((m.start, end, text[m.start : end], name, admin_hint, entity.id))
        countries: set[str] = set()
        for entity in found.entities:
            for m in entity.mentions:
                cc = self.gazetteer.country_of_demonym(m.text)
                if cc:
                    countries.add(cc)
        admin1s: set[tuple[str, str]] = set()
        candidates = [self.gazetteer.lookup(name) for _, _, _, name, _, _ in items]
        # First pass: the unambiguous context (countries, named divisions).
        for (_, _, _, name, hint, _), cands in zip(items, candidates, strict=True):
            for c in cands:
                exact = c.name.casefold() == name.casefold() or len(cands) == 1
                if c.feature == "country" and exact:
                    countries.add(c.country or "")
                if c.feature == "admin1" and (hint or len(cands) == 1) and c.country:
                    admin1s.add((c.country, c.admin1_code or ""))
        for (start, end, surface, name, hint, eid), cands in zip(items, candidates, strict=True):
            if not cands:
                continue
            place = self._choose(name, hint, cands, countries, admin1s)
            entry, confidence = place
            found.places.append(
                Place(
                    start=start,
                    end=end,
                    text=surface,
                    name=entry.name,
                    geonameid=entry.geonameid,
                    lat=entry.lat,
                    lon=entry.lon,
                    country=entry.country,
                    admin1=entry.admin1,
                    feature=entry.feature,
                    confidence=round(confidence, 3),
                    entity_id=eid,
                )
            )
        found.places.sort(key=lambda p: p.start)

    def _choose(
        self,
        name: str,
        admin_hint: bool,
        cands: list[GazEntry],
        countries: set[str],
        admin1s: set[tuple[str, str]],
    ) -> tuple[GazEntry, float]:
        if admin_hint and any(c.feature == "admin1" for c in cands):
            cands = [c for c in cands if c.feature == "admin1"]
        city_countries = {c.country for c in cands if c.feature == "city"}
        scored: list[tuple[float, bool, GazEntry]] = []
        for c in cands:
            score = math.log10(c.population + 10)
            supported = False
            if c.feature in EXACT_FEATURE_BONUS and c.name.casefold() == name.casefold():
                score += EXACT_FEATURE_BONUS[c.feature]
                supported = True
            elif c.feature in ("country", "continent", "region"):
                score += EXACT_FEATURE_BONUS[c.feature] / 2  # an alias: "US", "the Gulf"
                supported = True
            if c.country and c.country in countries and c.feature != "country":
                score += COUNTRY_CONTEXT_BONUS
                supported = True
            if c.country and c.admin1_code and (c.country, c.admin1_code) in admin1s:
                if c.feature != "admin1":
                    score += ADMIN1_CONTEXT_BONUS
                supported = True
            if c.feature == "admin1":
                supported = True
                if not admin_hint and c.country in city_countries:
                    score -= ADMIN1_WITHOUT_SUFFIX_PENALTY
            scored.append((score, supported, c))
        best_score, supported, best = max(scored, key=lambda s: (s[0], s[2].population))
        total = sum(math.exp(s - best_score) for s, _, _ in scored)
        confidence = 1.0 / total
        if not supported and best.population < SMALL_PLACE_POPULATION:
            confidence *= UNSUPPORTED_SMALL_PLACE
        named_here = {code for cc, code in admin1s if cc == best.country}
        if (
            best.feature == "city"
            and best.population < SMALL_PLACE_POPULATION
            and named_here
            and best.admin1_code not in named_here
        ):
            confidence *= OUTSIDE_NAMED_DIVISIONS
        return best, confidence
