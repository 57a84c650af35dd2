"""Regression floor: time-expression value F1 (bench/times.py) on the hand-annotated set.

The floors sit just under the figures in the README; raise them when the extractor improves.
The fast test runs the rules alone (text mode) on the data bundled in tests/data/times; the
slow one runs the pipeline mode (spaCy doc + dateparser fallback) with the ECB+ articles.
"""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT / "bench"))

# bench/times.py, rules only, bundled data: dev 0.995, held-out (the written part) 0.939.
RULES_FLOORS = {"dev": 0.98, "heldout": 0.93}
# bench/times.py, pipeline mode, whole held-out split (written, ECB+, fundus): 0.955. The
# issue's bar is 0.80 (HeidelTime 0.78 on TempEval-3).
PIPELINE_HELDOUT_FLOOR = 0.94


def _value_f1(split: str, use_spacy: bool, with_shared: bool) -> float:
    from times import evaluate, load_all, newsloom_system, summarise

    run, _ = newsloom_system(use_spacy=use_spacy)
    counts, _ = evaluate(load_all(with_shared=with_shared), run)
    value = summarise(counts[split])["value"]
    assert isinstance(value, dict)
    return float(value["f1"])


@pytest.mark.parametrize("split", sorted(RULES_FLOORS))
def test_rules_value_f1_floor(split: str) -> None:
    assert _value_f1(split, use_spacy=False, with_shared=False) >= RULES_FLOORS[split]


@pytest.mark.slow
def test_pipeline_value_f1_floor() -> None:
    if not (SHARED_DATA / "ecbplus").is_dir():
        pytest.fail(f"benchmark data missing at {SHARED_DATA / 'ecbplus'}")
    assert _value_f1("heldout", use_spacy=True, with_shared=True) >= PIPELINE_HELDOUT_FLOOR
