"""Online story clustering in publication order (single pass, as Miranda et al. 2018 and
Event Registry do): each article joins the most similar active story, or opens a new one.

The join score is a logistic model (Priberam's approach, Miranda et al. 2018) over pair
features of the article and a story: cosines of TF-IDF sub-vectors (body with the title counted
twice, title alone, capitalised-phrase entities, numbers weighted by how few articles carry
them), the best cosine with one of the
story's latest articles, and a clash of years; a time decay is then subtracted in log-odds. The
coefficients are fitted on ECB+ with cross-validation by topic (``bench/clustering.py --fit``).
Only stories active within a window are
candidates, found through an inverted index of their centroid terms that also holds the
weights, so one pass over an article's terms gives its body cosine with every candidate at
once; the cost per article depends on the news of the last days, not on the whole archive.
The state (document frequencies, active stories) is saved and loaded, so a later batch joins
existing stories; the same input in the same order always gives the same story ids.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import operator
import os
import tempfile
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsloom.stories.idf import background_idf
from newsloom.stories.model import Story
from newsloom.stories.terms import content_words, entities, numbers, stem, terms, years

TITLE_WEIGHT = 2  # title terms count this many times in the body vector
# Pair features of (article, story), in this order; a missing part (no title, no entities, no
# numbers) has cosine 0.
FEATURES = (
    "body",  # cosine with the story's body centroid
    "headline",  # cosine of the title with the story's title centroid
    "entities",  # cosine of capitalised-phrase entities (TF-IDF over the articles seen)
    "numbers",  # cosine of the numbers of 2+ characters, TF-IDF over the articles seen
    "no_numbers",  # 1 when the article or the story has no number: no evidence either way
    "nearest_member",  # best body cosine with one of the story's RECENT_MEMBERS latest articles
    "year_clash",  # 1 when both name years and share none (two earthquakes, 2008 and 2013)
)
# Logistic regression over FEATURES on ECB+ (982 articles, 43 topics of two same-kind events):
# teacher-forced pairs, fitted by ``bench/clustering.py --fit``. Cross-validated by topic (5
# folds, topics held out, join threshold chosen on the training folds) it gives pairwise F1
# 0.910 on the held-out topics (mean over 3 assignments of topics to folds 0.907); these are
# the coefficients of the fit on all topics.
COEFFICIENTS = (6.004, 4.153, 6.51, 5.372, 1.345, 5.414, -1.762)
INTERCEPT = -8.582
# Join when the log-odds exceed this: the best of -2.5..-0.5 when clustering the fitted topics;
# below 0 because an article has many candidate stories and one right one.
JOIN_LOGIT = -1.0
# Article vectors kept per story for the nearest-member feature (a story's early articles, often
# the closest to a late one, stay comparable). Cross-validated pairwise F1 on ECB+: 5 -> 0.878,
# 10 -> 0.888 (no fold worse), 20 -> 0.888; CPU per article +10% at 10, +35% at 20.
RECENT_MEMBERS = 10
# Stories scored in full per article: the nearest by body cosine (on ECB+ the right story is
# among the first 10 for all but a handful of articles; scoring all took twice the time).
SCORED_CANDIDATES = 10
# Time is not in the fit (ECB+ has no dates): each TIME_TAU_DAYS past a day's grace cost one
# unit of log-odds, the time constant of the earlier multiplicative decay.
TIME_TAU_DAYS = 3.0
TIME_GRACE_DAYS = 1.0  # no decay within this distance
NUMBER_TERMS = 60  # numbers kept per story
ACTIVE_DAYS = 10.0  # stories idle longer are retired (still stored, no longer candidates)
ACTIVE_ARTICLES = 5000  # without dates: stories idle for this many articles are retired
DOC_TERMS = 60  # terms kept per article vector
CENTROID_TERMS = 300  # terms kept per story centroid
STORY_ENTITIES = 40
KEY_TERMS = 8
_NEAREST = FEATURES.index("nearest_member")
# Above any nearest-member cosine: two unit vectors' dot product, rounding included
NEAREST_BOUND = 1.0 + 1e-9
STATE_VERSION = 4  # 4 added number_df; version 3 states still load (see ``load``)


@dataclass(slots=True)
class StoryDoc:
    id: str
    title: str | None
    text: str
    published: datetime | None = None
    source: str | None = None
    lang: str | None = "en"


@dataclass(frozen=True, slots=True)
class JoinModel:
    """The logistic join score: log-odds = intercept + coefficients . FEATURES; an article
    joins its best story when that exceeds ``join_logit``."""

    coefficients: tuple[float, ...] = COEFFICIENTS
    intercept: float = INTERCEPT
    join_logit: float = JOIN_LOGIT

    def __post_init__(self) -> None:
        if len(self.coefficients) != len(FEATURES):
            raise ValueError(
                f"join model has {len(self.coefficients)} coefficients for {len(FEATURES)} features"
            )


@dataclass(slots=True)
class _Vectors:
    """An article's unit vectors, the side of a pair the story is compared with."""

    body: dict[str, float]
    headline: dict[str, float]
    entities: dict[str, float]
    numbers: dict[str, float]
    years: frozenset[str]


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
    numbers: dict[str, float] = field(default_factory=dict)  # number centroid
    number_norm: float = 1.0
    years: set[str] = field(default_factory=set)
    recent: deque[dict[str, float]] = field(default_factory=lambda: deque(maxlen=RECENT_MEMBERS))
    # The recent members inverted: term -> {slot: weight}, a member's slot being its place in
    # a ring of RECENT_MEMBERS; the nearest-member feature is then one pass over the article's
    # terms instead of a dot product per member. Built the first time the story needs it (most
    # stories never do: 12 KB more a one-article story when built for all), not saved.
    member_terms: dict[str, dict[int, float]] | None = None
    next_slot: int = 0  # the slot the next member takes (the oldest member's once full)


