"""Forked enrichment workers: input order kept, worker failures raised, early stops clean."""

from __future__ import annotations

import os

import pytest

from newsloom.enrich.pipeline import Enricher
from newsloom.enrich.records import Enrichment
from newsloom.enrich.workers import enrich_forked, fork_available
from newsloom.model import Article
from tests.enrich.conftest import article

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs the fork start method")


def _numbered(n: int) -> list[Article]:
    return [Article(id=f"a{i}", text=f"text {i}") for i in range(n)]


def _note_pid_and_id(batch: list[Article]) -> list[Enrichment]:
    return [Enrichment(notes=[a.id, str(os.getpid())]) for a in batch]


def test_results_come_back_in_input_order_from_every_worker() -> None:
    articles = _numbered(23)
    out = list(enrich_forked(articles, _note_pid_and_id, n_process=2, batch_size=3))
    assert [a.id for a, _ in out] == [a.id for a in articles]
    assert [found.notes[0] for _, found in out] == [a.id for a in articles]
    pids = {found.notes[1] for _, found in out}
    assert len(pids) == 2 and str(os.getpid()) not in pids  # both workers, not this process


def test_a_failing_worker_raises_in_the_main_process() -> None:
    def fail_on_a7(batch: list[Article]) -> list[Enrichment]:
        if any(a.id == "a7" for a in batch):
            raise ValueError("bad batch")
        return _note_pid_and_id(batch)

    with pytest.raises(RuntimeError, match="ValueError: bad batch"):
        list(enrich_forked(_numbered(20), fail_on_a7, n_process=2, batch_size=2))


def test_a_worker_that_dies_is_reported() -> None:
    def die(batch: list[Article]) -> list[Enrichment]:
        os._exit(3)

    with pytest.raises(RuntimeError, match="died"):
        list(enrich_forked(_numbered(4), die, n_process=2, batch_size=1))


def test_stopping_early_ends_the_workers() -> None:
    stream = enrich_forked(_numbered(1_000), _note_pid_and_id, n_process=2, batch_size=5)
    first = next(stream)
    stream.close()  # type: ignore[attr-defined]
    assert first[0].id == "a0"


def test_enricher_with_two_processes_matches_one(enricher: Enricher) -> None:
    texts = [
        'Kremlin spokesman Dmitry Peskov told reporters: "We view such discussions negatively."',
        "",
        "Ukrainian President Volodymyr Zelenskyy said on Wednesday that Kyiv would not cede land.",
    ] * 4
    articles = [article(t) for t in texts]
    serial = [found.to_dict() for _, found in enricher.run(articles)]
    two = Enricher(extractors=enricher.extractors, nlp=enricher.nlp, n_process=2)
    forked = list(two.run(articles))
    assert [a.id for a, _ in forked] == [a.id for a in articles]
    assert [found.to_dict() for _, found in forked] == serial
