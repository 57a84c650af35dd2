"""Claims the article flags: made without evidence, denied, or accusations, with their speaker.

One regex pass over the article finds the flagging words (``without providing evidence``,
``offered no evidence``, ``did not present documents``, ``baseless``; ``denied the claim``,
``rejected the accusation``, ``dismissed reports``; ``accused X of``). Each match yields one
claim per sentence and kind, spanning the sentence. The speaker is the speaker of a quote
attributed in the same sentence when there is one (``He asserted, without providing evidence,
that '...'``), else the subject of the verb the cue belongs to (``The Kremlin denied the
claim``), resolved like quote speakers (pronouns and roles to the nearest person).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from newsloom.enrich.base import ArticleContext
from newsloom.enrich.quote_docs import doc_text
from newsloom.enrich.quote_speakers import Speaker, SpeakerResolver
from newsloom.enrich.quotes import subject_of
from newsloom.enrich.records import Claim, ClaimKind, Enrichment, Quote
from newsloom.model import content_id

_EVIDENCE = r"(?:evidence|proof|documents?|documentation|details|specifics|examples|data|support)"
_PROVIDE = (
    r"(?:provid(?:e|es|ed|ing)|offer(?:s|ed|ing)?|giv(?:e|es|en|ing)|gave|cit(?:e|es|ed|ing)|"
    r"present(?:s|ed|ing)?|produc(?:e|es|ed|ing)|show(?:s|ed|n|ing)?|shar(?:e|es|ed|ing)|"
    r"back(?:ed|ing)?\s+(?:it|this|that|them)\s+up\s+with|suppl(?:y|ied|ies|ying))"
)
_UNSUPPORTED = (
    rf"without\s+(?:{_PROVIDE}\s+)?(?:any\s+)?{_EVIDENCE}"
    rf"|{_PROVIDE}\s+no\s+{_EVIDENCE}"
    rf"|(?:did|does|do|could|would)\s*(?:not|n't)\s+{_PROVIDE}\s+(?:any\s+)?"
    rf"(?:\w+\s+)?{_EVIDENCE}"
    rf"|(?:did|does|do|could|would)\s*(?:not|n't)\s+(?:back\s+up|substantiate|support|"
    rf"name\s+(?:any\s+)?specific)"
    rf"|no\s+evidence\s+(?:to\s+support|for|of|that)"
    rf"|(?:unsubstantiated|unfounded|baseless|unproven|unverified)"
    rf"|(?:false|debunked)\s+claims?"
)
_CLAIM_NOUN = (
    r"(?:claims?|allegations?|accusations?|charges?|reports?|assertions?|suggestions?|"
    r"rumou?rs?|wrongdoing|involvement|responsibility)"
)
_DENIAL = (
    rf"(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|"
    rf"rebut(?:s|ted|ting)?|disput(?:e|es|ed|ing)|repudiat(?:e|es|ed|ing))\s+"
    rf"(?:(?:the|these|those|such|any|all|a|his|her|their|its|this|that|[\w'’-]+'s)\s+)?"
    rf"(?:[\w'’-]+\s+){{0,2}}?{_CLAIM_NOUN}\b"
    rf"|den(?:y|ies|ied|ying)\s+(?:that|it|them|this)\b"
    rf"|(?:called|described)\s+(?:the\s+)?(?:claims?|allegations?|accusations?|reports?)\s+"
    rf"(?:as\s+)?(?:false|untrue|lies|fabricated|fake)"
)
_ACCUSATION = (
    r"accus(?:e|es|ed|ing)\s+(?:[\w'’.-]+\s+){1,6}?of\b"
    r"|blam(?:e|es|ed|ing)\s+(?:[\w'’.-]+\s+){1,6}?for\b"
    r"|alleg(?:e|es|ed|ing)\s+that"
    r"|charg(?:es|ed)\s+that"
)
CLAIM_CUES = re.compile(
    rf"\b(?:(?P<unsupported>{_UNSUPPORTED})|(?P<denial>{_DENIAL})|(?P<accusation>{_ACCUSATION}))",
    re.IGNORECASE,
)
# A cue this far (tokens) below its verb still belongs to it ("He asserted, without
# providing evidence, that ..." is 2 hops from "evidence" to "asserted").
MAX_HEAD_HOPS = 6


class ClaimExtractor:
    """Unsupported claims, denials and accusations (see the module docstring)."""

    name = "claims"

    def extract(self, doc: Doc, ctx: ArticleContext, found: Enrichment) -> None:
        text = doc_text(doc)
        if text != ctx.article.text:
            found.notes.append("claims: the parsed text differs from the article text; skipped")
            return
        if not text.strip():
            return
        sents = list(doc.sents)
        sent_starts = [s.start_char for s in sents]
        quotes_by_sentence = _quotes_by_sentence(found.quotes, sent_starts)
        resolver: SpeakerResolver | None = None
        seen: set[tuple[int, str]] = set()
        for m in CLAIM_CUES.finditer(text):
            kind: ClaimKind = m.lastgroup  # type: ignore[assignment]
            k = bisect_right(sent_starts, m.start()) - 1
            if k < 0 or (k, kind) in seen:
                continue
            seen.add((k, kind))
            sent = sents[k]
            speaker = _quoted_speaker(quotes_by_sentence.get(k, []))
            if speaker is None:
                if resolver is None:
                    resolver = SpeakerResolver(doc, found)
                speaker = _cue_speaker(doc, sent, m.start(), resolver)
            start, end = _trim(text, sent.start_char, sent.end_char)
            cue = " ".join(m.group().split())
            found.claims.append(
                Claim(
                    id=content_id("claim", kind, text[start:end], cue),
                    start=start,
                    end=end,
                    text=text[start:end],
                    kind=kind,
                    cue=cue,
                    speaker=speaker.name if speaker else None,
                    speaker_id=speaker.entity_id if speaker else None,
                )
            )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quotes_by_sentence(quotes: list[Quote], sent_starts: list[int]) -> dict[int, list[Quote]]:
    out: dict[int, list[Quote]] = {}
    for q in quotes:
        if q.speaker is None:
            continue
        # A quote counts for the sentences its words and its attribution fall in.
        for pos in {q.start, q.speaker_start if q.speaker_start is not None else q.start}:
            k = bisect_right(sent_starts, pos) - 1
            if k >= 0:
                out.setdefault(k, []).append(q)
    return out


def _quoted_speaker(quotes: list[Quote]) -> Speaker | None:
    for q in quotes:
        if q.speaker is not None:
            return Speaker(
                q.speaker,
                q.speaker_id,
                q.speaker_start or 0,
                q.speaker_end or 0,
                q.speaker_id is not None,
            )
    return None


def _cue_speaker(doc: Doc, sent: Span, pos: int, resolver: SpeakerResolver) -> Speaker | None:
    """The subject of the verb the cue hangs from (or of the sentence's main verb)."""
    tok = _token_at(sent, pos)
    if tok is None:
        return None
    while tok.dep_ in ("aux", "auxpass", "neg") and tok.head is not tok:
        tok = tok.head  # "did not present": the verb is "present"
    verb: Token | None = None
    hops = 0
    cur = tok
    while hops < MAX_HEAD_HOPS:
        if cur.pos_ in ("VERB", "AUX") and subject_of(cur) is not None:
            verb = cur
            break
        if cur.head is cur:
            break
        cur = cur.head
        hops += 1
    if verb is None:
        verb = sent.root
    subj = subject_of(verb)
    return resolver.from_subject(subj) if subj is not None else None


def _token_at(sent: Span, pos: int) -> Token | None:
    for tok in sent:  # one sentence per claim: short
        if tok.idx <= pos < tok.idx + len(tok) or tok.idx >= pos:
            return tok
    return None