class StoryClusterer:
    def __init__(self, model: JoinModel | None = None) -> None:
        # The join model belongs to the code version, not to the saved state.
        self.model = model or JoinModel()
        self.entity_df: Counter[str] = Counter()
        self.number_df: Counter[str] = Counter()  # articles carrying each number
        self.n_docs = 0
        self.active: dict[str, _State] = {}
        self.retired: dict[str, Story] = {}
        # term -> {story id: the term's weight in that story's centroid}, active stories only
        self._index: dict[str, dict[str, float]] = {}
        self._order = 0
        # Lower bounds on the active stories' last times and last article numbers: while no
        # story can be idle past the window, ``_retire`` skips its scan of every story.
        self._oldest_t = math.inf
        self._oldest_order = 0
        self.assignments: dict[str, str] = {}  # article id -> story id

    # -- clustering --------------------------------------------------------------------

    def add(self, doc: StoryDoc, *, join: str | None = None, alone: bool = False) -> str:
        """Assign ``doc`` to a story and return the story id. ``join`` names an article whose
        story ``doc`` joins while that story is active (a copy goes where its canonical went);
        ``alone`` opens a new story whatever the scores (for fitting with known stories)."""
        self._order += 1
        t = self._time(doc)
        self.n_docs += 1
        v = self._vectors(doc, count=True)
        self._retire(t)
        joined = self.assignments.get(join) if join else None
        if joined in self.active:
            story_id: str | None = joined
        else:
            story_id = None if alone else self._best(v, t)
        if story_id is None:
            story_id = "s" + hashlib.blake2b(doc.id.encode(), digest_size=8).hexdigest()
            self.active[story_id] = _State(Story(story_id, None, None, None), {}, {}, t)
        self._update(self.active[story_id], doc, v, t)
        self.assignments[doc.id] = story_id
        return story_id

    def pair_features(self, doc: StoryDoc) -> dict[str, tuple[float, ...]]:
        """FEATURES of ``doc`` against every active story sharing a term with it, without
        changing any state (``bench/clustering.py --fit`` learns the coefficients from these)."""
        v = self._vectors(doc, count=False)
        return {sid: _features(v, self.active[sid]) for sid in sorted(self._candidates(v))}

    def _vectors(self, doc: StoryDoc, *, count: bool) -> _Vectors:
        lang = doc.lang or "en"
        title_words = content_words(doc.title or "", lang)
        body = Counter(content_words(doc.text, lang))
        for w in title_words:
            body[w] += TITLE_WEIGHT
        full = f"{doc.title or ''}. {doc.text}"
        ents = entities(full)
        if count:
            self.entity_df.update(ents.keys())
        # Single digits (counts, days, clock times, list items) say little about an event: with
        # them cross-validated pairwise F1 on ECB+ was lower (see ``_number_vector``).
        nums = Counter({n: c for n, c in numbers(full).items() if len(n) >= 2})
        if count:
            self.number_df.update(nums.keys())
        pending = 0 if count else 1  # score as if the article had been counted
        return _Vectors(
            _weighted(body, lang, DOC_TERMS),
            _weighted(Counter(title_words), lang, DOC_TERMS),
            self._entity_vector(ents, pending),
            self._number_vector(nums, pending),
            frozenset(years(nums)),
        )

    def _time(self, doc: StoryDoc) -> float:
        """Days since the epoch, or NaN when the article has no date (no time decay then)."""
        if doc.published is not None:
            return doc.published.timestamp() / 86400
        return math.nan

    def _entity_vector(self, ents: Counter[str], pending: int = 0) -> dict[str, float]:
        """TF-IDF over entities: a name that few articles carry says most about the event.
        ``pending`` counts the article itself when it is not yet in the frequencies."""
        weights = _tf_idf(ents, self.entity_df, self.n_docs + pending, pending)
        top = sorted(weights.items(), key=lambda kv: -kv[1])[:STORY_ENTITIES]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {e: w / norm for e, w in top if w > 0}

    def _number_vector(self, nums: Counter[str], pending: int = 0) -> dict[str, float]:
        """TF-IDF over numbers, as for entities: a toll or a sum few articles carry tells an
        event apart; this year's date does not. Cross-validated pairwise F1 on ECB+ (5 folds by
        topic, mean over 3 assignments of topics to folds, model refitted each time): 0.881 with
        log-tf weights over every number (before), 0.878 with IDF over every number, 0.885
        without single digits but no IDF, 0.887 with both (the choice; the threshold picked in
        every fold is then the same, -1.5)."""
        return _unit(_tf_idf(nums, self.number_df, self.n_docs + pending, pending))

    def _candidates(self, v: _Vectors) -> set[str]:
        candidates: set[str] = set()
        index = self._index
        for term in v.body:
            if term in index:
                candidates.update(index[term])
        return candidates

    def _body_dots(self, body: dict[str, float]) -> dict[str, float]:
        """Dot products of ``body`` with the centroid of every story sharing a term with it,
        in one pass over the index (a dot product per candidate was half of clustering's time).
        Each sum runs in the article's term order, whatever the process's hash seed."""
        dots: dict[str, float] = {}
        get = dots.get
        index = self._index
        for term, w in body.items():
            postings = index.get(term)
            if postings:
                for sid, cw in postings.items():
                    dots[sid] = get(sid, 0.0) + w * cw
        return dots

    def _best(self, v: _Vectors, t: float) -> str | None:
        model = self.model
        best, best_score = None, model.join_logit
        active = self.active
        dots = self._body_dots(v.body)
        by_body = [(dots[sid] / active[sid].norms[0], sid) for sid in sorted(dots)]
        # a stable sort (heapq.nlargest's equal): ties keep the sorted id order, so ids stay
        # reproducible
        top = sorted(by_body, key=operator.itemgetter(0), reverse=True)[:SCORED_CANDIDATES]
        # The nearest member, the dearest feature, lies in [0, 1] (unit vectors, weights >= 0):
        # a story whose score with it at its most favourable bound cannot beat the best so far
        # is passed over without it. Rounding is monotonic, so that bound score is >= the real
        # one and the choice is the one scoring every story in full would make.
        bound = NEAREST_BOUND if model.coefficients[_NEAREST] >= 0 else 0.0
        for body, sid in top:
            st = active[sid]
            features = _partial_features(v, st, body)
            features[_NEAREST] = bound
            if _score(model, features, t, st.last_t) <= best_score:
                continue
            features[_NEAREST] = _nearest_member(v.body, st)
            score = _score(model, features, t, st.last_t)
            if score > best_score:
                best, best_score = sid, score
        return best

    def _update(self, st: _State, doc: StoryDoc, v: _Vectors, t: float) -> None:
        vec, head, ent_vec = v.body, v.headline, v.entities
        sid, index = st.story.id, self._index
        centroid = _add_pruned(st.centroid, vec, CENTROID_TERMS)
        if centroid is not st.centroid:  # pruned: drop the index entries of the terms cut
            for term in st.centroid.keys() - centroid.keys():
                _unpost(index, term, sid)
            st.centroid = centroid
        for term in vec:  # only these weights changed
            if term in centroid:
                index.setdefault(term, {})[sid] = centroid[term]
        st.headlines = _add_pruned(st.headlines, head, CENTROID_TERMS)
        st.entities = _add_pruned(st.entities, ent_vec, STORY_ENTITIES)
        # norms kept with the story: recomputing them for every candidate was the hot spot
        st.norms = [_norm(st.centroid), _norm(st.headlines), _norm(st.entities)]
        st.numbers = _add_pruned(st.numbers, v.numbers, NUMBER_TERMS)
        st.number_norm = _norm(st.numbers)
        st.years |= v.years
        _add_member(st, vec)
        st.members += 1
        st.extras["order"] = self._order
        if not math.isnan(t):
            st.last_t = t if math.isnan(st.last_t) else max(st.last_t, t)
            self._oldest_t = min(self._oldest_t, st.last_t)
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
        dated_stale = not math.isnan(t) and t - self._oldest_t > ACTIVE_DAYS
        if not dated_stale and self._order - self._oldest_order <= ACTIVE_ARTICLES:
            return  # the bounds say no story is idle past the window: same result as the scan
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
                _unpost(self._index, term, sid)
            self.retired[sid] = st.story
        dated = [st.last_t for st in self.active.values() if not math.isnan(st.last_t)]
        self._oldest_t = min(dated, default=math.inf)
        self._oldest_order = min(
            (st.extras.get("order", 0) for st in self.active.values()), default=self._order
        )

    def continued_by(self, other: StoryClusterer, story_id: str) -> str | None:
        """The active story here that ``other``'s story ``story_id`` continues, or None: the
        later story is scored like one article whose vectors are its centroids, at the time of
        its first article. The engines cluster time windows apart and link them with this."""
        st = other.active[story_id]
        first = st.story.first_seen
        t = datetime.fromisoformat(first).timestamp() / 86400 if first else math.nan
        v = _Vectors(
            _unit(st.centroid),
            _unit(st.headlines),
            _unit(st.entities),
            _unit(st.numbers),
            frozenset(st.years),
        )
        return self._best(v, t)

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
            "number_df": dict(self.number_df),
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
                    "numbers": st.numbers,
                    "years": sorted(st.years),
                    "recent": list(st.recent),
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
        if state.get("version") not in (3, STATE_VERSION):
            raise ValueError(
                f"{path}: story state version {state.get('version')} is not {STATE_VERSION} "
                "(nor 3, which still loads)"
            )
        c = cls()
        c.entity_df = Counter(state["entity_df"])
        # Version 3 kept no number counts: every number then weighs the same (the version 3
        # weighting) until the articles that follow are counted.
        c.number_df = Counter(state.get("number_df", {}))
        c.n_docs = state["n_docs"]
        c._order = state["order"]
        c._oldest_t = -math.inf  # unknown: the first article scans the stories for idle ones
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
                numbers=dict(a["numbers"]),
                number_norm=_norm(a["numbers"]),
                years=set(a["years"]),
            )
            for member in a["recent"][-RECENT_MEMBERS:]:
                _add_member(st, member)
            c.active[st.story.id] = st
            for term, w in st.centroid.items():
                c._index.setdefault(term, {})[st.story.id] = w
        return c


