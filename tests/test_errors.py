"""Every coded error has a label for run summaries, and codes are unique."""

from __future__ import annotations

# imported so that their error classes exist as subclasses
import newsloom.engines.base
import newsloom.io.feeds
import newsloom.io.warc
from newsloom.errors import LABELS, NewsloomError


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_all_subclasses(sub)]
    return out


def test_every_error_code_has_a_summary_label() -> None:
    classes = _all_subclasses(NewsloomError)
    assert len(classes) >= 15
    codes = {c.code for c in classes}  # type: ignore[attr-defined]
    assert codes <= set(LABELS), f"codes without a label: {sorted(codes - set(LABELS))}"
    assert {"E007", "E008", "E009", "E040"} <= codes
    assert newsloom.engines.base and newsloom.io.feeds and newsloom.io.warc
