"""Quotes: who said what, with offsets into the article text.

Direct and partial quotes come from pairing quotation marks (``quote_marks``); each is then
attributed through the dependency parse, looking in this order at

1. a cue verb just after the closing mark (``"...," Peskov told the TASS news agency``,
   ``"...," said Sen. Mitch McConnell``);
2. a speech verb governing the quote (``He said it was "exactly this movement ..."``);
3. a cue verb just before the opening mark (``Peskov said: "..."``);
4. the speaker of the previous quote, when the quote stands alone in the next sentence or
   paragraph (the wire convention for continued quotes).

A quote is ``direct`` when it stands on its own (after a sentence start, a colon or a comma)
and ``mixed`` when the quoted words are part of the reporter's sentence. Quoted fragments no
speech verb governs (scare quotes, titles, nicknames) are not quotes. Indirect speech is the
complement clause of a speech verb (``X said that ...``, ``..., X told reporters``) or the
clause ``according to X`` qualifies, outside any quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.quote_docs import (
    doc_text,
    sentence_of,
    starts_sentence,
    token_indices,
    token_starts,
)
from newsloom.enrich.quote_lexicon import (
    FRAGMENT_VERBS,
    INDIRECT_VERBS,
    PRONOUNS,
    SPEECH_VERBS,
    words,
)
from newsloom.enrich.quote_marks import QuoteSpan, find_quote_spans
from newsloom.enrich.quote_speakers import Speaker, SpeakerResolver
from newsloom.enrich.records import Enrichment, Quote, QuoteKind
from newsloom.model import content_id

# Tokens after a closing mark searched for the cue verb: "Victor Trehubov, spokesman for
# local ground forces, said" is 9 tokens; longer gaps are usually another clause.
CUE_AFTER_TOKENS = 12
# Tokens before an opening mark searched for a cue verb ("Peskov said:" is 2).
CUE_BEFORE_TOKENS = 10
# Head hops from a quote up to the speech verb that governs it: "root causes" in the seed's
# "He said it was "exactly this movement ..." that Russia sees as one of the "root causes"
# behind ..." is 7 hops up, 9 with a nominal in between; only clausal, object and
# prepositional links count, so a long path still stays inside the reported clause.
MAX_HEAD_HOPS = 12
# A quote with no cue of its own continues the previous speaker's quote when it starts within
# this many characters of the previous quote's end (about two paragraphs).
CONTINUATION_CHARS = 800
# Tokens before a subjectless speech verb searched for the subject the parser misplaced.
SUBJECT_FALLBACK_TOKENS = 12
# Where the parser hangs a subject it did not recognise (never an object: "blamed Democrats").
_MISPLACED_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "npadvmod", "appos", "dep", "ROOT"})
_QUOTE_MARK_TOKENS = frozenset({'"', "“", "”", "'", "‘", "’"})
# A speech verb this close to its sentence end may report the clause before it.
ATTRIBUTION_TAIL_TOKENS = 8
# Longest all-capitalised quote taken for a title ("Face the Nation") rather than speech.
TITLE_MAX_WORDS = 8
_INDIRECT_CUES = INDIRECT_VERBS | {"according"}
_TITLE_SMALL_WORDS = words("a an and as at but by for from in into of on or the to with vs")
# Fewest words of a quote with no cue of its own (a continued quote) that is kept: "Zohran
# was." is a real two-word continuation, a lone quoted word is a term.
MIN_UNATTRIBUTED_WORDS = 2
# Longest title abbreviation split off by the tokenizer ("Const.", "Supt.", "Cmdr.").
ABBREVIATION_LETTERS = 5
# Longest wire dateline, in tokens ("WASHINGTON (AP) —" is 5, "KYIV, Ukraine (Reuters) -" 6).
DATELINE_TOKENS = 10
# Shortest indirect-speech clause kept, in tokens ("he would run" is 3).
MIN_INDIRECT_TOKENS = 3
# Dependencies through which a quoted fragment may hang under its speech verb; a subject or a
# name part never does (``Rep. "Jim" Jordan said`` is a nickname, not a quote).
_PATH_DEPS = words(
    "ccomp xcomp dobj attr oprd advcl acomp pobj prep conj parataxis ROOT npadvmod dep "
    "advmod relcl appos pcomp acl"
)
_WH_WORDS = words("what whether if how why who when where which")
_SO_CALLED = re.compile(r"(?:so-called|so called|dubbed|nicknamed|titled|entitled)\s*$", re.I)


class QuoteExtractor:
    """Direct, mixed and indirect quotes with their speakers (see the module docstring)."""

    name = "quotes"

    def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
        text = doc_text(doc)
        if text != ctx.article.text:
            found.notes.append("quotes: the parsed text differs from the article text; skipped")
            return
        if not text.strip():
            return
        starts = token_starts(doc)
        pending: list[_Pending] = []
        direct_spans: list[tuple[int, int]] = []
        for span in find_quote_spans(text):
            tokens = _tokens(doc, starts, span.start, span.end)
            if tokens is None or not any(t.is_alpha for t in tokens):
                continue
            if _SO_CALLED.search(text, max(0, span.open_mark - 12), span.open_mark):
                continue  # a term held at arm's length, not anybody's words
            kind: QuoteKind = "direct" if _stands_alone(doc, text, span) else "mixed"
            if kind == "mixed" and _is_title(tokens, span):
                continue  # "Face the Nation", a sign reading "Troops Out"
            cue = _attribute(doc, starts, span, tokens, kind)
            if cue is None and kind == "mixed":
                continue  # scare quotes, nicknames
            if cue is None and sum(t.is_alpha for t in tokens) < MIN_UNATTRIBUTED_WORDS:
                continue  # a quoted term standing alone ("Chhota"), not a continued quote
            end = span.end
            while end > span.start and text[end - 1] == ",":
                end -= 1  # the comma before "he said" belongs to the sentence, not the quote
            subj = subject_of(cue) if cue is not None else None
            if cue and subj and span.open_mark <= subj.idx < span.close_mark:
                # The parser took a word of the quote for the subject ("The sexy sells," he
                # added): the speaker is the noun or pronoun between the quote and its verb.
                subj = _subject_between(doc, starts, span.close_mark, cue)
            pending.append(_Pending(span.start, end, kind, cue, subj, span.open_mark))
            direct_spans.append((span.open_mark, span.close_mark + 1))
        pending.extend(_indirect(doc, direct_spans))
        # Speakers in reading order: a pronoun refers back to who spoke last.
        pending.sort(key=lambda p: (p.start, p.end))
        resolver = SpeakerResolver(doc, found)
        previous: Quote | None = None
        for p in pending:
            speaker = resolver.from_subject(p.subject) if p.subject is not None else None
            if (
                p.kind != "indirect"
                and p.cue is None
                and previous is not None
                and p.open_mark - previous.end <= CONTINUATION_CHARS
            ):
                speaker = _speaker_of(previous)
            resolver.spoke(speaker)
            quote = _quote(text, p.start, p.end, p.kind, speaker, p.cue)
            found.quotes.append(quote)
            if p.kind != "indirect":
                previous = quote


@dataclass(slots=True)
class _Pending:
    """A quote found but not yet attributed (speakers are resolved in reading order)."""

    start: int
    end: int
    kind: QuoteKind
    cue: Token | None
    subject: Token | None
    open_mark: int


def _speaker_of(q: Quote) -> Speaker | None:
    if q.speaker is None:
        return None
    return Speaker(
        q.speaker, q.speaker_id, q.speaker_start or 0, q.speaker_end or 0, q.speaker_id is not None
    )


def _quote(
    text: str, start: int, end: int, kind: QuoteKind, speaker: Speaker | None, cue: Token | None
) -> Quote:
    quote_text = text[start:end]
    return Quote(
        id=content_id("quote", quote_text, speaker.name if speaker else None),
        start=start,
        end=end,
        text=quote_text,
        kind=kind,
        speaker=speaker.name if speaker else None,
        speaker_id=speaker.entity_id if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        cue=cue.text if cue is not None else None,
        addressee=_addressee(cue) if cue is not None else None,
    )


def _tokens(doc: Doc, starts: list[int], start: int, end: int) -> Span | None:
    """The tokens covering ``[start, end)`` (found by bisection: no per-token scan)."""
    i = max(0, bisect_right(starts, start) - 1)
    j = bisect_left(starts, end)
    if j <= i:
        return None
    return doc[i:j]


def _stands_alone(doc: Doc, text: str, span: QuoteSpan) -> bool:
    """A direct quote follows a sentence or paragraph start, a colon, a comma or a dash."""
    j = span.open_mark - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in "\n:,;.!?—–-(\"“”'‘’"


def _attribute(
    doc: Doc, starts: list[int], span: QuoteSpan, tokens: Span, kind: QuoteKind
) -> Token | None:
    """The cue verb of a quote (or ``according``), None when nothing introduces it."""
    text = doc_text(doc)
    close_i = bisect_left(starts, span.close_mark)
    open_i = bisect_left(starts, span.open_mark)
    quote_text = text[span.start : span.end].rstrip()
    # 1. After the closing mark: when the quote hands over to its attribution (a comma,
    # question or exclamation mark at its end or after the mark; for a quote standing alone,
    # anything but a full stop closing its sentence).
    after = text[span.close_mark + 1 : span.close_mark + 2]
    hands_over = quote_text[-1:] in (",", "?", "!", "—", "-") or after == ","
    if kind == "direct" and quote_text.endswith("."):
        hands_over = _next_word_lower(doc, close_i + 1)
    elif kind == "direct":
        hands_over = True
    if hands_over:
        cue = _cue_after(doc, close_i + 1)
        if cue is not None:
            return cue
    # 2. A speech verb governing the quoted words, within the quote's paragraph.
    cue = _governing_cue(tokens, FRAGMENT_VERBS if kind == "mixed" else SPEECH_VERBS)
    if cue is not None and not _outside(cue, span, text):
        cue = None
    if cue is not None:
        return cue
    # 3. Before the opening mark.
    cue = _cue_before(doc, open_i, tokens)
    if cue is None:
        # "According to Sen. Lindsey Graham, the bill "will pass easily."": the source phrase
        # qualifies the whole sentence, not the quoted words.
        cue = _according_in_sentence(tokens)
    if cue is None and _after_colon(text, span.open_mark):
        # "X put it bluntly:" then the quote, in the same or the next paragraph: the verb
        # introducing it is whatever verb its sentence has.
        cue = _sentence_verb(doc, open_i - 1)
    return cue


def _according_in_sentence(tokens: Span) -> Token | None:
    sent = sentence_of(tokens[0])
    for tok in sent:
        if tok.lower_ == "according" and _is_cue(tok, SPEECH_VERBS):
            return tok
    return None


def _after_colon(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j >= 0 and text[j] == ":"


def _subject_between(doc: Doc, starts: list[int], close_mark: int, cue: Token) -> Token | None:
    """The noun or pronoun between a closing mark and its cue verb (``," he added``), else
    right after the verb (``," added Baker``)."""
    for k in range(cue.i - 1, bisect_right(starts, close_mark) - 1, -1):
        if doc[k].pos_ in ("PROPN", "PRON", "NOUN"):
            return doc[k]
    for k in range(cue.i + 1, min(len(doc), cue.i + 4)):
        if doc[k].pos_ in ("PROPN", "PRON", "NOUN"):
            return doc[k]
    return None


def _sentence_verb(doc: Doc, i: int) -> Token | None:
    while i >= 0 and (doc[i].is_space or doc[i].is_punct):
        i -= 1
    if i < 0:
        return None
    root = sentence_of(doc[i]).root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    subj = subject_of(root)
    # Only a sentence about somebody introduces their words ("Gabriel Sterling ... put it
    # bluntly:"), not a plaque that "reads:" or a filing that "states:".
    if subj is None or not (subj.ent_type_ in ("PERSON", "ORG") or subj.lower_ in PRONOUNS):
        return None
    return root


def _is_title(tokens: Span, span: QuoteSpan) -> bool:
    """A title or label rather than words someone said: every word capitalised (small
    function words aside) in a short quote with no clause of its own."""
    words = [t for t in tokens if t.is_alpha and span.start <= t.idx < span.end]
    if not 2 <= len(words) <= TITLE_MAX_WORDS:
        return False
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp") for t in words[1:]):
        return False
    return all(t.text[0].isupper() or t.lower_ in _TITLE_SMALL_WORDS for t in words)


def _outside(cue: Token, span: QuoteSpan, text: str) -> bool:
    """The cue lies outside the quote and in the same paragraph (the parser sometimes joins
    a quote to the next paragraph's sentence)."""
    pos = cue.idx
    if span.open_mark <= pos <= span.close_mark:
        return False
    lo, hi = (pos, span.open_mark) if pos < span.open_mark else (span.close_mark, pos)
    return "\n" not in text[lo:hi]


def _next_word_lower(doc: Doc, i: int) -> bool:
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space):
        i += 1
    return i < len(doc) and doc[i].text[:1].islower()


def _is_cue(tok: Token, verbs: frozenset[str]) -> bool:
    return (tok.lower_ in verbs and tok.pos_ in ("VERB", "AUX")) or (
        tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    )


def _cue_after(doc: Doc, i: int) -> Token | None:
    end = min(len(doc), i + CUE_AFTER_TOKENS)
    for k in range(i, end):
        tok = doc[k]
        if tok.is_space and "\n" in tok.text:
            return None  # a paragraph break
        if tok.text in ('"', "“", "‘", "'") and k > i:
            return None  # the next quote
        if k > i and starts_sentence(tok) and not doc[k - 1].is_punct:
            return None
        if tok.text in (".", "!", "?", ";") and not _abbreviation_dot(doc, k):
            return None
        if _is_cue(tok, SPEECH_VERBS):
            return tok
    return None


def _abbreviation_dot(doc: Doc, k: int) -> bool:
    """A full stop closing a title the tokenizer split off (``Const. Fanning said``): glued to
    a short capitalised word and followed by a capitalised one."""
    if doc[k].text != "." or k == 0 or k + 1 >= len(doc):
        return False
    prev, nxt = doc[k - 1], doc[k + 1]
    return (
        not prev.whitespace_
        and prev.is_alpha
        and prev.text[0].isupper()
        and len(prev) <= ABBREVIATION_LETTERS
        and nxt.text[:1].isupper()
    )


def _cue_before(doc: Doc, open_i: int, tokens: Span) -> Token | None:
    lo = max(0, open_i - CUE_BEFORE_TOKENS)
    for k in range(open_i - 1, lo - 1, -1):
        tok = doc[k]
        if tok.text in (".", "!", "?", ";") or (tok.is_space and "\n" in tok.text):
            return None
        if tok.text in ('"', "”", "’", "'"):
            return None  # the previous quote's closing mark
        if _is_cue(tok, SPEECH_VERBS):
            prev = doc[open_i - 1] if open_i > 0 else None
            if (prev is not None and prev.text in (":", ",")) or _governs(tok, tokens):
                return tok
            return None
    return None


def _governs(cue: Token, tokens: Span) -> bool:
    return any(cue in t.ancestors for t in (tokens.root,))


def _governing_cue(tokens: Span, verbs: frozenset[str]) -> Token | None:
    """The speech verb the quoted words hang under, through clausal or object relations."""
    tok = tokens.root
    for _ in range(MAX_HEAD_HOPS):
        if tok.dep_ not in _PATH_DEPS or tok.head is tok:
            return None
        tok = tok.head
        if _is_cue(tok, verbs):
            return tok
        if tok.dep_ in ("nsubj", "nsubjpass", "compound"):
            return None
    return None


def _addressee(cue: Token) -> str | None:
    """Who the words were told to: ``told the TASS news agency``, ``said in an interview with
    CNN``, ``said to reporters``."""
    if cue.lower_ == "according":
        return None  # "according to X": X is the speaker
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and cue.lower_ in ("told", "tell", "tells", "telling"):
            return _phrase_text(child)
        if child.dep_ == "prep" and child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _phrase_text(obj)
        if child.dep_ == "prep" and child.lower_ in ("in", "on"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lower_ == "interview":
                    for p in obj.children:
                        if p.dep_ == "prep" and p.lower_ == "with":
                            for o in p.children:
                                if o.dep_ == "pobj":
                                    return _phrase_text(o)
    return None


def _phrase_text(tok: Token) -> str:
    doc = tok.doc
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[tok.left_edge.i : end].text.strip()


def subject_of(verb: Token) -> Token | None:
    """The subject of a speech verb, borrowed from the verb it depends on for participles and
    coordinated verbs (``..., saying ...``; ``smiled and said``)."""
    if verb.lower_ == "according":
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None
    tok = verb
    for _ in range(3):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("who", "that"):
                return child
        head = tok.head
        if tok.dep_ in ("advcl", "conj", "xcomp", "relcl") and head is not tok:
            lo, hi = sorted((head.idx, tok.idx))
            if "\n" in doc_text(tok.doc)[lo:hi]:
                break  # a heading the parser joined to the sentence is nobody's subject
            if tok.dep_ == "relcl":
                return head  # "Peskov, who told reporters ..."
            tok = head
            continue
        break
    return _misparsed_subject(verb)


def _misparsed_subject(verb: Token) -> Token | None:
    """A subject the parser hung elsewhere: ``Peskov, asked about the decision, said`` (Peskov
    under "asked"), ``..., Victor Trehubov, spokesman ..., said`` (an npadvmod): the nearest
    name before the verb in its sentence, not across a clause's own verb."""
    sent_start = sentence_of(verb).start
    for k in range(verb.i - 1, max(sent_start, verb.i - SUBJECT_FALLBACK_TOKENS) - 1, -1):
        tok = verb.doc[k]
        if tok.ent_type_ in ("PERSON", "ORG", "NORP") and tok.dep_ in _MISPLACED_SUBJECT_DEPS:
            return tok
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i < verb.i:
            return tok
        if tok.text in (";", ":", ".") or tok.text in _QUOTE_MARK_TOKENS:
            return None
    return None


def _indirect(doc: Doc, direct: list[tuple[int, int]]) -> list[_Pending]:
    """Reported speech outside quotation marks: the complement clause of a speech verb."""
    out: list[_Pending] = []
    direct_starts = [s for s, _ in direct]

    def inside_direct(lo: int, hi: int) -> bool:
        # Direct spans are sorted and disjoint: only the last one starting before ``hi`` can
        # overlap ``[lo, hi)``.
        k = bisect_left(direct_starts, hi) - 1
        return k >= 0 and direct[k][1] > lo

    for i in token_indices(doc, _INDIRECT_CUES):
        tok = doc[i]
        low = tok.lower_
        clauses: list[Token] = []
        if low == "according":
            spans = [_according_clause(tok)]
        elif low in INDIRECT_VERBS and tok.pos_ in ("VERB", "AUX"):
            spans = []
            clauses = _complements(tok)
            for clause in clauses:
                whole = _clause_span(tok, clause)
                if whole is not None and inside_direct(*whole):
                    # The clause carries a partial quote (that is the quote); a clause
                    # coordinated with it may still be plain reported speech.
                    spans.extend(
                        _clause_span(tok, c)
                        for c in clause.children
                        if c.dep_ == "conj" and any(m.dep_ == "mark" for m in c.children)
                    )
                else:
                    spans.append(whole)
        else:
            continue
        if inside_direct(tok.idx, tok.idx + len(tok)):
            continue
        subj = subject_of(tok)
        if subj is None:
            continue
        if low != "according" and not clauses:
            spans = [_preceding_clause(tok, subj)]
        for span in spans:
            if span is None or inside_direct(*span):
                continue
            out.append(_Pending(span[0], span[1], "indirect", tok, subj, span[0]))
    return out


def _complements(verb: Token) -> list[Token]:
    """The reported clauses of a speech verb: its ``ccomp`` and the clauses coordinated with
    it (``said the sanctions were "illegal" and that ...``); none for a negated or passive
    verb (``would not say what ...``, ``is said to ...``)."""
    if any(c.dep_ in ("neg", "auxpass") for c in verb.children):
        return []
    for child in verb.children:
        if child.dep_ == "ccomp":
            return [child]
    return []


def _preceding_clause(verb: Token, subj: Token) -> tuple[int, int] | None:
    """``<clause>, X said.`` parsed without the clause as the verb's complement: the sentence
    (from its paragraph start) up to the comma before the speaker, when the verb ends its
    sentence and has no object of its own."""
    doc = verb.doc
    sent = sentence_of(verb)
    if verb.i < sent.end - ATTRIBUTION_TAIL_TOKENS or verb.tag_ == "VBN":
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
        return None
    comma = subj.left_edge.i - 1
    if comma <= sent.start or doc[comma].text != "," or subj.i > verb.i:
        return None
    lo, hi = sent.start, comma
    for k in range(hi - 1, lo - 1, -1):
        if "\n" in doc[k].text:  # a heading the parser ran into the sentence
            lo = k + 1
            break
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    has_verb = any(doc[x].pos_ in ("VERB", "AUX") for x in range(lo, hi))
    if hi - lo < MIN_INDIRECT_TOKENS or not has_verb:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _after_dateline(doc: Doc, lo: int, hi: int) -> int:
    """Skip a wire dateline opening the clause ("MEXICO CITY (AP) — Mexico's economy ...")."""
    for k in range(lo, min(hi, lo + DATELINE_TOKENS)):
        if doc[k].text in ("—", "–", "--", "-") and k > lo:
            head = doc[lo:k].text
            if not any(c.islower() for c in head.replace("(Reuters)", "")):
                return k + 1
            return lo
    return lo


def _clause_span(verb: Token, child: Token) -> tuple[int, int] | None:
    """The words of a complement clause: no "that", no edge punctuation, and for a clause
    before the verb nothing of the attribution after it."""
    doc = verb.doc
    lo, hi = child.left_edge.i, child.right_edge.i + 1
    if child.i > verb.i:
        lo = max(lo, verb.i + 1)
    else:
        hi = min(hi, verb.i)
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    if lo < hi and doc[lo].lower_ in _WH_WORDS:
        return None  # an embedded question ("asked whether ..."), not a statement
    lo = _after_dateline(doc, lo, hi)
    while lo < hi and (doc[lo].dep_ == "mark" or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < MIN_INDIRECT_TOKENS:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _according_clause(tok: Token) -> tuple[int, int] | None:
    """The sentence part ``according to X`` qualifies (everything else in the sentence)."""
    if tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].lower_ != "to":
        return None
    sent = sentence_of(tok)
    phrase_lo, phrase_hi = tok.left_edge.i, tok.right_edge.i + 1
    before = (sent.start, phrase_lo)
    after = (phrase_hi, sent.end)
    lo, hi = before if before[1] - before[0] >= after[1] - after[0] else after
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < MIN_INDIRECT_TOKENS:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
