"""reflow's joined lines built list by list (lines.make_lines) are the Lines the per-line loop
built, with and without the compiled core; joinable looks a frozenset's words up without a str
and gives what a set lookup gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.clean import lines, reflow
from newsloom.clean.lines import Line

_PIECES = [
    "the",
    "of",
    "Africa Movie Academy Award",
    "and it went on",
    "; then",
    ")",
    "É",
    "东京",
    "was a long line of running text that stops",
    "By Jane Doe",
    "x.",
    "",
]


def _reflow_per_line(page: list[Line]) -> list[Line]:
    """reflow as it was written: one Line built per input line."""
    joins: dict[int, int] = {}
    for i in reflow._joinable(page):
        words = page[i].text.count(" ") + 1 + joins.get(i, 0)
        if reflow._continues(page[i], page[i + 1], words):
            joins[i + 1] = words
    if not joins:
        return page
    out: list[Line] = []
    for k, line in enumerate(page):
        if k in joins:
            prev = out[-1]
            text = f"{prev.text} {line.text}"
            out[-1] = Line(prev.index, text, prev.start, line.end, prev.blank_before)
        else:
            out.append(Line(len(out), line.text, line.start, line.end, line.blank_before))
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4), st.booleans()),
        max_size=20,
    ),
    st.booleans(),
)
def test_reflow_as_the_per_line_loop(parts: list[tuple[list[str], bool]], core: bool) -> None:
    text = "".join(" ".join(p) + ("\n\n" if blank else "\n") for p, blank in parts)
    with pytest.MonkeyPatch.context() as mp:
        if not core:
            mp.setattr(reflow, "_speedups", None)
            mp.setattr(lines, "_speedups", None)
        page = lines.split_lines(text)
        out = reflow.reflow(page)
        assert out == _reflow_per_line(page)
        assert all(type(ln) is Line for ln in out)


def test_joinable_with_a_set_or_a_frozenset() -> None:
    speedups = pytest.importorskip("newsloom.clean._speedups")
    long_word = "w" * 70
    texts = [
        "It ended with the",
        "Next",
        "A line ending in " + long_word,
        "Next",
        "ends on 东京",
        "Next",
        "of",
        "Next",
        "x",
    ]
    for words in ({"the", long_word, "东京"}, {"of"}, set()):
        expected = [
            i
            for i in range(len(texts) - 1)
            if texts[i + 1][0].islower() or texts[i].split(" ")[-1] in words
        ]
        assert speedups.joinable(texts, frozenset(words)) == expected
        assert speedups.joinable(texts, set(words)) == expected
