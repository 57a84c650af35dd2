"""The cleaner's optional compiled core (``_speedups.c``, built by setup.py on install).

``core`` is that extension module, or None where no C compiler built it; every caller then runs
its pure-Python path, which gives the same answers (tests/clean/test_speedups.py). Callers bind it
as their own ``_speedups`` so that a test can switch one module to its pure-Python path.
"""

from __future__ import annotations

try:
    from newsloom.clean import _speedups as core
except ImportError:  # pragma: no cover - depends on the build
    core = None  # type: ignore[assignment]

__all__ = ["core"]
