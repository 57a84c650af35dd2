"""Rewrite tests/golden/*.json from the current cleaner. Review the diff before committing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import clean_sample  # noqa: E402
from tests.test_seeds import GOLDEN, SEEDS  # noqa: E402


def main() -> None:
    for sample, golden in SEEDS.items():
        records = [a.to_dict() for a in clean_sample(sample)]
        (GOLDEN / golden).write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {GOLDEN / golden}")


if __name__ == "__main__":
    main()
