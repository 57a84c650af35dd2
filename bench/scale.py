"""Scaling: the same run on a local process pool (1 and 2 workers) and on Ray (2 CPUs).

A synthetic corpus of news pages as a scraper flattens them, built from realistic templates:
site furniture (menus, share bars, newsletter prompts, "Most read" lists, footers, in the
seeds' patterns), bodies captured twice, syndicated copies with light edits on other sites,
exact re-crawls, and aggregator pages carrying other outlets' articles. Article bodies are
ECB+ texts (../shared/data/ecbplus) recombined within a topic, dated over a month. Shards are
JSONL files of 500 pages (every fourth gzipped) under bench/.cache/scale/ (gitignored).

Each configuration runs in a child process; wall time gives pages/s, and the peak of the
summed RSS of the child and all its descendants (pool workers, Ray's processes) is sampled
from /proc. Summed RSS counts a shared page once per process mapping it (Ray's object store
is shared memory every worker maps), so the summed PSS (each shared page split among the
processes sharing it) is reported beside it; the bar is judged on RSS. Bars (issue 7): Ray
within 25% of local 2-worker throughput; 2 workers >= 1.8x one; peak RSS at the largest size
within 1.5x of that at --small pages.

    python bench/scale.py [--pages 100000] [--small 10000] [--configs local1,local2,ray2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from extraction import _write_json  # noqa: E402
from flatten import shared_data_dir  # noqa: E402

CACHE = BENCH / ".cache" / "scale"
PAGES_PER_SHARD = 500
CORPUS_START = datetime(2025, 8, 1, tzinfo=UTC)
CORPUS_DAYS = 30
# Page kinds and their shares: most pages are originals; the rest are the noise a news crawl
# is full of.
KINDS = [
    ("original", 0.55),
    ("syndicated", 0.20),  # another outlet's copy: other furniture, a few words edited
    ("captured-twice", 0.08),  # the body repeated by a bad capture
    ("recrawl", 0.07),  # the same page fetched again
    ("aggregator", 0.10),  # an article plus other outlets' articles under it
]
SITES = [
    ("example-news.test", "Example News"),
    ("daily-herald.test", "Daily Herald"),
    ("metro-times.test", "Metro Times"),
    ("world-wire.test", "World Wire"),
    ("the-courier.test", "The Courier"),
    ("evening-post.test", "Evening Post"),
    ("global-report.test", "Global Report"),
    ("city-gazette.test", "City Gazette"),
]
MENUS = [
    ["Skip to main content", "Home", "World", "Politics", "Business", "Sign in", "Subscribe"],
    ["Menu", "News", "Sport", "Culture", "Opinion", "Search"],
    ["Home", "Latest", "US", "Europe", "Asia", "Markets", "Tech", "Log in"],
    ["Top stories", "Local", "National", "Weather", "Newsletters", "Subscribe now"],
]
SHARE = [["Share on Facebook", "Share on X"], ["Share", "Tweet", "Email"], ["Copy link"]]
PROMPTS = [
    "Advertisement",
    "Sign up for our newsletter to get the latest news in your inbox.",
    "Photo: Reuters",
    "Read more: the latest headlines from around the world",
    "Subscribe for unlimited access to our journalism.",
]
FOOTERS = [
    ["Privacy Policy", "Terms of Use"],
    ["About us", "Contact", "Cookie settings", "Accessibility"],
    ["© 2025 All rights reserved."],
]
TAIL_HEADINGS = ["Most read", "You may also like", "Related stories", "More from the site"]
AUTHORS = ["Maria Lopez", "Tom Reed", "Aisha Khan", "Peter Novak", "Lena Fischer", "Sam Osei"]
DATELINES = ["LONDON", "NEW YORK", "PARIS", "GENEVA", "NAIROBI", "TOKYO", "BERLIN", "MADRID"]


# -- corpus ------------------------------------------------------------------------------


def load_topics() -> dict[int, list[tuple[str, list[str]]]]:
    """ECB+ documents as (title, paragraphs), by topic."""
    topics: dict[int, list[tuple[str, list[str]]]] = {}
    path = shared_data_dir() / "ecbplus" / "ecbplus.jsonl"
    for line in path.read_text("utf-8").splitlines():
        doc = json.loads(line)
        paras = [p.strip() for p in doc["text"].split("\n") if len(p.split()) >= 8]
        title = doc["title"]
        if not paras:
            continue
        if title.startswith("http") or len(title.split()) < 4:
            title = doc["text"].split("\n")[0]
        title = " ".join(title.split()[:12]).rstrip(".,;:")  # a headline, not a sentence
        topics.setdefault(int(doc["topic"]), []).append((title.strip(), paras))
    return topics


class CorpusBuilder:
    """Deterministic pages (same seed, same corpus) from ECB+ bodies and site templates."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.topics = load_topics()
        self.topic_ids = sorted(self.topics)
        self.originals: list[dict[str, Any]] = []  # recent originals, for copies

    def article(self) -> dict[str, Any]:
        rng = self.rng
        docs = self.topics[rng.choice(self.topic_ids)]
        title, paras = rng.choice(docs)
        body = list(paras)
        for _ in range(rng.randint(1, 3)):  # recombined within the topic: a new report
            body.extend(rng.sample(rng.choice(docs)[1], k=1))
        rng.shuffle(body)
        body = body[: rng.randint(4, 9)]
        day = CORPUS_START + timedelta(days=rng.randrange(CORPUS_DAYS), hours=rng.randrange(24))
        return {
            "title": title,
            "body": body,
            "published": day,
            "author": rng.choice(AUTHORS),
            "dateline": rng.choice(DATELINES),
        }

    def edited(self, art: dict[str, Any]) -> dict[str, Any]:
        """A syndicated copy: a word in ~5% of places changed, the last paragraph sometimes cut."""
        rng = self.rng
        body = []
        for para in art["body"]:
            words = para.split()
            for i in range(len(words)):
                if rng.random() < 0.05:
                    words[i] = rng.choice(["reportedly", "officials", "said", "on", "the"])
            body.append(" ".join(words))
        if len(body) > 4 and rng.random() < 0.5:
            body = body[:-1]
        later = art["published"] + timedelta(hours=rng.randrange(30))
        return {**art, "body": body, "published": later, "author": rng.choice(AUTHORS)}

    def render(self, art: dict[str, Any], site: tuple[str, str], *, twice: bool = False) -> str:
        rng = self.rng
        lines = list(rng.choice(MENUS))
        lines += [art["title"], f"By {art['author']}", art["published"].strftime("%B %-d, %Y")]
        body = list(art["body"])
        body[0] = f"{art['dateline']} ({site[1]}) — {body[0]}"
        share = rng.choice(SHARE)
        for i, para in enumerate(body):
            lines.append(para)
            if i == 0:
                lines += share
            elif rng.random() < 0.25:
                lines.append(rng.choice(PROMPTS))
        if twice:
            lines += body
        lines.append(f"Copyright 2025 {site[1]}. All rights reserved.")
        lines.append(rng.choice(TAIL_HEADINGS))
        for _ in range(5):
            lines.append(rng.choice(self.topics[rng.choice(self.topic_ids)])[0])
        lines += rng.choice(FOOTERS)
        return "\n".join(lines)

    def carried(self, art: dict[str, Any]) -> str:
        """An aggregator's carried article: outlet, age, '- outlet', headline, one paragraph."""
        outlet = self.rng.choice(SITES)[1]
        hours = self.rng.randint(1, 12)
        return "\n".join(
            ["", outlet, f"{hours} hours ago", f"- {outlet}", art["title"], " ".join(art["body"])]
        )

    def page(self, n: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        site = rng.choice(SITES)
        if kind in ("syndicated", "recrawl") and self.originals:
            orig = rng.choice(self.originals)
            if kind == "recrawl":
                return {
                    **orig["record"],
                    "fetched_at": _iso(orig["art"]["published"] + timedelta(days=1)),
                }
            art = self.edited(orig["art"])
        else:
            art = self.article()
        text = self.render(art, site, twice=kind == "captured-twice")
        if kind == "aggregator":
            text += "".join(self.carried(self.article()) for _ in range(rng.randint(1, 3)))
        slug = re.sub(r"\W+", "-", art["title"].lower()).strip("-")[:60]
        record = {
            "url": f"https://{site[0]}/{art['published']:%Y/%m/%d}/{slug}-{n}",
            "fetched_at": _iso(art["published"] + timedelta(hours=2)),
            "text": text,
        }
        if kind == "original":
            self.originals.append({"art": art, "record": record})
            if len(self.originals) > 2000:  # copies follow recent news
                self.originals.pop(0)
        return record


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_corpus(pages: int, seed: int = 7) -> Path:
    """Shards of ``pages`` pages under bench/.cache/scale/; reused when already built."""
    root = CACHE / f"{pages}-seed{seed}"
    done = root / "_COMPLETE"
    if done.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    builder = CorpusBuilder(seed)
    for shard_no, start in enumerate(range(0, pages, PAGES_PER_SHARD)):
        lines = [
            json.dumps(builder.page(n), ensure_ascii=False)
            for n in range(start, min(start + PAGES_PER_SHARD, pages))
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if shard_no % 4 == 3:
            (root / f"shard-{shard_no:05d}.jsonl.gz").write_bytes(gzip.compress(data, 5))
        else:
            (root / f"shard-{shard_no:05d}.jsonl").write_bytes(data)
    done.write_text(f"{pages}\n")
    return root


# -- measuring -----------------------------------------------------------------------------


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """Summed RSS and PSS of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        stack.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def measure(config: str, corpus: Path, out: Path) -> dict[str, Any]:
    engine, cpus = config.rstrip("0123456789"), int(config[len(config.rstrip("0123456789")) :])
    cmd = [sys.executable, __file__, "--child", engine, "--workers", str(cpus)]
    cmd += ["--corpus", str(corpus), "--out", str(out)]
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not stop.wait(0.5):
            rss, pss = _tree_memory_kb(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{config} failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(peak / 1024, 1)
    result["peak_pss_mb"] = round(peak_pss / 1024, 1)
    result["pages_per_s"] = round(result["pages"] / result["seconds"], 1)
    shutil.rmtree(out, ignore_errors=True)
    return result


def child(engine: str, workers: int, corpus: Path, out: Path) -> None:
    from newsloom.engines import run_corpus
    from newsloom.engines.shards import code_fingerprint

    start = time.perf_counter()
    s = run_corpus([str(corpus)], out, engine=engine, workers=workers)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start  # includes starting the pool or the Ray session
    # CPU time of this process and the workers it waited for (the pool; not Ray's workers,
    # whose parent is Ray's raylet): on a shared machine, pages per CPU-second stays honest
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 1),
                # the stage code's hash: runs compared across configs must share it
                "code": code_fingerprint(),
                "pages": s.pages,
                "articles": s.articles,
                "duplicates": s.duplicates,
                "stories": s.stories,
                "skipped": len(s.skipped),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000, help="size for the memory comparison")
    ap.add_argument("--configs", default="local1,local2,ray2")
    ap.add_argument("--child", choices=["local", "ray"], help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.workers, args.corpus, args.out)
        return
    configs = args.configs.split(",")
    sizes = sorted({args.small, args.pages})
    results: dict[str, dict[str, Any]] = {}
    for size in sizes:
        corpus = build_corpus(size)
        for config in configs:
            load = os.getloadavg()[0]
            r = measure(config, corpus, CACHE / f"out-{config}")
            r["load_before"] = round(load, 2)
            results[f"{config}@{size}"] = r
            print(
                f"{config:>7} {size:>7} pages: {r['pages_per_s']:7.1f} pages/s "
                f"({r['seconds']:.0f} s, {r['cpu_seconds']:.0f} CPU-s), "
                f"peak RSS {r['peak_rss_mb']:.0f} MB (PSS {r['peak_pss_mb']:.0f}), "
                f"{r['articles']} articles, {r['duplicates']} duplicates, {r['stories']} stories "
                f"(load {load:.2f})",
                flush=True,
            )
    big, small = args.pages, args.small
    bars: dict[str, Any] = {}

    def rate(config: str) -> float | None:
        r = results.get(f"{config}@{big}")
        return r["pages_per_s"] if r else None

    if rate("local1") and rate("local2"):
        bars["local2_over_local1"] = round(rate("local2") / rate("local1"), 2)  # type: ignore[operator]
    if rate("ray2") and rate("local2"):
        bars["ray2_over_local2"] = round(rate("ray2") / rate("local2"), 2)  # type: ignore[operator]
    for config in configs:
        a, b = results.get(f"{config}@{small}"), results.get(f"{config}@{big}")
        if a and b and small != big:
            bars[f"rss_ratio_{config}"] = round(b["peak_rss_mb"] / a["peak_rss_mb"], 2)
            bars[f"pss_ratio_{config}"] = round(b["peak_pss_mb"] / a["peak_pss_mb"], 2)
    print()
    print(f"at {big} pages (bars: ray2/local2 >= 0.75, local2/local1 >= 1.8, RSS ratio <= 1.5)")
    for name, value in bars.items():
        print(f"  {name}: {value}")
    with open("/proc/loadavg") as fh:
        load_after = fh.read().split()[:3]
    _write_json(
        BENCH / "results" / "scale.json",
        {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "load_after": load_after,
            "results": results,
            "bars": bars,
        },
    )


if __name__ == "__main__":
    main()
