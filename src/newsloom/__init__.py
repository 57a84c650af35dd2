"""newsloom: clean, deduplicated, structured, searchable news from raw scraped pages."""

from newsloom.model import Article, Page, RemovedBlock, Section

__all__ = ["Article", "Page", "RemovedBlock", "Section", "__version__"]
__version__ = "0.1.0"
