"""``newsloom clean``: pages in, one clean JSON article per line out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsloom.cli.common import (
    MaxBytesOption,
    PageProgress,
    QuietOption,
    StrictOption,
    app,
    print_clean_summary,
)
from newsloom.io.readers import DEFAULT_MAX_BYTES, expand_inputs, read_inputs
from newsloom.io.writers import write_jsonl_atomic
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
    strict: StrictOption = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    quiet: QuietOption = False,
) -> None:
    """Clean flattened pages into articles: one JSON article per line."""
    summary = RunSummary()
    items = list(expand_inputs(inputs))
    with PageProgress("cleaning", items, quiet) as progress:
        pages = read_inputs(items, max_bytes=max_bytes, on_file=progress.opened)
        articles = clean_stream(pages, summary, on_page=progress.tick, strict=strict)
        write_jsonl_atomic(output, (a.to_dict() for a in articles), keep_old_if_empty=True)
    if not quiet:
        print_clean_summary(summary, output)
    if summary.pages == 0 or (strict and summary.skipped):
        raise typer.Exit(1)
