"""An incremental duplicate index: exact hashes, MinHash LSH candidates, verified links.

Articles arrive in batches. Each batch is checked against itself and everything indexed
before, so a later run's copies join an earlier run's groups; ``save``/``load`` persist the
index between runs (a directory written to a temp name, then renamed).

Candidate pairs come from LSH banding, done by sorting band keys rather than with hash tables
of Python lists: 100,000 articles x 42 bands is 4.2 M keys, a 34 MB array instead of ~400 MB
of dict entries. Candidates are then verified on the Jaccard and containment estimated from
the full signatures, so a pair that merely shares one band is not linked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsloom.dedup.minhash import NUM_PERM, MinHasher, normalise_tokens
from newsloom.dedup.unionfind import UnionFind

# LSH banding: 42 bands of 3 rows (126 of the 128 permutations). A pair at Jaccard 0.4 becomes
# a candidate with probability 0.94, at 0.5 with 0.996; at 0.1 with 0.04.
BANDS, ROWS = 42, 3
# Verified near duplicates: estimated Jaccard of word 3-shingles at least this. Copies with 10%
# of their words edited sit around 0.5-0.6; distinct reports of one event below 0.15.
DUP_JACCARD = 0.4
# A text contains another when this share of the smaller one's shingles is in it.
CONTAIN_SHARE = 0.8
# ... and the smaller one is at most this fraction of the larger (else it is a near copy).
CONTAIN_MAX_RATIO = 0.8
# ... and the larger adds at least this many shingles (about a paragraph); less is a copy with
# a few lines of furniture added, which is a duplicate.
CONTAIN_MIN_EXTRA = 40
# Candidate pairs are verified this many at a time (bounds the pairs x 128 comparison array).
VERIFY_CHUNK = 50_000
FORMAT_VERSION = 1


@dataclass(slots=True)
class DedupDoc:
    """What the index needs of an article."""

    id: str
    text: str
    published: datetime | None = None


@dataclass(slots=True)
class DedupResult:
    id: str
    duplicate_of: str | None  # the group's canonical copy, None for the canonical itself
    group: str  # id of the group's canonical copy (the syndication group)
    exact: bool  # an exact copy (same normalised words) of an earlier article
    contains: list[str] = field(default_factory=list)  # canonical ids of contained groups


class DedupIndex:
    """Exact and near-duplicate groups over everything added so far."""

    def __init__(self, *, hasher: MinHasher | None = None) -> None:
        self.hasher = hasher or MinHasher()
        self.ids: list[str] = []
        self._pos: dict[str, int] = {}
        self._exact: dict[str, int] = {}
        self._sigs = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self._bands = np.zeros((0, BANDS), dtype=np.uint64)
        self._sizes = np.zeros(0, dtype=np.int64)  # shingle counts
        self._lengths = np.zeros(0, dtype=np.int64)  # characters
        self._times = np.zeros(0, dtype=np.float64)  # POSIX seconds, inf when unknown
        self._uf = UnionFind()
        self._contains: dict[int, set[int]] = {}
        self._is_exact: set[int] = set()
        self._groups: dict[int, list[int]] | None = None  # root -> members, rebuilt lazily

    def __len__(self) -> int:
        return len(self.ids)

    # -- adding ------------------------------------------------------------------------

    def add(self, docs: Sequence[DedupDoc]) -> list[DedupResult]:
        """Index a batch; return one result per doc, in order. Ids already indexed are not
        indexed again (re-running on the same input is idempotent)."""
        fresh = [d for d in docs if d.id not in self._pos]
        self.add_signed([sign_doc(self.hasher, d) for d in fresh])
        return [self.result(d.id) for d in docs]

    def add_signed(self, docs: Sequence[SignedDoc]) -> None:
        """Index a batch whose signatures were computed elsewhere (by ``sign_doc``, e.g. in
        the engines' worker processes); ids already indexed are skipped."""
        new: list[int] = []
        sigs, sizes, lengths, times = [], [], [], []
        for doc in docs:
            if doc.id in self._pos:
                continue
            idx = self._uf.add()
            self.ids.append(doc.id)
            self._pos[doc.id] = idx
            sigs.append(doc.signature)
            sizes.append(doc.shingles)
            lengths.append(doc.length)
            times.append(doc.time)
            key = doc.exact_key
            if key and key in self._exact:
                self._uf.union(self._exact[key], idx)
                self._is_exact.add(idx)
            elif key:
                self._exact[key] = idx
            new.append(idx)
        if new:
            sig_arr = np.array(sigs, dtype=np.uint32)
            self._sigs = np.vstack([self._sigs, sig_arr])
            self._bands = np.vstack([self._bands, band_keys(sig_arr)])
            self._sizes = np.concatenate([self._sizes, np.array(sizes, dtype=np.int64)])
            self._lengths = np.concatenate([self._lengths, np.array(lengths, dtype=np.int64)])
            self._times = np.concatenate([self._times, np.array(times, dtype=np.float64)])
            self._link(np.array(new))
            self._groups = None

    def _link(self, new: npt.NDArray[np.int64]) -> None:
        pairs = self._candidates(new)
        if len(pairs) == 0:
            return
        roots = np.array([self._uf.find(i) for i in range(len(self.ids))], dtype=np.int64)
        pairs = pairs[roots[pairs[:, 0]] != roots[pairs[:, 1]]]  # already one group
        for chunk in np.array_split(pairs, max(1, len(pairs) // VERIFY_CHUNK)):
            self._verify(chunk)

    def _candidates(self, new: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Unique pairs (a < b) sharing a band key, at least one of them new.

        Per band, only keys that some new article has are looked at (``np.isin``); in each
        bucket every member is paired with the bucket's first member (a star: union-find makes
        the groups transitive, and the other bands catch the pairs a star leaves out)."""
        valid = self._sizes > 0
        new = new[valid[new]]
        if len(new) == 0:
            return np.zeros((0, 2), dtype=np.int64)
        first_new = int(new.min())
        found = []
        for b in range(BANDS):
            keys = self._bands[:, b]
            idx = np.nonzero(np.isin(keys, keys[new]) & valid)[0]
            if len(idx) < 2:
                continue
            order = idx[np.argsort(keys[idx], kind="stable")]
            sk = keys[order]
            is_start = np.concatenate([[True], sk[1:] != sk[:-1]])
            head = order[np.flatnonzero(is_start)[np.cumsum(is_start) - 1]]
            mask = ~is_start & (np.maximum(head, order) >= first_new)
            found.append(
                np.stack([np.minimum(head, order)[mask], np.maximum(head, order)[mask]], axis=1)
            )
        if not found:
            return np.zeros((0, 2), dtype=np.int64)
        return np.unique(np.concatenate(found), axis=0)

    def _verify(self, pairs: npt.NDArray[np.int64]) -> None:
        """Link candidate pairs. Containment (a much shorter text inside a longer one) is
        recorded without merging, since a page glued from two wires contains both and they
        are not copies of each other; otherwise a high Jaccard makes them one group."""
        a, b = pairs[:, 0], pairs[:, 1]
        sa, sb = self._sizes[a], self._sizes[b]
        merge, contains = verify_pairs(self._sigs[a], self._sigs[b], sa, sb)
        for x, y in pairs[merge].tolist():
            self._uf.union(x, y)
        for x, y, sx, sy in zip(
            a[contains].tolist(),
            b[contains].tolist(),
            sa[contains].tolist(),
            sb[contains].tolist(),
            strict=True,
        ):
            big, small = (x, y) if sx > sy else (y, x)
            self._contains.setdefault(big, set()).add(small)

    # -- results -----------------------------------------------------------------------

    def canonical(self, idx: int) -> int:
        """The group's canonical copy: earliest, then longest, then first seen."""
        members = self._group_members()[self._uf.find(idx)]
        return min(members, key=lambda i: (self._times[i], -self._lengths[i], i))

    def _group_members(self) -> dict[int, list[int]]:
        if self._groups is None:
            groups: dict[int, list[int]] = {}
            for i in range(len(self._uf.parent)):
                groups.setdefault(self._uf.find(i), []).append(i)
            self._groups = groups
        return self._groups

    def result(self, doc_id: str) -> DedupResult:
        idx = self._pos[doc_id]
        canon = self.canonical(idx)
        return DedupResult(
            id=doc_id,
            duplicate_of=None if canon == idx else self.ids[canon],
            group=self.ids[canon],
            exact=idx in self._is_exact,
            # contained texts are named by their group's canonical copy
            contains=sorted({self.ids[self.canonical(i)] for i in self._contains.get(idx, ())}),
        )

    # -- persistence -------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write the index to directory ``path`` atomically (temp dir, then rename)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            np.savez(
                tmp / "arrays.npz",
                sigs=self._sigs,
                bands=self._bands,
                sizes=self._sizes,
                lengths=self._lengths,
                times=self._times,
                parents=np.array(self._uf.parent, dtype=np.int64),
            )
            meta = {
                "version": FORMAT_VERSION,
                "ids": self.ids,
                "exact": self._exact,
                "is_exact": sorted(self._is_exact),
                "contains": {str(k): sorted(v) for k, v in self._contains.items()},
            }
            (tmp / "meta.json").write_text(json.dumps(meta), "utf-8")
            old = target.with_name(target.name + ".old")
            if target.exists():
                os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, path: str | Path) -> DedupIndex:
        path = Path(path)
        meta = json.loads((path / "meta.json").read_text("utf-8"))
        if meta.get("version") != FORMAT_VERSION:
            raise ValueError(
                f"{path}: dedup index format {meta.get('version')} is not {FORMAT_VERSION}"
            )
        arrays = np.load(path / "arrays.npz")
        index = cls()
        index.ids = list(meta["ids"])
        index._pos = {d: i for i, d in enumerate(index.ids)}
        index._exact = {k: int(v) for k, v in meta["exact"].items()}
        index._is_exact = set(meta["is_exact"])
        index._contains = {int(k): set(v) for k, v in meta["contains"].items()}
        index._sigs, index._bands = arrays["sigs"], arrays["bands"]
        index._sizes, index._lengths = arrays["sizes"], arrays["lengths"]
        index._times = arrays["times"]
        index._uf = UnionFind([int(p) for p in arrays["parents"]])
        return index


@dataclass(slots=True)
class SignedDoc:
    """What the index keeps of a document: computable anywhere, independently per document."""

    id: str
    signature: npt.NDArray[np.uint32]
    shingles: int  # number of distinct shingles (0: no words, never a candidate)
    length: int  # characters, for choosing the canonical copy
    time: float  # POSIX seconds of publication, inf when unknown
    exact_key: str  # hash of the normalised words, "" when there are none


def sign_doc(hasher: MinHasher, doc: DedupDoc) -> SignedDoc:
    tokens = normalise_tokens(doc.text)
    shingles = hasher.shingles_of_tokens(tokens)
    return SignedDoc(
        id=doc.id,
        signature=hasher.signature(shingles),
        shingles=len(shingles),
        length=len(doc.text),
        time=doc.published.timestamp() if doc.published else np.inf,
        exact_key=exact_key(tokens),
    )


def exact_key(tokens: list[str]) -> str:
    """Two texts with the same key have the same words in the same order."""
    if not tokens:
        return ""
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=12).hexdigest()


