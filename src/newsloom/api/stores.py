"""One store connection per server thread.

FastAPI runs plain ``def`` endpoints in a thread pool, and neither sqlite3 connections nor
psycopg connections may be used by two threads at once; a connection per thread (opened on
first use) is the simplest arrangement that is correct for both backends.
"""

from __future__ import annotations

import threading

from newsloom.store import open_store
from newsloom.store.base import Store


class StorePerThread:
    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close_all(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
        self._local = threading.local()
