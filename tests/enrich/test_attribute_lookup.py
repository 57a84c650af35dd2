"""The attribute-ruler lookup gives every token exactly the attributes the model's ruler gives."""

from __future__ import annotations

import json
import pickle
from itertools import islice
from typing import Any

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from thinc.api import get_current_ops, set_current_ops

from newsloom.enrich.attribute_lookup import AttributeLookup
from newsloom.enrich.nlp import MODEL_PACKAGE, MatmulOps, load_nlp, single_threaded_blas
from tests.conftest import SHARED_DATA

ATTRS: list[int | str] = ["POS", "TAG", "MORPH", "LEMMA", "DEP"]
# Articles compared: ECB+ news (about 350 tokens each), plus texts that exercise the rare rules.
N_ARTICLES = 300
RARE = [
    "Y'all ain't gonna believe it, but there's a lot we gotta do. Let's go! C'mon, it's late.",
    "I told you it was fine; you told me it was not.  But there were two of them.\n\nWhich one?",
    "He didn't do it. She does what she has to do, and they had had enough.",
]


@pytest.fixture(scope="module")
def reference() -> spacy.language.Language:
    """The model with its own attribute ruler (the lemmatizer off as in load_nlp, the NER off:
    it comes after the ruler and reads none of its attributes), on load_nlp's fast ops."""
    single_threaded_blas()
    previous = get_current_ops()
    set_current_ops(MatmulOps())
    try:
        return spacy.load(MODEL_PACKAGE, disable=["lemmatizer", "ner"])
    finally:
        set_current_ops(previous)


def test_load_nlp_uses_the_lookup() -> None:
    assert isinstance(load_nlp().get_pipe("attribute_ruler"), AttributeLookup)


@pytest.mark.slow
def test_same_token_attributes_as_the_attribute_ruler(
    reference: spacy.language.Language,
) -> None:
    path = SHARED_DATA / "ecbplus" / "ecbplus.jsonl"
    if not path.is_file():
        pytest.fail(f"development data missing at {path}")
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, N_ARTICLES)]
    texts += RARE
    ruler = reference.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    lookup = AttributeLookup(reference.vocab, ruler.patterns)
    with reference.select_pipes(disable=["attribute_ruler"]):
        docs = list(reference.pipe(texts))
    tokens = 0
    for doc in docs:
        expected, got = ruler(doc.copy()), lookup(doc.copy())
        assert expected.to_array(ATTRS).tolist() == got.to_array(ATTRS).tolist(), doc.text[:80]
        tokens += len(doc)
    assert tokens > 50_000  # the comparison covered real volume


def test_rules_apply_in_order_and_pairs_match_across_tokens(
    reference: spacy.language.Language,
) -> None:
    patterns: list[dict[str, Any]] = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "LEMMA": "first"}},
        {"patterns": [[{"LOWER": {"IN": ["dog", "cat"]}, "TAG": "NN"}]], "attrs": {"POS": "X"}},
        {
            "patterns": [[{"LOWER": "the"}, {"LOWER": {"REGEX": "^d"}}]],
            "attrs": {"LEMMA": "pair"},
            "index": 1,
        },
    ]
    doc = reference.make_doc("the dog saw a cat")
    for token, tag in zip(doc, ["DT", "NN", "VBD", "DT", "NN"], strict=True):
        token.tag_ = tag
    AttributeLookup(reference.vocab, patterns)(doc)
    assert [(t.pos_, t.lemma_) for t in doc] == [
        ("", ""),
        ("X", "pair"),
        ("", ""),
        ("", ""),
        ("X", "first"),
    ]


def test_unsupported_conditions_are_refused(reference: spacy.language.Language) -> None:
    with pytest.raises(ValueError, match="does not key on"):
        AttributeLookup(reference.vocab, [{"patterns": [[{"ORTH": "x"}]], "attrs": {"POS": "X"}}])
    with pytest.raises(ValueError, match="not supported"):
        AttributeLookup(
            reference.vocab, [{"patterns": [[{"LOWER": {"FUZZY": "x"}}]], "attrs": {"POS": "X"}}]
        )


def test_the_lookup_pickles_with_its_rules(reference: spacy.language.Language) -> None:
    """spaCy pickles the pipeline for its worker processes where the platform cannot fork."""
    ruler = reference.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    lookup = AttributeLookup(reference.vocab, ruler.patterns)
    copy = pickle.loads(pickle.dumps(lookup))
    with reference.select_pipes(disable=["attribute_ruler"]):
        doc = reference("I told you it was fine. But there were two of them.")
    assert lookup(doc.copy()).to_array(ATTRS).tolist() == copy(doc.copy()).to_array(ATTRS).tolist()
