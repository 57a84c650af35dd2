"""The compiled core gives the pure-Python path's answers."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from itertools import accumulate

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom import model
from newsloom.clean import classify, compiled, features, lexicon, lines, reflow, repeats
from newsloom.clean.stopwords import stopwords

speedups = pytest.importorskip("newsloom.clean._speedups")

_WORDS = [
    "the",
    "The",
    "THE",
    "Kyiv",
    "talks",
    "ß",
    "SS",
    "ﬁre",
    "İstanbul",
    "naïve",
    "x_y",
    "2025",
]
_WORDS += ["Ωmega", "东京", "😀", "word", "again", "peace", "one", "of", "a"]
_SEPS = [" ", "  ", ", ", ". ", " - ", "'", "\u2028", "\t", "…"]


def _compiled(paragraphs: list[str]) -> dict[int, int]:
    page = "\n".join(paragraphs).casefold()
    return speedups.all_repeats(
        page, len(paragraphs), repeats.MIN_WORDS_FOR_NEAR, repeats.NEAR_REPEAT_CONTAINMENT
    )


_paragraph = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), min_size=0, max_size=30
).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=400, deadline=None)
@given(st.lists(_paragraph, max_size=12), st.data())
def test_same_repeats_as_python(paragraphs: list[str], data: st.DataObject) -> None:
    # near copies: some paragraphs again with a word changed, dropped or added
    for p in list(paragraphs):
        if p and data.draw(st.booleans()):
            words = p.split(" ")
            k = data.draw(st.integers(0, len(words) - 1))
            edit = data.draw(st.sampled_from(["drop", "change", "same"]))
            if edit == "drop":
                words.pop(k)
            elif edit == "change":
                words[k] = "changed"
            paragraphs.append(" ".join(words))
    assert _compiled(paragraphs) == repeats._all_repeats_py(paragraphs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80).filter(lambda t: "\n" not in t), max_size=10))
def test_same_repeats_on_any_text(paragraphs: list[str]) -> None:
    paragraphs = paragraphs + paragraphs[::2]
    assert _compiled(paragraphs) == repeats._all_repeats_py(paragraphs)


def test_seed_like_capture_twice() -> None:
    body = [
        f"Paragraph {k} of the story says something about peace talks number {k}." for k in range(6)
    ]
    paragraphs = ["Title", *body, "You may also like", *body]
    assert (
        _compiled(paragraphs)
        == repeats._all_repeats_py(paragraphs)
        == {8 + k: 1 + k for k in range(6)}
    )


def test_line_breaks_must_match_paragraphs() -> None:
    with pytest.raises(ValueError):
        speedups.all_repeats("a\nb\nc", 2, 8, 0.8)
    with pytest.raises(ValueError):
        speedups.all_repeats("a", 2, 8, 0.8)
    assert speedups.all_repeats("", 0, 8, 0.8) == {}
    assert speedups.all_repeats("", 1, 8, 0.8) == {}


@pytest.fixture(scope="module")
def identifiers() -> tuple[object, object]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newsloom.clean.lang import _identifier_class

    compiled = _identifier_class()
    assert compiled is not LanguageIdentifier
    return (
        LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True),
        compiled.from_model_file(MODEL_FILE, norm_probs=True),
    )


_SAMPLES = [
    "Die Regierung hat am Montag neue Maßnahmen beschlossen, die ab Januar gelten sollen.",
    "Le gouvernement a annoncé lundi de nouvelles mesures qui entreront en vigueur en janvier.",
    "El Gobierno anunció el lunes nuevas medidas que entrarán en vigor en enero.",
    "Правительство в понедельник объявило о новых мерах, которые вступят в силу в январе.",
    "政府は月曜日、1月から施行される新たな措置を発表した。",
    "الحكومة أعلنت يوم الاثنين عن إجراءات جديدة تدخل حيز التنفيذ في يناير",
    "THE GOVERNMENT ANNOUNCED NEW MEASURES ON MONDAY",
    "12345 !!! ... ---",
    "",
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_SAMPLES) | st.text(max_size=200))
def test_language_scores_as_py3langid(identifiers: tuple[object, object], text: str) -> None:
    plain, compiled = identifiers
    assert compiled.classify(text) == plain.classify(text)  # type: ignore[attr-defined]
    assert compiled.rank(text) == plain.rank(text)  # type: ignore[attr-defined]


_LINE_CHARS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz ABCIKS\n\u0130\u0131\u017f\u212aéß😀")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(lexicon.KEYWORD_LITERALS) | st.text(_LINE_CHARS, max_size=12)))
def test_lines_with_literals_as_find(parts: list[str]) -> None:
    page = "".join(parts).lower()
    lengths = map(len, page.split("\n")[:-1])
    starts = list(accumulate((n + 1 for n in lengths), initial=0))
    expected = sorted(
        {
            bisect_right(starts, off) - 1
            for literal in lexicon.KEYWORD_LITERALS
            for off in (m.start() for m in re.finditer(f"(?={re.escape(literal)})", page))
        }
    )
    assert speedups.lines_with_any(page, lexicon.KEYWORD_LITERALS, False) == expected
    assert compiled.lines_with_any_py(page, lexicon.KEYWORD_LITERALS) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(_LINE_CHARS, max_size=200),
    st.lists(st.sampled_from(["sub", "ki", "s", "ab c"]), min_size=1),
)
def test_lines_with_any_ignoring_case_as_re(text: str, literals: list[str]) -> None:
    pattern = re.compile("|".join(map(re.escape, literals)), re.IGNORECASE)
    expected = [i for i, line in enumerate(text.split("\n")) if pattern.search(line)]
    assert speedups.lines_with_any(text, tuple(literals), True) == expected


def test_lines_with_any_rejects_bad_literals() -> None:
    for bad in (("",), ("a\nb",), (3,)):
        with pytest.raises(ValueError):
            speedups.lines_with_any("text", bad, False)
    with pytest.raises(ValueError):
        speedups.lines_with_any("text", ("Upper",), True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(lexicon.KEYWORD_LITERALS) | st.text(_LINE_CHARS, max_size=40)))
def test_widget_kinds_without_the_core(lines: list[str]) -> None:
    lower = [t.lower().replace("\n", " ") for t in lines]
    compiled = lexicon.widget_kinds_lower(lower)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lexicon, "_speedups", None)
        assert lexicon.widget_kinds_lower(lower) == compiled


_PAGE_CHARS = st.sampled_from(
    list(
        "ab Z\n\n  \t.\u00a0\u2003\u201c\u2019é东😀\u3000\u1680\u180e\x1c\x85\r\u2028\u200b\xad\x00"
    )
)


@settings(max_examples=400, deadline=None)
@given(st.text(_PAGE_CHARS, max_size=120))
def test_split_lines_without_the_core(page: str) -> None:
    compiled = lines.split_lines(page)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lines, "_speedups", None)
        assert lines.split_lines(page) == compiled
    assert all(type(ln) is lines.Line for ln in compiled)


_WRAP_PIECES = [
    "the",
    "of",
    "Africa Movie Academy Award",
    "and it went on",
    "; then",
    ")",
    "É",
    "ǅ",
]
_WRAP_PIECES += ["was a long line of running text that stops", "By Jane Doe", "Photos", "x."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WRAP_PIECES), min_size=1, max_size=4), max_size=20))
def test_reflow_without_the_core(parts: list[list[str]]) -> None:
    page = lines.split_lines("\n".join(" ".join(p) for p in parts))
    compiled = reflow.reflow(page)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reflow, "_speedups", None)
        assert reflow.reflow(page) == compiled


_STOP_TOKENS = ["the", "The", "of", "(the", "the,", '"and"', "«и»", "der", "..", "—", "", "ß"]
_STOP_SEPS = [" ", "  ", "\n", "\t", "\u2028", "\u00a0", "\u3000", ""]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_STOP_TOKENS) | st.text(max_size=8), st.sampled_from(_STOP_SEPS))
    ),
    st.sampled_from(["en", "de", "ru", "fr"]),
)
def test_stop_flags_as_python(parts: list[tuple[str, str]], lang: str) -> None:
    text = "".join(w + s for w, s in parts)
    stop = stopwords(lang) | {"ß", "x" * 70, "ο"}  # a long entry takes the set-lookup path
    expected = features._stop_flags_py(text.split(), stop).tolist()
    assert list(speedups.stop_flags(text, stop, features._WORD_STRIP)) == expected
    assert list(speedups.stop_flags(text + " " + "x" * 70, stop, "")) == [
        *features._stop_flags_py(text.split(), stop, "").tolist(),
        1,
    ]


def test_stop_counts_without_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "the cat sat on the mat.\nof (the) «end»\n\u00a0and so\tit goes"
    tokens = np.array([len(line.split()) for line in page.split("\n")], dtype=np.int64)
    stop = stopwords("en")
    compiled = features._stop_counts(page, tokens, stop)
    monkeypatch.setattr(features, "_speedups", None)
    assert compiled.tolist() == features._stop_counts(page, tokens, stop).tolist() == [3, 3, 3]


_URL_PARTS = ["http://", "https://x", "www.", "@", "@ ", "@a", ".com", ".comx", ".org/", ".net"]
_URL_PARTS += ["(12)", "[3k]", "(1,200)", "(x)", ")", "]", "(", "a", " ", "\n", "É", "ß", "_"]


# The whole-page search the per-line searches of features._ending_with_count replace.
_COUNT_SUFFIX_MULTILINE = re.compile(features._COUNT_SUFFIX.pattern, re.MULTILINE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_URL_PARTS) | st.text(max_size=6), min_size=1))
def test_line_regexes_as_whole_page(parts: list[str]) -> None:
    page = "".join(parts).lower()
    texts = page.split("\n")
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths[:-1] + 1)]).astype(np.int64)
    ends = starts + lengths
    urlish = sorted(set(features._lines_matching(features._URLISH, page, starts).tolist()))
    assert list(features._urlish_lines(page, starts, ends)) == urlish
    ends_bracket = np.array([t[-1:] in (")", "]") for t in texts], dtype=bool)
    counted = sorted(set(features._lines_matching(_COUNT_SUFFIX_MULTILINE, page, starts).tolist()))
    assert features._ending_with_count(page, ends_bracket, starts, ends) == counted


_CLASS_CHARS = st.sampled_from(list("aZ 09٣|•»/\"'.!?:-–*>É ß\u00a0\t東😀İ\uffff"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_CLASS_CHARS, min_size=1, max_size=30), min_size=1, max_size=8))
def test_line_classes_as_numpy(texts: list[str]) -> None:
    texts = [t.strip(" ") or "x" for t in texts]
    masks = (features._DIGIT, features._SEPARATOR, features._QUOTE, 4, 2, 1)
    assert speedups.line_classes(texts, features.char_table(), masks) is not None
    compiled = features._line_classes(texts)
    expected = features._line_classes_np(texts)
    assert [c.tolist() for c in compiled] == [c.tolist() for c in expected]


def test_line_classes_leaves_odd_lines_to_numpy() -> None:
    table = features.char_table()
    masks = (1, 2, 3, 4, 5, 6)
    for texts in (["a", ""], [" a"], ["a\nb"]):
        assert speedups.line_classes(texts, table, masks) is None
    with pytest.raises(ValueError):
        speedups.line_classes(["a"], table[:10], masks)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-300])
        | st.floats(width=64, allow_nan=True),
        max_size=40,
    )
)
def test_best_run_as_python(gain: list[float]) -> None:
    arr = np.array(gain, dtype=np.float64)
    # repr: the same floats bit for bit, nan included
    assert repr(speedups.best_run(arr)) == repr(classify._best_run(gain))
    if len(arr) > 2:  # a slice, as main_region passes
        assert repr(speedups.best_run(arr[1:])) == repr(classify._best_run(gain[1:]))


def test_main_region_without_the_core(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    cases = []
    for _ in range(200):
        n = int(rng.integers(1, 60))
        cases.append((rng.random(n), rng.random(n) * 10, rng.random(n) < 0.2))
    compiled = [classify.main_region(*case) for case in cases]
    monkeypatch.setattr(classify, "_speedups", None)
    assert compiled == [classify.main_region(*case) for case in cases]
    # some regions are proper parts of their pages, so the test sees the search at work
    assert any(0 < end - start < len(c[0]) for (start, end), c in zip(compiled, cases, strict=True))


_SPACE_CHARS = st.sampled_from(
    list(" \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2028\u3000\u200bab\x01é€😀")
)


@settings(max_examples=400, deadline=None)
@given(st.text(_SPACE_CHARS, max_size=40) | st.text(max_size=40))
def test_collapse_space_as_split_join(text: str) -> None:
    collapsed = speedups.collapse_space(text)
    assert collapsed == " ".join(text.split())
    # the same canonical str: equal hashes and the narrowest storage (UTF-8 bytes agree too)
    assert collapsed.encode("utf-8", "surrogatepass") == " ".join(text.split()).encode(
        "utf-8", "surrogatepass"
    )
    assert sys.getsizeof(collapsed) == sys.getsizeof(" ".join(text.split()))


def test_content_id_values_kept() -> None:
    # ids as computed before the compiled whitespace pass (stored ids must not change)
    assert model.content_id("Title", "Body  text\u00a0here.") == "7f7b9c1325876a4e5cc4"
    assert model.content_id(None, "x") == "4784c8d422de40681692"
    assert model.content_id("Ünïcode “q”", "ﬁ\u3000x") == "f69992825bf58dfc7774"
    assert model.content_id("title", " body text here. ") == "7f7b9c1325876a4e5cc4"