def _features(v: _Vectors, st: _State, body: float | None = None) -> tuple[float, ...]:
    """The pair features of an article and a story, in the order of FEATURES (``body``: the
    body cosine when already known)."""
    features = _partial_features(v, st, body)
    features[_NEAREST] = _nearest_member(v.body, st)
    return tuple(features)


def _partial_features(v: _Vectors, st: _State, body: float | None) -> list[float]:
    """FEATURES but the nearest member (0 in its place)."""
    has_numbers = bool(v.numbers) and bool(st.numbers)
    return [
        _dot(v.body, st.centroid) / st.norms[0] if body is None else body,
        _dot(v.headline, st.headlines) / st.norms[1] if v.headline and st.headlines else 0.0,
        _dot(v.entities, st.entities) / st.norms[2] if v.entities and st.entities else 0.0,
        _dot(v.numbers, st.numbers) / st.number_norm if has_numbers else 0.0,
        0.0 if has_numbers else 1.0,
        0.0,
        float(bool(v.years) and bool(st.years) and v.years.isdisjoint(st.years)),
    ]


def _score(model: JoinModel, features: list[float], t: float, last_t: float) -> float:
    """The join log-odds of an article and a story, their time decay subtracted."""
    pairs = zip(model.coefficients, features, strict=True)
    score = model.intercept + sum(c * f for c, f in pairs)
    if not (math.isnan(t) or math.isnan(last_t)):
        score -= max(0.0, abs(t - last_t) - TIME_GRACE_DAYS) / TIME_TAU_DAYS
    return score


