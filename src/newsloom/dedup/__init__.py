"""Deduplication: exact copies, near copies (MinHash LSH) and containment (syndication)."""

from newsloom.dedup.index import DedupDoc, DedupIndex, DedupResult
from newsloom.dedup.minhash import MinHasher

__all__ = ["DedupDoc", "DedupIndex", "DedupResult", "MinHasher"]
