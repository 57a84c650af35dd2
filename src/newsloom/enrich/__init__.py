"""Enrichment: entities, quotes, claims, times and places found in clean articles.

One spaCy parse per article (``nlp.py``) is shared by every extractor (``base.Extractor``),
run in a fixed order by ``pipeline.Enricher``: ``entities`` (spaCy's NER corrected with rules
and the gazetteer, resolved with ``resolve``), ``places`` (geocoded with ``gazetteer``), then
quotes, claims and times. Nothing heavy is imported here: ``records`` is used by the store and
the API without spaCy.
"""
