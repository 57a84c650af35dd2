"""Article text as HTML with its quotes, entities and places highlighted by their offsets.

Scraped text is hostile, so the HTML is built by escaping every slice of the text and adding
only tags and attributes this module writes; nothing from the text is ever inserted raw.
Quotes are the outer layer, mentions (entities, places) the inner one; a span that crosses a
paragraph is split at the paragraph break, and a mention that crosses a quote's edge is
dropped rather than producing tags that do not nest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote as url_quote

from markupsafe import Markup, escape

from newsloom.enrich.records import Enrichment


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str  # "quote", "entity" or "place"
    css: str  # extra CSS class (the entity label, the quote kind)
    title: str  # tooltip: the speaker, the canonical name, the gazetteer name
    href: str | None = None
    ref: str | None = None  # a quote's id, so the sidebar can point at it


@dataclass(slots=True)
class Block:
    """One paragraph of the article, its HTML, and whether it is a subheading."""

    html: Markup
    heading: bool


def spans_of(enrichment: Enrichment, text_len: int) -> tuple[list[Span], list[Span]]:
    """The quote spans and the mention spans (entities first, then places not covered)."""
    quotes = [
        Span(
            q.start,
            q.end,
            "quote",
            q.kind,
            f"{q.speaker or 'unknown speaker'} ({q.kind} quote)",
            ref=q.id,
        )
        for q in enrichment.quotes
    ]
    mentions = [
        Span(m.start, m.end, "entity", e.label, f"{e.name} ({e.label})", href=f"/entities/{e.id}")
        for e in enrichment.entities
        for m in e.mentions
    ]
    for p in enrichment.places:
        where = ", ".join(x for x in (p.name, p.admin1, p.country) if x)
        mentions.append(Span(p.start, p.end, "place", p.feature or "place", where))
    return _non_overlapping(quotes, text_len), _non_overlapping(mentions, text_len)


def _non_overlapping(spans: Iterable[Span], text_len: int) -> list[Span]:
    """Valid spans, earliest first; of two that overlap the earlier (then longer) one wins."""
    valid = [s for s in spans if 0 <= s.start < s.end <= text_len]
    valid.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for s in valid:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; paragraphs are separated by blank lines."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    while pos <= len(text):
        nxt = text.find("\n\n", pos)
        end = len(text) if nxt < 0 else nxt
        if text[pos:end].strip():
            ranges.append((pos, end))
        if nxt < 0:
            break
        pos = nxt + 2
    return ranges


def highlight(text: str, enrichment: Enrichment, headings: Sequence[str] = ()) -> list[Block]:
    """The article as paragraphs of safe HTML with the annotations marked up."""
    quotes, mentions = spans_of(enrichment, len(text))
    heading_set = {h.strip() for h in headings if h}
    blocks: list[Block] = []
    for start, end in paragraph_ranges(text):
        para_quotes = _clip(quotes, start, end)
        para_mentions = [
            m for m in _clip(mentions, start, end) if not any(_crosses(m, q) for q in para_quotes)
        ]
        html = _render(text, start, end, para_quotes, para_mentions)
        blocks.append(Block(html, text[start:end].strip() in heading_set))
    return blocks


def _clip(spans: list[Span], start: int, end: int) -> list[Span]:
    out = []
    for s in spans:
        if s.start < end and start < s.end:
            out.append(
                Span(max(s.start, start), min(s.end, end), s.kind, s.css, s.title, s.href, s.ref)
            )
    return out


def _crosses(mention: Span, quote: Span) -> bool:
    """The mention overlaps the quote without lying inside it (so the tags could not nest)."""
    overlaps = quote.start < mention.end and mention.start < quote.end
    inside = quote.start <= mention.start and mention.end <= quote.end
    return overlaps and not inside


def _render(text: str, start: int, end: int, quotes: list[Span], mentions: list[Span]) -> Markup:
    parts: list[str] = []
    pos = start
    for q in quotes:
        parts.append(_render_mentions(text, pos, q.start, mentions))
        inner = _render_mentions(text, q.start, q.end, mentions)
        ref = Markup(' id="q-{}"').format(q.ref) if q.ref else Markup("")
        parts.append(
            Markup('<mark class="quote quote-{}"{} title="{}">{}</mark>').format(
                q.css, ref, q.title, Markup(inner)
            )
        )
        pos = q.end
    parts.append(_render_mentions(text, pos, end, mentions))
    return Markup("".join(parts))


def _render_mentions(text: str, start: int, end: int, mentions: list[Span]) -> str:
    parts: list[str] = []
    pos = start
    for m in mentions:
        if m.start < start or m.end > end:
            continue
        parts.append(escape(text[pos : m.start]))
        label = escape(text[m.start : m.end])
        if m.href:
            parts.append(
                Markup('<a class="ent ent-{}" href="{}" title="{}">{}</a>').format(
                    m.css, url_quote(m.href, safe="/-_"), m.title, label
                )
            )
        else:
            parts.append(
                Markup('<span class="place place-{}" title="{}">{}</span>').format(
                    m.css, m.title, label
                )
            )
        pos = m.end
    parts.append(escape(text[pos:end]))
    return "".join(parts)
