"""Finding who speaks: the subject of a cue verb, turned into a named speaker.

A speaker mention is a noun phrase (``Kremlin spokesman Dmitry Peskov``, ``he``, ``the
ambassador``, ``an official statement``). Names map to the article's resolved entities when the
entity stage ran (canonical name and id), else to spaCy's PERSON/ORG spans with a surname
resolved to the fuller name used elsewhere in the article. Pronouns and role nouns resolve to
the nearest compatible preceding named person, preferring one who is the subject of a sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsloom.enrich.quote_docs import doc_text, entities, ents_in, token_indices
from newsloom.enrich.quote_lexicon import (
    FEMALE_PRONOUNS,
    FEMALE_ROLES,
    FEMALE_TITLES,
    GROUP_PRONOUNS,
    MALE_PRONOUNS,
    MALE_ROLES,
    MALE_TITLES,
    PRONOUNS,
    ROLE_NOUNS,
    gender_of_first_name,
)
from newsloom.enrich.records import Enrichment, Entity

# How far back (characters) a pronoun or role looks for a subject-position person before it
# settles for the nearest person mentioned anywhere earlier: about two short paragraphs.
SUBJECT_LOOKBACK_CHARS = 600
# How far before a person mention its role word may stand ("Kremlin spokesman Dmitry Peskov",
# "Pakistan's Ambassador to the UN Asim Iftikhar Ahmad").
ROLE_PREFIX_CHARS = 40
# Titles written before names, by the role noun used later ("Sen. Collins" ... "the senator").
ROLE_ABBREVIATIONS = {
    "senator": ("sen.",),
    "representative": ("rep.",),
    "congressman": ("rep.",),
    "congresswoman": ("rep.",),
    "governor": ("gov.",),
    "general": ("gen.",),
    "lawmaker": ("sen.", "rep."),
    "secretary": ("sec.",),
    "lieutenant": ("lt.",),
    "colonel": ("col.",),
    "sergeant": ("sgt.",),
    "captain": ("capt.",),
    "professor": ("prof.",),
    "attorney": ("atty.",),
}
# Labels the small model gives to people's names by mistake, and the longest such name.
_MISLABELLED = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})
MAX_NAME_TOKENS = 4
# How far (tokens) a subject phrase is searched for a name.
PHRASE_TOKENS = 20
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(slots=True)
class Speaker:
    name: str
    entity_id: str | None
    start: int
    end: int
    is_person: bool


@dataclass(slots=True)
class _Person:
    start: int
    end: int
    name: str
    entity_id: str | None
    gender: str | None
    is_subject: bool
    role_prefix: str  # lower-cased text just before the mention, for role nouns


class SpeakerResolver:
    """Per-article index of the people and organisations a speaker may refer to."""

    def __init__(self, doc: Doc, found: Enrichment) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self._entity_spans: list[tuple[int, int, Entity]] = sorted(
            (m.start, m.end, e) for e in found.entities for m in e.mentions
        )
        self._entity_starts = [s for s, _, _ in self._entity_spans]
        self._full_names = self._surname_table(doc)
        # Resolved people by last name: a mention the entity stage missed still gets the
        # canonical name and id ("Zelenskyy, who had come to Washington, ...").
        self._surname_entities: dict[str, Entity] = {}
        for ent in found.entities:
            if ent.label == "PERSON" and len(ent.name.split()) > 1:
                last = ent.name.split()[-1].lower()
                self._surname_entities[last] = ent
                self._full_names[last] = ent.name
        self.people = self._people(doc)
        self._people_ends = [p.end for p in self.people]
        self._gender_by_name = {p.name: p.gender for p in self.people if p.gender is not None}
        self.last_group_speaker: Speaker | None = None
        self.last_person_speaker: Speaker | None = None

    def spoke(self, speaker: Speaker | None) -> None:
        """Remember the latest speaker: pronouns prefer whoever spoke last."""
        if speaker is None:
            return
        if speaker.is_person:
            self.last_person_speaker = speaker
        else:
            self.last_group_speaker = speaker

    # -- building the index -------------------------------------------------------------

    @staticmethod
    def _surname_table(doc: Doc) -> dict[str, str]:
        """Last name -> the longest full name ending with it (in-article resolution)."""
        table: dict[str, str] = {}
        for ent in entities(doc)[0]:
            if not is_person_span(ent):
                continue
            name = _clean_name(ent.text)
            parts = name.split()
            if not parts:
                continue
            last = parts[-1].lower()
            if len(name) > len(table.get(last, "")):
                table[last] = name
        return table

    def _people(self, doc: Doc) -> list[_Person]:
        people: list[_Person] = []
        covered: set[int] = set()
        if self._entity_spans:
            for start, end, ent in self._entity_spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    covered.update(range(span.start, span.end))
                if ent.label == "PERSON":
                    people.append(self._person(start, end, ent.name, ent.id, span))
        else:
            for span in entities(doc)[0]:
                if is_person_span(span):
                    name = self._full_name(_clean_name(span.text))
                    people.append(self._person(span.start_char, span.end_char, name, None, span))
                    covered.update(range(span.start, span.end))
        # A surname nobody tagged ("Jeffries disagreed.") after the full name was.
        for i in token_indices(doc, frozenset(self._full_names), cache=False):
            tok = doc[i]
            if i not in covered and _name_like(tok):
                name = self._full_names[tok.lower_]
                known = self._surname_entities.get(tok.lower_)
                one = doc[i : i + 1]
                people.append(
                    self._person(
                        tok.idx, tok.idx + len(tok), name, known.id if known else None, one
                    )
                )
        people.sort(key=lambda p: p.end)
        return people

    def _person(
        self, start: int, end: int, name: str, entity_id: str | None, span: Span | None
    ) -> _Person:
        prefix = self.text[max(0, start - ROLE_PREFIX_CHARS) : start].lower()
        gender = gender_of_first_name(name.split()[0]) if name.split() else None
        words = prefix.replace(".", " ").split()
        if words and words[-1] in {t.strip(".") for t in MALE_TITLES} | MALE_ROLES:
            gender = "m"
        elif words and words[-1] in {t.strip(".") for t in FEMALE_TITLES} | FEMALE_ROLES:
            gender = "f"
        is_subject = False
        if span is not None and len(span):
            root = span.root
            is_subject = root.dep_ in _SUBJECT_DEPS or (
                root.dep_ in ("compound", "appos") and root.head.dep_ in _SUBJECT_DEPS
            )
        return _Person(start, end, name, entity_id, gender, is_subject, prefix)

    def _full_name(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1:
            return self._full_names.get(parts[0].lower(), name)
        return name

    # -- resolution ----------------------------------------------------------------------

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The resolved entity with a mention overlapping ``[start, end)``."""
        i = bisect_right(self._entity_starts, end) - 1
        while i >= 0:
            s, e, ent = self._entity_spans[i]
            if e > start and s < end:
                return ent
            if s < start - 200:  # mentions are short; nothing further back overlaps
                break
            i -= 1
        return None

    def from_subject(self, subj: Token) -> Speaker | None:
        """The speaker a subject token stands for."""
        low = subj.lower_
        if low in PRONOUNS:
            return self._pronoun(subj)
        name_span = _name_in_phrase(subj)
        if name_span is not None:
            return self._named(name_span)
        phrase = _noun_phrase(subj)
        if (
            _name_like(subj)
            and subj.lower_ in self._full_names
            and self.entity_at(subj.idx, subj.idx + len(subj)) is None
        ):
            known = self._surname_entities.get(subj.lower_)
            name = self._full_names[subj.lower_]
            ent_id = known.id if known else None
            return Speaker(name, ent_id, subj.idx, subj.idx + len(subj), True)
        inner = self._person_entity_in(subj)
        if inner is not None:
            inner_ent, start, end = inner
            return Speaker(inner_ent.name, inner_ent.id, start, end, True)
        if low in ROLE_NOUNS and subj.i > 0 and _definite(subj):
            person = self._role(subj, low)
            if person is not None:
                return Speaker(
                    person.name, person.entity_id, phrase.start_char, phrase.end_char, True
                )
        text = phrase.text.strip()
        if not text:
            return None
        ent = self.entity_at(phrase.start_char, phrase.end_char)
        if ent is not None and ent.label == "PERSON":
            return Speaker(ent.name, ent.id, phrase.start_char, phrase.end_char, True)
        head = self.entity_at(subj.idx, subj.idx + len(subj))
        if head is not None and head.label in ("ORG", "NORP", "GPE"):
            # An organisation heads the phrase ("The Kremlin", "The NDMA"): its canonical name
            # and id, so that its statements gather under one entity.
            return Speaker(head.name, head.id, phrase.start_char, phrase.end_char, False)
        return Speaker(text, None, phrase.start_char, phrase.end_char, False)

    def _person_entity_in(self, subj: Token) -> tuple[Entity, int, int] | None:
        """A resolved PERSON mentioned inside the subject phrase, where spaCy's NER missed
        it (``Pakistan's Ambassador to the UN Asim Iftikhar Ahmad``)."""
        if not self._entity_spans:
            return None
        doc = subj.doc
        lo = subj.left_edge.i
        hi = min(subj.right_edge.i + 1, subj.i + PHRASE_TOKENS)
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        i = bisect_right(self._entity_starts, end) - 1
        best: tuple[Entity, int, int] | None = None
        while i >= 0 and self._entity_spans[i][0] >= start:
            s, e, ent = self._entity_spans[i]
            if ent.label == "PERSON" and e <= end:
                best = (ent, s, e)  # keeps the leftmost: the head of "NAME, role of ORG"
            i -= 1
        return best

    def _named(self, span: Span) -> Speaker:
        ent = self.entity_at(span.start_char, span.end_char)
        if ent is not None:
            return Speaker(ent.name, ent.id, span.start_char, span.end_char, ent.label == "PERSON")
        is_person = is_person_span(span)
        name = _clean_name(span.text)
        if is_person:
            name = self._full_name(name)
        return Speaker(name, None, span.start_char, span.end_char, is_person)

    def _pronoun(self, tok: Token) -> Speaker | None:
        low = tok.lower_
        if low in GROUP_PRONOUNS:
            if self.last_group_speaker is not None:
                g = self.last_group_speaker
                return Speaker(g.name, g.entity_id, tok.idx, tok.idx + len(tok), False)
            return Speaker(tok.text, None, tok.idx, tok.idx + len(tok), False)
        gender = "m" if low in MALE_PRONOUNS else "f" if low in FEMALE_PRONOUNS else None
        person = self._nearest(tok.idx, gender)
        last = self.last_person_speaker
        if (
            last is not None
            and last.end <= tok.idx
            and tok.idx - last.end <= SUBJECT_LOOKBACK_CHARS
            and (person is None or last.end > person.end)
            and self._gender_of(last.name) in (None, gender)
        ):
            # The last speaker was named after the nearest subject: "The head of Ukrenergo,
            # Volodymyr Kudrytskyi, told the BBC ... He said ..."
            return Speaker(last.name, last.entity_id, tok.idx, tok.idx + len(tok), True)
        if person is None:
            return Speaker(tok.text, None, tok.idx, tok.idx + len(tok), False)
        return Speaker(person.name, person.entity_id, tok.idx, tok.idx + len(tok), True)

    def _gender_of(self, name: str) -> str | None:
        if name in self._gender_by_name:
            return self._gender_by_name[name]
        return gender_of_first_name(name.split()[0]) if name.split() else None

    def _nearest(self, pos: int, gender: str | None, role: str | None = None) -> _Person | None:
        """The nearest compatible person mentioned before ``pos``: a sentence subject within
        ``SUBJECT_LOOKBACK_CHARS`` first, else the nearest one at any distance."""
        i = bisect_right(self._people_ends, pos) - 1
        fallback: _Person | None = None
        while i >= 0:
            p = self.people[i]
            i -= 1
            if gender is not None and p.gender is not None and p.gender != gender:
                continue
            if role is not None and role not in p.role_prefix:
                continue
            if fallback is None:
                fallback = p
            if pos - p.end > SUBJECT_LOOKBACK_CHARS:
                break
            if p.is_subject:
                return p
        return fallback

    def _role(self, tok: Token, role: str) -> _Person | None:
        """The person a role noun stands for: the nearest one introduced with that role
        (``Sen. Susan Collins`` for "the senator"), else the nearest compatible person."""
        gender = "m" if role in MALE_ROLES else "f" if role in FEMALE_ROLES else None
        for form in (role, *ROLE_ABBREVIATIONS.get(role, ())):
            person = self._nearest(tok.idx, gender, form)
            if person is not None:
                return person
        return self._nearest(tok.idx, gender)


