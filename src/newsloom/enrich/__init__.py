"""Enrichment: entities, quotes, claims, times and places found in clean articles.

One spaCy parse per article (``nlp.py``) is shared by every extractor (``base.Extractor``).
"""
