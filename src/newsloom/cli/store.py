"""``newsloom search``, ``newsloom show`` and ``newsloom export``: reading the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsloom.cli.common import app, err
from newsloom.errors import NewsloomError, QuerySyntaxError
from newsloom.io.export import FORMATS, ExportFormat, export_store, stored_to_dict
from newsloom.store import DEFAULT_STORE, SearchQuery, Store, is_postgres_url, open_store
from newsloom.store.base import StoredArticle
from newsloom.stories.model import Story

DbOption = Annotated[
    str, typer.Option("--db", help="SQLite file or postgresql:// URL written by newsloom run.")
]
out = Console(soft_wrap=True)


def open_or_exit(db: str, *, create: bool = False) -> Store:
    """The store at ``db``; reading commands (``create=False``) refuse to create an empty one
    where the user mistyped a path."""
    if not create and not is_postgres_url(db) and not Path(db).exists():
        err.print(
            f"[red]error[/] {escape(db)}: no store there (create one with: newsloom run "
            f"INPUT... --db {escape(db)})",
            highlight=False,
        )
        raise typer.Exit(1)
    try:
        return open_store(db)
    except NewsloomError as exc:
        fail(exc)


def fail(exc: NewsloomError, code: int = 1) -> NoReturn:
    err.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
    raise typer.Exit(code) from exc


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words (all must match), "a phrase", -excluded, prefix*, OR, parentheses.'
        ),
    ],
    db: DbOption = DEFAULT_STORE,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only this language (ISO 639-1).")] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only articles mentioning this entity id.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Hits to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Hits and facets as JSON.")] = False,
) -> None:
    """Full-text search over the stored articles, best matches first, with facet counts."""
    store = open_or_exit(db)
    q = SearchQuery(query, source, lang, entity, since, until, limit)
    try:
        result = store.search(q)
    except QuerySyntaxError as exc:
        fail(exc, 2)
    except NewsloomError as exc:
        fail(exc)
    finally:
        store.close()
    if as_json:
        out.print_json(
            data={
                "total": result.total,
                "hits": [
                    {
                        "id": h.article_id, "title": h.title, "source": h.source,
                        "published": h.published, "story_id": h.story_id,
                        "snippet": h.snippet, "score": h.score,
                    }
                    for h in result.hits
                ],
                "facets": {k: [list(v) for v in vs] for k, vs in result.facets.items()},
            }
        )  # fmt: skip
        return
    if not result.hits:
        err.print(f"no articles match {query!r}", highlight=False, markup=False)
        raise typer.Exit(1)
    table = Table(title=f"{result.total} matches", title_justify="left", show_lines=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet")
    table.add_column("article", ratio=1)
    table.add_column("id", no_wrap=True)
    for h in result.hits:
        table.add_row(
            (h.published or "")[:10],
            escape(h.source or ""),
            f"[bold]{escape(h.title or '(untitled)')}[/]\n[dim]{escape(h.snippet)}[/]",
            h.article_id,
        )
    out.print(table)
    for name in ("source", "lang", "entity"):
        values = result.facets.get(name) or []
        if values:
            shown = ", ".join(f"{escape(label)} {n}" for _, label, n in values[:8])
            out.print(f"[bold]{name}[/]: {shown}", highlight=False)


@app.command()
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="An article id or a story id.")],
    db: DbOption = DEFAULT_STORE,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored record as JSON.")
    ] = False,
) -> None:
    """Show one article (text, entities, quotes) or one story (its articles)."""
    store = open_or_exit(db)
    try:
        found = store.get_article(item_id)
        story = store.get_story(item_id) if found is None else None
        members = store.story_articles(item_id) if story is not None else []
    except NewsloomError as exc:
        fail(exc)
    finally:
        store.close()
    if found is not None:
        if as_json:
            out.print_json(data=stored_to_dict(found))
        else:
            _print_article(found)
    elif story is not None:
        if as_json:
            out.print_json(
                data={**story.to_dict(), "stored_articles": [stored_to_dict(a) for a in members]}
            )
        else:
            _print_story(story, members)
    else:
        err.print(
            f"{item_id!r}: no article or story with this id in {db}", highlight=False, markup=False
        )
        raise typer.Exit(1)


def _print_article(sa: StoredArticle) -> None:
    a, e = sa.article, sa.enrichment
    out.print(f"[bold]{escape(a.title or '(untitled)')}[/]", highlight=False)
    meta = [a.source, a.published, a.byline, a.lang, a.url]
    out.print(" · ".join(escape(m) for m in meta if m), style="dim", highlight=False)
    links = [f"story {sa.story_id}"] if sa.story_id else []
    if sa.duplicate_of:
        links.append(f"duplicate of {sa.duplicate_of}")
    if sa.contains:
        links.append(f"contains {', '.join(sa.contains)}")
    if links:
        out.print("; ".join(links), style="dim", highlight=False)
    out.print()
    out.print(a.text, markup=False, highlight=False)
    if e.entities:
        out.print()
        names = ", ".join(f"{escape(ent.name)} ({ent.label})" for ent in e.entities)
        out.print(f"[bold]entities[/]: {names}", highlight=False)
    for q in e.quotes:
        who = escape(q.speaker or "unattributed")
        out.print(f"[bold]quote[/] {who}: “{escape(q.text)}”", highlight=False)
    if e.places:
        out.print(
            f"[bold]places[/]: {', '.join(escape(p.name) for p in e.places)}", highlight=False
        )
    if a.removed:
        out.print(f"[dim]{len(a.removed)} blocks removed by the cleaner (--json shows them)[/]")


def _print_story(story: Story, members: list[StoredArticle]) -> None:
    out.print(f"[bold]{escape(story.headline or '(no headline)')}[/]", highlight=False)
    span = f"{(story.first_seen or '?')[:10]} – {(story.last_seen or '?')[:10]}"
    out.print(
        f"{span} · {len(story.articles)} articles · outlets: "
        f"{escape(', '.join(dict.fromkeys(story.sources)) or '-')}",
        highlight=False,
    )
    if story.key_terms:
        out.print(f"key terms: {escape(', '.join(story.key_terms))}", style="dim", highlight=False)
    table = Table(title_justify="left")
    for col in ("published", "outlet", "title", "id", "copy of"):
        table.add_column(col, ratio=1 if col == "title" else None)
    for sa in members:
        a = sa.article
        table.add_row(
            (a.published or "")[:16], escape(a.source or ""), escape(a.title or ""), a.id,
            sa.duplicate_of or "",
        )  # fmt: skip
    out.print(table)


@app.command()
def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="Output file (- for stdout).")],
    fmt: Annotated[str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")] = "jsonl",
    db: DbOption = DEFAULT_STORE,
) -> None:
    """Export every stored article (JSONL: everything; CSV/Parquet: one flat row each)."""
    if fmt not in FORMATS:
        err.print(f"[red]error[/] --format must be one of {', '.join(FORMATS)}, not {escape(fmt)}")
        raise typer.Exit(2)
    if fmt == "parquet" and str(output) == "-":
        err.print("[red]error[/] Parquet is binary: give -o a file, not -")
        raise typer.Exit(2)
    store = open_or_exit(db)
    export_fmt: ExportFormat = "jsonl" if fmt == "jsonl" else "csv" if fmt == "csv" else "parquet"
    try:
        n = export_store(store, output, export_fmt)
    except NewsloomError as exc:
        fail(exc)
    except OSError as exc:
        err.print(f"[red]error[/] {escape(str(output))}: {escape(exc.strerror or str(exc))}")
        raise typer.Exit(1) from exc
    finally:
        store.close()
    if str(output) != "-":
        err.print(
            f"[bold]{n}[/] articles exported to {escape(str(output))} ({fmt})", highlight=False
        )


# ``newsloom run`` lives beside the reading commands; importing it registers it on ``app``.
from newsloom.cli import run_command as _run_command  # noqa: E402, F401
