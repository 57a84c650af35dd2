"""Records the enrichers produce, and their one JSON form.

Offsets (``start``/``end``) are character offsets into ``Article.text`` so that every item can
be highlighted and checked. Ids are stable content hashes (``newsloom.model.content_id``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"]
QuoteKind = Literal["direct", "indirect", "mixed"]
ClaimKind = Literal["unsupported", "denial", "accusation"]


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity in the article text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(slots=True)
class Entity:
    """An entity of one article: its mentions resolved to one canonical name.

    ``id`` is stable across articles (``ent-`` + hash of label and canonical key), so the same
    person in two articles, spelled Zelensky or Zelenskyy, gets the same id.
    """

    id: str
    name: str  # canonical name, e.g. "Volodymyr Zelenskyy"
    label: EntityLabel
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other surface forms seen in this article

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "mentions": [m.to_dict() for m in self.mentions],
            "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            str(d["id"]),
            str(d["name"]),
            d["label"],
            [Mention.from_dict(m) for m in d.get("mentions") or []],
            list(d.get("aliases") or []),
        )


@dataclass(slots=True)
class Quote:
    """Something someone said. ``start``/``end`` span the quoted words (without the marks)."""

    id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None = None  # canonical name when resolved, else the surface form
    speaker_id: str | None = None  # Entity.id when the speaker is a known entity
    speaker_start: int | None = None  # offsets of the speaker mention that was resolved
    speaker_end: int | None = None
    cue: str | None = None  # the speech verb, e.g. "told", "said"
    addressee: str | None = None  # "the TASS news agency"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(**{k: d.get(k) for k in cls.__slots__})  # type: ignore[arg-type]


@dataclass(slots=True)
class Claim:
    """A statement the article flags: made without evidence, denied, or an accusation."""

    id: str
    start: int
    end: int
    text: str  # the sentence (or clause) carrying the claim
    kind: ClaimKind
    cue: str  # the words that flag it: "without providing evidence", "denied"
    speaker: str | None = None
    speaker_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(**{k: d.get(k) for k in cls.__slots__})  # type: ignore[arg-type]


@dataclass(slots=True)
class TimeExpr:
    """A time expression normalised against the article's publication (or fetch) date.

    ``value`` is an ISO 8601 date/datetime/partial value (``2025-08-27``, ``2022-02``,
    ``2025-W35``) or None when there is no reference date; ``begin``/``end`` give an interval
    where the expression denotes one ("the past decade"); ``duration`` an ISO 8601 duration
    ("P3Y6M") for durations.
    """

    start: int
    end: int
    text: str
    kind: Literal["date", "time", "duration", "set", "interval"]
    value: str | None = None
    granularity: str | None = None  # "day", "month", "year", "hour", "week", "decade"...
    begin: str | None = None
    end_value: str | None = None
    duration: str | None = None
    source: Literal["rules", "dateparser"] = "rules"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TimeExpr:
        return cls(**{k: d.get(k) for k in cls.__slots__})  # type: ignore[arg-type]


@dataclass(slots=True)
class Place:
    """A place mention geocoded with the gazetteer."""

    start: int
    end: int
    text: str
    name: str  # gazetteer name, e.g. "Dnipro"
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None  # first-level division name, e.g. "Dnipropetrovsk Oblast"
    feature: str | None  # "city", "admin1", "country", "region"
    confidence: float
    entity_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(**{k: d.get(k) for k in cls.__slots__})  # type: ignore[arg-type]


@dataclass(slots=True)
class Enrichment:
    """Everything the enrichers found in one article (``Article.extras`` is not used for it).

    ``notes`` says what was skipped and why ("lang=de: English-only extractors skipped").
    """

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
            "times": [t.to_dict() for t in self.times],
            "places": [p.to_dict() for p in self.places],
            "enrich_notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Enrichment:
        return cls(
            [Entity.from_dict(x) for x in d.get("entities") or []],
            [Quote.from_dict(x) for x in d.get("quotes") or []],
            [Claim.from_dict(x) for x in d.get("claims") or []],
            [TimeExpr.from_dict(x) for x in d.get("times") or []],
            [Place.from_dict(x) for x in d.get("places") or []],
            list(d.get("enrich_notes") or []),
        )
