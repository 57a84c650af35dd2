"""Fixtures for the web tests.

Page tests reuse the API tests' store and TestClient. Browser tests run the real app with
uvicorn on a free localhost port in a background thread, over a store filled by the real
pipeline (the bundled samples) plus the hand-made annotated and hostile articles, and drive
Debian's Chromium with Playwright. A missing Chromium FAILS the browser tests: they are the
only check that hostile pages stay inert in a real browser, so CI must not skip them.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from newsloom.api import create_app
from newsloom.run import run_pipeline
from newsloom.store import open_store
from tests.api.conftest import TOKEN, client, store_path
from tests.api.store_data import write_hand_made
from tests.conftest import SAMPLES

__all__ = ["client", "store_path"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SERVER_START_TIMEOUT_S = 20.0


@dataclass(slots=True)
class LiveServer:
    url: str
    token: str
    server: uvicorn.Server
    thread: threading.Thread = field(repr=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "live.db"
    store = open_store(path)
    try:
        # no enrichment: the annotated articles are hand-made with known offsets, and the
        # enrichment stage takes tens of seconds to load (its own tests cover it)
        run_pipeline([str(SAMPLES)], store, enrich=False)
        write_hand_made(store)
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def live_server(live_store: Path) -> Iterator[LiveServer]:
    app = create_app(str(live_store), write_token=TOKEN, enrich=False)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="newsloom-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start under uvicorn")
        time.sleep(0.05)
    yield LiveServer(f"http://127.0.0.1:{port}", TOKEN, server, thread)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass(slots=True)
class PageWatch:
    """A browser page plus what it did that a safe page never does."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # uncaught script errors
    console_errors: list[str] = field(default_factory=list)  # CSP refusals land here

    def assert_clean(self) -> None:
        """No script error, and nothing the Content-Security-Policy had to refuse (our own
        pages need no inline script or style, so a refusal means something slipped in)."""
        assert self.errors == []
        refused = [m for m in self.console_errors if "Content Security Policy" in m]
        assert refused == []
        # the one console error a page may log: the 400 of a half-typed query, by design
        others = [m for m in self.console_errors if "Content Security Policy" not in m]
        assert all("status of 400" in m for m in others), others

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture()
def watched(browser: Any) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(page)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    yield watch
    context.close()
