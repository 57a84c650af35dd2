"""What every command shares: the stderr console, the Typer app and the run summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsloom.errors import describe
from newsloom.pipeline import RunSummary

app = typer.Typer(
    help="newsloom: clean, deduplicated, structured news from raw scraped pages.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)  # never wrap messages that name a path

# Skipped inputs listed one by one in the summary; the rest are counted.
MAX_SKIPS_SHOWN = 20


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def print_clean_summary(s: RunSummary, output: Path) -> None:
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
    if s.no_text:
        err.print(
            f"[yellow]{len(s.no_text)} page(s) with no article text found[/] (their lines "
            f"are in 'removed'), e.g. {escape(s.no_text[0])}",
            highlight=False,
        )
    for warning in s.warnings[:MAX_SKIPS_SHOWN]:
        err.print(f"[yellow]warning[/] {escape(warning)}", highlight=False)
    if s.skipped:
        by_code = Counter(item.code for item in s.skipped)
        counts = ", ".join(f"{n} x {code} {describe(code)}" for code, n in by_code.most_common())
        err.print(f"[yellow]{len(s.skipped)} input(s) skipped[/] ({counts}):", highlight=False)
        for item in s.skipped[:MAX_SKIPS_SHOWN]:
            err.print(f"  {item.message}", highlight=False, markup=False)
        if len(s.skipped) > MAX_SKIPS_SHOWN:
            err.print(f"  ... and {len(s.skipped) - MAX_SKIPS_SHOWN} more")


