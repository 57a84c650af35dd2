"""Parse *and* extract in forked worker processes; only articles and results cross processes.

spaCy's own ``nlp.pipe(n_process=N)`` parses in N workers but sends every doc back serialised:
the main process then deserialises it and runs all the extractors alone, so on 2 cores two
parser workers and a busy main process shared the cores (8.1 articles/s with 2 processes vs 7.1
with one). Here each worker runs the whole enrichment of a batch and sends back the small
``Enrichment`` records; the main process only hands out batches and puts results in order.

Workers are forked, so they share the loaded model and extractors copy-on-write and nothing is
pickled but the articles and the records. Batch ``k`` goes to worker ``k % N`` and results are
read back in batch order, so the output order is the input order; each worker has at most
``IN_FLIGHT`` batches queued, which bounds memory on endless input.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.queues import Queue
from typing import Any

from newsloom.enrich.records import Enrichment
from newsloom.model import Article

# Batches queued per worker: one being enriched and one waiting, so a worker never idles
# while the main process collects its previous result.
IN_FLIGHT = 2
# Seconds to wait for a worker to exit after its stop message before terminating it.
JOIN_TIMEOUT_S = 10.0

EnrichBatch = Callable[[list[Article]], list[Enrichment]]


def fork_available() -> bool:
    return "fork" in mp.get_all_start_methods()


def _work(enrich: EnrichBatch, inbox: Queue[list[Article] | None], out: Connection) -> None:
    # The model, vocabulary and gazetteer are ~470,000 long-lived objects that every full
    # garbage collection would walk again (and, by touching them, copy out of the memory
    # shared with the parent): the collector is told to leave them alone.
    gc.freeze()
    while (batch := inbox.get()) is not None:
        try:
            reply: tuple[str, Any] = ("ok", enrich(batch))
        except BaseException:  # reported to the main process, which raises it
            reply = ("error", traceback.format_exc())
        try:
            out.send(reply)
        except OSError:  # the main process stopped reading (its consumer stopped early)
            break
        if reply[0] == "error":
            break
    out.close()


def enrich_forked(
    articles: Iterable[Article], enrich: EnrichBatch, *, n_process: int, batch_size: int
) -> Iterator[tuple[Article, Enrichment]]:
    """``enrich`` applied to batches of ``articles`` in ``n_process`` forked workers, the
    results yielded in input order."""
    ctx = mp.get_context("fork")
    inboxes: list[Queue[list[Article] | None]] = []
    results: list[Connection] = []
    procs = []
    for _ in range(n_process):
        inbox: Queue[list[Article] | None] = ctx.Queue()
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_work, args=(enrich, inbox, send), daemon=True)
        proc.start()
        send.close()  # the worker holds the only write end: its death ends our reads
        inboxes.append(inbox)
        results.append(receive)
        procs.append(proc)

    source = iter(articles)
    sent: deque[list[Article]] = deque()  # batches sent and not yet received, in order
    n_sent = 0
    received = 0

    def send_next() -> None:
        nonlocal n_sent
        batch = list(islice(source, batch_size))
        if batch:
            inboxes[n_sent % n_process].put(batch)
            sent.append(batch)
            n_sent += 1

    try:
        for _ in range(IN_FLIGHT * n_process):
            send_next()
        while sent:
            batch = sent.popleft()
            worker = received % n_process
            try:
                status, payload = results[worker].recv()
            except EOFError:
                raise RuntimeError(
                    f"enrichment worker {worker} died (exit code {procs[worker].exitcode})"
                ) from None
            if status != "ok":
                raise RuntimeError(f"enrichment worker {worker} failed:\n{payload}")
            received += 1
            send_next()
            yield from zip(batch, payload, strict=True)
    finally:
        for receive in results:  # a worker still sending a result gets an error and stops
            receive.close()
        for inbox in inboxes:
            inbox.put(None)
        for proc in procs:
            proc.join(JOIN_TIMEOUT_S)
            if proc.is_alive():
                proc.terminate()
                proc.join()
        for inbox in inboxes:
            inbox.close()
