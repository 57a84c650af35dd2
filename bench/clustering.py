"""Story clustering quality on ECB+ beside a TF-IDF + agglomerative baseline.

ECB+ (../shared/data/ecbplus) holds 43 topics, each with two different events of the same kind
(two celebrities entering rehab, two earthquakes...): the events are the gold clusters, and the
other event of a topic is a hard negative. Documents have no dates, so newsloom clusters them in
input order. The baseline (scikit-learn: TF-IDF, cosine, average linkage) is shown at its best
distance threshold, chosen with the gold labels: an oracle setting no real run would have.

``--fit`` refits newsloom's join model (a logistic regression over the pair features of an
article and a story) and reports it cross-validated by topic: the topics are split into 5 folds;
for each, the model is fitted on teacher-forced pairs of the other topics (every article against
the stories of the gold clustering so far), the join threshold is chosen by clustering the
training topics, and the held-out topics are clustered with it. Both events of a topic are
always in the same fold, so its hard negatives are never seen in training. Single folds swing
by several points and one assignment of topics to folds by ~0.005, so ``--splits 3`` repeats the
cross-validation over three assignments and reports the mean: judge a change by that.

    python bench/clustering.py [--fit [--splits 3]] [--scale 100000]
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]

from extraction import _write_json  # noqa: E402
from flatten import shared_data_dir  # noqa: E402
from newsloom.stories import StoryClusterer, StoryDoc  # noqa: E402
from newsloom.stories.cluster import FEATURES, JoinModel  # noqa: E402

FOLDS = 5
JOIN_LOGITS = (-2.5, -2.0, -1.5, -1.0, -0.5)  # thresholds tried on the training folds


def load() -> list[dict[str, str]]:
    path = shared_data_dir() / "ecbplus" / "ecbplus.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def pairwise(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for i, j in combinations(range(len(pred)), 2):
        same_p, same_g = pred[i] == pred[j], gold[i] == gold[j]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-12)


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    by_p: defaultdict[str, set[int]] = defaultdict(set)
    by_g: defaultdict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_p[p].add(i)
        by_g[g].add(i)
    ps, rs = [], []
    for p, g in zip(pred, gold, strict=True):
        inter = len(by_p[p] & by_g[g])
        ps.append(inter / len(by_p[p]))
        rs.append(inter / len(by_g[g]))
    prec, rec = sum(ps) / len(ps), sum(rs) / len(rs)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-12)


def newsloom_clusters(
    rows: list[dict[str, str]], model: JoinModel | None = None
) -> tuple[list[str], float]:
    clusterer = StoryClusterer(model)
    t0 = time.perf_counter()
    pred = [clusterer.add(StoryDoc(r["id"], r.get("title"), r["text"])) for r in rows]
    return pred, len(rows) / (time.perf_counter() - t0)


def _doc(r: dict[str, str]) -> StoryDoc:
    return StoryDoc(r["id"], r.get("title"), r["text"])


def teacher_pairs(rows: list[dict[str, str]]) -> tuple[list[tuple[float, ...]], list[int]]:
    """Pair features of every article against the stories of the gold clustering so far,
    labelled 1 for its own event's story."""
    clusterer = StoryClusterer()
    first_of: dict[str, str] = {}  # event -> its first article id
    x: list[tuple[float, ...]] = []
    y: list[int] = []
    for r in rows:
        own = clusterer.assignments.get(first_of.get(r["event"], ""))
        for sid, features in clusterer.pair_features(_doc(r)).items():
            x.append(features)
            y.append(int(sid == own))
        clusterer.add(_doc(r), join=first_of.get(r["event"]), alone=own is None)
        first_of.setdefault(r["event"], r["id"])
    return x, y


