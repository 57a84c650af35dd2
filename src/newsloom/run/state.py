"""The dedup index and story clusterer state as named blobs in the store.

Both stages persist to files (a directory and a JSON file, see ``stories/run.py``); the run
unpacks the blobs into a temporary directory, lets ``cluster_records`` load, update and save
them there, and packs them back into the batch, so state and articles commit together.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from newsloom.store.base import Store
from newsloom.stories.run import DEDUP_DIR, STORIES_FILE

# Blob names in the store's pipeline_state table.
DEDUP_STATE = "dedup-index"
STORIES_STATE = "story-clusterer"


def unpack_state(store: Store, state_dir: Path) -> bool:
    """Write the stored state into ``state_dir``; False when the store has none yet."""
    dedup, stories = store.load_state(DEDUP_STATE), store.load_state(STORIES_STATE)
    if dedup is None or stories is None:
        return False
    target = state_dir / DEDUP_DIR
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(dedup)) as zf:
        for name in zf.namelist():
            (target / Path(name).name).write_bytes(zf.read(name))  # flat: no path tricks
    (state_dir / STORIES_FILE).write_bytes(stories)
    return True


def pack_state(state_dir: Path) -> dict[str, bytes]:
    """The state files under ``state_dir`` as blobs (the npz inside is already compact, so
    the zip only stores)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted((state_dir / DEDUP_DIR).iterdir()):
            zf.write(path, path.name)
    return {DEDUP_STATE: buf.getvalue(), STORIES_STATE: (state_dir / STORIES_FILE).read_bytes()}
