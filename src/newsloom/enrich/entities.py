"""People, organisations, places and groups: spaCy's entities, corrected and resolved.

The small English model makes systematic errors on news, fixed here with rules and the
gazetteer before mentions are grouped into entities:

- headline-case lines ("Russia Blames Kyiv, West for Blocking Peace Talks") make it tag runs
  of capitalised words as names: inside such lines common words are cut out of entity spans
  and what is left is re-labelled (Kyiv -> GPE);
- places tagged PERSON or ORG ("Kyiv", "Zaporizke") are re-labelled with the gazetteer;
- a title glued to a name ("the UN Asim Iftikhar Ahmad" as one ORG) is split;
- a leading "the", a possessive 's and titles ("President") are trimmed off mentions;
- surnames tagged ORG/GPE ("Trehubov", "Zelenskyy") become the person they name;
- an acronym defined in parentheses joins its long form.

Mentions are then resolved within the article (surname -> full name, office -> holder at the
article's date) and given ids stable across articles (``resolve.entity_id``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import cast

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.gazetteer import GazEntry, Gazetteer, name_key
from newsloom.enrich.quote_docs import doc_text
from newsloom.enrich.records import Enrichment, Entity, EntityLabel, Mention
from newsloom.enrich.resolve import (
    EntityKnowledge,
    entity_id,
    names_compatible,
    surname_match,
    variant_key,
)

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# A word this frequent in English (wordfreq Zipf scale) is read as a word, not a name, inside
# a headline-case line. 3.5 keeps "Blames" (3.55), "Warns" (3.73), "Position" (5.2) out and
# rare names in ("Kyiv" 3.1, "Asim" 2.5, "Peskov" 1.9); names more frequent than that
# (Donald, Victor) are kept when the article names them elsewhere or the alias table knows them.
HEADLINE_COMMON_ZIPF = 3.5
# A line is headline-case when at least this share of its content words are capitalised
# (and it has at least HEADLINE_MIN_WORDS of them): sentences of prose stay far below it.
HEADLINE_CAPITALISED_SHARE = 0.8
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 20
# Cities at least this large are places whatever the model's label (Kyiv tagged PERSON);
# smaller ones need context ("villages of Novoheorhiivka and Zaporizke", "in Zaporizke").
RELABEL_CITY_POPULATION = 100_000
# A capitalised word no entity covers is added as a place when it names a country, an admin1
# division, or a city this large and is not a common English word (Mobile, Reading, Nice).
MISSED_PLACE_CITY_POPULATION = 100_000
MISSED_PLACE_MAX_ZIPF = 4.0
# Glued title + name: the tail after an acronym is a person when its words are this rare.
GLUED_NAME_MAX_ZIPF = 4.0
# A capitalised sentence-initial verb/adverb/preposition this common is not part of a name.
SENTENCE_START_COMMON_ZIPF = 4.0
_NON_NAME_POS = frozenset({"VERB", "AUX", "ADP", "ADV", "DET", "PRON", "CCONJ", "SCONJ"})
# Look-up cache bound per extractor instance (names repeat heavily across a corpus).
PLACE_CACHE_SIZE = 200_000


def _words(text: str) -> list[str]:
    return text.split()


_SMALL_WORDS = frozenset(
    _words(
        "a an and as at but by for from in into of on or over per the to vs via with after amid "
        "against about is are be"
    )
)
_TITLES = frozenset(
    _words(
        "president prime minister ambassador secretary spokesman spokeswoman spokesperson gen "
        "general lt col colonel maj major adm admiral sen senator rep representative gov governor "
        "mayor chancellor king queen prince princess pope dr mr mrs ms sir lord judge justice "
        "chief commander deputy foreign defence defense interior finance minister's premier envoy "
        "sheikh ayatollah"
    )
)
_ORG_WORDS = frozenset(
    _words(
        "council committee agency programme program commission ministry office force forces group "
        "fund bank organization organisation party army navy union court assembly parliament "
        "institute university association federation department service services authority news "
        "times post"
    )
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PLACE_CONTEXT = frozenset(
    _words(
        "in near of from to outside around village villages town towns city cities settlement "
        "settlements region province district"
    )
)
_ADMIN_SUFFIX = frozenset({"region", "oblast", "province", "governorate", "state", "district"})
_FORMER = re.compile(r"\b(?:former|ex-|then-|late)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class _Mention:
    start: int  # token offsets
    end: int
    label: str
    canonical: str | None = None  # fixed by an office or an acronym definition


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


class EntityExtractor:
    """The ``entities`` extractor. Holds the gazetteer and the curated tables (both lazy)."""

    name = "entities"

    def __init__(
        self, gazetteer: Gazetteer | None = None, knowledge: EntityKnowledge | None = None
    ) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.knowledge = knowledge if knowledge is not None else EntityKnowledge()
        self._place_cache: dict[str, GazEntry | None] = {}
        # (office key, country/institution forms, pattern) per office in the table.
        self._office_patterns: list[tuple[str, tuple[str, ...], re.Pattern[str]]] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"gazetteer": self.gazetteer, "knowledge": self.knowledge}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["gazetteer"], state["knowledge"])  # type: ignore[misc]

    # -- gazetteer helpers ------------------------------------------------------------------

    def best_place(self, text: str) -> GazEntry | None:
        """The gazetteer's most prominent place of that name (countries and admin1 first)."""
        key = name_key(text)
        if key in self._place_cache:
            return self._place_cache[key]
        rank = {"country": 4, "admin1": 3, "region": 2, "continent": 2, "city": 1}
        entries = self.gazetteer.lookup(text)
        best = max(entries, key=lambda e: (rank.get(e.feature, 0), e.population), default=None)
        if len(self._place_cache) >= PLACE_CACHE_SIZE:
            self._place_cache.clear()
        self._place_cache[key] = best
        return best

    def _is_prominent_place(self, text: str, min_city_population: int) -> bool:
        place = self.best_place(text)
        if place is None:
            return False
        return place.feature != "city" or place.population >= min_city_population

    # -- the extractor ----------------------------------------------------------------------

    def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
        mentions = [_Mention(e.start, e.end, e.label_) for e in doc.ents if e.label_ in KEPT_LABELS]
        mentions = [m for m in (self._trim(doc, m) for m in mentions) if m is not None]
        mentions = [part for m in mentions for part in self._split_glued(doc, m)]
        headline = _headline_ranges(doc_text(doc))
        if headline:
            mentions = self._fix_headline_spans(doc, mentions, headline)
        mentions = self._relabel(doc, mentions)
        mentions += self._missed_places(doc, mentions)
        mentions = self._acronyms(doc, mentions)
        mentions.sort(key=lambda m: m.start)
        on = ctx.reference.date() if ctx.reference is not None else None
        mentions += self._offices(doc, mentions, on)
        mentions.sort(key=lambda m: (m.start, m.end))
        found.entities.extend(self._resolve(doc, mentions))

    # -- span fixes -------------------------------------------------------------------------

    def _trim(self, doc: Doc, m: _Mention) -> _Mention | None:
        start, end = m.start, m.end
        while start < end and (
            doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space
        ):
            start += 1
        while end > start and (
            doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
        ):
            end -= 1
        if m.label == "PERSON":
            while end - start > 1 and doc[start].lower_.rstrip(".") in _TITLES:
                start += 1
        # "Wearing Alaïa": a sentence's first word, capitalised only for that, glued to a name.
        while (
            end - start > 1
            and doc[start].is_sent_start
            and doc[start].pos_ in _NON_NAME_POS
            and zipf_frequency(doc[start].lower_, "en") >= SENTENCE_START_COMMON_ZIPF
        ):
            start += 1
        if start >= end or not any(t.is_alpha for t in doc[start:end]):
            return None
        # Names are capitalised: "max" (PERSON) or "The rest" (GPE) are the model's misreads.
        if m.label in ("PERSON", "GPE", "LOC") and not any(
            t.text[:1].isupper() for t in doc[start:end]
        ):
            return None
        return _Mention(start, end, m.label, m.canonical)

    def _split_glued(self, doc: Doc, m: _Mention) -> list[_Mention]:
        """ "UN Asim Iftikhar Ahmad" (one ORG) -> ORG "UN" + PERSON "Asim Iftikhar Ahmad"."""
        if m.label not in ("ORG", "PERSON", "GPE") or m.end - m.start < 3:
            return [m]
        head = doc[m.start]
        tail = doc[m.start + 1 : m.end]
        if not _is_acronym(head.text) and self.knowledge.canonical("ORG", head.text) is None:
            return [m]
        words = [t for t in tail if not t.is_punct]
        if len(words) < 2 or not all(t.is_alpha and t.is_title for t in words):
            return [m]
        if any(t.lower_ in _ORG_WORDS for t in words):
            return [m]
        rarity = sum(zipf_frequency(t.lower_, "en") for t in words) / len(words)
        if rarity >= GLUED_NAME_MAX_ZIPF:
            return [m]
        return [_Mention(m.start, m.start + 1, "ORG"), _Mention(m.start + 1, m.end, "PERSON")]

    def _known_name_tokens(
        self, doc: Doc, mentions: list[_Mention], headline: list[tuple[int, int]]
    ) -> set[str]:
        """Lower-cased tokens of PERSON mentions outside headline lines: names the article
        itself confirms, kept even when they are common words."""
        known: set[str] = set()
        for m in mentions:
            if m.label == "PERSON" and not _in_ranges(doc[m.start].idx, headline):
                known.update(t.lower_ for t in doc[m.start : m.end])
        return known

    def _fix_headline_spans(
        self, doc: Doc, mentions: list[_Mention], headline: list[tuple[int, int]]
    ) -> list[_Mention]:
        known = self._known_name_tokens(doc, mentions, headline)
        fixed: list[_Mention] = []
        for m in mentions:
            if not _in_ranges(doc[m.start].idx, headline):
                fixed.append(m)
                continue

            def is_name_token(i: int) -> bool:
                tok = doc[i]
                if not tok.is_alpha and not _is_acronym(tok.text):
                    return False
                if tok.lower_ in known or _is_acronym(tok.text):
                    return True
                if self.knowledge.canonical("PERSON", tok.text) is not None:
                    return True
                if self._is_prominent_place(tok.text, RELABEL_CITY_POPULATION):
                    return True
                return zipf_frequency(tok.lower_, "en") < HEADLINE_COMMON_ZIPF

            runs: list[tuple[int, int]] = []
            i = m.start
            while i < m.end:
                if is_name_token(i):
                    j = i
                    while j < m.end and (is_name_token(j) or doc[j].text in ("-", ".")):
                        j += 1
                    runs.append((i, j))
                    i = j
                else:
                    i += 1
            if runs == [(m.start, m.end)]:
                fixed.append(m)
                continue
            for a, b in runs:
                text = doc[a:b].text
                if self._is_prominent_place(text, 0):
                    fixed.append(_Mention(a, b, "GPE"))
                elif m.label in ("PERSON", "ORG") and (b - a) >= 1:
                    fixed.append(_Mention(a, b, m.label))
        return fixed

    def _relabel(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        gpe_ends = {m.end for m in mentions if m.label in ("GPE", "LOC")}
        gpe_starts = {m.start for m in mentions if m.label in ("GPE", "LOC")}
        person_names = {
            variant_key(doc[m.start : m.end].text)
            for m in mentions
            if m.label == "PERSON" and m.end - m.start > 1
        }
        surnames = {n.split()[-1] for n in person_names if n}
        # A one-word name the model also tags PERSON elsewhere in the article (Zendaya).
        person_words = surnames | {
            variant_key(doc[m.start : m.end].text)
            for m in mentions
            if m.label == "PERSON" and m.end - m.start == 1
        }
        out: list[_Mention] = []
        for m in mentions:
            span = doc[m.start : m.end]
            text = span.text
            label = m.label
            if label in ("PERSON", "ORG", "NORP"):
                place = self.best_place(text)
                if (
                    place is not None
                    and variant_key(text) not in surnames
                    and self.knowledge.canonical("PERSON", text) is None
                ):
                    # A big city by its own name (Kyiv), not by one of its alternate names
                    # (the fashion house Alaïa is not Alanya, "Alaia" in GeoNames).
                    big = place.feature != "city" or (
                        place.population >= RELABEL_CITY_POPULATION
                        and name_key(place.name) == name_key(text)
                    )
                    if label == "ORG":
                        # An ORG is re-labelled only when it is exactly a country's name.
                        if (
                            place.feature == "country"
                            and self.gazetteer.country_of_demonym(text) is None
                        ) or place.feature == "country":
                            label = "GPE" if place.feature == "country" else label
                    elif label == "NORP":
                        if place.feature in ("country", "admin1") and not self._is_demonym(text):
                            label = "GPE"
                    elif not _after_title(doc, m.start) and (
                        big or self._place_context(doc, m, gpe_ends, gpe_starts)
                    ):
                        label = "GPE"
            if label in ("GPE", "LOC"):
                if self._is_demonym(text) and self.best_place(text) is None:
                    label = "NORP"
                elif _is_acronym(text) and self.best_place(text) is None:
                    label = "ORG"
            if (
                m.label != "PERSON"  # a PERSON the gazetteer re-labelled stays a place
                and m.end - m.start == 1
                and variant_key(text) in person_words
            ):
                place = self.best_place(text)
                if place is None or (
                    place.feature == "city" and place.population < (RELABEL_CITY_POPULATION)
                ):
                    label = "PERSON"
            out.append(_Mention(m.start, m.end, label, m.canonical))
        return out

    def _is_demonym(self, text: str) -> bool:
        return self.gazetteer.country_of_demonym(text) is not None and text[:1].isupper()

    def _place_context(
        self, doc: Doc, m: _Mention, gpe_ends: set[int], gpe_starts: set[int]
    ) -> bool:
        """ "in X", "villages of X", "X and Y" next to a place, "X region"."""
        before = doc[m.start - 1] if m.start > 0 else None
        after = doc[m.end] if m.end < len(doc) else None
        if before is not None and before.lower_ in _PLACE_CONTEXT:
            return True
        if after is not None and after.lower_ in _ADMIN_SUFFIX:
            return True
        if before is not None and before.lower_ in ("and", ",") and (m.start - 1) in gpe_ends:
            return True
        return after is not None and after.lower_ in ("and", ",") and (m.end + 1) in gpe_starts

    def _missed_places(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        covered = [False] * len(doc)
        for m in mentions:
            for i in range(m.start, m.end):
                covered[i] = True
        added: list[_Mention] = []
        # One pass over the tokens (indexing a Doc builds a Token object each time).
        title_word = [t.is_title and t.is_alpha for t in doc]
        i = 0
        while i < len(doc):
            if covered[i] or not title_word[i]:
                i += 1
                continue
            tok = doc[i]
            # Two-word names first (South Korea), then one word.
            for width in (2, 1):
                j = i + width
                if j > len(doc) or any(covered[k] or not title_word[k] for k in range(i, j)):
                    continue
                if tok.lower_ in _SMALL_WORDS:  # "The Rest" is not a place called Rest
                    break
                text = doc[i:j].text
                if width == 1 and zipf_frequency(tok.lower_, "en") >= MISSED_PLACE_MAX_ZIPF:
                    continue
                if self._is_prominent_place(text, MISSED_PLACE_CITY_POPULATION):
                    added.append(_Mention(i, j, "GPE"))
                    i = j - 1
                    break
            i += 1
        return added

    def _acronyms(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """ "Long Name of Things (LNT)": the acronym and its long form are one ORG."""
        result = list(mentions)
        texts = [t.text for t in doc]  # one pass: indexing a Doc builds a Token each time
        for i in range(1, len(doc) - 2):
            if texts[i] != "(" or texts[i + 2] != ")" or not _is_acronym(texts[i + 1]):
                continue
            acronym = doc[i + 1].text.replace(".", "")
            words: list[int] = []
            k = i - 1
            while k >= 0 and i - k <= 14 and doc[k].sent == doc[i].sent:
                if doc[k].is_title or doc[k].is_upper:
                    words.append(k)
                elif doc[k].lower_ not in _SMALL_WORDS and not doc[k].is_punct:
                    break
                k -= 1
                initials = "".join(doc[w].text[0] for w in reversed(words))
                if initials == acronym:
                    break
            words.reverse()
            initials = "".join(doc[w].text[0] for w in words)
            if not words or initials != acronym:
                continue
            long_start, long_end = words[0], i
            long_text = doc[long_start:long_end].text
            result = [
                m
                for m in result
                if not (long_start <= m.start and m.end <= long_end) and m.start != i + 1
            ]
            result.append(_Mention(long_start, long_end, "ORG", long_text))
            result.append(_Mention(i + 1, i + 2, "ORG", long_text))
        # Bare uses of a defined acronym elsewhere in the article join the long form.
        defined = {
            doc[m.start].text: m.canonical
            for m in result
            if m.end - m.start == 1 and m.canonical and _is_acronym(doc[m.start].text)
        }
        for m in result:
            if m.end - m.start == 1 and m.canonical is None and doc[m.start].text in defined:
                m.canonical = defined[doc[m.start].text]
                m.label = "ORG"
        return result

    # -- offices ----------------------------------------------------------------------------

    def _offices(self, doc: Doc, mentions: list[_Mention], on: date | None) -> list[_Mention]:
        """Office phrases: "Russia's President Vladimir" -> Vladimir Putin (the name joins the
        holder); a bare "the Kremlin spokesman" becomes a mention of the holder."""
        text = doc_text(doc)
        persons_by_char = {doc[m.start].idx: m for m in mentions if m.label == "PERSON"}
        added: list[_Mention] = []
        if self._office_patterns is None:
            self._office_patterns = [
                (
                    o.key,
                    tuple(o.country_forms),
                    _office_pattern(tuple(o.country_forms), tuple(o.roles)),
                )
                for o in self.knowledge.office_table().values()
            ]
        for office_key, forms, pattern in self._office_patterns:
            # A match contains one of the forms as written: a substring test rules most of
            # the offices out at a fraction of the pattern's scan (27 scans were ~7 ms/article).
            if not any(form in text for form in forms):
                continue
            for match in pattern.finditer(text):
                if _FORMER.search(text, max(0, match.start() - 12), match.start()):
                    continue
                holder = self.knowledge.holder(office_key, on)
                if holder is None:
                    continue
                after = match.end()
                gap = re.match(r"[ ,]{1,2}", text[after:])
                follower = persons_by_char.get(after + (gap.end() if gap else 0))
                if follower is not None:
                    name = doc[follower.start : follower.end].text
                    if names_compatible(name, holder):
                        follower.canonical = holder
                    continue
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is None:
                    continue
                added.append(_Mention(span.start, span.end, "PERSON", holder))
        return added

    # -- resolution -------------------------------------------------------------------------

    def _resolve(self, doc: Doc, mentions: list[_Mention]) -> list[Entity]:
        canon: list[str] = []
        full_names: dict[str, list[int]] = defaultdict(list)
        for m in mentions:
            if m.label == "PERSON" and (m.canonical or len(doc[m.start : m.end].text.split()) > 1):
                full_names[m.canonical or doc[m.start : m.end].text].append(m.start)
        person_cache: dict[str, str] = {}
        for m in mentions:
            text = doc[m.start : m.end].text
            if m.canonical:
                canon.append(m.canonical)
            elif m.label == "PERSON":
                canon.append(self._person_canonical(m, text, full_names, person_cache))
            elif m.label in ("GPE", "LOC"):
                countries = self.gazetteer.countries_named(text)
                canon.append(countries[0].name if countries else text)
            elif m.label == "ORG":
                canon.append(self.knowledge.canonical("ORG", text) or text)
            else:
                canon.append(text)
        groups: dict[str, list[int]] = defaultdict(list)
        for idx, m in enumerate(mentions):
            groups[entity_id(m.label, canon[idx])].append(idx)
        entities: list[Entity] = []
        for eid, members in groups.items():
            labels = Counter(mentions[i].label for i in members)
            label = cast(EntityLabel, labels.most_common(1)[0][0])
            name = max((canon[i] for i in members), key=len)
            ms = [
                Mention(
                    doc[mentions[i].start].idx,
                    doc[mentions[i].end - 1].idx + len(doc[mentions[i].end - 1].text),
                    doc[mentions[i].start : mentions[i].end].text,
                )
                for i in members
            ]
            aliases = sorted({x.text for x in ms} - {name})
            entities.append(Entity(eid, name, label, ms, aliases))
        entities.sort(key=lambda e: e.mentions[0].start)
        return entities

    def _person_canonical(
        self, m: _Mention, text: str, full_names: dict[str, list[int]], cache: dict[str, str]
    ) -> str:
        """Full name for a short form: the nearest compatible full name in the article (by
        surname or first name; Ahmed ~ Asim Iftikhar Ahmad), else the alias table.

        ``full_names`` maps each distinct name of two or more words to its token starts, so
        the cost grows with the distinct names, not with the mentions (1 MB articles)."""
        n_words = len(text.split())  # words, not tokens: "Al-Riyami" is one word
        compatible = [
            full
            for full in full_names
            if len(full.split()) > n_words
            and (names_compatible(text, full) or (n_words == 1 and surname_match(text, full)))
        ]
        best: str | None = None
        if len(compatible) == 1:
            best = compatible[0]
        elif compatible:
            # The nearest full name before the mention, else the first one after it.
            def before(full: str) -> int:
                starts = full_names[full]
                i = bisect.bisect_right(starts, m.start) - 1
                return starts[i] if i >= 0 else -(10**9) - starts[0]

            best = max(compatible, key=before)
        name = best or text
        if name not in cache:
            cache[name] = self.knowledge.canonical("PERSON", name) or name
        return cache[name]


# -- helpers ---------------------------------------------------------------------------------


def _office_pattern(countries: tuple[str, ...], roles: tuple[str, ...]) -> re.Pattern[str]:
    """ "Russia's president", "the Kremlin spokesman": a country/institution form (as written)
    then a role word (any case)."""
    c = "|".join(re.escape(x) for x in sorted(countries, key=len, reverse=True))
    r = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(roles, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{c})\s+(?i:{r})\b")


_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _headline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of headline-case lines (most content words capitalised)."""
    ranges: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        words = [w for w in _WORD.findall(line.group()) if w.lower() not in _SMALL_WORDS]
        if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS:
            continue
        if line.group().rstrip().endswith((".", "?", "!", ":")) and len(words) > 8:
            continue
        capitalised = sum(w[0].isupper() for w in words)
        if capitalised / len(words) >= HEADLINE_CAPITALISED_SHARE:
            ranges.append((line.start(), line.end()))
    return ranges


def _after_title(doc: Doc, start: int) -> bool:
    """ "President Vladimir": a name after a title is a name, even when a city has it."""
    return start > 0 and doc[start - 1].is_title and doc[start - 1].lower_ in _TITLES


def _in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(ranges, (pos, 10**12)) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]