def _add_member(st: _State, vec: dict[str, float]) -> None:
    """Append ``vec`` to the story's recent members and to their inverted index when built
    (the oldest member, in the slot ``vec`` takes, leaves both once RECENT_MEMBERS are kept)."""
    slot, member_terms = st.next_slot, st.member_terms
    if member_terms is not None:
        if len(st.recent) == RECENT_MEMBERS:
            for term in st.recent[0]:
                slots = member_terms[term]
                del slots[slot]
                if not slots:
                    del member_terms[term]
        _post_member(member_terms, vec, slot)
    st.recent.append(vec)
    st.next_slot = (slot + 1) % RECENT_MEMBERS


def _post_member(
    member_terms: dict[str, dict[int, float]], vec: dict[str, float], slot: int
) -> None:
    for term, w in vec.items():
        if term in member_terms:
            member_terms[term][slot] = w
        else:
            member_terms[term] = {slot: w}


def _member_terms(st: _State) -> dict[str, dict[int, float]]:
    """The story's recent members inverted, built from ``recent`` on first use (the oldest
    member is in the slot the next one takes)."""
    if st.member_terms is None:
        st.member_terms = {}
        first = st.next_slot - len(st.recent)
        for k, vec in enumerate(st.recent):
            _post_member(st.member_terms, vec, (first + k) % RECENT_MEMBERS)
    return st.member_terms


