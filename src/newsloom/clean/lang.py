"""Language identification: an English stop-word shortcut, else py3langid (offline, a few MB)."""

from __future__ import annotations

from array import array
from functools import cache
from typing import Any

from newsloom.clean.compiled import core as _speedups
from newsloom.clean.stopwords import stopwords

# Enough text for a stable guess; longer samples only cost time (py3langid walks its model
# byte by byte in Python: 0.5 ms for 1,000 characters). On the 876 flattened ScrapingHub and
# fundus pages a 500-character sample gives the 1,000-character answer on all but 1%, where
# the page mixes languages.
SAMPLE_CHARS = 500
# A sample whose words are at least this share English stop words is English without asking the
# model (English pages are the most common and the model costs ~0.4 ms a page). On the 876
# flattened development pages the shortcut answers for 385 and py3langid agrees on 383; the two
# others are a menu-only sample it leaves undecided and a Nigerian site it calls Pidgin.
ENGLISH_STOPWORD_SHARE = 0.3
# A sample with fewer letters than this has no language (numbers, symbols).
MIN_LETTERS = 20
# Below this normalised probability the guess is noise (menus, numbers): report no language.
MIN_CONFIDENCE = 0.5


class LanguageDetector:
    """Loads the py3langid model on first use, so the detector pickles cheaply to workers."""

    def __init__(self) -> None:
        self._model: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._model = None

    def load(self) -> Any:
        """The model, loaded on first use (about a second)."""
        if self._model is None:
            from py3langid.langid import MODEL_FILE

            self._model = _identifier_class().from_model_file(MODEL_FILE, norm_probs=True)
        return self._model

    def detect(self, text: str) -> str | None:
        sample = text[:SAMPLE_CHARS]
        # at least MIN_LETTERS letters: most samples have them in their first few words
        if (
            sum(map(str.isalpha, sample[: 2 * MIN_LETTERS])) < MIN_LETTERS
            and sum(map(str.isalpha, sample)) < MIN_LETTERS
        ):
            return None
        words = sample.lower().split()
        if sum(map(_english_stopwords().__contains__, words)) >= ENGLISH_STOPWORD_SHARE * len(
            words
        ):
            return "en"
        lang, prob = self.load().classify(sample)
        return str(lang) if prob >= MIN_CONFIDENCE else None


@cache
def _english_stopwords() -> frozenset[str]:
    return stopwords("en")


@cache
def _identifier_class() -> Any:
    """py3langid's identifier, with its tokenizer walk compiled when the optional core is built.

    py3langid walks its DFA over the sample's bytes in Python (~0.5 ms for 500 characters,
    most of a non-English page's detection); ``_speedups.dfa_counts`` returns the same counts
    in the same order, so the scores are the same floats (tests/clean/test_speedups.py)."""
    from py3langid.langid import LanguageIdentifier

    if _speedups is None:  # pragma: no cover - depends on the build
        return LanguageIdentifier

    class CompiledWalk(LanguageIdentifier):  # type: ignore[misc]
        __slots__ = ("_walk_tables",)

        def _raw_score(self, text: Any) -> Any:
            tables = getattr(self, "_walk_tables", None)
            if tables is None:
                tables = self._walk_tables = _walk_tables(self)
            if not tables or not isinstance(text, bytes):
                return super()._raw_score(text)
            visits = _speedups.dfa_counts(self.tk_nextmove, tables[0], tables[1], text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            return super()._raw_score(text)  # no features: py3langid's own fill value

    return CompiledWalk


def _walk_tables(model: Any) -> tuple[array[int], array[int]] | tuple[()]:
    """The DFA's row offsets and outputs as 4-byte arrays, or () when the model's tables
    do not fit the compiled walk (it then runs py3langid's own)."""
    nextmove = getattr(model, "tk_nextmove", None)
    if not isinstance(nextmove, array) or nextmove.itemsize != 4 or nextmove.typecode != "I":
        return ()
    try:
        return array("I", model._rowbase), array("i", model.tk_output)
    except (AttributeError, OverflowError, TypeError):
        return ()
