"""The ``newsloom`` command: thin wrappers that parse, call the library and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsloom import __version__
from newsloom.io.readers import DEFAULT_MAX_BYTES, Skipped, read_inputs
from newsloom.io.writers import write_jsonl_atomic
from newsloom.model import Page
from newsloom.pipeline import RunSummary, clean_stream

app = typer.Typer(
    help="newsloom: clean, deduplicated, structured news from raw scraped pages.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # never wrap messages that name a path

# Skipped inputs listed one by one in the summary; the rest are counted.
MAX_SKIPS_SHOWN = 20


def _version(value: bool) -> None:
    if value:
        print(f"newsloom {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """newsloom: clean, deduplicated, structured news from raw scraped pages."""


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
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]cleaning"),
        BarColumn(),
        TextColumn("{task.completed} pages"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with progress:
        task = progress.add_task("clean", total=None)

        def tick(item: Page | Skipped) -> None:
            progress.advance(task)
            if isinstance(item, Skipped) and not quiet:
                progress.console.print(
                    f"[yellow]skipped[/] {item.message}", markup=True, highlight=False
                )

        articles = clean_stream(
            read_inputs(inputs, max_bytes=max_bytes), summary, on_page=tick, strict=strict
        )
        write_jsonl_atomic(output, (a.to_dict() for a in articles))
    if not quiet:
        _print_summary(summary, output)
    if summary.pages == 0 or (strict and summary.skipped):
        raise typer.Exit(1)


def _print_summary(s: RunSummary, output: Path) -> None:
    err.print(
        f"[bold]{s.pages}[/] pages -> [bold]{s.articles}[/] articles "
        f"({s.articles - s.embedded} main, {s.embedded} embedded) in {output}",
        highlight=False,
    )
    if s.removed_bytes:
        table = Table(title="removed by reason", title_justify="left")
        table.add_column("reason")
        table.add_column("bytes", justify="right")
        table.add_column("share of input", justify="right")
        for reason, n in s.removed_bytes.most_common():
            table.add_row(reason, f"{n:,}", f"{n / max(s.bytes_in, 1):.1%}")
        err.print(table)
    for warning in s.warnings[:MAX_SKIPS_SHOWN]:
        err.print(f"[yellow]warning[/] {escape(warning)}", highlight=False)
    if s.skipped:
        err.print(f"[yellow]{len(s.skipped)} input(s) skipped:[/]")
        for item in s.skipped[:MAX_SKIPS_SHOWN]:
            err.print(f"  {item.message}", highlight=False, markup=False)
        if len(s.skipped) > MAX_SKIPS_SHOWN:
            err.print(f"  ... and {len(s.skipped) - MAX_SKIPS_SHOWN} more")


def run() -> None:  # pragma: no cover - console-script entry for python -m
    app(prog_name="newsloom")
    sys.exit(0)
