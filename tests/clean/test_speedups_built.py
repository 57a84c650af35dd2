"""The compiled core is optional for users without a C compiler, but not for CI: when a compiler
is on this machine, `pip install -e .` must have built it, or the throughput figures and the
compiled-vs-pure tests in test_speedups.py (which skip without it) would silently not apply."""

from __future__ import annotations

import importlib.util
import shutil

import pytest


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler: the pure-Python path runs")
def test_compiled_core_is_built_where_a_compiler_exists() -> None:
    assert importlib.util.find_spec("newsloom.clean._speedups") is not None, (
        "newsloom.clean._speedups is missing although a C compiler exists: "
        "rerun `pip install -e .` (setup.py builds it)"
    )
