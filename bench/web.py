"""Web page latency: story, article, stories-list, search and entity pages, served by the
real app (uvicorn on a localhost port) and fetched over HTTP, so each figure is the whole
server side: routing, store reads, highlighting and template rendering.

The store is the search benchmark's synthetic corpus when it is built
(``bench/.cache/search-100000.db``, from ``bench/search.py``: 100,000 articles), else the
demo store (the bundled samples through ``newsloom demo``'s pipeline), or ``--db``. Pages are
drawn from the most covered and the latest stories (the biggest story pages are the slow
ones) and their articles. Bar: p95 < 200 ms for story and article pages. The anchor is the
cheapest page the app serves, a static CSS file, i.e. the HTTP stack with no work.

    python bench/web.py [--db PATH] [--pages 200]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from extraction import _write_json  # noqa: E402
from newsloom.api import create_app  # noqa: E402
from newsloom.store import open_store  # noqa: E402

CACHE = BENCH / ".cache"
BIG_STORE = CACHE / "search-100000.db"
PAGE_BAR_MS = 200.0
SEED = 20251123
WARMUP = 20


def default_store() -> Path:
    if BIG_STORE.exists():
        return BIG_STORE
    from newsloom.cli.serve import REPO_SAMPLES, build_demo_store

    path = CACHE / "web-demo.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        print(f"building the demo store in {path} ...")
        build_demo_store(REPO_SAMPLES, path)
    return path


def pick_paths(db: Path, n: int) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    store = open_store(db)
    try:
        stories = store.list_stories(order="coverage", limit=max(n // 4, 5))
        stories += store.list_stories(order="latest", limit=max(n // 4, 5))
        story_ids = list(dict.fromkeys(s.id for s in stories))
        article_ids: list[str] = []
        for s in stories:
            article_ids.extend(rng.sample(s.articles, min(3, len(s.articles))))
        article_ids = list(dict.fromkeys(article_ids))
        entities = [e.entity.id for e in store.list_entities(limit=max(n // 10, 5))]
        stats = store.stats()
    finally:
        store.close()
    words = ["police", "fire", "earthquake", "election", "court", "ukraine", "said"]
    return {
        "story": [f"/stories/{i}" for i in rng.sample(story_ids, min(n, len(story_ids)))],
        "article": [f"/articles/{i}" for i in rng.sample(article_ids, min(n, len(article_ids)))],
        "stories list": ["/", "/?order=coverage"] * 10,
        "search": [f"/search?q={w}" for w in words] * 3,
        "entity": [f"/entities/{i}" for i in entities],
        "static css (anchor)": ["/static/app.css"] * 20,
        "_stats": [str(stats.get("articles", 0)), str(stats.get("stories", 0))],
    }


def serve(db: Path) -> tuple[uvicorn.Server, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def time_paths(client: httpx.Client, base: str, paths: list[str]) -> list[float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        response = client.get(base + path)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        times.append(elapsed)
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to serve (default: see above)")
    parser.add_argument("--pages", type=int, default=200, help="story and article pages each")
    args = parser.parse_args()
    db = args.db or default_store()
    paths = pick_paths(db, args.pages)
    n_articles, n_stories = paths.pop("_stats")
    server, base = serve(db)
    load = os.getloadavg()
    rows: dict[str, dict[str, Any]] = {}
    try:
        with httpx.Client(timeout=60) as client:
            warm = (paths["story"] + paths["article"])[:WARMUP]
            time_paths(client, base, warm)
            for kind, kind_paths in paths.items():
                if not kind_paths:
                    continue
                times = time_paths(client, base, kind_paths)
                rows[kind] = {
                    "pages": len(times),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(pct(times, 0.95), 1),
                    "max_ms": round(max(times), 1),
                }
    finally:
        server.should_exit = True
    print(f"store: {db} ({int(n_articles):,} articles, {int(n_stories):,} stories)")
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
    print(f"{'page':<22}{'pages':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  bar")
    for kind, r in rows.items():
        bar = ""
        if kind in ("story", "article"):
            bar = f"p95 < {PAGE_BAR_MS:.0f} ms: " + (
                "met" if r["p95_ms"] < PAGE_BAR_MS else "MISSED"
            )
        print(
            f"{kind:<22}{r['pages']:>7}{r['p50_ms']:>10}{r['p95_ms']:>10}{r['max_ms']:>10}  {bar}"
        )
    _write_json(
        BENCH / "results" / "web.json",
        {
            "store": str(db),
            "articles": int(n_articles),
            "stories": int(n_stories),
            "load_average": load,
            "bar_ms": PAGE_BAR_MS,
            "pages": rows,
        },
    )


if __name__ == "__main__":
    main()
