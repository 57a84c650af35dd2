"""The shared spaCy pipeline: the pinned model, with numpy matrix products giving blis's parse."""

from __future__ import annotations

import spacy

from newsloom.enrich.nlp import MODEL_PACKAGE, MatmulOps, load_nlp

TEXT = (
    "Kremlin spokesman Dmitry Peskov told the TASS news agency on Wednesday that Moscow "
    "'s preferred route is through political and diplomatic means. Ukrainian troops said "
    "Russian forces entered the Dnipropetrovsk region, and Volodymyr Zelenskyy called it a lie."
)


def _analysis(doc: spacy.tokens.Doc) -> list[tuple[str, str, str, int, str]]:
    return [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_the_pinned_model_is_loaded_with_numpy_matrix_products() -> None:
    nlp = load_nlp()
    assert nlp.meta["version"] == "3.8.0" and nlp.lang == "en"
    assert "lemmatizer" not in nlp.pipe_names
    assert all(isinstance(node.ops, MatmulOps) for node in nlp.get_pipe("ner").model.walk())


def test_numpy_matrix_products_give_the_same_parse_as_blis() -> None:
    reference = spacy.load(MODEL_PACKAGE, disable=["lemmatizer"])  # thinc's default ops (blis)
    assert not isinstance(reference.get_pipe("parser").model.ops, MatmulOps)
    assert _analysis(load_nlp()(TEXT)) == _analysis(reference(TEXT))
