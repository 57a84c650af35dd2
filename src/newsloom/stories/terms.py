"""Terms and names for story similarity: TF-IDF terms and capitalised-phrase entities.

Entity spotting is deliberately plain (runs of capitalised words, a lone one not opening a
sentence) until the extraction stage exists; it already separates "Tara Reid enters rehab" from
"Lindsay Lohan enters rehab", which share every other word.

Held-out pairwise F1 on ECB+ (``bench/clustering.py --fit --splits 3``: 5 folds by topic, mean
over 3 assignments of topics to folds, join model refitted each time), step by step: 0.8873
before; 0.8917 with a name's last word counted too; 0.8932 with runs opening a sentence kept
whole; 0.8978 with FUNCTION_WORDS instead of the cleaner's stop list (0.8972 for names alone,
0.8989 for English terms alone); 0.9045 with possessives stripped; 0.9065 with a run opening
the text (a title's first words) kept like any other.
"""

from __future__ import annotations

import re
from collections import Counter

from newsloom.clean.stopwords import stopwords

# Words, and numbers of two or more digits (years, tolls, magnitudes): "2011" vs "2008" is
# often all that tells two earthquakes or two trials apart.
_WORD = re.compile(r"[^\W\d_][\w'-]*|\d[\d.,]*\d", re.UNICODE)
# The patterns open with a character class so that the regex engine skips ahead to where one
# can match (a leading \b, lookbehind or ^ made it try every position: twice the time); each
# finds what its plain form in the comment does.
# \b([A-Z][\w'-]+(?:\s+(?:of|de|al|bin|van|von)?\s*[A-Z][\w'-]+)*)
_CAP_RUN = re.compile(r"([A-Z](?<!\w[A-Z])[\w'-]+(?:\s+(?:of|de|al|bin|van|von)?\s*[A-Z][\w'-]+)*)")
# (?:^|[.!?\"']\s+)([A-Z][\w'-]+), the ^ branch matched apart (see ``_sentence_starts``)
_SENT_START = re.compile(r"[.!?\"']\s+([A-Z][\w'-]+)")
_CAPITALISED = re.compile(r"[A-Z][\w'-]+")
# English function words: what is dropped from English terms and stripped from the front of a
# capitalised run. The cleaner's English stop list (jusText's most frequent Wikipedia words) is
# made for text density and holds names and topic words ("york", "london", "john", "species",
# "church", "president"): with it, "New York" vanished and "George Bush" became "bush" (the
# gain is in the module docstring).
_FUNCTION_TEXT = (
    "a an the this that these those there here and or but nor so yet if then than as at by for "
    "from in into of off on onto out over to up upon with within without about above after "
    "against along among around before behind below beneath beside besides between beyond "
    "during except inside near since through throughout till toward towards under until via "
    "i me my mine we us our ours you your yours he him his she her hers it its they them their "
    "theirs who whom whose which what whatever whoever when where why how all any both each "
    "either neither every few many more most much no none not only other others own same some "
    "such is am are was were be been being have has had having do does did done can could may "
    "might must shall should will would also just very too again ever even still already yes "
    "oh well now once however meanwhile while although though because unless whether"
)
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
# Suffixes stripped so that "strike"/"strikes", "killed"/"killing" meet (a light stemmer:
# good enough for similarity, never shown to users).
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "s")
MIN_TERM_LEN = 3
# Numbers as written, thousands separators dropped: "1,200" and "1200" meet; "7.1" stays whole.
# (?<![\w.])\d+(?:[.,]\d+)*(?![\w]), the look behind moved after the first digit
_NUMBER = re.compile(r"\d(?<![\w.]\d)\d*(?:[.,]\d+)*(?!\w)")
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
    """Lower-cased words (and numbers) that are not stop words, unstemmed. English drops only
    FUNCTION_WORDS; other languages their stop lists."""
    stop = FUNCTION_WORDS if (lang or "en") == "en" else stopwords(lang)
    return [w for w in _WORD.findall(text.lower()) if len(w) >= MIN_TERM_LEN and w not in stop]


def entities(text: str) -> Counter[str]:
    """Capitalised phrases (names of people, places, organisations), lower-cased.

    Function words in front and a possessive behind are stripped ("The Kremlin's" is
    "kremlin"). A single capitalised word that opens a sentence is ignored: it is usually just
    capitalised because it comes first. A run of two or more opening a sentence is kept whole,
    as anywhere else (before, "Lindsay Lohan has checked in" gave "lohan" and the same name
    mid-sentence "lindsay lohan"). A name of several
    words also counts its last word, so an article saying "Lohan" meets one saying "Lindsay
    Lohan", and "Obama" meets "President Barack Obama" (gains in the module docstring).
    """
    starts = _sentence_starts(text)
    out: Counter[str] = Counter()
    for m in _CAP_RUN.finditer(text):
        words = m.group(1).split()
        n = len(words)
        while words and words[0].lower() in FUNCTION_WORDS:
            words = words[1:]
        if not words:
            continue
        opens = m.start(1) in starts and len(words) == n  # nothing stripped in front
        if len(words) == 1 and (opens or len(words[0]) < 3):
            continue
        if words[-1].endswith("'s"):  # "Turkmenistan's" is Turkmenistan
            words[-1] = words[-1][:-2]
        elif words[-1].endswith("'"):  # "the Sixers' coach"
            words[-1] = words[-1][:-1]
        out[" ".join(words).lower()] += 1
        if len(words) > 1:
            out[words[-1].lower()] += 1
    return out


def _sentence_starts(text: str) -> set[int]:
    r"""Where a capitalised word opens the text or follows the end of a sentence: the matches
    of (?:^|[.!?"']\s+)([A-Z][\w'-]+) scanned left to right, the one at the start first (a
    quote it ends with cannot open the next match, as in the single pattern)."""
    first = _CAPITALISED.match(text)
    starts = {m.start(1) for m in _SENT_START.finditer(text, first.end() if first else 0)}
    if first:
        starts.add(0)
    return starts


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
