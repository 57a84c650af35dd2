"""The ``newsloom`` command: thin wrappers that parse, call the library and report.

One module per command family; each registers its commands on the shared Typer ``app``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newsloom import __version__
from newsloom.cli.common import app


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


def run() -> None:  # pragma: no cover - console-script entry for python -m
    app(prog_name="newsloom")
    sys.exit(0)


# Command modules register themselves on ``app`` when imported (one line per module).
from newsloom.cli import clean as _clean  # noqa: E402, F401
from newsloom.cli import cluster as _cluster  # noqa: E402, F401

__all__ = ["app", "run"]
from newsloom.cli import extract as _extract  # noqa: E402, F401
from newsloom.cli import serve as _serve  # noqa: E402, F401
from newsloom.cli import store as _store  # noqa: E402, F401
