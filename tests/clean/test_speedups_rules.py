"""compiled.rule_candidates: the lines cleaner._score's per-line rules may fire on. The
compiled pass and its Python twin agree, and restricting the rules to the candidates changes
no verdict (a rule added without its necessary condition in the prefilter fails here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import cleaner, compiled
from newsloom.clean.lines import split_lines
from newsloom.clean.reflow import reflow
from newsloom.clean.stopwords import stopwords

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# One line for each rule of the chain, among prose and furniture that match none.
_RULE_LINES = [
    "(function() { var t = 1; window.x = {a: 2}; })();",
    "The mayor speaks at the opening of the new bridge on Monday. (AP Photo/Jane Doe, File)",
    "Crowds gather outside the court AP Photo/John Roe",
    "Firefighters at the scene. Credit: Metro Fire",
    "Jane Roe on March 12, 2018 at 4:47 pm said: I could not agree more with this piece.",
    "Madeline Fry Wednesday November 20, 2019 Joker killed at the box office. John Doe "
    "Thursday November 21, 2019 Tax plan unveiled. Jim Poe Friday November 22, 2019 Storm "
    "hits coast. Ann Lee Saturday November 23, 2019 Markets fall again.",
    "1of4Grass Valley's main street during the parade",
    "Image 2 of 5",
    "3 / 12",
    "Company Town Paramount shakes up distribution ranks as the studio looks for growth "
    "Company Town Paramount shakes up distribution ranks as the studio looks for growth",
    "Ford And Toyota Fight It Out In NASCAR FinaleFord v Toyota flopped as the season ended",
    "Big Deal Is Here Now Again?Yes and more words to make this a longer teaser line",
    "The council voted on Tuesday to approve the budget, which includes new funding for the "
    "city's parks and libraries, after a long debate that lasted well into the evening.",
    "Alex Guerrero: Tom Brady now says he can play until he's 46 or 47 (129)",
    "Home News Sport Weather",
    "Share this article",
    "It was the 3rd time in 20 years that the river flooded the town, residents said.",
]

_CHARS = st.sampled_from(list("aAzZ bcdefgh PhotoFB{};=:)(?!0123456789٣²½é东ß.,-"))
_WORDS = st.text(_CHARS, min_size=1, max_size=8)


@pytest.fixture(params=["compiled", "python"])
def twin(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with the compiled core, then with compiled.rule_candidates on its Python twin."""
    if request.param == "compiled":
        pytest.importorskip("newsloom.clean._speedups")
    else:
        monkeypatch.setattr(compiled, "core", None)
    return str(request.param)


def test_twin_uses_the_cleaners_glued_pattern() -> None:
    assert cleaner.GLUED_JOIN is compiled.GLUED_JOIN


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.lists(_WORDS, min_size=1, max_size=30).map(" ".join), max_size=6),
    st.lists(st.integers(0, 20), min_size=6, max_size=6),
    st.integers(1, 12),
    st.integers(1, 25),
)
def test_compiled_and_python_agree(
    texts: list[str], digits: list[int], twice: int, opening: int
) -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    dg = [float(d) for d in digits[: len(texts)]]
    assert speedups.rule_candidates(texts, dg, twice, opening) == compiled.rule_candidates_py(
        texts, dg, twice, opening
    )


def test_compiled_and_python_agree_on_repeated_heads() -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    texts = [
        "a b c d a b c d",  # the head of 4 words comes again
        "a b c d a b c",  # ... not whole
        "东 西 南 北 东 西 南 北",  # 2-byte kind
        "😀 b c d 😀 b c d",  # 4-byte kind
        "x  y z",  # an empty word
        " a b",  # an empty head
    ]
    dg = [0.0] * len(texts)
    for twice in (1, 2, 3, 4, 5):
        expected = compiled.rule_candidates_py(texts, dg, twice, 20)
        assert speedups.rule_candidates(texts, dg, twice, 20) == expected
    assert compiled.rule_candidates_py(texts, dg, 4, 20) == [0, 2, 3]
    assert 5 in compiled.rule_candidates_py(texts, dg, 1, 20)  # find("", 0) == 0


def test_rule_candidates_rejects_bad_arguments() -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    with pytest.raises(ValueError):
        speedups.rule_candidates(["a"], [], 10, 20)
    with pytest.raises(ValueError):
        speedups.rule_candidates(["a"], [0.0], 0, 20)
    with pytest.raises(TypeError):
        speedups.rule_candidates([3], [0.0], 10, 20)


