"""Names to canonical entities: spelling variants, the curated alias table, office holders.

``EntityKnowledge`` holds the two curated tables of ``enrich/data/`` (``aliases.json`` and the
dated ``officeholders.json``) and answers three questions: the canonical name of a surface form
(Zelensky -> Volodymyr Zelenskyy), the stable id of an entity (the same in every article), and
who held an office on a date (the Kremlin spokesman in 2025 -> Dmitry Peskov).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from newsloom.enrich.gazetteer import name_key
from newsloom.model import content_id

# rapidfuzz ratio (0-100) above which a name is taken as a spelling of a table name. Tuned on
# the table itself: 90 joins "Zelenskyy"/"Zelenskiy"-style variants the suffix rules miss and
# keeps apart the closest distinct table names (Sergei Lavrov / Sergei Shoigu score < 60).
ALIAS_FUZZY_MIN = 90
# Surnames shorter than this are not fuzzy-matched (Xi, Dar: one letter is another person).
FUZZY_MIN_LEN = 5

# Transliteration variants of East Slavic names: -yy/-iy/-yi/-ij/-ii endings, doubled letters.
_TRANSLIT = [
    (re.compile(r"(?:yy|iy|yi|ij|ii|yj)\b"), "y"),
    (re.compile(r"\bdmitr(?:i|iy|y)\b"), "dmitry"),
    (re.compile(r"\bserge(?:i|y|iy)\b"), "sergey"),
    (re.compile(r"\baleks"), "alex"),
    (re.compile(r"([a-z])\1"), r"\1"),
]


# Distinct names remembered by variant_key: it is called for every pair of person names in an
# article (names_compatible), hundreds of times per article for a few dozen distinct names.
VARIANT_CACHE_SIZE = 65_536


@lru_cache(maxsize=VARIANT_CACHE_SIZE)
def variant_key(name: str) -> str:
    """A key under which transliteration variants of one name coincide
    (Zelensky, Zelenskyy, Zelenskiy -> "zelensky")."""
    key = name_key(name)
    for pattern, repl in _TRANSLIT:
        key = pattern.sub(repl, key)
    return key


def entity_id(label: str, canonical: str) -> str:
    """Stable across articles and runs: a hash of the label group and the canonical key."""
    group = "PLACE" if label in ("GPE", "LOC") else label
    key = variant_key(canonical) if label == "PERSON" else name_key(canonical)
    return "ent-" + content_id(group, key)


@dataclass(slots=True)
class OfficeTerm:
    office: str
    holder: str
    start: date
    end: date | None


@dataclass(slots=True)
class Office:
    key: str
    name: str
    country_forms: list[str]
    roles: list[str]


def _data(name: str) -> dict[str, Any]:
    text = resources.files("newsloom.enrich").joinpath("data", name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class EntityKnowledge:
    """The curated tables, loaded lazily once per instance (cheap to pickle)."""

    def __init__(self) -> None:
        self._loaded = False
        self._canon: dict[str, dict[str, str]] = {}  # label -> variant key -> canonical
        self._surnames: dict[str, dict[str, set[str]]] = {}  # label -> last-token key -> names
        self.offices: dict[str, Office] = {}
        self.terms: list[OfficeTerm] = []

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    def _load(self) -> None:
        if self._loaded:
            return
        holders = _data("officeholders.json")
        for key, o in holders["offices"].items():
            self.offices[key] = Office(key, o["name"], list(o["country"]), list(o["roles"]))
        for row in holders["holders"]:
            self.terms.append(
                OfficeTerm(
                    row["office"],
                    row["holder"],
                    date.fromisoformat(row["from"]),
                    date.fromisoformat(row["to"]) if row["to"] else None,
                )
            )
        table: dict[str, dict[str, list[str]]] = {
            label: dict(names)
            for label, names in _data("aliases.json").items()
            if not label.startswith("_")
        }
        people = table.setdefault("PERSON", {})
        for term in self.terms:
            people.setdefault(term.holder, [])
        for label, names in table.items():
            canon = self._canon.setdefault(label, {})
            surnames = self._surnames.setdefault(label, {})
            for canonical, variants in names.items():
                for form in (canonical, *variants):
                    canon.setdefault(variant_key(form), canonical)
                if label == "PERSON":
                    last = variant_key(canonical).split()[-1]
                    surnames.setdefault(last, set()).add(canonical)
        self._loaded = True

    def canonical(self, label: str, name: str) -> str | None:
        """The table's canonical name for ``name``, or None when the table does not know it.

        A single surname (Peskov) maps to the one table person with that surname; fuzzy
        matching (rapidfuzz) only within the table, for names of FUZZY_MIN_LEN+ letters."""
        self._load()
        canon = self._canon.get(label, {})
        key = variant_key(name)
        if not key:
            return None
        if key in canon:
            return canon[key]
        if label == "PERSON" and " " not in key:
            owners = self._surnames["PERSON"].get(key)
            if owners and len(owners) == 1:
                return next(iter(owners))
        if len(key) >= FUZZY_MIN_LEN and (label == "PERSON" or " " in key):
            hit = process.extractOne(
                key, canon.keys(), scorer=fuzz.ratio, score_cutoff=ALIAS_FUZZY_MIN
            )
            if hit is not None:
                return canon[hit[0]]
        return None

    def holder(self, office: str, on: date | None) -> str | None:
        """Who held ``office`` on ``on``; without a date only an office that had a single
        holder in the table answers (no guessing which term an undated article means)."""
        self._load()
        terms = [t for t in self.terms if t.office == office]
        if on is None:
            names = {t.holder for t in terms}
            return next(iter(names)) if len(names) == 1 else None
        for t in terms:
            if t.start <= on and (t.end is None or on < t.end):
                return t.holder
        return None

    def office_table(self) -> dict[str, Office]:
        self._load()
        return self.offices


def names_compatible(short: str, full: str) -> bool:
    """Whether ``short`` can be a shorter form of ``full`` (every token of the short form
    matches a token of the full name, by variant key): Vladimir ~ Vladimir Putin."""
    short_tokens = variant_key(short).split()
    full_tokens = variant_key(full).split()
    return bool(short_tokens) and all(t in full_tokens for t in short_tokens)


def surname_match(token: str, full: str) -> bool:
    """``token`` is the surname of ``full``: equal by variant key, or (FUZZY_MIN_LEN+ letters)
    one letter off, e.g. Ahmed / Ahmad."""
    key = variant_key(token)
    parts = variant_key(full).split()
    if len(parts) < 2 or not key:
        return False
    last = parts[-1]
    if key == last:
        return True
    return (
        len(key) >= FUZZY_MIN_LEN
        and len(last) >= FUZZY_MIN_LEN
        and key[0] == last[0]
        and fuzz.ratio(key, last) >= SURNAME_FUZZY_MIN
    )


# Ahmed/Ahmad score 80; two different five-letter surnames sharing four letters in place
# (Smith/Smyth) also do, which within one article is almost always the same person.
SURNAME_FUZZY_MIN = 80