def _nearest_member(body: dict[str, float], st: _State) -> float:
    """The largest dot product of ``body`` with one of the story's recent members (0 when none
    shares a term), every member at once through their inverted index. Each sum runs in the
    article's term order (a slot no term reaches stays 0, below any real dot product)."""
    member_terms = _member_terms(st)
    dots = [0.0] * RECENT_MEMBERS
    for term, w in body.items():
        slots = member_terms.get(term)
        if slots:
            for slot, mw in slots.items():
                dots[slot] += w * mw
    return max(dots)


def _unpost(index: dict[str, dict[str, float]], term: str, sid: str) -> None:
    postings = index.get(term)
    if postings is not None:
        postings.pop(sid, None)
        if not postings:
            del index[term]


# 1 + ln(count), the log term frequency, for the counts words mostly have
_LOG_TF = [0.0] + [1 + math.log(c) for c in range(1, 64)]
# lang -> word -> (stem, background IDF): one dict look-up instead of two cached calls a word;
# a language's table is emptied past this many words (a long stream meets new names daily)
_TERM_CACHE: dict[str, dict[str, tuple[str, float]]] = {}
_TERM_CACHE_MAX = 200_000


def _weighted(counts: Counter[str], lang: str, keep: int) -> dict[str, float]:
    """Stemmed terms weighted by log term frequency x background IDF, top ``keep``, unit length.

    A stem's IDF is that of its rarest surface form in the text (so "strikes" and "striking"
    share the stem and the larger weight)."""
    weights: dict[str, float] = {}
    cache = _TERM_CACHE.setdefault(lang, {})
    for word, count in counts.items():
        known = cache.get(word)
        if known is None:
            if len(cache) >= _TERM_CACHE_MAX:
                cache.clear()
            known = cache[word] = (stem(word), background_idf(word, lang))
        term, idf = known
        w = (_LOG_TF[count] if count < 64 else 1 + math.log(count)) * idf
        old = weights.get(term)
        if old is None:
            weights[term] = max(0.0, w)  # what max(weights.get(term, 0.0), w) gave
        elif w > old:
            weights[term] = w
    # reverse=True keeps equal weights in their order, as the key -weight did
    top = sorted(weights.items(), key=operator.itemgetter(1), reverse=True)[:keep]
    norm = _length([w for _, w in top])
    return {t: w / norm for t, w in top}


