"""Print a short preview of a newsloom JSONL file: one block per article (used by make demo)."""

from __future__ import annotations

import json
import sys
import textwrap


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            head = f"[{art['role']}] {art.get('title') or '(no title)'}"
            meta = ", ".join(
                f"{k}: {art[k]}"
                for k in ("source", "dateline", "byline", "published", "published_text", "lang")
                if art.get(k)
            )
            print(head)
            print(f"    {art.get('source_path')}  {meta}")
            print(textwrap.indent(textwrap.shorten(art["text"], 220), "    "))
            reasons = sorted({r["reason"] for r in art.get("removed", [])})
            if reasons:
                print(f"    removed: {', '.join(reasons)}")
            print()


if __name__ == "__main__":
    main(sys.argv[1])
