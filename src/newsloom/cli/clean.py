"""``newsloom clean``: pages in, one clean JSON article per line out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newsloom.cli.common import app, err, file_size, print_clean_summary
from newsloom.io.readers import DEFAULT_MAX_BYTES, InputItem, Skipped, expand_inputs, read_inputs
from newsloom.io.writers import write_jsonl_atomic
from newsloom.model import Page
from newsloom.pipeline import RunSummary, clean_stream


@app.command()
def clean(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories (recursive), JSONL dumps, or - for stdin."),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Output JSONL file (- for stdout).")
    ],
    strict: Annotated[bool, typer.Option(help="Stop at the first bad input.")] = False,
    max_bytes: Annotated[
        int, typer.Option(help="Largest page accepted, in bytes.")
    ] = DEFAULT_MAX_BYTES,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Clean flattened pages into articles: one JSON article per line."""
    summary = RunSummary()
    items = list(expand_inputs(inputs))
    sizes = {item: file_size(item) for item in items if isinstance(item, Path)}
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]cleaning"),
        BarColumn(),
        TextColumn("{task.fields[pages]} pages"),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with progress:
        # The bar runs over the input bytes (known up front); pages are counted beside it.
        task = progress.add_task("clean", total=sum(sizes.values()) or None, pages=0)

        def opened(item: InputItem) -> None:
            if isinstance(item, Path):
                progress.advance(task, sizes.get(item, 0))

        def tick(item: Page | Skipped) -> None:
            progress.update(task, pages=progress.tasks[0].fields["pages"] + 1)
            if isinstance(item, Skipped) and not quiet:
                progress.console.print(
                    f"[yellow]skipped[/] {escape(item.message)}", highlight=False
                )

        pages = read_inputs(items, max_bytes=max_bytes, on_file=opened)
        articles = clean_stream(pages, summary, on_page=tick, strict=strict)
        write_jsonl_atomic(output, (a.to_dict() for a in articles), keep_old_if_empty=True)
    if not quiet:
        print_clean_summary(summary, output)
    if summary.pages == 0 or (strict and summary.skipped):
        raise typer.Exit(1)