def _name_like(tok: Token) -> bool:
    """A proper noun, or a capitalised subject the tagger took for a common noun
    ("Jeffries disagreed")."""
    return tok.pos_ == "PROPN" or (
        tok.pos_ == "NOUN" and tok.text[:1].isupper() and tok.dep_ in _SUBJECT_DEPS
    )


def is_person_span(span: Span) -> bool:
    """spaCy's PERSON, or a name it mislabelled (the small model tags "Hakeem Jeffries" ORG):
    two to four capitalised words starting with a common first name."""
    if span.label_ == "PERSON":
        return True
    if span.label_ not in _MISLABELLED or not 2 <= len(span) <= MAX_NAME_TOKENS:
        return False
    words = [t for t in span if not t.is_punct]
    return gender_of_first_name(words[0].text) is not None and all(
        t.text[:1].isupper() for t in words
    )


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) or (
        any(c.dep_ == "poss" for c in tok.children)
    )


def _clean_name(text: str) -> str:
    text = text.strip()
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return " ".join(text.split())


def _noun_phrase(tok: Token) -> Span:
    """The subject's noun phrase up to its head: ``the Ukrainian army``, ``an official
    statement`` (relative clauses and appositions after the head are left out)."""
    doc = tok.doc
    start = tok.left_edge.i
    for k in range(tok.i - 1, start - 1, -1):
        if "\n" in doc[k].text:  # a heading the parser ran into the sentence
            start = k + 1
            break
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = tok.i + 1
    # Keep a name's right-hand parts ("the National Disaster Management Authority (NDMA)").
    if tok.ent_type_ and tok.ent_iob_ != "O":
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return doc[start:end]


def _name_in_phrase(tok: Token) -> Span | None:
    """A named entity heading or inside the subject phrase, the person closest to the head
    first (appositions included: ``Victor Trehubov, spokesman for local ground forces``)."""
    doc = tok.doc
    if tok.ent_type_:
        for ent in ents_in(doc, max(0, tok.i - PHRASE_TOKENS), tok.i + PHRASE_TOKENS):
            if ent.start <= tok.i < ent.end and is_person_span(ent):
                return ent
    lo, hi = tok.left_edge.i, tok.right_edge.i + 1
    if hi - lo > PHRASE_TOKENS:  # a clause-sized subject: look near the head only
        lo, hi = max(lo, tok.i - PHRASE_TOKENS // 2), min(hi, tok.i + PHRASE_TOKENS // 2)
    people = [ent for ent in ents_in(doc, lo, hi) if is_person_span(ent)]
    if not people:
        return None
    # An apposition naming the subject ("The head of Ukrenergo, Volodymyr Kudrytskyi,") and
    # a full name beat a single word closer to the head (often a mis-tagged organisation).
    return min(
        people,
        key=lambda e: (e.root.dep_ != "appos", len(e) < 2, abs(e.root.i - tok.i)),
    )
