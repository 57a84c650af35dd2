from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.dedup import DedupDoc, DedupIndex, MinHasher
from newsloom.dedup.minhash import jaccard
from tests.conftest import SAMPLES

LINES = (SAMPLES / "wire-story-captured-twice.txt").read_text("utf-8").split("\n")
KREMLIN = "\n".join(LINES[:5])  # one agency's piece
TROOPS = "\n".join(LINES[5:9])  # the other's
GLUED = KREMLIN + "\n" + TROOPS


def _by_id(results: list) -> dict:  # type: ignore[type-arg]
    return {r.id: r for r in results}


def test_exact_near_and_containment() -> None:
    ix = DedupIndex()
    res = _by_id(
        ix.add(
            [
                DedupDoc("kremlin", KREMLIN, datetime(2025, 8, 27, 9)),
                DedupDoc("troops", TROOPS, datetime(2025, 8, 27, 10)),
                DedupDoc("glued", GLUED, datetime(2025, 8, 28)),
                DedupDoc(
                    "edited",
                    KREMLIN.replace("Wednesday", "Tuesday").replace("deal", "agreement"),
                    datetime(2025, 8, 27, 8),
                ),
                DedupDoc("exact", KREMLIN.upper().replace("\n", "  ")),
            ]
        )
    )
    # the glued page contains both pieces and is a copy of neither
    assert res["glued"].duplicate_of is None
    assert res["glued"].contains == ["edited", "troops"]  # named by their canonical copies
    assert res["troops"].duplicate_of is None
    # near and exact copies: one group, canonical = earliest
    assert res["kremlin"].duplicate_of == "edited"
    assert res["exact"].duplicate_of == "edited" and res["exact"].exact
    assert res["edited"].duplicate_of is None and res["edited"].group == "edited"


def test_canonical_without_dates_is_longest_then_first() -> None:
    ix = DedupIndex()
    short = KREMLIN.rsplit(".", 2)[0] + "."
    res = _by_id(ix.add([DedupDoc("short", short), DedupDoc("long", KREMLIN)]))
    assert res["short"].duplicate_of == "long"


def test_incremental_and_persistent(tmp_path: Path) -> None:
    ix = DedupIndex()
    ix.add([DedupDoc("a", KREMLIN, datetime(2025, 8, 27))])
    ix.save(tmp_path / "dedup")
    again = DedupIndex.load(tmp_path / "dedup")
    res = _by_id(
        again.add(
            [DedupDoc("b", KREMLIN + " Updated.", datetime(2025, 8, 28)), DedupDoc("a", KREMLIN)]
        )
    )
    assert res["b"].duplicate_of == "a"
    assert len(again) == 2  # re-adding "a" added nothing


def test_empty_and_one_word_texts_are_not_duplicates_of_each_other() -> None:
    ix = DedupIndex()
    res = _by_id(ix.add([DedupDoc("e1", ""), DedupDoc("e2", "   "), DedupDoc("w", "Breaking")]))
    assert all(r.duplicate_of is None for r in res.values())


def test_signature_estimates_jaccard() -> None:
    m = MinHasher()
    a, b = m.shingles(KREMLIN), m.shingles(KREMLIN.replace("Russia", "Moscow"))
    est = float(np.mean(m.signature(a) == m.signature(b)))
    assert abs(est - jaccard(a, b)) < 0.15


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_any_text_hashes_stably(text: str) -> None:
    m1, m2 = MinHasher(), MinHasher()
    assert np.array_equal(m1.signature(m1.shingles(text)), m2.signature(m2.shingles(text)))
