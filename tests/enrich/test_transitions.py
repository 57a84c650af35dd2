"""The parser and NER decoded in Python give exactly spaCy's own greedy decoding."""

from __future__ import annotations

import json
import pickle
from itertools import islice

import pytest
import spacy
from spacy.tokens import Doc
from thinc.api import get_current_ops, set_current_ops

from newsloom.enrich.nlp import MODEL_PACKAGE, MatmulOps, load_nlp, single_threaded_blas
from newsloom.enrich.transitions import GreedyTransitions, use_greedy_transitions
from tests.conftest import SHARED_DATA

# ECB+ news articles compared (about 350 tokens each), plus edge cases.
N_ARTICLES = 200
EDGE = [
    "",
    "   ",
    "\n\n",
    "Yes.",
    '"We will respond," Kremlin spokesman Dmitry Peskov told reporters in Moscow on Monday.',
    "UKRAINE SAYS RUSSIA LAUNCHED 500 DRONES OVERNIGHT\n\nKyiv, Ukraine - Officials said so.",
]


def _analysis(doc: Doc) -> list[tuple[int, str, int, str, str, bool]]:
    return [(t.i, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, bool(t.is_sent_start)) for t in doc]


@pytest.fixture(scope="module")
def reference() -> spacy.language.Language:
    """The model with spaCy's own parser and NER decoding, on load_nlp's ops."""
    single_threaded_blas()
    previous = get_current_ops()
    set_current_ops(MatmulOps())
    try:
        nlp = spacy.load(MODEL_PACKAGE, disable=["lemmatizer"])
    finally:
        set_current_ops(previous)
    for _, component in nlp.pipeline:  # the same ops for every layer, as load_nlp sets them
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = MatmulOps()
    return nlp


def test_load_nlp_decodes_parser_and_ner_in_python() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("parser"), GreedyTransitions)
    assert isinstance(nlp.get_pipe("ner"), GreedyTransitions)
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "ner"]


def test_same_parse_and_entities_as_spacy_on_edge_cases(
    reference: spacy.language.Language,
) -> None:
    nlp = load_nlp()
    for text in EDGE:
        assert _analysis(nlp(text)) == _analysis(reference(text)), text
    ours = [_analysis(doc) for doc in nlp.pipe(EDGE, batch_size=4)]
    assert ours == [_analysis(doc) for doc in reference.pipe(EDGE, batch_size=4)]


@pytest.mark.slow
def test_same_parse_and_entities_as_spacy_on_news(reference: spacy.language.Language) -> None:
    path = SHARED_DATA / "ecbplus" / "ecbplus.jsonl"
    if not path.is_file():
        pytest.fail(f"development data missing at {path}")
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, N_ARTICLES)]
    nlp = load_nlp()
    tokens = entities = 0
    for size in (8, 32):  # one doc per group and many per group both decode the same
        ours = nlp.pipe(texts, batch_size=size)
        theirs = reference.pipe(texts, batch_size=size)
        for mine, spacys in zip(ours, theirs, strict=True):
            assert _analysis(mine) == _analysis(spacys), mine.text[:80]
            tokens += len(mine)
            entities += len(mine.ents)
    assert tokens > 100_000 and entities > 3_000  # the comparison covered real volume


def test_groups_are_bounded_by_tokens(
    reference: spacy.language.Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch longer than MAX_BATCH_TOKENS is decoded in several groups, the same parse."""
    monkeypatch.setattr("newsloom.enrich.transitions.MAX_BATCH_TOKENS", 30)
    texts = [t for t in EDGE if t.strip()] * 3
    ours = [_analysis(doc) for doc in load_nlp().pipe(texts, batch_size=16)]
    assert ours == [_analysis(doc) for doc in reference.pipe(texts, batch_size=16)]


def test_the_wrapper_pickles_and_refuses_other_components() -> None:
    """spaCy pickles pipeline components for its workers where the platform cannot fork."""
    nlp = load_nlp()
    copy = pickle.loads(pickle.dumps(nlp.get_pipe("ner")))
    assert isinstance(copy, GreedyTransitions)
    text = EDGE[4]
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        doc = copy(doc) if name == "ner" else component(doc)
    assert _analysis(doc) == _analysis(nlp(text))
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer", name="parser")
    with pytest.raises(TypeError, match="not a spaCy Parser"):
        use_greedy_transitions(blank)
    assert GreedyTransitions("ner").model is None
    with pytest.raises(RuntimeError, match="no parser wrapped"):
        GreedyTransitions("ner")(blank.make_doc("x"))


def test_a_failing_batch_goes_to_the_error_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    """As spaCy's own pipe: the handler sees the batch, which is dropped if it returns."""
    nlp = load_nlp()
    wrapper = nlp.get_pipe("ner")
    assert isinstance(wrapper, GreedyTransitions)
    seen: list[tuple[str, int, str]] = []

    def boom(docs: list[Doc]) -> list[object]:
        raise ValueError("broken batch")

    def handler(name: str, component: object, docs: list[Doc], exc: Exception) -> None:
        seen.append((name, len(docs), str(exc)))

    monkeypatch.setattr(wrapper, "predict", boom)
    previous = wrapper.get_error_handler()
    nlp.set_error_handler(handler)
    try:
        docs = list(nlp.pipe(["One.", "Two."], batch_size=2))
    finally:
        nlp.set_error_handler(previous)
    assert docs == [] and seen == [("ner", 2, "broken batch")]
    with pytest.raises(ValueError, match="broken batch"):
        nlp("Three.")


def test_beam_search_is_left_to_spacy(
    reference: spacy.language.Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A component configured for beam search keeps spaCy's own (beam) decoding."""
    texts = ["I had fun.\n", *(t for t in EDGE if t.strip())]
    greedy = [_analysis(doc) for doc in load_nlp().pipe(texts)]
    wrapper = load_nlp().get_pipe("parser")
    assert isinstance(wrapper, GreedyTransitions)
    monkeypatch.setitem(wrapper.component.cfg, "beam_width", 4)
    monkeypatch.setitem(reference.get_pipe("parser").cfg, "beam_width", 4)
    ours = [_analysis(doc) for doc in load_nlp().pipe(texts)]
    assert ours == [_analysis(doc) for doc in reference.pipe(texts)]
    assert ours[0] != greedy[0]  # the beam's parse of this one differs from the greedy parse
