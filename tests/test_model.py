from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newsloom.model import Article, RemovedBlock, Section, _normalized, content_id


def test_content_id_ignores_spacing_and_case() -> None:
    assert content_id("Title", "Body  text\n") == content_id("title", "body text")
    assert content_id("Title", "Body") != content_id("Title", "Other body")


@given(
    st.text(max_size=80)
    | st.text(st.characters(max_codepoint=127), max_size=80)
    | st.text(
        st.sampled_from(
            ["\u2026", "e", "\u0301", " ", "\n", "\u0327", "\ufb01", "\xbd", "A", "\xdf", "\u03a3"]
        ),
        max_size=20,
    )
)
def test_normalized_as_nfkc_collapse_casefold(text: str) -> None:
    """The ASCII shortcut, the decomposition of "…", NFKC line by line and the compiled
    collapse and fold give what the three steps give."""
    assert _normalized(text) == " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


@given(
    text=st.text(max_size=200),
    title=st.none() | st.text(max_size=50),
    role=st.sampled_from(["main", "embedded"]),
    heading=st.none() | st.text(max_size=20),
)
def test_json_round_trip(text: str, title: str | None, role: str, heading: str | None) -> None:
    art = Article(
        id=content_id(title, text),
        text=text,
        role=role,  # type: ignore[arg-type]
        title=title,
        sections=[Section(heading, [text])],
        removed=[RemovedBlock("Share", "boilerplate:share", 0, 5)],
    )
    assert Article.from_dict(art.to_dict()) == art
