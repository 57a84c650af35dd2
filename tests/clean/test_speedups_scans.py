"""The compiled prefilters spare lines a regex, never a line it would match."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsloom.clean import cleaner, features, layout, lexicon, repeats, tails
from newsloom.clean import lines as lines_module
from newsloom.clean.lines import Line
from newsloom.clean.stopwords import stopwords

speedups = pytest.importorskip("newsloom.clean._speedups")

_ANCHORED_ARGS = (lexicon.ANCHORED_PREFIXES, lexicon.ANCHORED_LEAD, lexicon.WIDGET_MAX_CHARS)


@settings(max_examples=3000, deadline=None)
@given(st.from_regex(lexicon._ANCHORED_LOWER_RE, fullmatch=True))
def test_every_anchored_match_is_a_candidate(line: str) -> None:
    assume("\n" not in line and 0 < len(line) <= lexicon.WIDGET_MAX_CHARS)
    assert lexicon._ANCHORED_LOWER_RE.match(line)
    assert speedups.anchored_candidates([line], *_ANCHORED_ARGS) == [0]


_PIECES = st.sampled_from(
    [*lexicon.ANCHORED_PREFIXES, *lexicon.KEYWORD_LITERALS, "©", ",", ".", "_", "- ", "12"]
) | st.text(st.sampled_from(list("ab xé_-©.,:|1٣²kM\u212a\u0301😀")), max_size=6)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=5).map("".join), max_size=10))
def test_anchored_candidates_as_python(lines: list[str]) -> None:
    expected = lexicon.anchored_candidates_py(lines, *_ANCHORED_ARGS)
    assert speedups.anchored_candidates(lines, *_ANCHORED_ARGS) == expected
    assert set(expected) >= {
        i
        for i, t in enumerate(lines)
        if len(t) <= lexicon.WIDGET_MAX_CHARS and lexicon._ANCHORED_LOWER_RE.match(t)
    }


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=5).map("".join), max_size=10))
def test_widget_kinds_without_the_core(lines: list[str]) -> None:
    compiled = lexicon.widget_kinds_lower(lines)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lexicon, "_speedups", None)
        assert lexicon.widget_kinds_lower(lines) == compiled


def test_anchored_candidates_rejects_bad_prefixes() -> None:
    for bad in (("",), (3,)):
        with pytest.raises((ValueError, TypeError)):
            speedups.anchored_candidates(["text"], bad, "", 10)


_SHAPE_CHARS = st.sampled_from(list("aZ1 .?!:,;\"')»…²ǅ东éÉ-ß"))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(_SHAPE_CHARS, min_size=1, max_size=150), st.integers(-1, 20)),
        max_size=12,
    )
)
def test_heading_shaped_as_layout(rows: list[tuple[str, int]]) -> None:
    texts = [t for t, _ in rows]
    words = [n for _, n in rows]
    expected = [layout.is_heading_shaped(t, n) for t, n in rows]
    assert cleaner._heading_shapes(texts, words) == expected
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cleaner, "_speedups", None)
        assert cleaner._heading_shapes(texts, words) == expected


_TAIL_ARGS = (lexicon.TAIL_PREFIXES, "", 80, True)


@settings(max_examples=3000, deadline=None)
@given(st.from_regex(lexicon.TAIL_TRIGGER, fullmatch=True))
def test_every_tail_trigger_is_a_candidate(line: str) -> None:
    assume("\n" not in line and 0 < len(line) <= 80)
    assert lexicon.TAIL_TRIGGER.match(line)
    assert speedups.anchored_candidates([line], *_TAIL_ARGS) == [0]


_CASED_PIECES = _PIECES | st.sampled_from(
    [p.upper() for p in lexicon.TAIL_PREFIXES] + ["İ", "ı", "ſ", "\u212a", "À LIRE", "Читайте"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_CASED_PIECES, max_size=5).map("".join), max_size=10))
def test_anchored_candidates_ignoring_case_as_python(lines: list[str]) -> None:
    expected = lexicon.anchored_candidates_py(lines, *_TAIL_ARGS)
    assert speedups.anchored_candidates(lines, *_TAIL_ARGS) == expected
    assert set(expected) >= {
        i for i, t in enumerate(lines) if len(t) <= 80 and lexicon.TAIL_TRIGGER.match(t)
    }
    with pytest.raises(ValueError):
        speedups.anchored_candidates(lines, ("Upper",), "", 80, True)


def _related_tails_loop(lines: list[Line], is_prose: list[bool]) -> list[str | None]:
    """mark_related_tails as it was written before the prefilter: the oracle."""
    reasons: list[str | None] = [None] * len(lines)
    prose_seen = False
    i = 0
    while i < len(lines):
        text = lines[i].text
        if (
            not prose_seen
            or len(text) > tails.TAIL_MAX_CHARS
            or not lexicon.TAIL_TRIGGER.match(text)
        ):
            prose_seen = prose_seen or is_prose[i]
            i += 1
            continue
        reasons[i] = "related-list"
        j = i + 1
        while j < len(lines) and not is_prose[j]:
            reasons[j] = reasons[j] or "related-list"
            j += 1
        i = j
    return reasons


_TAIL_LINES = st.sampled_from(
    [
        "You may also like",
        "RELATED ARTICLES:",
        "More from Reuters",
        "Most read",
        "Home",
        "Latest news",
        "À lire aussi",
        "Share",
        "a" * 90,
        "Le Monde",
    ]
) | st.text(st.sampled_from(list("aM ré:-")), min_size=1, max_size=10)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_TAIL_LINES, st.booleans()), min_size=1, max_size=25))
def test_related_tails_as_the_loop(rows: list[tuple[str, bool]]) -> None:
    lines = [Line(i, t, 0, len(t)) for i, (t, _) in enumerate(rows)]
    prose = np.array([p for _, p in rows], dtype=bool)
    expected = _related_tails_loop(lines, prose.tolist())
    for core in (speedups, None):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(tails, "_speedups", core)
            reasons: list[str | None] = [None] * len(lines)
            tails.mark_related_tails(lines, prose, reasons)
            assert reasons == expected


_FEATURE_LINES = st.sampled_from(
    [
        "Share",
        "Home",
        "The minister said on Monday that talks would resume.",
        "(12)",
        "Views (1.2k)",
        "• Item",
        "ALL CAPS HERE",
        "www.example.com",
        "Kyiv's Position on Peace Talks",
        "東京の天気は晴れです今日",
        '"Quoted," she said.',
        "a | b | c",
        "Read more:",
        "İstanbul 2025",
    ]
) | st.text(st.sampled_from(list("aZ1 .?!:|\"'•东é(])")), min_size=1, max_size=40).map(
    lambda t: " ".join(t.split()) or "x"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FEATURE_LINES, min_size=1, max_size=30))
def test_feature_matrix_without_the_core(texts: list[str]) -> None:
    lines = [Line(i, t, 0, len(t)) for i, t in enumerate(texts)]
    stop = stopwords("en")
    x, kinds, words = features.line_features(lines, stop)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(features, "_speedups", None)
        x_py, kinds_py, words_py = features.line_features(lines, stop)
    assert np.array_equal(x.view(np.uint64), x_py.view(np.uint64))
    assert (kinds, words) == (kinds_py, words_py)


def test_lower_as_str_lower_for_every_character() -> None:
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    for c in chars:
        for text in (c, "é" + c, "Ab " + c + " Σ"[:2]):
            lowered = speedups.lower(text)
            assert lowered is None or lowered == text.lower()
    assert speedups.lower("İstanbul") is None  # lower case "i̇": two characters
    assert speedups.lower("ΟΔΟΣ") is None  # final sigma: str.lower looks at the neighbours
    assert features._lower("ΟΔΟΣ ΕΝΑ") == "ΟΔΟΣ ΕΝΑ".lower()


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("aZé ÉßİΣσ\u212aǅ东😀\n")), max_size=30))
def test_lower_as_str_lower(text: str) -> None:
    assert features._lower(text) == text.lower()


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(lexicon.KEYWORD_PATTERNS)).flatmap(
        lambda kind: st.from_regex(f"(?:{lexicon.KEYWORD_PATTERNS[kind][1]})", fullmatch=True)
    )
)
def test_keywords_hold_a_literal_within_reach(keyword: str) -> None:
    lower = keyword.lower()
    first = min(k for k in (lower.find(lit) for lit in lexicon.KEYWORD_LITERALS) if k >= 0)
    assert first <= lexicon.KEYWORD_LITERAL_REACH


_KEYWORD_LINES = st.lists(
    st.sampled_from(
        [
            "create a free account",
            "download the app",
            "already a subscriber",
            "a long enough opening of the line: ",
            "design",
            "blog",
            "country",
            " ",
            *lexicon.KEYWORD_LITERALS,
        ]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_KEYWORD_LINES, max_size=8))
def test_keyword_search_from_the_first_literal(lines: list[str]) -> None:
    compiled = lexicon.widget_kinds_lower(lines)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lexicon, "_speedups", None)
        assert lexicon.widget_kinds_lower(lines) == compiled
    page = "\n".join(lines)
    found, columns = speedups.lines_with_any(page, lexicon.KEYWORD_LITERALS, False, True)
    expected = [
        (i, min(k for k in (t.find(lit) for lit in lexicon.KEYWORD_LITERALS) if k >= 0))
        for i, t in enumerate(lines)
        if any(lit in t for lit in lexicon.KEYWORD_LITERALS)
    ]
    assert list(zip(found, columns, strict=True)) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60).map(lambda w: w / 60),
            st.floats(0, 1),
            st.sampled_from([0.0, 1.0]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_context_as_numpy(rows: list[tuple[float, float, float]]) -> None:
    x = np.zeros((len(rows), features.N_FEATURES))
    x[:, 2:5] = rows
    x_py = x.copy()
    features._add_context(x)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(features, "_speedups", None)
        features._add_context(x_py)
    assert np.array_equal(x.view(np.uint64), x_py.view(np.uint64))


def test_make_lines_as_calling_line() -> None:
    cols = (["a", "b c"], [0, 2], [1, 5], [False, True])
    made = speedups.make_lines(Line, lines_module._LINE_FIELDS, *cols)
    assert made == [Line(0, "a", 0, 1), Line(1, "b c", 2, 5, True)]
    assert all(type(ln) is Line for ln in made)
    with pytest.raises(TypeError):
        speedups.make_lines(Line, (Line.__dict__["text"],) * 4 + (Line,), *cols)
    with pytest.raises(ValueError):
        speedups.make_lines(Line, lines_module._LINE_FIELDS, ["a"], [], [], [])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ab ", "1,2 ", 'A "x" | ', "é ", "Ωmega ", "😀 "]), st.integers(1, 900)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_line_classes_of_long_lines_as_numpy(parts: list[tuple[str, int]]) -> None:
    # counts past the compiled pass's periodic flush (every 1,000 characters)
    texts = [(piece * times).strip() or "x" for piece, times in parts]
    compiled = features._line_classes(texts)
    expected = features._line_classes_np(texts)
    assert [c.tolist() for c in compiled] == [c.tolist() for c in expected]


def test_casefold_as_str_casefold_for_every_character() -> None:
    for c in (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000):
        for text in (c, "é" + c):
            folded = speedups.lower(text, True)
            assert folded is None or folded == text.casefold()
    assert speedups.lower("Straße", True) is None  # "ss": two characters
    assert repeats._casefold("Straße ΟΔΟΣ") == "Straße ΟΔΟΣ".casefold()
