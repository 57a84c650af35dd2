"""``newsloom serve`` (the API and web UI over a store) and ``newsloom demo`` (the bundled
sample pages through the whole pipeline into a fresh SQLite file, then the server)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from newsloom.api.config import DEFAULT_MAX_BODY
from newsloom.cli.common import app, err
from newsloom.errors import NewsloomError

DEFAULT_PORT = 8000
DEMO_DB = Path("out") / "demo.db"
# The repository's sample pages (a source checkout or an editable install), else ./samples.
REPO_SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def _serve(
    db: str,
    host: str,
    port: int,
    token: str | None,
    private: bool,
    max_body: int,
    enrich: bool | None = None,
) -> None:
    import uvicorn

    from newsloom.api import create_app

    try:
        web_app = create_app(
            db, write_token=token, open_reads=not private, max_body=max_body, enrich=enrich
        )
    except NewsloomError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    if not _port_free(host, port):
        err.print(f"[red]error[/] port {port} on {host} is in use: pick another with --port")
        raise typer.Exit(1)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    writes = "POST /api/pages needs the token" if token else "read-only (no --token given)"
    reads = "reads need the token" if private else "reads open"
    print(f"newsloom: serving {db} at http://{shown}:{port}/ ({reads}; {writes})", flush=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


Host = Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all).")]
Token = Annotated[
    str | None,
    typer.Option(
        envvar="NEWSLOOM_TOKEN",
        help="Bearer token for POST /api/pages (and for reads with --private). "
        "Without it the server is read-only.",
    ),
]
Private = Annotated[bool, typer.Option("--private", help="Reads need the token too.")]
MaxBody = Annotated[int, typer.Option(help="Largest POST body accepted, in bytes.")]
Enrich = Annotated[
    bool | None,
    typer.Option(
        "--enrich/--no-enrich",
        help="Extract entities, quotes and places from the pages "
        "(default: when the enrichment stage is installed).",
    ),
]


@app.command()
def serve(
    db: Annotated[str, typer.Option(help="SQLite file or postgresql:// URL.")] = "newsloom.db",
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    token: Token = None,
    private: Private = False,
    max_body: MaxBody = DEFAULT_MAX_BODY,
    enrich: Enrich = None,
) -> None:
    """Serve the HTTP API (/api/, schema at /openapi.json) and the web UI over a store."""
    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error[/] {escape(db)}: no such store; build one with `newsloom run`")
        raise typer.Exit(1)
    _serve(db, host, port, token, private, max_body, enrich)


@app.command()
def demo(
    db: Annotated[Path, typer.Option(help="Where to build the demo store.")] = DEMO_DB,
    samples: Annotated[
        Path | None, typer.Option(help="Pages to load (default: the bundled samples/).")
    ] = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the server after building.")
    ] = True,
    host: Host = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port (a free one is picked when this one is taken).")
    ] = DEFAULT_PORT,
    token: Token = None,
    enrich: Enrich = None,
) -> None:
    """The bundled sample pages through the whole pipeline into a fresh SQLite file, then the
    web UI on it."""
    source = samples or (REPO_SAMPLES if REPO_SAMPLES.is_dir() else Path("samples"))
    if not source.exists():
        err.print(f"[red]error[/] {escape(str(source))}: no sample pages there (use --samples)")
        raise typer.Exit(1)
    try:
        stats = build_demo_store(source, db, enrich=enrich)
    except NewsloomError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    print(
        f"newsloom demo: {stats.get('articles', 0)} articles, {stats.get('stories', 0)} "
        f"stories, {stats.get('entities', 0)} entities, {stats.get('quotes', 0)} quotes "
        f"in {db}",
        flush=True,
    )
    if not serve_after:
        return
    if not _port_free(host, port):
        free = _free_port(host)
        err.print(f"port {port} is in use; using {free}")
        port = free
    _serve(str(db), host, port, token, False, DEFAULT_MAX_BODY, enrich)


def build_demo_store(samples: Path, db: Path, *, enrich: bool | None = None) -> dict[str, object]:
    """Build the store beside ``db`` and rename it into place, so a failed build never leaves
    a half-built demo store (and a rebuilt demo never mixes with an old one)."""
    from newsloom.run import run_pipeline
    from newsloom.store import open_store

    db.parent.mkdir(parents=True, exist_ok=True)
    building = db.with_name(db.name + ".building")
    for stale in _sqlite_files(building):
        stale.unlink(missing_ok=True)
    store = open_store(building)
    try:
        summary = run_pipeline([str(samples)], store, enrich=enrich)
        stats = store.stats()
    finally:
        store.close()
    for skipped in summary.clean.skipped:
        err.print(f"  [yellow]skipped[/] {escape(skipped.message)}", highlight=False)
    for old in _sqlite_files(db):
        old.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):  # normally gone after close; moved along if not
        side = Path(str(building) + suffix)
        if side.exists():
            os.replace(side, Path(str(db) + suffix))
    os.replace(building, db)
    return stats


def _sqlite_files(path: Path) -> list[Path]:
    return [path, Path(str(path) + "-wal"), Path(str(path) + "-shm")]
