"""Fit the line classifier's weights (newsloom.clean.classify.LINE_WEIGHTS).

Training pages: the fundus test pages in ../shared/data/fundus (~120 publishers, 40 countries),
flattened both ways (bench/flatten.py) and split into lines as the cleaner splits them
(hard-wrapped lines joined by clean.reflow). A line is labelled article text when most of its
4-token shingles occur in the gold body (short lines: when its tokens occur in order in it).
The ScrapingHub pages are never used here, so bench/extraction.py measures held-out quality.

Run: python scripts/train_line_model.py   (prints the weights to paste into classify.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from flatten import FLATTENERS, load_fundus  # noqa: E402
from metric import GoldLines  # noqa: E402
from newsloom.clean.features import FEATURE_NAMES, line_features  # noqa: E402
from newsloom.clean.lang import LanguageDetector  # noqa: E402
from newsloom.clean.lines import split_lines  # noqa: E402
from newsloom.clean.reflow import reflow  # noqa: E402
from newsloom.clean.stopwords import stopwords  # noqa: E402

C = 1.0  # inverse regularisation strength


def training_data() -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels for every line of every fundus page, both flatteners."""
    lang = LanguageDetector()
    xs, ys = [], []
    for doc in load_fundus():
        gold = GoldLines(doc.gold)
        for flatten in FLATTENERS.values():
            lines = reflow(split_lines(flatten(doc.html)))  # the lines the cleaner sees
            if not lines:
                continue
            stop = stopwords(lang.detect(" ".join(ln.text for ln in lines)))
            x, _, _ = line_features(lines, stop)
            xs.append(x)
            ys.extend(int(ln.text in gold) for ln in lines)
    return np.vstack(xs), np.array(ys)


def fit(x_all: np.ndarray, y_all: np.ndarray) -> LogisticRegression:
    # Weigh lines by length (a long paragraph matters more for the metric), and the two classes
    # equally: article lines are 15% of all lines, and an unbalanced fit learns "short means
    # furniture" so strongly that short real paragraphs (wire copy, one-line pages) are lost.
    sizes = np.sqrt(np.exp(x_all[:, 1]))
    model = LogisticRegression(C=C, max_iter=5000, fit_intercept=False, class_weight="balanced")
    model.fit(x_all, y_all, sample_weight=sizes)
    return model


def main() -> None:
    x_all, y_all = training_data()
    model = fit(x_all, y_all)
    print(
        f"# {len(y_all)} lines, {y_all.mean():.1%} article text, "
        f"training accuracy {model.score(x_all, y_all):.3f}"
    )
    print("LINE_WEIGHTS: dict[str, float] = {")
    for name, w in zip(FEATURE_NAMES, model.coef_[0], strict=True):
        print(f'    "{name}": {w:.3f},')
    print("}")


if __name__ == "__main__":
    main()
