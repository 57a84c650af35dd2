"""A populated store for tests and demos: the bundled sample pages through the real pipeline.

Nothing here is fake: ``build_sample_store`` runs ``run_pipeline`` (read, clean, dedup,
stories, and enrichment when that stage is installed) on ``samples/``.
"""

from __future__ import annotations

from pathlib import Path

from newsloom.store import open_store
from newsloom.store.base import Store

# The repository's bundled sample pages (a source checkout or an editable install).
SAMPLES_DIR = Path(__file__).resolve().parents[3] / "samples"


def build_sample_store(path_or_url: str | Path, *, enrich: bool | None = None) -> Store:
    """Open (creating) the store at ``path_or_url`` and run the sample pages into it."""
    from newsloom.run import run_pipeline

    if not SAMPLES_DIR.is_dir():
        raise FileNotFoundError(f"{SAMPLES_DIR}: the bundled samples are not there")
    store = open_store(path_or_url)
    run_pipeline([str(SAMPLES_DIR)], store, enrich=enrich)
    return store
