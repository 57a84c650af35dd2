"""``newsloom cluster`` and ``newsloom stories``: duplicates and stories over JSONL articles."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsloom.cli.common import MAX_SKIPS_SHOWN, app, err
from newsloom.errors import NewsloomError, QuerySyntaxError
from newsloom.io.readers import Skipped, read_records
from newsloom.io.writers import write_jsonl_atomic
from newsloom.store import DEFAULT_STORE
from newsloom.store.base import Order
from newsloom.stories.run import cluster_records


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
    path: Annotated[
        Path | None, typer.Argument(help="Output of newsloom cluster (or use --db).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Read the stories of a store (SQLite file or postgresql:// URL)."
        ),
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help="With --db: latest (default) or coverage.")
    ] = "latest",
    since: Annotated[
        str | None, typer.Option(help="With --db: active on or after (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many stories.")] = 30,
) -> None:
    """Print stories as a table: from a store (--db; latest or most covered first) or from a
    clustered JSONL file (most covered first)."""
    if db is not None or path is None:
        _stories_from_store(db or DEFAULT_STORE, by, since, limit)
        return
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


def _stories_from_store(db: str, by: str, since: str | None, limit: int) -> None:
    from newsloom.cli.store import fail, open_or_exit

    if by not in ("latest", "coverage"):
        err.print(f"[red]error[/] --by must be latest or coverage, not {escape(by)}")
        raise typer.Exit(2)
    order: Order = "latest" if by == "latest" else "coverage"
    store = open_or_exit(db)
    try:
        found = store.list_stories(order=order, limit=limit, since=since)
    except NewsloomError as exc:
        fail(exc, 2 if isinstance(exc, QuerySyntaxError) else 1)
    finally:
        store.close()
    if not found:
        err.print(f"{escape(db)}: no stories (run newsloom run first)", highlight=False)
        raise typer.Exit(1)
    table = Table(title=f"{len(found)} stories, {by} first", title_justify="left")
    table.add_column("story", no_wrap=True)
    table.add_column("headline", ratio=3, min_width=24)
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("outlets", ratio=1)
    for col in ("first seen", "last seen"):
        table.add_column(col, no_wrap=True)
    for st in found:
        table.add_row(
            st.id,
            escape(st.headline or ""),
            str(len(st.articles)),
            escape(", ".join(dict.fromkeys(st.sources))),
            (st.first_seen or "")[:10],
            (st.last_seen or "")[:10],
        )
    Console().print(table)
