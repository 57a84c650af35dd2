"""The query language renders to FTS5 and tsquery with every user word quoted or bound."""

from __future__ import annotations

import pytest

from newsloom.errors import QuerySyntaxError
from newsloom.store.query import parse_query, to_fts5, to_tsquery_sql, words_of


@pytest.mark.parametrize(
    ("text", "fts5"),
    [
        ("ceasefire talks", '("ceasefire" AND "talks")'),
        ('"peace talks" kyiv', '("peace talks" AND "kyiv")'),
        ("a OR b c", '("a" OR ("b" AND "c"))'),
        ("kyiv -moscow", '(("kyiv") NOT "moscow")'),
        ("zelen*", '"zelen" *'),
        ('say "hi""', None),
        ("DROP TABLE", '("DROP" AND "TABLE")'),
        ('x"y', None),
        ("or and not", '("or" AND "and" AND "not")'),  # lower case: plain words
    ],
)
def test_fts5_rendering(text: str, fts5: str | None) -> None:
    if fts5 is None:
        with pytest.raises(QuerySyntaxError):
            parse_query(text)
        return
    node = parse_query(text)
    assert node is not None and to_fts5(node) == fts5


def test_empty_query_lists_everything() -> None:
    assert parse_query("   ") is None
    assert words_of(None) == []


def test_tsquery_binds_every_word() -> None:
    node = parse_query('kyiv\' -"peace talks" gov*')
    assert node is not None
    sql, params = to_tsquery_sql(node)
    assert "kyiv" not in sql and params == ["kyiv'", "gov:*", "peace talks"]
    assert sql.count("?") == 3
    assert words_of(node) == ["kyiv'", "gov"]
