"""spaCy's greedy parser and NER decoding, driven from Python so that it runs holding the GIL.

spaCy 3.8's compiled decoding loop (``Parser.greedy_parse``) releases the GIL for the whole
parse, but its Cython 3 build takes the GIL back inside ``StateC.B`` (``PyGILState_Ensure``
and ``Release`` around every call; see ``objdump -d`` of ``ner.cpython-*.so``), which the
validity checks call for every action at every step (74 actions for the NER, 106 for the
parser). Without the GIL each of those calls locks and unlocks a mutex; ``perf`` put 25-30% of
the parse there. With the GIL already held, ``PyGILState_Ensure`` only bumps a counter.

``GreedyTransitions`` wraps a trained parser or NER and decodes with the component's own parts:
its step model (feature extraction, precomputed hidden layer, maxout), the upper layer as the
compiled loop computes it but with numpy's matrix product instead of blis's (as ``MatmulOps``
does for the other layers: blis took ~30 us a step for 8 states by 64 hidden units by ~100
actions, numpy ~5), and its own ``transition_states`` (validity, argmax, transition), which is
a Python method and so runs holding the GIL. Annotations are set by the component's own
``set_annotations``. The result is spaCy's own decoding: the same head, label, sentence start
and entity tag on every one of 580,000 tokens (all 982 ECB+ documents and the 300 articles of
``bench/throughput.py --extract``), and ``tests/enrich/test_transitions.py`` checks it on 200.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.pipeline.transition_parser import Parser  # type: ignore[import-not-found]
from spacy.tokens import Doc
from thinc.api import Model, set_dropout_rate

FACTORY = "newsloom_greedy_transitions"
# Tokens decoded together. Every step of the loop costs a few Python calls whatever the number
# of states, so the more docs share a step the cheaper it is per token (on 600-word articles:
# ~50 ms CPU per article parsed 8 at a time, ~47 ms 32 at a time, vs ~80 ms with spaCy's own
# loop); the parser's precomputed hidden layer takes ~4 KB per token, so 40,000 tokens bound
# it to ~160 MB (1 MB articles are parsed in 100,000-character chunks of ~20,000 tokens).
MAX_BATCH_TOKENS = 40_000


class GreedyTransitions:
    """A transition-based component (parser or NER) whose greedy decoding runs in Python."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._component: Parser | None = None
        self._error_handler: Any = None

    @property
    def component(self) -> Parser:
        if self._component is None:
            raise RuntimeError(f"{self.name}: no parser wrapped (use use_greedy_transitions)")
        return self._component

    def wrap(self, component: Parser) -> None:
        self._component = component

    @property
    def model(self) -> Model | None:  # type: ignore[type-arg]
        """The wrapped component's model (spaCy links tok2vec listeners through it)."""
        return None if self._component is None else self._component.model

    def get_error_handler(self) -> Any:
        if self._error_handler is not None:
            return self._error_handler
        return self.component.get_error_handler()  # spaCy's default: raise

    def set_error_handler(self, handler: Any) -> None:
        """Kept here: spaCy's parser classes have no attribute to hold one."""
        self._error_handler = handler

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        handler = self.get_error_handler()
        stream = iter(docs)
        while in_order := list(islice(stream, batch_size)):
            try:
                self._annotate(in_order)
            except Exception as exc:  # as spaCy's own pipe: the handler decides, the batch
                handler(self.name, self, in_order, exc)  # is not yielded if it returns
                continue
            yield from in_order

    def _annotate(self, docs: list[Doc]) -> None:
        component = self.component
        group: list[Doc] = []
        tokens = 0
        for doc in sorted(docs, key=len):  # similar lengths finish together (as spaCy does)
            if group and tokens + len(doc) > MAX_BATCH_TOKENS:
                component.set_annotations(group, self.predict(group))
                group, tokens = [], 0
            group.append(doc)
            tokens += len(doc)
        if group:
            component.set_annotations(group, self.predict(group))

    def predict(self, docs: list[Doc]) -> list[Any]:
        """The final parse states of ``docs``, as the component's ``predict`` returns them."""
        component = self.component
        if (
            component.cfg.get("beam_width", 1) != 1  # beam search: spaCy's own loop
            or not component.model.attrs.get("has_upper", True)  # a variant without upper layer
            or not any(len(doc) for doc in docs)
        ):
            return list(component.predict(docs))
        component._ensure_labels_are_added(docs)
        set_dropout_rate(component.model, 0.0)
        batch = component.moves.init_batch(docs)
        step = component.model.predict(docs)
        upper = step.vec2scores
        weights = upper.get_param("W")
        bias = upper.get_param("b")
        unseen = step._class_mask == 0
        any_unseen = bool(unseen.any())
        hidden = step.state2vec
        states = [state for state in batch if not state.is_final()]
        while states:
            vectors = hidden.predict(step.get_token_ids(states))
            scores = vectors @ weights.T
            scores += bias
            if any_unseen:  # unseen classes score the minimum, as in the compiled loop
                scores[:, unseen] = scores.min()
            states = component.transition_states(states, scores)
        step.clear_memory()
        return list(batch)


@Language.factory(FACTORY)
def make_greedy_transitions(nlp: Language, name: str) -> GreedyTransitions:
    """Built empty; ``use_greedy_transitions`` puts the trained component inside."""
    return GreedyTransitions(name)


def use_greedy_transitions(nlp: Language, names: Iterable[str] = ("parser", "ner")) -> None:
    """Replace the transition-based components ``names`` by wrappers decoding in Python."""
    for name in names:
        if name not in nlp.pipe_names:  # absent or disabled: nothing to decode
            continue
        component = nlp.get_pipe(name)
        if not isinstance(component, Parser):
            raise TypeError(f"{name} is a {type(component).__name__}, not a spaCy Parser")
        wrapper = nlp.replace_pipe(name, FACTORY)
        if not isinstance(wrapper, GreedyTransitions):
            raise TypeError(f"{FACTORY} built {type(wrapper).__name__}")
        wrapper.wrap(component)
        nlp._link_components()  # the shared tok2vec's listener map, as before the swap
