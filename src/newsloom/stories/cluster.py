"""Online story clustering in publication order (single pass, as Miranda et al. 2018 and
Event Registry do): each article joins the most similar active story, or opens a new one.

Similarity mixes the cosine of TF-IDF vectors (title terms counted twice), the overlap of
capitalised-phrase entities and a time decay. Only stories active within a window are
candidates, found through an inverted index of their centroid terms, so the cost per article
depends on the news of the last days, not on the whole archive. The state (document
frequencies, active stories) is saved and loaded, so a later batch joins existing stories; the
same input in the same order always gives the same story ids.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsloom.stories.idf import background_idf
from newsloom.stories.model import Story
from newsloom.stories.terms import content_words, entities, stem, terms

# Weights and thresholds, from a grid on ECB+ (bench/clustering.py: weights in steps of 0.1,
# thresholds 0.2-0.35), taking a point on the plateau rather than its peak, to stay general.
TITLE_WEIGHT = 2  # title terms count this many times in the body vector
# The score mixes three cosines: body (title included), title alone, entities. A missing part
# (no title, no entities) gives its weight to the others.
BODY_WEIGHT, HEADLINE_WEIGHT, ENTITY_WEIGHT = 0.6, 0.2, 0.2
JOIN_THRESHOLD = 0.3  # minimum score to join a story
TIME_TAU_DAYS = 3.0  # decay constant of the time factor
TIME_GRACE_DAYS = 1.0  # no decay within this distance
ACTIVE_DAYS = 10.0  # stories idle longer are retired (still stored, no longer candidates)
ACTIVE_ARTICLES = 5000  # without dates: stories idle for this many articles are retired
DOC_TERMS = 60  # terms kept per article vector
CENTROID_TERMS = 300  # terms kept per story centroid
STORY_ENTITIES = 40
KEY_TERMS = 8
STATE_VERSION = 2


@dataclass(slots=True)
class StoryDoc:
    id: str
    title: str | None
    text: str
    published: datetime | None = None
    source: str | None = None
    lang: str | None = "en"


@dataclass(slots=True)
class _State:
    """A story while it is active: its centroid, entities and members."""

    story: Story
    centroid: dict[str, float]
    entities: dict[str, float]  # entity centroid
    last_t: float
    headlines: dict[str, float] = field(default_factory=dict)  # title-term centroid
    norms: list[float] = field(default_factory=lambda: [1.0, 1.0, 1.0])  # of the three above
    headline_score: float = 0.0
    members: int = 0
    extras: dict[str, Any] = field(default_factory=dict)


class StoryClusterer:
    def __init__(self) -> None:
        self.entity_df: Counter[str] = Counter()
        self.n_docs = 0
        self.active: dict[str, _State] = {}
        self.retired: dict[str, Story] = {}
        self._index: dict[str, set[str]] = {}
        self._order = 0
        self.assignments: dict[str, str] = {}  # article id -> story id

    # -- clustering --------------------------------------------------------------------

    def add(self, doc: StoryDoc, *, join: str | None = None) -> str:
        """Assign ``doc`` to a story and return the story id. ``join`` names an article whose
        story ``doc`` joins while that story is active (a copy goes where its canonical went)."""
        self._order += 1
        t = self._time(doc)
        lang = doc.lang or "en"
        title_words = content_words(doc.title or "", lang)
        body = Counter(content_words(doc.text, lang))
        for w in title_words:
            body[w] += TITLE_WEIGHT
        self.n_docs += 1
        vec = _weighted(body, lang, DOC_TERMS)
        head = _weighted(Counter(title_words), lang, DOC_TERMS)
        ents = entities(f"{doc.title or ''}. {doc.text}")
        self.entity_df.update(ents.keys())
        ent_vec = self._entity_vector(ents)
        self._retire(t)
        joined = self.assignments.get(join) if join else None
        story_id = joined if joined in self.active else self._best(vec, head, ent_vec, t)
        if story_id is None:
            story_id = "s" + hashlib.blake2b(doc.id.encode(), digest_size=8).hexdigest()
            self.active[story_id] = _State(Story(story_id, None, None, None), {}, {}, t)
        self._update(self.active[story_id], doc, vec, head, ent_vec, t)
        self.assignments[doc.id] = story_id
        return story_id

    def _time(self, doc: StoryDoc) -> float:
        """Days since the epoch, or NaN when the article has no date (no time decay then)."""
        if doc.published is not None:
            return doc.published.timestamp() / 86400
        return math.nan

    def _entity_vector(self, ents: Counter[str]) -> dict[str, float]:
        """TF-IDF over entities: a name that few articles carry says most about the event."""
        n = self.n_docs
        weights = {
            e: (1 + math.log(c)) * math.log((n + 1) / (self.entity_df[e] + 0.5))
            for e, c in ents.items()
        }
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:STORY_ENTITIES]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {e: w / norm for e, w in top if w > 0}

    def _best(
        self, vec: dict[str, float], head: dict[str, float], ent_vec: dict[str, float], t: float
    ) -> str | None:
        candidates: set[str] = set()
        for term in vec:
            candidates |= self._index.get(term, set())
        best, best_score = None, JOIN_THRESHOLD
        for sid in sorted(candidates):
            st = self.active[sid]
            norms = st.norms
            parts = [(BODY_WEIGHT, _dot(vec, st.centroid) / norms[0])]
            if head and st.headlines:
                parts.append((HEADLINE_WEIGHT, _dot(head, st.headlines) / norms[1]))
            if ent_vec and st.entities:
                parts.append((ENTITY_WEIGHT, _dot(ent_vec, st.entities) / norms[2]))
            score = sum(w * c for w, c in parts) / sum(w for w, _ in parts)
            if not (math.isnan(t) or math.isnan(st.last_t)):
                gap = max(0.0, abs(t - st.last_t) - TIME_GRACE_DAYS)
                score *= math.exp(-gap / TIME_TAU_DAYS)
            if score > best_score:
                best, best_score = sid, score
        return best

    def _update(
        self,
        st: _State,
        doc: StoryDoc,
        vec: dict[str, float],
        head: dict[str, float],
        ent_vec: dict[str, float],
        t: float,
    ) -> None:
        before = set(st.centroid)
        st.centroid = _add_pruned(st.centroid, vec, CENTROID_TERMS)
        after = set(st.centroid)
        for term in before - after:  # only the index entries that changed
            self._index.get(term, set()).discard(st.story.id)
        for term in after - before:
            self._index.setdefault(term, set()).add(st.story.id)
        st.headlines = _add_pruned(st.headlines, head, CENTROID_TERMS)
        st.entities = _add_pruned(st.entities, ent_vec, STORY_ENTITIES)
        # norms kept with the story: recomputing them for every candidate was the hot spot
        st.norms = [_norm(st.centroid), _norm(st.headlines), _norm(st.entities)]
        st.members += 1
        st.extras["order"] = self._order
        if not math.isnan(t):
            st.last_t = t if math.isnan(st.last_t) else max(st.last_t, t)
        story = st.story
        story.articles.append(doc.id)
        if doc.source and doc.source not in story.sources:
            story.sources.append(doc.source)
        if doc.published is not None:
            iso = doc.published.isoformat()
            story.first_seen = min(filter(None, [story.first_seen, iso]))
            story.last_seen = max(filter(None, [story.last_seen, iso]))
        # The headline: the title that best matches the story's centroid so far.
        if doc.title:
            score = sum(st.centroid.get(term, 0.0) for term in terms(doc.title, doc.lang))
            if story.headline is None or score > st.headline_score:
                story.headline, st.headline_score = doc.title, score

    def _retire(self, t: float) -> None:
        """Move stories idle past the window out of the candidate index."""
        stale = []
        for sid, st in self.active.items():
            if not (math.isnan(t) or math.isnan(st.last_t)):
                if t - st.last_t > ACTIVE_DAYS:
                    stale.append(sid)
            elif self._order - st.extras.get("order", 0) > ACTIVE_ARTICLES:
                stale.append(sid)
        for sid in stale:
            st = self.active.pop(sid)
            st.story.key_terms = heapq.nlargest(KEY_TERMS, st.centroid, key=st.centroid.__getitem__)
            for term in st.centroid:
                self._index.get(term, set()).discard(sid)
            self.retired[sid] = st.story

    def continued_by(self, other: StoryClusterer, story_id: str) -> str | None:
        """The active story here that ``other``'s story ``story_id`` continues, or None: the
        later story is scored like one article whose vectors are its centroids, at the time of
        its first article. The engines cluster time windows apart and link them with this."""
        st = other.active[story_id]
        first = st.story.first_seen
        t = datetime.fromisoformat(first).timestamp() / 86400 if first else math.nan
        return self._best(_unit(st.centroid), _unit(st.headlines), _unit(st.entities), t)

    # -- results and state -------------------------------------------------------------

    def stories(self) -> list[Story]:
        for st in self.active.values():  # key terms: the heaviest centroid terms, made on demand
            st.story.key_terms = heapq.nlargest(KEY_TERMS, st.centroid, key=st.centroid.__getitem__)
        out = list(self.retired.values()) + [st.story for st in self.active.values()]
        return sorted(out, key=lambda s: (s.first_seen or "", s.id))

    def add_all(self, docs: Iterable[StoryDoc]) -> list[str]:
        return [self.add(d) for d in docs]

    def save(self, path: str | Path) -> None:
        """Write the state to a JSON file atomically (temp file, then rename)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        state = {
            "version": STATE_VERSION,
            "n_docs": self.n_docs,
            "entity_df": dict(self.entity_df),
            "order": self._order,
            "assignments": self.assignments,
            "retired": [s.to_dict() for s in self.retired.values()],
            "active": [
                {
                    "story": st.story.to_dict(),
                    "centroid": st.centroid,
                    "entities": st.entities,
                    "headlines": st.headlines,
                    "norms": st.norms,
                    "last_t": st.last_t,
                    "headline_score": st.headline_score,
                    "members": st.members,
                    "extras": st.extras,
                }
                for st in self.active.values()
            ],
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(state, fh)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | Path) -> StoryClusterer:
        state = json.loads(Path(path).read_text("utf-8"))
        if state.get("version") != STATE_VERSION:
            raise ValueError(
                f"{path}: story state version {state.get('version')} is not {STATE_VERSION}"
            )
        c = cls()
        c.entity_df = Counter(state["entity_df"])
        c.n_docs = state["n_docs"]
        c._order = state["order"]
        c.assignments = dict(state["assignments"])
        c.retired = {d["id"]: Story.from_dict(d) for d in state["retired"]}
        for a in state["active"]:
            st = _State(
                story=Story.from_dict(a["story"]),
                centroid=a["centroid"],
                entities=dict(a["entities"]),
                last_t=a["last_t"],
                headlines=dict(a["headlines"]),
                norms=list(a["norms"]),
                headline_score=a["headline_score"],
                members=a["members"],
                extras=a["extras"],
            )
            c.active[st.story.id] = st
            for term in st.centroid:
                c._index.setdefault(term, set()).add(st.story.id)
        return c


