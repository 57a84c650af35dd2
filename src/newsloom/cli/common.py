"""What every command shares: the stderr console, the Typer app and the run summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsloom.errors import describe
from newsloom.io.readers import InputItem, Skipped
from newsloom.model import Page
from newsloom.pipeline import RunSummary

# Options several commands take, declared once so that their flags and help stay the same.
StrictOption = Annotated[bool, typer.Option(help="Stop at the first bad input.")]
MaxBytesOption = Annotated[int, typer.Option(help="Largest page accepted, in bytes.")]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar or summary.")]

app = typer.Typer(
    help="newsloom: clean, deduplicated, structured news from raw scraped pages.",
    no_args_is_help=True,
    add_completion=False,
    # markdown joins a docstring's wrapped lines into one paragraph in the help
    rich_markup_mode="markdown",
)
err = Console(stderr=True, soft_wrap=True)  # never wrap messages that name a path

# Skipped inputs listed one by one in the summary; the rest are counted.
MAX_SKIPS_SHOWN = 20


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class PageProgress:
    """The bar of the commands that read pages: it runs over the input bytes (known up front,
    unlike the number of pages in a JSONL dump or a WARC), with pages counted beside it and
    each skipped input printed above it as it happens.

    ``opened`` and ``tick`` are the readers' ``on_file`` and the pipeline's ``on_page`` hooks.
    """

    def __init__(self, verb: str, items: Sequence[InputItem], quiet: bool) -> None:
        self._quiet = quiet
        self._sizes = {item: file_size(item) for item in items if isinstance(item, Path)}
        self._pages = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn(f"[bold]{verb}"),
            BarColumn(),
            TextColumn("{task.fields[pages]} pages"),
            DownloadColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=True,
        )
        self._task = self._progress.add_task(verb, total=sum(self._sizes.values()) or None, pages=0)

    def __enter__(self) -> PageProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def opened(self, item: InputItem) -> None:
        if isinstance(item, Path):
            self._progress.advance(self._task, self._sizes.get(item, 0))

    def tick(self, item: Page | Skipped) -> None:
        self._pages += 1
        self._progress.update(self._task, pages=self._pages)
        if isinstance(item, Skipped) and not self._quiet:
            self._progress.console.print(
                f"[yellow]skipped[/] {escape(item.message)}", highlight=False
            )


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
    print_skipped(s.skipped)


def print_skipped(skipped: Sequence[Skipped]) -> None:
    """Skipped inputs counted by error code, the first few named with their problem."""
    if not skipped:
        return
    by_code = Counter(item.code for item in skipped)
    counts = ", ".join(f"{n} x {code} {describe(code)}" for code, n in by_code.most_common())
    err.print(f"[yellow]{len(skipped)} input(s) skipped[/] ({counts}):", highlight=False)
    for item in skipped[:MAX_SKIPS_SHOWN]:
        err.print(f"  {item.message}", highlight=False, markup=False)
    if len(skipped) > MAX_SKIPS_SHOWN:
        err.print(f"  ... and {len(skipped) - MAX_SKIPS_SHOWN} more")
