"""The ``newsloom`` command: thin wrappers that parse, call the library and report."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

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

from newsloom import __version__
from newsloom.errors import describe
from newsloom.io.readers import (
    DEFAULT_MAX_BYTES,
    InputItem,
    Skipped,
    expand_inputs,
    read_inputs,
    read_records,
)
from newsloom.io.writers import write_jsonl_atomic
from newsloom.model import Page
from newsloom.pipeline import RunSummary, clean_stream
from newsloom.stories.run import cluster_records

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
    items = list(expand_inputs(inputs))
    sizes = {item: _size(item) for item in items if isinstance(item, Path)}
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
        _print_summary(summary, output)
    if summary.pages == 0 or (strict and summary.skipped):
        raise typer.Exit(1)


@app.command()
def cluster(
    inputs: Annotated[
        list[str],
        typer.Argument(help="JSONL articles (id, title, text, published, url, source), or -."),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL (- for stdout).")],
    state: Annotated[
        Path | None,
        typer.Option(help="Directory keeping the duplicate index and stories between runs."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No summary.")] = False,
) -> None:
    """Deduplicate articles and cluster them into stories (adds story_id, duplicate_of)."""
    skipped: list[str] = []

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        for path in inputs:
            for item in read_records(path):
                if isinstance(item, Skipped):
                    skipped.append(item.message)
                else:
                    yield item

    with err.status("clustering", spinner="dots") if not quiet else nullcontext():
        rows, clusterer, summary = cluster_records(records(), state_dir=state)
        write_jsonl_atomic(output, rows)
    if not quiet:
        err.print(
            f"[bold]{summary.articles}[/] articles -> {summary.duplicates} duplicates, "
            f"{summary.stories_new} new stories ({len(clusterer.stories())} in all) "
            f"in {output}",
            highlight=False,
        )
        for message in summary.warnings[:MAX_SKIPS_SHOWN]:
            err.print(f"[yellow]warning[/] {escape(message)}", highlight=False)
        for message in (skipped + summary.skipped)[:MAX_SKIPS_SHOWN]:
            err.print(f"[yellow]skipped[/] {escape(message)}", highlight=False)
    if summary.articles == 0:
        raise typer.Exit(1)


@app.command()
def stories(
    path: Annotated[Path, typer.Argument(help="Output of newsloom cluster.")],
    limit: Annotated[int, typer.Option(help="Show at most this many stories.")] = 30,
) -> None:
    """Print the stories of a clustered JSONL file as a table, most covered first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in read_records(str(path)):
        if isinstance(item, Skipped):
            err.print(f"[yellow]skipped[/] {escape(item.message)}", highlight=False)
            continue
        rec = item[1]
        if isinstance(rec.get("story_id"), str):
            groups.setdefault(rec["story_id"], []).append(rec)
    if not groups:
        err.print(f"{path}: no clustered articles (run newsloom cluster first)")
        raise typer.Exit(1)
    table = Table(title=f"{len(groups)} stories", title_justify="left")
    table.add_column("story", no_wrap=True)
    table.add_column("headline", ratio=3, min_width=24)
    for col in ("articles", "copies"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("outlets", ratio=1)
    for col in ("first seen", "last seen"):
        table.add_column(col, no_wrap=True)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    for sid, recs in ranked:
        dates = sorted(str(r["published"]) for r in recs if r.get("published"))
        first = min(recs, key=lambda r: str(r.get("published") or "~"))
        outlets = sorted({str(r["source"]) for r in recs if r.get("source")})
        table.add_row(
            sid,
            escape(str(first.get("title") or "")),
            str(len(recs)),
            str(sum(r.get("duplicate_of") is not None for r in recs)),
            escape(", ".join(outlets)),
            dates[0][:10] if dates else "",
            dates[-1][:10] if dates else "",
        )
    Console().print(table)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


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


def run() -> None:  # pragma: no cover - console-script entry for python -m
    app(prog_name="newsloom")
    sys.exit(0)