def verify_pairs(
    sigs_a: npt.NDArray[np.uint32],
    sigs_b: npt.NDArray[np.uint32],
    sizes_a: npt.NDArray[np.int64],
    sizes_b: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """For candidate pairs (row i of each array): which are one group (``merge``) and which
    are a longer text containing a shorter one (``contains``), estimated from the signatures."""
    est_j = (sigs_a == sigs_b).mean(axis=1)
    s_small, s_big = np.minimum(sizes_a, sizes_b), np.maximum(sizes_a, sizes_b)
    shared = est_j * (s_small + s_big) / (1 + est_j)
    contained = shared / np.maximum(s_small, 1) >= CONTAIN_SHARE
    extra = s_big - shared  # what the longer text adds: a second story, or furniture?
    contains = contained & (s_small <= CONTAIN_MAX_RATIO * s_big) & (extra >= CONTAIN_MIN_EXTRA)
    merge = ~contains & ((est_j >= DUP_JACCARD) | contained)
    return merge, contains


def band_keys(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One 64-bit key per band: the band's rows mixed together (and with the band number)."""
    from newsloom.dedup.minhash import _splitmix

    n = len(sigs)
    rows = sigs[:, : BANDS * ROWS].astype(np.uint64).reshape(n, BANDS, ROWS)
    acc = np.broadcast_to(np.arange(BANDS, dtype=np.uint64), (n, BANDS)).copy()
    with np.errstate(over="ignore"):
        for r in range(ROWS):
            acc = _splitmix(acc * np.uint64(0x100000001B3) + rows[:, :, r])
    return acc
