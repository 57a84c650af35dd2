"""The Jinja2 environment: autoescape on for every template, and the filters pages use."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from newsloom.web import TEMPLATE_DIR
from newsloom.web.charts import parse_when

SAFE_SCHEMES = {"http", "https"}


def safe_href(url: str | None) -> str | None:
    """The URL when it is an http(s) link, else None: scraped ``javascript:``, ``data:`` and
    ``vbscript:`` URLs must never become a link (autoescaping does not stop them)."""
    if not url:
        return None
    cleaned = url.strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return cleaned


def when(value: str | None, with_time: bool = True) -> str:
    t = parse_when(value)
    if t is None:
        return "undated"
    if with_time and (t.hour or t.minute):
        return t.strftime("%d %b %Y, %H:%M")
    return t.strftime("%d %b %Y")


def host(url: str | None) -> str:
    href = safe_href(url)
    return urlsplit(href).netloc if href else ""


def query(base: dict[str, Any], **changes: Any) -> str:
    """A query string: ``base`` with ``changes`` applied; empty values are left out."""
    merged = {**base, **changes}
    return urlencode(
        {k: v for k, v in merged.items() if v not in (None, "") and not (k == "offset" and v == 0)}
    )


def shorten(text: str | None, limit: int = 240) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


_QUERY_WORD = re.compile(r"(\w+)(\*?)")
QUERY_OPERATORS = {"AND", "OR", "NOT"}


def mark_terms(snippet: str, query: str) -> Markup:
    """The snippet with the query's words in ``<mark>``: every slice escaped, as in
    ``highlight.py``; a ``prefix*`` marks the words it matches."""
    terms = [
        re.escape(word) + (r"\w*" if star else r"\b")
        for word, star in _QUERY_WORD.findall(query)
        if word not in QUERY_OPERATORS
    ]
    if not terms:
        return escape(snippet)
    pattern = re.compile(r"\b(?:" + "|".join(terms) + ")", re.IGNORECASE)
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(snippet):
        parts.append(escape(snippet[pos : m.start()]))
        parts.append(Markup("<mark>{}</mark>").format(m.group(0)))
        pos = m.end()
    parts.append(escape(snippet[pos:]))
    return Markup("".join(parts))


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,  # every template, whatever its file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        safe_href=safe_href, when=when, host=host, shorten=shorten, mark_terms=mark_terms
    )
    env.globals.update(query=query, now=datetime.now)
    return env
