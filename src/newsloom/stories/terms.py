"""Terms and names for story similarity: TF-IDF terms and capitalised-phrase entities.

Entity spotting is deliberately plain (runs of capitalised words not opening a sentence) until
the extraction stage exists; it already separates "Tara Reid enters rehab" from "Lindsay Lohan
enters rehab", which share every other word.
"""

from __future__ import annotations

import re
from collections import Counter

from newsloom.clean.stopwords import stopwords

# Words, and numbers of two or more digits (years, tolls, magnitudes): "2011" vs "2008" is
# often all that tells two earthquakes or two trials apart.
_WORD = re.compile(r"[^\W\d_][\w'-]*|\d[\d.,]*\d", re.UNICODE)
_CAP_RUN = re.compile(
    r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]+(?:\s+(?:of|de|al|bin|van|von)?\s*"
    r"[A-Z][\w'-]+)*)"
)
_SENT_START = re.compile(r"(?:^|[.!?\"']\s+)([A-Z][\w'-]+)")
# Suffixes stripped so that "strike"/"strikes", "killed"/"killing" meet (a light stemmer:
# good enough for similarity, never shown to users).
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")
MIN_TERM_LEN = 3
# Numbers as written, thousands separators dropped: "1,200" and "1200" meet; "7.1" stays whole.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"(?:19|20)\d\d")


def stem(word: str) -> str:
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    return word


def terms(text: str, lang: str | None = "en") -> Counter[str]:
    """Stemmed content words with counts."""
    return Counter(stem(w) for w in content_words(text, lang))


def content_words(text: str, lang: str | None = "en") -> list[str]:
    """Lower-cased words (and numbers) that are not stop words, unstemmed."""
    stop = stopwords(lang)
    return [w for w in _WORD.findall(text.lower()) if len(w) >= MIN_TERM_LEN and w not in stop]


def entities(text: str) -> Counter[str]:
    """Capitalised phrases (names of people, places, organisations), lower-cased.

    A single capitalised word that opens a sentence is ignored: it is usually just capitalised
    because it comes first. Stop words ("The", "But") never count.
    """
    stop = stopwords("en")
    starts = {m.start(1) for m in _SENT_START.finditer(text)}
    out: Counter[str] = Counter()
    for m in _CAP_RUN.finditer(text):
        phrase = m.group(1)
        words = phrase.split()
        while words and words[0].lower() in stop:
            words = words[1:]
        if not words:
            continue
        if len(words) == 1 and (m.start(1) in starts or len(words[0]) < 3):
            continue
        out[" ".join(words).lower()] += 1
    return out


def numbers(text: str) -> Counter[str]:
    """Numbers in ``text`` (scores, tolls, sums, magnitudes, years), as strings with counts."""
    out: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        num = m.group(0).rstrip(".,")
        if "," in num and all(len(part) == 3 for part in num.split(",")[1:]):
            num = num.replace(",", "")
        out[num] += 1
    return out


def years(nums: Counter[str]) -> set[str]:
    """The numbers that read as years (1900-2099)."""
    return {n for n in nums if _YEAR.fullmatch(n)}
