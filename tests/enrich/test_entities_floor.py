"""Floor for bench/entities.py: named speakers of the quote set found and resolved as people.

Figures when set (bench/results/entities.json): dev full-name recall 1.000 and 1.00 entities
per person (spaCy's NER alone: 0.970 and 1.30); held-out test 0.875 / 1.00; fresh (US political
news written after the extractor) 0.955 / 1.00. The floors sit a little below so that a
regression fails and one name's wobble does not.
"""

from __future__ import annotations

import sys

from newsloom.enrich.pipeline import Enricher
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

FULL_NAME_RECALL_FLOOR = {"dev": 0.95, "test": 0.83, "fresh": 0.9}
ENTITIES_PER_PERSON_CEILING = 1.05


def test_entity_floor(enricher: Enricher) -> None:
    from entities import run_split

    for split, floor in FULL_NAME_RECALL_FLOOR.items():
        result = run_split(split, enricher, baseline=False)["newsloom"]
        assert result["full_name_recall"] >= floor, (split, result)
        assert result["entities_per_person"] <= ENTITIES_PER_PERSON_CEILING, (split, result)
