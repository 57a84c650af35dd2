"""The cleaner's optional compiled core (``_speedups.c``, built by setup.py on install).

``core`` is that extension module, or None where no C compiler built it; every caller then runs
its pure-Python path, which gives the same answers (tests/clean/test_speedups.py). Callers bind it
as their own ``_speedups`` so that a test can switch one module to its pure-Python path.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

try:
    from newsloom.clean import _speedups as core
except ImportError:  # pragma: no cover - depends on the build
    core = None  # type: ignore[assignment]

__all__ = ["core", "lines_with_any_py"]


def lines_with_any_py(page: str, literals: Sequence[str]) -> list[int]:
    """The lines (split at "\n") of ``page`` holding one of ``literals``, in order: the
    pure-Python twin of ``core.lines_with_any(page, literals, False)``, one ``str.find`` pass
    per literal."""
    starts = list(accumulate((len(line) + 1 for line in page.split("\n")[:-1]), initial=0))
    found: set[int] = set()
    for literal in literals:
        k = page.find(literal)
        while k != -1:
            found.add(bisect_right(starts, k) - 1)
            k = page.find(literal, k + 1)
    return sorted(found)
