"""Synthetic corpora for the scaling benchmark: the bundled documents replicated N times.

Copy k (1 ≤ k < N) of each file gets a new name and every figure slightly changed,
so copies look like sibling reports with different numbers rather than duplicates.
Lines are never added or removed, which keeps the manifest's sub-document line
ranges valid for every copy. Sub-document titles get a copy suffix: section paths
start at them, so every chunk's embedding text differs from the original's and
the index really encodes N× the passages instead of reusing cached vectors.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ingest.document import corpus_files

# Leading outline numbers ("1.", "2.3.", "Điều 4", table row numbers "1\t") shape the
# section structure; footnote marks "[3]" link notes. Changing them would test a
# different parser, not a bigger corpus, so they are left alone.
_NUMBERING = re.compile(r"^[\s*#>|\-+]*(?:(?:Điều|Mục|Phần|Chương)\s+)?\d+(?:\.\d+)*[.)]?(?=\s|$)")
# A whole figure, separators included, so "28.527,46" changes once (→ "28.527,47").
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _shift(k: int) -> int:
    # 1..9, never 0, so every copy changes every figure it touches.
    return 1 + (k - 1) % 9


def perturb_line(line: str, k: int) -> str:
    """Add a copy-dependent shift (mod 10) to the last digit of every figure."""
    m = _NUMBERING.match(line)
    keep = m.end() if m else 0
    shift = _shift(k)

    def bump(d: re.Match) -> str:
        if d.start() > 0 and d.string[d.start() - 1] == "[":
            return d.group(0)
        digits = d.group(0)
        return digits[:-1] + str((int(digits[-1]) + shift) % 10)

    return line[:keep] + _FIGURE.sub(bump, line[keep:])


def perturb_text(text: str, k: int) -> str:
    return "\n".join(perturb_line(line, k) for line in text.split("\n"))


def copy_name(name: str, k: int) -> str:
    path = Path(name)
    return f"{path.stem}__x{k:02d}{path.suffix}"


def make_corpus(src: Path, dst: Path, copies: int) -> int:
    """Write src's documents and `copies - 1` perturbed copies of each into dst,
    with a matching manifest.json. Returns the number of files written."""
    dst.mkdir(parents=True, exist_ok=True)
    manifest_path = src / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {"files": {}}
    entries = dict(manifest.get("files", {}))
    n = 0
    for path in corpus_files(src):
        shutil.copyfile(path, dst / path.name)
        n += 1
        text = path.read_text(encoding="utf-8-sig")
        for k in range(1, copies):
            name = copy_name(path.name, k)
            (dst / name).write_text(perturb_text(text, k), encoding="utf-8")
            n += 1
            if path.name in manifest.get("files", {}):
                entry = json.loads(json.dumps(manifest["files"][path.name]))
                entry["title"] = f"{entry.get('title', path.name)} (bản sao tổng hợp {k})"
                for sub in entry.get("subdocs", []):
                    sub["title"] = f"{sub['title']} (bản sao {k})"
                entries[name] = entry
    (dst / "manifest.json").write_text(json.dumps({**manifest, "files": entries}, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    return n