def fit_model(rows: list[dict[str, str]]) -> tuple[JoinModel, float]:
    """Logistic regression on teacher-forced pairs; the join threshold maximising pairwise F1
    when clustering ``rows``. Returns the model and that F1."""
    from sklearn.linear_model import LogisticRegression

    x, y = teacher_pairs(rows)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    coefficients = tuple(round(float(c), 3) for c in lr.coef_[0])
    intercept = round(float(lr.intercept_[0]), 3)
    gold = [r["event"] for r in rows]
    scored = []
    for logit in JOIN_LOGITS:
        model = JoinModel(coefficients, intercept, logit)
        scored.append((pairwise(newsloom_clusters(rows, model)[0], gold)[2], model))
    f1, model = max(scored, key=lambda fm: fm[0])
    return model, f1


def cross_validate(rows: list[dict[str, str]], split: int = 0) -> dict[str, object]:
    """Pairwise and BCubed scores of clusterings of held-out topics, pooled over the folds.
    ``split`` 0 deals the topics to folds in sorted order; any other value shuffles them first
    with that seed (another assignment of topics to folds, to tell a gain from fold noise)."""
    topics = sorted({r["topic"] for r in rows})
    if split:
        random.Random(split).shuffle(topics)
    fold_of = {t: k % FOLDS for k, t in enumerate(topics)}
    pred = [""] * len(rows)
    folds = []
    for k in range(FOLDS):
        train = [r for r in rows if fold_of[r["topic"]] != k]
        test = [i for i, r in enumerate(rows) if fold_of[r["topic"]] == k]
        model, train_f1 = fit_model(train)
        labels, _ = newsloom_clusters([rows[i] for i in test], model)
        for i, label in zip(test, labels, strict=True):
            pred[i] = f"{k}:{label}"
        test_f1 = pairwise(labels, [rows[i]["event"] for i in test])[2]
        folds.append({"join_logit": model.join_logit, "train_f1": train_f1, "test_f1": test_f1})
        print(
            f"  fold {k}: join logit {model.join_logit:+.1f}, train F1 {train_f1:.3f}, "
            f"held-out F1 {test_f1:.3f}",
            flush=True,
        )
    gold = [r["event"] for r in rows]
    return {"pairwise": pairwise(pred, gold), "bcubed": bcubed(pred, gold), "folds": folds}


def baseline_clusters(rows: list[dict[str, str]], gold: list[str]) -> tuple[list[str], float]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = (
        TfidfVectorizer(sublinear_tf=True, stop_words="english")
        .fit_transform([f"{r.get('title') or ''} {r['text']}" for r in rows])
        .toarray()
    )
    best: tuple[float, list[str], float] = (-1.0, [], 0.0)
    for k in range(10, 100, 2):
        threshold = k / 100
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
        ).fit_predict(x)
        pred = [str(v) for v in labels]
        f1 = pairwise(pred, gold)[2]
        if f1 > best[0]:
            best = (f1, pred, threshold)
    return best[1], best[2]


