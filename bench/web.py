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


def big_story_store(n_articles: int) -> tuple[Path, str]:
    """A store holding one story of ``n_articles`` articles, each with entities, a quote and
    a place, from 40 outlets over 10 days, a fifth of them copies of another: the worst
    story page the cap (``STORY_ARTICLE_CAP``) allows."""
    from newsloom.enrich.records import Enrichment, Entity, Mention, Place, Quote
    from newsloom.model import Article
    from newsloom.store.base import Batch, StoredArticle
    from newsloom.stories.model import Story

    path = CACHE / f"web-big-story-{n_articles}.db"
    story_id = f"big-story-{n_articles}"
    if path.exists():
        return path, story_id
    CACHE.mkdir(exist_ok=True)
    rng = random.Random(SEED)
    body = (
        "Officials in Kyiv said on Monday that talks with Moscow had stalled. "
        '"We will not give up our land," President Volodymyr Zelenskyy told reporters. '
        "The Kremlin denied the claim, and fighting continued near Dnipro overnight.\n\n"
    )
    stored = []
    for i in range(n_articles):
        text = f"Report {i}. " + body * 6
        entities = []
        for name, label in (
            ("Volodymyr Zelenskyy", "PERSON"),
            ("Kremlin", "ORG"),
            ("Kyiv", "GPE"),
            ("Moscow", "GPE"),
        ):
            mentions = []
            start = text.find(name)
            while start >= 0:
                mentions.append(Mention(start, start + len(name), name))
                start = text.find(name, start + 1)
            entities.append(Entity(f"ent-big-{name.lower()}", name, label, mentions))
        q0 = text.index("We will not")
        q1 = text.index('," President')
        d0 = text.index("Dnipro")
        enrichment = Enrichment(
            entities=entities,
            quotes=[
                Quote(
                    f"q-big-{i}",
                    q0,
                    q1,
                    text[q0:q1],
                    "direct",
                    "Volodymyr Zelenskyy",
                    "ent-big-volodymyr zelenskyy",
                )
            ],
            places=[
                Place(d0, d0 + 6, "Dnipro", "Dnipro", 709930, 48.45, 34.98, "UA", None, "city", 0.9)
            ],
        )
        day, hour = rng.randrange(10), rng.randrange(24)
        article = Article(
            id=f"big-{i}",
            text=text,
            title=f"Talks stall as fighting continues ({i})",
            source=f"Outlet {rng.randrange(40)}",
            published=f"2025-08-{10 + day:02d}T{hour:02d}:00:00+00:00",
            lang="en",
        )
        copy_of = f"big-{rng.randrange(i)}" if i and rng.random() < 0.2 else None
        stored.append(StoredArticle(article, enrichment, story_id, copy_of))
    ids = [sa.article.id for sa in stored]
    story = Story(
        story_id,
        "Talks stall as fighting continues",
        "2025-08-10T00:00:00+00:00",
        "2025-08-19T23:00:00+00:00",
        ids,
        sorted({sa.article.source or "" for sa in stored}),
        ["talks", "kyiv"],
    )
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    store = open_store(building)
    try:
        store.write_batch(Batch(articles=stored, stories=[story]))
    finally:
        store.close()
    os.replace(building, path)
    return path, story_id


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
        "_stats": [
            str(stats.get("articles", 0)),
            str(stats.get("stories", 0)),
            str(max((len(s.articles) for s in stories), default=0)),
        ],
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
    parser.add_argument(
        "--big-story",
        type=int,
        default=2000,
        metavar="N",
        help="also time the page of one story of N articles (0: skip)",
    )
    args = parser.parse_args()
    db = args.db or default_store()
    paths = pick_paths(db, args.pages)
    n_articles, n_stories, largest = paths.pop("_stats")
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
    if args.big_story:
        big_db, big_id = big_story_store(args.big_story)
        big_server, big_base = serve(big_db)
        try:
            with httpx.Client(timeout=60) as client:
                time_paths(client, big_base, [f"/stories/{big_id}"] * 3)
                times = time_paths(client, big_base, [f"/stories/{big_id}"] * 20)
        finally:
            big_server.should_exit = True
        rows[f"story of {args.big_story:,} articles"] = {
            "pages": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(pct(times, 0.95), 1),
            "max_ms": round(max(times), 1),
        }
    print(
        f"store: {db} ({int(n_articles):,} articles, {int(n_stories):,} stories; "
        f"the largest story timed has {int(largest):,} articles)"
    )
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
    print(f"{'page':<22}{'pages':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  bar")
    for kind, r in rows.items():
        bar = ""
        if kind in ("story", "article") or kind.startswith("story of"):
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
            "largest_story_timed": int(largest),
            "load_average": load,
            "bar_ms": PAGE_BAR_MS,
            "pages": rows,
        },
    )


if __name__ == "__main__":
    main()