def _weighted(counts: Counter[str], lang: str, keep: int) -> dict[str, float]:
    """Stemmed terms weighted by log term frequency x background IDF, top ``keep``, unit length.

    A stem's IDF is that of its rarest surface form in the text (so "strikes" and "striking"
    share the stem and the larger weight)."""
    weights: dict[str, float] = {}
    for word, count in counts.items():
        term = stem(word)
        w = (1 + math.log(count)) * background_idf(word, lang)
        weights[term] = max(weights.get(term, 0.0), w)
    top = sorted(weights.items(), key=lambda kv: -kv[1])[:keep]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = _norm(vec)
    return {t: w / norm for t, w in vec.items()}


def _dot(vec: dict[str, float], centroid: dict[str, float]) -> float:
    get = centroid.get
    return sum(w * get(term, 0.0) for term, w in vec.items())


def _norm(centroid: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in centroid.values())) or 1.0


def _add_pruned(centroid: dict[str, float], vec: dict[str, float], keep: int) -> dict[str, float]:
    """Add ``vec`` into ``centroid``; past ``keep`` terms, keep the heaviest (pruning only when
    over the cap: sorting on every update cost more than all the rest of clustering)."""
    for term, w in vec.items():
        centroid[term] = centroid.get(term, 0.0) + w
    if len(centroid) > keep:
        centroid = dict(heapq.nlargest(keep, centroid.items(), key=lambda kv: kv[1]))
    return centroid
