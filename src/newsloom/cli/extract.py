"""``newsloom extract`` (entities, quotes, claims, times, places) and ``newsloom gazetteer``."""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newsloom.cli.common import MAX_SKIPS_SHOWN, QuietOption, app, err, file_size
from newsloom.errors import NewsloomError, RecordError
from newsloom.io.readers import Skipped, read_records
from newsloom.io.writers import write_jsonl_atomic
from newsloom.model import Article, content_id

gazetteer_app = typer.Typer(help="Manage the place gazetteer (user GeoNames dumps).")
app.add_typer(gazetteer_app, name="gazetteer")

# Below this much input, worker processes cost more to start than they save: each loads the
# model (about 2 s of CPU) while a ~600-word article takes about 150 ms of CPU to parse and
# extract (bench/throughput.py --extract); 250 KB of JSONL articles is ~60 of them.
AUTO_PARALLEL_MIN_BYTES = 250_000
OUTPUT_KEYS = ("entities", "quotes", "claims", "times", "places")


def _article(where: str, rec: dict[str, Any]) -> Article:
    text = rec.get("text")
    if not isinstance(text, str):
        raise RecordError("no 'text' string field", source=where)
    rec_id = rec.get("id")
    if not isinstance(rec_id, str) or not rec_id:
        rec = {
            **rec,
            "id": content_id(rec.get("title") if isinstance(rec.get("title"), str) else None, text),
        }
    try:
        return Article.from_dict(rec)
    except (TypeError, ValueError, KeyError) as exc:
        raise RecordError(f"not an article: {exc}", source=where) from exc


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return None


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="JSONL articles (the output of newsloom clean), or -.")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL (- for stdout).")],
    processes: Annotated[
        int,
        typer.Option(
            help="Parser processes; 0 = two for inputs over 250 KB when the machine has two "
            "cores, else one."
        ),
    ] = 0,
    batch_size: Annotated[int, typer.Option(help="Texts per parser batch.")] = 32,
    quiet: QuietOption = False,
) -> None:
    """Add entities, quotes, claims, times and places to each article (keeps its fields)."""
    from newsloom.enrich.pipeline import Enricher  # spaCy loads only for this command

    if processes <= 0:
        size = sum(file_size(Path(p)) for p in inputs if p != "-")
        processes = 2 if size >= AUTO_PARALLEL_MIN_BYTES and (os.cpu_count() or 1) >= 2 else 1
    skipped: list[str] = []
    records: deque[dict[str, Any]] = deque()  # in input order, as the enricher yields
    totals: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    counted = [_count_lines(p) for p in inputs]
    total = None if None in counted else sum(c or 0 for c in counted)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )

    def articles() -> Iterator[Article]:
        for path in inputs:
            for item in read_records(path):
                if isinstance(item, Skipped):
                    skipped.append(item.message)
                    progress.advance(task)
                    continue
                where, rec = item
                try:
                    article = _article(where, rec)
                except NewsloomError as exc:
                    skipped.append(str(exc))
                    progress.advance(task)
                    continue
                records.append(rec)
                yield article

    def rows() -> Iterator[dict[str, Any]]:
        enricher = Enricher(n_process=processes, batch_size=batch_size)
        for _article, enrichment in enricher.run(articles()):
            rec = records.popleft()
            out = enrichment.to_dict()
            for key in OUTPUT_KEYS:
                totals[key] += len(out[key])
            for note in enrichment.notes:
                notes[note.split(":", 1)[0]] += 1
            totals["articles"] += 1
            progress.advance(task)
            yield {**rec, **out}

    with progress:
        task = progress.add_task("extract", total=total)
        write_jsonl_atomic(output, rows(), keep_old_if_empty=True)
    if not quiet:
        err.print(
            f"[bold]{totals['articles']}[/] articles -> "
            + ", ".join(f"{totals[k]} {k}" for k in OUTPUT_KEYS)
            + f" in {output} ({processes} parser process{'es' if processes > 1 else ''})",
            highlight=False,
        )
        if notes:
            err.print(
                "notes: " + ", ".join(f"{n} x {escape(k)}" for k, n in notes.most_common()),
                highlight=False,
            )
        for message in skipped[:MAX_SKIPS_SHOWN]:
            err.print(f"[yellow]skipped[/] {escape(message)}", highlight=False)
        if len(skipped) > MAX_SKIPS_SHOWN:
            err.print(f"  ... and {len(skipped) - MAX_SKIPS_SHOWN} more")
    if totals["articles"] == 0:
        raise typer.Exit(1)


@gazetteer_app.command("import")
def gazetteer_import(
    dump: Annotated[Path, typer.Argument(help="A GeoNames country dump, e.g. UA.txt.")],
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Gazetteer directory (default: $NEWSLOOM_HOME/gazetteer)."),
    ] = None,
) -> None:
    """Add a GeoNames country dump (villages, ADM1 names) to the gazetteer used by extract."""
    from newsloom.enrich.gazetteer import import_geonames_dump

    try:
        report = import_geonames_dump(dump, directory)
    except NewsloomError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc
    err.print(
        f"[bold]{report.kept}[/] places ({report.places} populated places, {report.admin1} "
        f"first-level divisions) from {escape(str(dump))} -> {escape(str(report.path))}",
        highlight=False,
    )
    if report.skipped:
        err.print(f"[yellow]{len(report.skipped)} malformed line(s) skipped[/]:", highlight=False)
        for message in report.skipped[:MAX_SKIPS_SHOWN]:
            err.print(f"  {message}", highlight=False, markup=False)
        if len(report.skipped) > MAX_SKIPS_SHOWN:
            err.print(f"  ... and {len(report.skipped) - MAX_SKIPS_SHOWN} more")
