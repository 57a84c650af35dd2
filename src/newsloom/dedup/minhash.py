"""MinHash signatures over word shingles, vectorised with numpy.

Everything is stable across processes and machines (no use of Python's salted ``hash``), so
signatures can be stored and a later run's articles compared with an earlier run's.

Token hashes are polynomial hashes of each token's UTF-8 bytes, computed for all tokens of a
document at once from one prefix-hash array; shingle hashes combine k consecutive token hashes
and are mixed with the SplitMix64 finaliser; each of the ``num_perm`` permutations is a
multiply-shift hash of that value, and the signature is the column-wise minimum.

Where setup.py built the optional ``_minhash`` extension, shingles and signatures come from it
(the same values, bit for bit: tests/dedup/test_minhash_compiled.py); the numpy methods
``*_py`` are the reference and the path without a C compiler.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

try:
    from newsloom.dedup import _minhash
except ImportError:  # pragma: no cover - depends on the build
    _minhash = None  # type: ignore[assignment]

U64 = np.uint64
_TOKEN = re.compile(r"\w+")
_BASE = U64(0x100000001B3)  # FNV prime: odd, so it has an inverse modulo 2**64
_BASE_INV = U64(pow(int(_BASE), -1, 2**64))
# Shingle width in words. 3 keeps a copy with one word in ten edited at Jaccard ~0.55 while
# distinct articles on the same event stay below ~0.1 (bench/dedup.py).
SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 0x5EED

Signature = npt.NDArray[np.uint32]


def _splitmix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        x = x + U64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> U64(30))) * U64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> U64(27))) * U64(0x94D049BB133111EB)
        return x ^ (x >> U64(31))


def normalise_tokens(text: str) -> list[str]:
    """Lower-cased word tokens: what shingles and exact hashes are made of."""
    return _TOKEN.findall(text.casefold())


class MinHasher:
    """Turns texts into shingle-hash sets and MinHash signatures (``num_perm`` x uint32)."""

    def __init__(
        self, *, num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS, seed: int = SEED
    ) -> None:
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        rng = np.random.default_rng(seed)
        self._a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | U64(1)
        self._b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self._pow: npt.NDArray[np.uint64] = np.ones(1, dtype=np.uint64)
        self._pow_inv: npt.NDArray[np.uint64] = np.ones(1, dtype=np.uint64)

    def _powers(self, n: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        if len(self._pow) < n:
            size = max(n, 2 * len(self._pow))
            with np.errstate(over="ignore"):
                self._pow = np.cumprod(np.full(size, _BASE, dtype=np.uint64), dtype=np.uint64)
                self._pow_inv = np.cumprod(
                    np.full(size, _BASE_INV, dtype=np.uint64), dtype=np.uint64
                )
            self._pow = np.concatenate([[U64(1)], self._pow[:-1]]).astype(np.uint64)
            self._pow_inv = np.concatenate([[U64(1)], self._pow_inv[:-1]]).astype(np.uint64)
        return self._pow[:n], self._pow_inv[:n]

    def token_hashes(self, tokens: list[str]) -> npt.NDArray[np.uint64]:
        """One 64-bit hash per token, all tokens at once from one prefix-hash array."""
        if not tokens:
            return np.zeros(0, dtype=np.uint64)
        data = np.frombuffer((" ".join(tokens) + " ").encode("utf-8"), dtype=np.uint8)
        ends = np.flatnonzero(data == 32)  # tokens are \w+ runs: spaces only separate them
        starts = np.concatenate([[0], ends[:-1] + 1])
        pw, pw_inv = self._powers(len(data))
        with np.errstate(over="ignore"):
            prefix = np.concatenate(
                [[U64(0)], np.cumsum(data.astype(np.uint64) * pw, dtype=np.uint64)]
            )
            raw = (prefix[ends] - prefix[starts]) * pw_inv[starts]
        return _splitmix(raw + (ends - starts).astype(np.uint64))

    def shingles(self, text: str) -> npt.NDArray[np.uint64]:
        """Sorted unique shingle hashes of a text (a short text is one shingle)."""
        return self.shingles_of_tokens(normalise_tokens(text))

    def shingles_of_tokens(self, tokens: list[str]) -> npt.NDArray[np.uint64]:
        if _minhash is not None:
            return np.frombuffer(_minhash.shingle_hashes(tokens, self.shingle_words), np.uint64)
        return self.shingles_of_tokens_py(tokens)

    def shingles_of_tokens_py(self, tokens: list[str]) -> npt.NDArray[np.uint64]:
        """``shingles_of_tokens`` in numpy: the reference for the compiled path."""
        th = self.token_hashes(tokens)
        k = self.shingle_words
        if len(th) == 0:
            return th
        if len(th) < k:
            k = len(th)
        n = len(th) - k + 1
        acc = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                acc = acc * _BASE + th[j : j + n]
        return np.unique(_splitmix(acc))

    def signature(self, shingles: npt.NDArray[np.uint64]) -> Signature:
        """MinHash signature; all-ones (max) for an empty set, which matches nothing real."""
        if _minhash is not None:
            x = np.ascontiguousarray(shingles, dtype=np.uint64)
            return np.frombuffer(_minhash.signature(x, self._a, self._b), np.uint32)
        return self.signature_py(shingles)

    def signature_py(self, shingles: npt.NDArray[np.uint64]) -> Signature:
        """``signature`` in numpy: the reference for the compiled path."""
        if len(shingles) == 0:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        buf = np.empty((len(shingles), self.num_perm), dtype=np.uint64)
        with np.errstate(over="ignore"):  # in place: one n x num_perm buffer, no temporaries
            np.multiply(shingles[:, None], self._a[None, :], out=buf)
            buf += self._b[None, :]
        buf >>= U64(32)
        sig: Signature = buf.min(axis=0).astype(np.uint32)
        return sig


def jaccard(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """Exact Jaccard of two sorted unique shingle arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def containment(small: npt.NDArray[np.uint64], big: npt.NDArray[np.uint64]) -> float:
    """Share of ``small``'s shingles that occur in ``big``."""
    if len(small) == 0:
        return 0.0
    return len(np.intersect1d(small, big, assume_unique=True)) / len(small)
