"""``newsloom run --out DIR [--engine local|ray]``: the corpus path of ``newsloom run``, over
a process pool or a Ray cluster, into Parquet (and, with ``--db``, into a store)."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import cast

import typer
from rich.markup import escape

from newsloom.cli.common import err, print_skipped
from newsloom.engines import EngineName, EngineSummary, run_corpus
from newsloom.engines.shards import ShardReport
from newsloom.errors import NewsloomError

ENGINES = ("local", "ray")


def run_on_engine(
    inputs: list[str],
    out: Path | None,
    *,
    engine: str,
    workers: int | None,
    ray_address: str | None,
    db: str | None,
    enrich: bool,
    max_bytes: int,
    quiet: bool,
) -> None:
    """Run, print the summary, load the store when asked; exit codes as ``newsloom run``."""
    if out is None:
        err.print("[red]error[/] --engine, --workers and --ray-address need --out DIR")
        raise typer.Exit(2)
    if engine not in ENGINES:
        err.print(f"[red]error[/] --engine must be local or ray, not {escape(engine)}")
        raise typer.Exit(2)

    def shard_done(report: ShardReport) -> None:
        if not quiet and report.error:
            err.print(f"[yellow]failed[/] {escape(report.error)}", highlight=False)

    try:
        with err.status(f"running on {engine}", spinner="dots") if not quiet else nullcontext():
            summary = run_corpus(
                inputs,
                out,
                engine=cast(EngineName, engine),
                workers=workers,
                ray_address=ray_address,
                max_bytes=max_bytes,
                enrich=enrich,
                on_shard=shard_done,
            )
        if not quiet:
            print_engine_summary(summary)
        if db is not None:
            from newsloom.cli.store import open_or_exit
            from newsloom.engines.load import load_into_store

            store = open_or_exit(db, create=True)
            try:
                n_articles, n_stories = load_into_store(out, store)
            finally:
                store.close()
            if not quiet:
                err.print(f"loaded {n_articles} articles and {n_stories} stories into {escape(db)}")
    except NewsloomError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc


def print_engine_summary(s: EngineSummary) -> None:
    rate = s.pages / s.seconds if s.seconds else 0.0
    err.print(
        f"[bold]{s.engine}[/]: {s.shards} shards ({s.shards_reused} done before), "
        f"{s.pages} pages cleaned -> [bold]{s.articles}[/] articles, {s.duplicates} duplicates, "
        f"{s.stories} stories{' (enriched)' if s.enriched else ''} in {s.seconds:.1f} s "
        f"({rate:.1f} pages/s); Parquet in {escape(s.out_dir)} (articles/, stories/, _SUCCESS)",
        highlight=False,
    )
    print_skipped(s.skipped)
    if s.failed:
        err.print(
            f"[yellow]{len(s.failed)} shard(s) failed[/] and will be retried by the next run",
            highlight=False,
        )