def _verdicts(text: str, *, all_lines: bool, monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    lines = reflow(split_lines(text))
    with monkeypatch.context() as mp:
        if all_lines:
            mp.setattr(cleaner, "rule_candidates", lambda texts, *_: list(range(len(texts))))
        sc = cleaner.Cleaner()._score(lines, stopwords("en"), host=None, carried=False)
    return sc.reasons


def _pages() -> list[str]:
    pages = ["\n".join(_RULE_LINES), "\n".join(reversed(_RULE_LINES))]
    pages += [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return pages


def test_candidates_change_no_verdict(twin: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for page in _pages():
        fast = _verdicts(page, all_lines=False, monkeypatch=monkeypatch)
        assert fast == _verdicts(page, all_lines=True, monkeypatch=monkeypatch)
    # the rule lines are cut by the rules themselves, so the test sees every rule fire
    reasons = _verdicts("\n".join(_RULE_LINES), all_lines=False, monkeypatch=monkeypatch)
    fired = {r for r in reasons if r}
    assert {
        "boilerplate:code",
        "boilerplate:caption",
        "comments",
        "boilerplate:dated-run",
        "boilerplate:gallery",
        "boilerplate:teaser",
    } <= fired


def test_candidates_are_few_on_prose() -> None:
    prose = [t for t in _RULE_LINES if t.startswith(("The council", "Home", "Share"))]
    assert compiled.rule_candidates(prose, [0.0] * len(prose), 10, 20) == []


@settings(max_examples=1500, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30).map(" ".join), st.integers(1, 25))
def test_glued_opening_compiled_and_python_agree(text: str, max_words: int) -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    assert speedups.glued_opening(text, max_words) == compiled.glued_opening_py(text, max_words)


@pytest.mark.parametrize(
    ("text", "max_words", "expected"),
    [
        ("In NASCAR FinaleFord v Toyota", 20, True),
        ("In NASCAR FinaleFord v Toyota", 2, False),  # the join lies past the opening
        ("In NASCAR FinaleFord v Toyota", 3, True),
        ("Is it over?Yes it is", 20, True),
        ("McDowell and WeWork on iPhone", 20, False),
        ("ÉtéFord", 20, False),  # ASCII letters only, as the pattern
    ],
)
def test_glued_opening(twin: str, text: str, max_words: int, expected: bool) -> None:
    assert compiled.glued_opening(text, max_words) is expected
    assert compiled.glued_opening_py(text, max_words) is expected


def test_caption_search_reaches_every_match() -> None:
    """cleaner._score searches a caption credit only in a line's last CAPTION_MATCH_MAX_CHARS
    characters: no match of the pattern (anchored at the line's end) is longer."""
    import re._parser as sre_parse  # the pattern's (min, max) width, as re computes it

    pattern = cleaner._CAPTION_CREDIT
    widest = sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1]
    assert widest <= cleaner.CAPTION_MATCH_MAX_CHARS
    line = "A long caption " * 20 + "(AP Photo/" + "x" * 60 + ")"
    assert pattern.search(line, len(line) - cleaner.CAPTION_MATCH_MAX_CHARS)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=12).map(" ".join), max_size=8))
def test_every_colon_line_is_a_candidate(texts: list[str]) -> None:
    """cleaner._score takes the lines holding a ":" from the candidates."""
    digits = [0.0] * len(texts)
    colons = {i for i, t in enumerate(texts) if ":" in t}
    assert colons <= set(compiled.rule_candidates_py(texts, digits, 10, 20))
    speedups = pytest.importorskip("newsloom.clean._speedups")
    assert colons <= set(speedups.rule_candidates(texts, digits, 10, 20))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(st.sampled_from(list("aAbSsſkKK \u0130ı.:@")), max_size=12), max_size=6),
    st.lists(st.sampled_from(["sub", "ki", "s", "ab c", "@", "comment"]), min_size=1),
    st.booleans(),
)
def test_lines_with_any_twin(lines: list[str], literals: list[str], ignore_case: bool) -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    page = "\n".join(lines)
    expected = speedups.lines_with_any(page, tuple(literals), ignore_case)
    assert compiled.lines_with_any_py(page, tuple(literals), ignore_case) == expected


@settings(max_examples=1000, deadline=None)
@given(st.from_regex(cleaner._CAPTION_CREDIT))
def test_every_caption_credit_holds_a_keyword(text: str) -> None:
    """cleaner._score runs the caption regex only on lines holding a CAPTION_KEYWORDS entry."""
    line = text.replace("\n", " ").rstrip(" ")
    if cleaner._CAPTION_CREDIT.search(line):
        assert compiled.lines_with_any_py(line, cleaner.CAPTION_KEYWORDS, True) == [0]
        speedups = pytest.importorskip("newsloom.clean._speedups")
        assert speedups.lines_with_any(line, cleaner.CAPTION_KEYWORDS, True) == [0]


@pytest.mark.parametrize(
    ("page", "literals", "ignore_case"),
    [
        ("x\nskı\nsk\nSKI", ("ski",), True),  # a third character folding into ASCII
        ("abc\nab\nzab", ("ab", "abd"), False),  # a pair opening a two-character literal
        ("the\nTHOUGHT\ntho", ("thought",), True),  # a common pair, a rare third character
        ("x\n2019\n20", ("19", "20"), False),
    ],
)
def test_lines_with_any_third_character(
    page: str, literals: tuple[str, ...], ignore_case: bool
) -> None:
    """lines_with_any's filter on a position's first three characters keeps every hit."""
    speedups = pytest.importorskip("newsloom.clean._speedups")
    expected = compiled.lines_with_any_py(page, literals, ignore_case)
    assert speedups.lines_with_any(page, literals, ignore_case) == expected
