"""Writers that never leave a half-written file: write to a temp file, then rename."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_text_writer(path: str | Path) -> Iterator[IO[str]]:
    """Yield a text handle; the file appears at ``path`` only if the block succeeds.

    ``-`` writes to stdout (nothing to make atomic there).
    """
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _NothingWritten(Exception):
    """Raised inside the writer to drop the temp file when there was nothing to write."""


def write_jsonl_atomic(
    path: str | Path, records: Iterable[dict[str, Any]], *, keep_old_if_empty: bool = False
) -> int:
    """Write one JSON object per line; return how many were written.

    With ``keep_old_if_empty``, a run that produced nothing leaves ``path`` as it was (a
    previous good output is not replaced by an empty file)."""
    n = 0
    try:
        with atomic_text_writer(path) as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False))
                fh.write("\n")
                n += 1
            if n == 0 and keep_old_if_empty and str(path) != "-":
                raise _NothingWritten
    except _NothingWritten:
        pass
    return n
