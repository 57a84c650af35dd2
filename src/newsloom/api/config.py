"""What one server instance was configured with, and how its endpoints reach the store."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime

from fastapi import HTTPException, Request

from newsloom.api.auth import require_token
from newsloom.api.stores import StorePerThread
from newsloom.store.base import Store

# A POST body larger than this is refused with 413 before it is parsed. 10 MiB holds a few
# hundred ordinary pages (a news page is 5-100 kB of text); bigger imports go through
# `newsloom run`, which streams.
DEFAULT_MAX_BODY = 10 * 1024 * 1024


@dataclass(slots=True)
class ServerConfig:
    stores: StorePerThread
    write_token: str | None
    open_reads: bool
    max_body: int
    enrich: bool | None = None  # run_pipeline's switch: None = when the stage is installed
    # One ingest at a time: the dedup index and the story clusterer are loaded, extended and
    # saved back by each run, and two runs interleaving would lose one's state.
    write_lock: threading.Lock = field(default_factory=threading.Lock)


def config_of(request: Request) -> ServerConfig:
    config: ServerConfig = request.app.state.newsloom
    return config


def read_store(request: Request) -> Store:
    """Dependency of every read endpoint (JSON and HTML): the token check, then the store."""
    config = config_of(request)
    if not config.open_reads:
        require_token(request, config.write_token, action="reading")
    return config.stores.get()


def iso_day(value: str | None, name: str) -> str | None:
    """A ``since``/``until`` parameter: an ISO date or datetime, else a 422 naming it."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise HTTPException(
            422, f"'{name}' must be an ISO 8601 date like 2025-08-27, not {value!r}"
        ) from None
    return text
