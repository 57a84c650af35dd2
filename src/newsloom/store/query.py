"""The search query language, parsed once and rendered for each backend.

Users type what they type in any search box: words (all must match), ``"a phrase"``,
``-excluded``, ``prefix*``, ``OR``, ``AND``, ``NOT`` and parentheses. Parsing it ourselves
rather than handing it to FTS5 or ``websearch_to_tsquery`` gives both backends the same
meaning and the same errors: a word like ``DROP`` or ``'`` is always a word to look for, never
syntax, and a malformed query (unbalanced quote or bracket, dangling operator) is a
``QuerySyntaxError`` naming the problem, which the API turns into a 400.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsloom.errors import QuerySyntaxError

OPERATORS = {"AND", "OR", "NOT"}  # upper case only, so "or" and "not" stay searchable words
_WORD = re.compile(r"\w")
_TOKEN = re.compile(r'-?"[^"]*"?|-?\(|\)|[^\s()"]+')


@dataclass(slots=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(slots=True)
class Phrase:
    text: str


@dataclass(slots=True)
class And:
    items: list[Node] = field(default_factory=list)
    excluded: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Or:
    items: list[Node]


Node = Term | Phrase | And | Or


def parse_query(text: str) -> Node | None:
    """The query tree, or None for an empty query (which lists everything)."""
    if not text.strip():
        return None
    tokens = _tokens(text)
    if not tokens:
        raise QuerySyntaxError(f"the query {text!r} has no words to search for")
    parser = _Parser(tokens, text)
    node = parser.or_expr()
    if parser.pos < len(tokens):
        raise QuerySyntaxError(f"unexpected {tokens[parser.pos]!r} in the query {text!r}")
    return node


def words_of(node: Node | None) -> list[str]:
    """The positive words of a query (for snippets and highlighting)."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node.text]
    if isinstance(node, Phrase):
        return node.text.split()
    return [w for item in node.items for w in words_of(item)]


def to_fts5(node: Node) -> str:
    """FTS5 MATCH syntax: every word and phrase double-quoted, so no user text is syntax."""
    if isinstance(node, Term):
        return _fts5_string(node.text) + (" *" if node.prefix else "")
    if isinstance(node, Phrase):
        return _fts5_string(node.text)
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(n) for n in node.items) + ")"
    out = "(" + " AND ".join(to_fts5(n) for n in node.items) + ")"
    for ex in node.excluded:  # FTS5's NOT is binary: a NOT b
        out = f"({out} NOT {to_fts5(ex)})"
    return out


def to_tsquery_sql(node: Node, config: str = "english") -> tuple[str, list[str]]:
    """A PostgreSQL tsquery expression with every word passed as a ``?`` parameter."""
    params: list[str] = []

    def render(n: Node) -> str:
        if isinstance(n, Term) and n.prefix:
            # prefixes match stemmed lexemes; only word characters reach to_tsquery's syntax
            params.append(" <-> ".join(re.findall(r"\w+", n.text.lower())) + ":*")
            return "to_tsquery('simple', ?)"
        if isinstance(n, Term):
            params.append(n.text)
            return f"websearch_to_tsquery('{config}', ?)"
        if isinstance(n, Phrase):
            params.append(n.text)
            return f"phraseto_tsquery('{config}', ?)"
        if isinstance(n, Or):
            return "(" + " || ".join(render(i) for i in n.items) + ")"
        parts = [render(i) for i in n.items] + [f"!!{render(e)}" for e in n.excluded]
        return "(" + " && ".join(parts) + ")"

    return render(node), params


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _tokens(text: str) -> list[str]:
    out = []
    for tok in _TOKEN.findall(text):
        if tok[:2] in ('-"', "-("):  # an excluded phrase or group
            out.append("-")
            tok = tok[1:]
        if tok.startswith('"'):
            if len(tok) == 1 or not tok.endswith('"'):
                raise QuerySyntaxError(f"unbalanced double quote in the query {text!r}")
            if _WORD.search(tok):
                out.append(tok)
            continue
        if tok in "()" or tok in OPERATORS:
            out.append(tok)
        elif tok.startswith("-") and _WORD.search(tok):
            out.extend(["-", tok.lstrip("-")])
        elif _WORD.search(tok):  # tokens of punctuation alone match nothing: dropped
            out.append(tok)
    return out


class _Parser:
    """or_expr := and_expr (OR and_expr)*;  and_expr := unary ((AND)? unary)*;
    unary := (NOT | -)? atom;  atom := ( or_expr ) | "phrase" | word[*]"""

    def __init__(self, tokens: list[str], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def fail(self, problem: str) -> QuerySyntaxError:
        return QuerySyntaxError(f"{problem} in the query {self.text!r}")

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.peek() == "OR":
            self.pos += 1
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(items)

    def and_expr(self) -> Node:
        group = And()
        while True:
            tok = self.peek()
            if tok is None or tok in (")", "OR"):
                break
            if tok == "AND":
                if not group.items and not group.excluded:
                    raise self.fail("AND with nothing before it")
                self.pos += 1
                if self.peek() in (None, ")", "OR", "AND"):
                    raise self.fail("AND with nothing after it")
                continue
            if tok in ("NOT", "-"):
                self.pos += 1
                if self.peek() in (None, ")", "OR", "AND", "NOT"):
                    raise self.fail(f"{tok} with nothing after it")
                group.excluded.append(self.atom())
                continue
            group.items.append(self.atom())
        if not group.items:
            if group.excluded:
                raise self.fail("only excluded words (say what to look for too)")
            raise self.fail("an empty group or an operator with nothing beside it")
        if len(group.items) == 1 and not group.excluded:
            return group.items[0]
        return group

    def atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("the query ends too early")
        self.pos += 1
        if tok == "(":
            node = self.or_expr()
            if self.peek() != ")":
                raise self.fail("unbalanced parenthesis")
            self.pos += 1
            return node
        if tok == ")":
            raise self.fail("unbalanced parenthesis")
        if tok.startswith('"'):
            return Phrase(" ".join(tok[1:-1].split()))
        if tok.endswith("*") and len(tok) > 1:
            return Term(tok.rstrip("*"), prefix=True)
        return Term(tok)
