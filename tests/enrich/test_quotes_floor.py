"""Floor for bench/quotes.py: quote F1 and named-speaker accuracy on the annotated set.

Run without the entity stage (speakers from spaCy's NER alone) so that it is fast and tests
this module only. Figures when set (bench/results/quotes-no-entities.json): dev F1 0.99,
named-speaker 0.96; test F1 0.97, 0.90; blind fresh F1 0.94, 0.93. The floors sit a little
below so that a regression fails and a one-quote wobble does not.
"""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

F1_FLOOR = 0.93
NAMED_SPEAKER_FLOOR = 0.86


def test_quote_floor() -> None:
    from quotes import load_split, newsloom_predict, score

    for split in ("dev", "test", "fresh"):
        docs = load_split(split)
        result = score(docs, newsloom_predict(docs, entities=False))
        assert result["f1"] >= F1_FLOOR, (split, result)
        assert result["named_speaker_accuracy"] >= NAMED_SPEAKER_FLOOR, (split, result)
