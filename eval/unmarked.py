"""An eval set as typed without a Vietnamese keyboard: every question folded, all else kept.

    python -m eval.unmarked eval/qa_dev.jsonl > /tmp/dev_unmarked.jsonl
    python -m eval --qa /tmp/dev_unmarked.jsonl --out /tmp/unmarked

A set's few "no_diacritics" items say little about how the rest would fare typed so; folding
every question of the dev split gives hundreds of such items to tune on, each with the same
gold answer and citations. Items whose question has no marks to drop are left out.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.normalize import fold


def unmarked(lines: list[str]) -> list[dict]:
    out = []
    for line in lines:
        if not line.strip():
            continue
        item = json.loads(line)
        folded = fold(item["question"])
        if folded != item["question"].lower():
            out.append({**item, "question": folded})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.unmarked", description=__doc__.split("\n\n")[0])
    p.add_argument("qa", type=Path, help="eval set, JSON lines")
    args = p.parse_args(argv)
    for item in unmarked(args.qa.read_text(encoding="utf-8").splitlines()):
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
