"""The end-to-end run: pages through every stage into a store (``newsloom run``)."""

from newsloom.run.pipeline import RunSummary, page_key, run_pipeline

__all__ = ["RunSummary", "page_key", "run_pipeline"]