def _tf_idf(counts: Counter[str], df: Counter[str], n: int, pending: int) -> dict[str, float]:
    """Log-tf times smoothed IDF over ``n`` articles (``pending`` of them not yet in ``df``)."""
    return {
        key: (1 + math.log(c)) * math.log((n + 1) / (df[key] + pending + 0.5))
        for key, c in counts.items()
    }


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = _norm(vec)
    return {t: w / norm for t, w in vec.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Sparse dot product over the shared terms (the set intersection runs in C; few terms
    are shared, so this is several times faster than looking up every term). The products
    go through map rather than a generator: 40% less time a call, the same sum in the same
    order (the set is iterated twice unchanged)."""
    common = a.keys() & b.keys()
    products: Iterable[float] = map(
        operator.mul, map(a.__getitem__, common), map(b.__getitem__, common)
    )
    return sum(products)


def _norm(centroid: dict[str, float]) -> float:
    return _length(list(centroid.values()))


def _length(values: list[float]) -> float:
    """Euclidean length (1 for none): the products summed in their order, in C."""
    return math.sqrt(sum(map(operator.mul, values, values))) or 1.0


def _add_pruned(centroid: dict[str, float], vec: dict[str, float], keep: int) -> dict[str, float]:
    """Add ``vec`` into ``centroid``; past ``keep`` terms, keep the heaviest (pruning only when
    over the cap: sorting on every update cost more than all the rest of clustering)."""
    for term, w in vec.items():
        centroid[term] = centroid.get(term, 0.0) + w
    if len(centroid) > keep:
        # a stable sort, as heapq.nlargest (ties: the first added stays), several times faster
        top = sorted(centroid.items(), key=operator.itemgetter(1), reverse=True)[:keep]
        centroid = dict(top)
    return centroid
