"""People found and resolved: the named speakers of the quote development set as entities.

    python bench/entities.py

Gold: every named speaker of ``tests/data/quotes/*.jsonl`` (hand-annotated with the person's
full name, e.g. ``Dmitry Peskov`` for a quote attributed to "the Kremlin spokesman" or
"Peskov"), one per article and person. Per split:

- ``full_name_recall``: share of gold people for whom the article has a PERSON entity whose
  canonical name is that full name (by ``resolve.variant_key``, so Zelensky = Zelenskyy): the
  person was recognised *and* every short form was resolved to the full name;
- ``named_recall``: share with a PERSON entity naming the person at all (bench/quotes.py's
  rule: same last word, one name's words within the other's);
- ``entities_per_person``: PERSON entities that name a gold person, per person found (1.0 =
  each person is one entity; more = the person was split, e.g. "Ahmed" beside "Asim Iftikhar
  Ahmad").

Baseline: spaCy's NER alone (en_core_web_sm), each distinct PERSON surface form one entity.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from extraction import _write_json  # noqa: E402
from newsloom.enrich.pipeline import Enricher  # noqa: E402
from newsloom.enrich.resolve import variant_key  # noqa: E402
from quotes import load_split, same_speaker  # noqa: E402

SPLITS = ("dev", "test", "fresh")


def score(people_by_article: list[tuple[set[str], list[str]]]) -> dict[str, float | int]:
    """``people_by_article``: (gold full names, predicted PERSON entity names) per article."""
    gold_total = full = named = 0
    per_person: list[int] = []
    for gold, predicted in people_by_article:
        for person in gold:
            gold_total += 1
            if any(variant_key(p) == variant_key(person) for p in predicted):
                full += 1
            matching = [p for p in predicted if same_speaker(p, person)]
            if matching:
                named += 1
                per_person.append(len(matching))
    return {
        "people": gold_total,
        "full_name_recall": round(full / max(gold_total, 1), 3),
        "named_recall": round(named / max(gold_total, 1), 3),
        "entities_per_person": round(sum(per_person) / max(len(per_person), 1), 3),
    }


def run_split(
    name: str, enricher: Enricher, *, baseline: bool = True
) -> dict[str, dict[str, float | int]]:
    docs = load_split(name)
    ours: list[tuple[set[str], list[str]]] = []
    base: list[tuple[set[str], list[str]]] = []
    for doc in docs:
        gold = {g.speaker for g in doc.gold if g.named and g.speaker}
        found = enricher.enrich_one(doc.article)
        ours.append((gold, [e.name for e in found.entities if e.label == "PERSON"]))
        if baseline:
            parsed = enricher.nlp(doc.article.text)
            base.append((gold, sorted({e.text for e in parsed.ents if e.label_ == "PERSON"})))
    results = {"newsloom": score(ours)}
    if baseline:
        results["spacy_ner"] = score(base)
    return results


def main() -> None:
    enricher = Enricher()
    results = {}
    for split in SPLITS:
        res = run_split(split, enricher)
        results[split] = res
        for method, s in res.items():
            print(
                f"{split:<6} {method:<9} people {s['people']:>3}  full-name recall "
                f"{s['full_name_recall']:.3f}  named recall {s['named_recall']:.3f}  "
                f"entities/person {s['entities_per_person']:.2f}",
                flush=True,
            )
    _write_json(BENCH / "results" / "entities.json", {"match_rule": __doc__, "splits": results})


if __name__ == "__main__":
    main()
