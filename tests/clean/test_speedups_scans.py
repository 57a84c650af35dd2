"""The compiled prefilters spare lines a regex, never a line it would match."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsloom.clean import cleaner, layout, lexicon
from newsloom.clean.lines import Line

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
) | st.text(st.sampled_from(list("ab xé_-©.,:|1٣²\u0301😀")), max_size=6)


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
    assert cleaner._heading_shapes([Line(i, t, 0, len(t)) for i, t in enumerate(texts)], words) == (
        expected
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cleaner, "_speedups", None)
        assert (
            cleaner._heading_shapes([Line(i, t, 0, len(t)) for i, t in enumerate(texts)], words)
            == expected
        )


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
