"""The compiled MinHash (dedup/_minhash.c) gives the numpy path's values, bit for bit."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.dedup import minhash
from newsloom.dedup.minhash import MinHasher, normalise_tokens
from tests.conftest import SAMPLES

_WORDS = ["the", "kyiv", "talks", "ß", "ﬁre", "i̇stanbul", "naïve", "x_y", "2025", "东京", "ωmega"]


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler: the numpy path runs")
def test_the_compiled_minhash_is_built_where_a_compiler_exists() -> None:
    assert minhash._minhash is not None, (
        "newsloom.dedup._minhash is missing although a C compiler exists: "
        "reinstall with `pip install -e .`"
    )


needs_core = pytest.mark.skipif(minhash._minhash is None, reason="compiled MinHash not built")


@needs_core
@settings(max_examples=300, deadline=None)
@given(
    tokens=st.lists(
        st.one_of(st.sampled_from(_WORDS), st.text(min_size=1, max_size=8)), max_size=40
    ),
    k=st.integers(1, 5),
)
def test_shingles_and_signatures_equal_the_numpy_path(tokens: list[str], k: int) -> None:
    # the numpy path joins tokens with spaces: like normalise_tokens' \w+ runs, none holds one
    tokens = [t for t in tokens if " " not in t]
    hasher = MinHasher(shingle_words=k)
    fast, ref = hasher.shingles_of_tokens(tokens), hasher.shingles_of_tokens_py(tokens)
    assert fast.dtype == ref.dtype == np.uint64
    assert fast.tolist() == ref.tolist()
    assert hasher.signature(fast).tolist() == hasher.signature_py(ref).tolist()


@needs_core
def test_the_empty_set_signs_as_all_ones() -> None:
    hasher = MinHasher()
    empty = hasher.shingles_of_tokens([])
    assert len(empty) == 0
    assert hasher.signature(empty).tolist() == [2**32 - 1] * hasher.num_perm


@needs_core
def test_the_bundled_sample_pages_sign_the_same() -> None:
    hasher = MinHasher()
    pages = sorted(p for p in SAMPLES.rglob("*") if p.is_file())
    assert pages
    for page in pages:
        tokens = normalise_tokens(page.read_bytes().decode("utf-8", "replace"))
        fast, ref = hasher.shingles_of_tokens(tokens), hasher.shingles_of_tokens_py(tokens)
        assert np.array_equal(fast, ref)
        assert np.array_equal(hasher.signature(fast), hasher.signature_py(ref))
