"""``newsloom run``: pages through every stage into a store, incrementally.

(Not ``cli/run.py``: a submodule named ``run`` would shadow ``newsloom.cli.run()``.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer
from rich.markup import escape

from newsloom.cli.common import (
    MAX_SKIPS_SHOWN,
    MaxBytesOption,
    PageProgress,
    QuietOption,
    StrictOption,
    app,
    err,
    print_clean_summary,
)
from newsloom.cli.engine import run_on_engine
from newsloom.cli.store import open_or_exit
from newsloom.errors import NewsloomError
from newsloom.io.readers import DEFAULT_MAX_BYTES, expand_inputs
from newsloom.run import RunSummary, run_pipeline
from newsloom.run.pipeline import enricher_available
from newsloom.store import DEFAULT_STORE


@app.command()
def run(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories (recursive), JSONL dumps, or - for stdin."),
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLite file or postgresql:// URL (created if missing; default "
            f"{DEFAULT_STORE}, or none with --out).",
        ),
    ] = None,
    enrich: Annotated[
        bool | None,
        typer.Option(
            "--enrich/--no-enrich",
            help="Extract entities, quotes, times and places (default: when installed).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=256,
            help="Worker processes: into a store, processes parsing text for enrichment "
            "(default 1); with --out, the pool size (default: all cores).",
        ),
    ] = None,
    strict: StrictOption = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    quiet: QuietOption = False,
    out: Annotated[
        Path | None,
        typer.Option(help="Write Parquet here (articles/, stories/, _SUCCESS); --db also loads."),
    ] = None,
    engine: Annotated[str, typer.Option(help="With --out: local (process pool) or ray.")] = "local",
    ray_address: Annotated[
        str | None, typer.Option(help="With --engine ray: a running cluster (e.g. auto).")
    ] = None,
) -> None:
    """Clean, deduplicate, enrich and cluster pages into a store; pages already stored are
    skipped, new articles join the stories already there. With --out, run over shards on a
    process pool or Ray into Parquet; a rerun skips the shards already done."""
    if enrich and not enricher_available():
        err.print("[red]error[/] --enrich: the enrichment stage is not installed")
        raise typer.Exit(2)
    if out is not None or engine != "local" or ray_address is not None:  # --workers: pool size
        run_on_engine(
            inputs, out, engine=engine, workers=workers, ray_address=ray_address, db=db,
            enrich=enricher_available() if enrich is None else enrich,
            max_bytes=max_bytes, quiet=quiet,
        )  # fmt: skip
        return
    db = db or DEFAULT_STORE
    items = list(expand_inputs(inputs))
    store = open_or_exit(db, create=True)
    try:
        with PageProgress("running", items, quiet) as progress:
            summary = run_pipeline(
                items, store, max_bytes=max_bytes, enrich=enrich, workers=workers or 1,
                strict=strict, on_file=progress.opened, on_page=progress.tick,
            )  # fmt: skip
        stats = store.stats()
    except NewsloomError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    if not quiet:
        print_run_summary(summary, db, stats)
    if strict and summary.clean.skipped:
        raise typer.Exit(1)
    if summary.pages == 0 and summary.pages_known == 0:
        raise typer.Exit(1)


def print_run_summary(s: RunSummary, db: str, stats: dict[str, object]) -> None:
    if s.pages:
        # the summary only formats its "output" into the message; a URL reads fine there
        print_clean_summary(s.clean, cast(Path, db))
    rate = (s.pages + s.pages_known) / s.seconds if s.seconds else 0.0
    err.print(
        f"[bold]{s.articles_stored}[/] articles stored ({s.duplicates} duplicates), "
        f"{s.stories_new} new stories, {s.stories_updated} stories updated, "
        f"{s.pages_known} pages already stored and skipped; "
        f"{'enriched' if s.enriched else 'not enriched'}; {s.seconds:.1f} s ({rate:.1f} pages/s)",
        highlight=False,
    )
    if s.empty_articles:
        err.print(f"{s.empty_articles} page(s) had no article text (not stored)")
    for warning in s.warnings[:MAX_SKIPS_SHOWN]:
        err.print(f"[yellow]warning[/] {escape(warning)}", highlight=False)
    err.print(
        f"store {escape(db)}: {stats['articles']} articles, {stats['stories']} stories, "
        f"{stats['entities']} entities, {stats['quotes']} quotes",
        highlight=False,
    )
