"""Background IDF from word frequencies in general text (the wordfreq package's tables).

An online clusterer that learns IDF from the articles it has seen knows nothing on its first
day: "rehab" and "said" weigh the same. The frequency of a word in large general corpora gives a
stable IDF from the first article on, the same on every run (ids stay reproducible), and in
the 40-odd languages wordfreq covers.
"""

from __future__ import annotations

import math
from functools import lru_cache

# IDF of a word wordfreq has never seen (names, rare terms): -ln(1.5e-8). Higher values only
# let one unknown token dominate a vector. (bench/clustering.py: 14-18 within 0.03 F1.)
IDF_CAP = 18.0


@lru_cache(maxsize=200_000)
def background_idf(word: str, lang: str) -> float:
    """-ln(frequency of ``word``), capped; IDF_CAP when the word or language is unknown."""
    try:
        from wordfreq import word_frequency

        freq = word_frequency(word, lang)
    except (LookupError, ValueError, ImportError):
        return IDF_CAP
    return min(-math.log(freq), IDF_CAP) if freq > 0 else IDF_CAP