def scale(rows: list[dict[str, str]], n: int) -> dict[str, float]:
    """Cluster ``n`` articles made from ECB+ ones (5% of words replaced, one day apart per
    1,000 articles so stories retire as they would in a live feed): docs/s and peak RSS.

    The speed is that of the clustering alone in CPU time (``StoryClusterer.add``, on one
    core; the machine is shared, so wall time varies with the load): making the articles is
    not timed. The wall time of the whole loop is printed beside it."""
    import random
    import resource
    from datetime import UTC, datetime, timedelta

    rng = random.Random(0)
    clusterer = StoryClusterer()
    cpu = 0.0
    t0 = time.perf_counter()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(n):
        r = rows[i % len(rows)]
        words = r["text"].split()
        for j in rng.sample(range(len(words)), len(words) // 20):
            words[j] = rng.choice(words)
        doc = StoryDoc(f"x{i}", r.get("title"), " ".join(words), start + timedelta(days=i // 1000))
        c0 = time.process_time()
        clusterer.add(doc)
        cpu += time.process_time() - c0
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"scale: {n:,} articles at {n / cpu:,.0f} docs/s of CPU time in clustering "
        f"({n / secs:,.0f} a second of wall time, making the articles included), "
        f"peak RSS {peak:,.0f} MB, {len(clusterer.active):,} active stories"
    )
    return {
        "scale_articles": n,
        "scale_docs_per_s": n / cpu,
        "scale_docs_per_s_wall": n / secs,
        "scale_peak_rss_mb": peak,
    }


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=0, help="also cluster this many articles")
    ap.add_argument("--fit", action="store_true", help="refit the join model, CV by topic")
    ap.add_argument(
        "--splits",
        type=int,
        default=1,
        help="with --fit: cross-validate over this many fold "
        "assignments (the standard one, then shuffled with seeds 1, 2...) and print the mean",
    )
    args = ap.parse_args()
    rows = load()
    gold = [r["event"] for r in rows]
    print(
        f"ECB+: {len(rows)} documents, {len(set(gold))} events in "
        f"{len({r['topic'] for r in rows})} topics"
    )
    print(
        f"{'method':<34} {'pair P':>7} {'pair R':>7} {'pair F1':>8} {'B3 P':>6} {'B3 R':>6} "
        f"{'B3 F1':>6}"
    )
    results = {}
    pred, rate = newsloom_clusters(rows)
    base, threshold = baseline_clusters(rows, gold)
    for name, p in (
        (f"newsloom ({rate:,.0f} docs/s)", pred),
        (f"tf-idf + agglomerative (oracle {threshold:.2f})", base),
    ):
        pw, b3 = pairwise(p, gold), bcubed(p, gold)
        print(
            f"{name:<34} {pw[0]:7.3f} {pw[1]:7.3f} {pw[2]:8.3f} {b3[0]:6.3f} {b3[1]:6.3f} "
            f"{b3[2]:6.3f}"
        )
        results[name.split(" (")[0]] = {"pairwise": pw, "bcubed": b3, "clusters": len(set(p))}
    print(f"clusters: newsloom {len(set(pred))}, baseline {len(set(base))}, gold {len(set(gold))}")
    if args.fit:
        splits = []
        for split in range(args.splits):
            print(
                f"join model cross-validated by topic ({FOLDS} folds, topics held out, "
                f"split {split}):"
            )
            cv = cross_validate(rows, split)
            pw, b3 = cv["pairwise"], cv["bcubed"]
            print(
                f"{'newsloom, held-out topics':<34} {pw[0]:7.3f} {pw[1]:7.3f} {pw[2]:8.3f} "  # type: ignore[index]
                f"{b3[0]:6.3f} {b3[1]:6.3f} {b3[2]:6.3f}"  # type: ignore[index]
            )
            splits.append(cv)
        cv = splits[0]
        if args.splits > 1:
            f1s = [s["pairwise"][2] for s in splits]  # type: ignore[index]
            listed, mean = ", ".join(f"{f:.4f}" for f in f1s), sum(f1s) / len(f1s)
            print(f"held-out pairwise F1 over {args.splits} splits: {listed}; mean {mean:.4f}")
            cv["splits"] = [
                {"split": k, "pairwise": s["pairwise"], "bcubed": s["bcubed"]}
                for k, s in enumerate(splits)
            ]
            cv["mean_pairwise_f1"] = mean
        model, f1 = fit_model(rows)
        print(f"fit on all topics (pairwise F1 {f1:.3f} in-sample):")
        print(f"  COEFFICIENTS = {model.coefficients}  # {', '.join(FEATURES)}")
        print(f"  INTERCEPT = {model.intercept}, JOIN_LOGIT = {model.join_logit}")
        results["cross-validated"] = cv
        results["fit"] = {
            "features": FEATURES,
            "coefficients": model.coefficients,
            "intercept": model.intercept,
            "join_logit": model.join_logit,
        }
    if args.scale:
        results["scale"] = scale(rows, args.scale)
    # keys this run did not measure (the cross-validation without --fit, the scale run
    # without --scale) keep their last measured values
    path = BENCH / "results" / "clustering.json"
    kept = json.loads(path.read_text("utf-8")) if path.exists() else {}
    _write_json(path, {**kept, **results})


if __name__ == "__main__":
    main()
