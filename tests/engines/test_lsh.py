"""The distributed LSH's pieces (star pairs over band keys, resolution in the driver) decide
exactly as the local DedupIndex does. Fast: no Ray, no shared data."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from newsloom.dedup.index import (
    BANDS,
    VERIFY_CHUNK,
    DedupDoc,
    DedupIndex,
    band_keys,
    sign_doc,
)
from newsloom.dedup.minhash import MinHasher
from newsloom.engines import base
from newsloom.engines.base import Duplicates, resolve_duplicates
from newsloom.engines.stages import star_pairs

WORDS = [f"w{i}" for i in range(3000)]


def _corpus(seed: int = 3) -> list[DedupDoc]:
    """Originals, near copies (5% words replaced), exact copies, a text glued from two
    originals (containment), a short fragment and an empty text."""
    rng = random.Random(seed)
    originals = [" ".join(rng.choices(WORDS, k=rng.randint(60, 200))) for _ in range(60)]
    texts = list(originals)
    for text in originals[:30]:
        words = text.split()
        texts.append(" ".join(w if rng.random() > 0.05 else rng.choice(WORDS) for w in words))
    texts += originals[40:45]  # exact copies
    texts.append(originals[50] + " " + " ".join(rng.choices(WORDS, k=150)))  # contains one
    texts += ["", "w1 w2"]
    rng.shuffle(texts)
    return [DedupDoc(f"d{i}", t) for i, t in enumerate(texts)]


def _distributed(docs: list[DedupDoc]) -> Duplicates:
    hasher = MinHasher()
    signed = [sign_doc(hasher, d) for d in docs]
    sigs = np.array([s.signature for s in signed], dtype=np.uint32)
    sizes = np.array([s.shingles for s in signed], dtype=np.int64)
    valid = np.flatnonzero(sizes > 0)
    exact = np.array([int(s.exact_key[:16] or "0", 16) for s in signed], dtype=np.uint64)
    keys = np.concatenate([band_keys(sigs), exact[:, None]], axis=1)[valid]
    band = np.tile(np.arange(BANDS + 1), len(valid))
    heads, members, rows = star_pairs([band, keys.ravel()], np.repeat(valid, BANDS + 1))
    is_exact = band[rows] == BANDS
    pairs = np.stack([heads, members], axis=1)

    def features(needed: npt.NDArray[np.int64]) -> dict[str, npt.NDArray[Any]]:
        return {
            "sig": sigs[needed],
            "shingles": sizes[needed],
            "length": np.array([signed[i].length for i in needed]),
            "time": np.array([signed[i].time for i in needed]),
        }

    return resolve_duplicates(
        len(docs), (heads[is_exact], members[is_exact]), pairs[~is_exact], features
    )


@pytest.mark.parametrize("chunk", [VERIFY_CHUNK, 7])
def test_distributed_lsh_decides_as_the_local_index(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # verified all at once, or a few pairs at a time (as a big corpus is): the same groups
    monkeypatch.setattr(base, "VERIFY_CHUNK", chunk)
    docs = _corpus()
    index = DedupIndex()
    local = index.add(docs)
    pos = {d.id: i for i, d in enumerate(docs)}
    dist = _distributed(docs)
    assert [pos[r.group] for r in local] == dist.canonical.tolist()
    assert [r.exact for r in local] == dist.exact.tolist()
    assert {pos[r.id]: [pos[c] for c in r.contains] for r in local if r.contains} == {
        k: v for k, v in dist.contains.items()
    }
    # the corpus exercises every kind of link
    assert sum(r.duplicate_of is not None for r in local) >= 30
    assert any(r.exact for r in local) and any(r.contains for r in local)


def test_star_pairs_pairs_each_bucket_with_its_lowest_index() -> None:
    keys = np.array([5, 7, 5, 5, 7, 9], dtype=np.uint64)
    band = np.zeros(6, dtype=np.int16)
    gidx = np.array([10, 3, 4, 8, 1, 2], dtype=np.int64)
    heads, members, rows = star_pairs([band, keys], gidx)
    assert sorted(zip(heads.tolist(), members.tolist(), strict=True)) == [(1, 3), (4, 8), (4, 10)]
    assert sorted(gidx[rows].tolist()) == sorted(members.tolist())
