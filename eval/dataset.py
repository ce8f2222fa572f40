"""The evaluation set: loading eval/qa_dev.jsonl and eval/qa_test.jsonl and checking them against the corpus.

One JSON object per line: id, question, answer (gold short answer), must_match,
sources ([{file, line, quote}]), kind, and optionally other_sources and conflict.
Loading only rejects what makes an item unusable (bad JSON, missing or mistyped
fields, a regex that does not compile); `check_items` finds the subtler problems
(a quote that drifted from its line, a must_match its own gold answer fails).

    python -m eval.dataset [FILE]   # lists problems, exit 1 if any
"""
from __future__ import annotations

import json
import logging
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

KINDS = ("figure", "table", "goal", "list", "conflict", "no_diacritics", "paraphrase", "unanswerable")
UNANSWERABLE = "unanswerable"
# Tune on dev only; test is never looked at while tuning, so its figure says how unseen questions fare.
SPLITS = {"dev": Path(__file__).resolve().parent / "qa_dev.jsonl",
          "test": Path(__file__).resolve().parent / "qa_test.jsonl"}
DEFAULT_QA = SPLITS["dev"]
_REQUIRED = ("id", "question", "answer", "must_match", "sources", "kind")


class DatasetError(Exception):
    """An eval file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Source:
    file: str
    line: int  # 1-based
    quote: str  # exact substring of that line


@dataclass(frozen=True)
class MustMatch:
    text: str
    regex: bool = False

    def matches(self, answer: str) -> bool:
        target = plain_text(answer)
        if self.regex:
            return re.search(self.text, target) is not None
        return unicodedata.normalize("NFC", self.text) in target

    def __str__(self) -> str:
        return f"/{self.text}/" if self.regex else repr(self.text)


@dataclass(frozen=True)
class QAItem:
    id: str
    question: str
    answer: str
    must_match: tuple[MustMatch, ...]
    sources: tuple[Source, ...]
    kind: str
    other_sources: tuple[Source, ...] = ()
    conflict: str = ""
    line_no: int = 0  # where it sits in the file, for messages

    @property
    def answerable(self) -> bool:
        return self.kind != UNANSWERABLE


def plain_text(text: str) -> str:
    """Answer text as matched: markdown bold markers removed, NFC (the pipeline may
    highlight '**57.000**', and the gold strings are written without markup)."""
    return unicodedata.normalize("NFC", text.replace("**", ""))


def _sources(raw, where: str) -> tuple[Source, ...]:
    if not isinstance(raw, list):
        raise DatasetError(f"{where}: expected a list of {{file, line, quote}}")
    out = []
    for k, s in enumerate(raw):
        if not isinstance(s, dict) or not {"file", "line", "quote"} <= s.keys():
            raise DatasetError(f"{where}[{k}]: needs file, line and quote")
        if not isinstance(s["line"], int) or isinstance(s["line"], bool):
            raise DatasetError(f"{where}[{k}]: line must be an integer, got {s['line']!r}")
        if not isinstance(s["file"], str) or not isinstance(s["quote"], str):
            raise DatasetError(f"{where}[{k}]: file and quote must be strings")
        out.append(Source(s["file"], s["line"], s["quote"]))
    return tuple(out)


def _must_match(raw, where: str) -> tuple[MustMatch, ...]:
    if not isinstance(raw, list):
        raise DatasetError(f"{where}: expected a list")
    out = []
    for k, m in enumerate(raw):
        if isinstance(m, str):
            out.append(MustMatch(m))
        elif isinstance(m, dict) and isinstance(m.get("pattern"), str):
            if m.get("regex", True):
                try:
                    re.compile(m["pattern"])
                except re.error as e:
                    raise DatasetError(f"{where}[{k}]: regex {m['pattern']!r} does not compile: {e}") from None
            out.append(MustMatch(m["pattern"], bool(m.get("regex", True))))
        else:
            raise DatasetError(f"{where}[{k}]: expected a string or {{\"pattern\": ..., \"regex\": true}}")
    return tuple(out)


def parse_item(raw: dict, where: str, line_no: int = 0) -> QAItem:
    missing = [f for f in _REQUIRED if f not in raw]
    if missing:
        raise DatasetError(f"{where}: missing field(s) {', '.join(missing)}")
    for f in ("question", "answer", "kind"):
        if not isinstance(raw[f], str):
            raise DatasetError(f"{where}: {f} must be a string")
    if not isinstance(raw["id"], (str, int)) or isinstance(raw["id"], bool):
        raise DatasetError(f"{where}: id must be a string")
    if not raw["question"].strip():
        raise DatasetError(f"{where}: empty question")
    conflict = raw.get("conflict") or ""
    return QAItem(
        id=str(raw["id"]),
        question=raw["question"],
        answer=raw["answer"],
        must_match=_must_match(raw["must_match"], f"{where}: must_match"),
        sources=_sources(raw["sources"], f"{where}: sources"),
        kind=raw["kind"],
        other_sources=_sources(raw.get("other_sources") or [], f"{where}: other_sources"),
        conflict=conflict if isinstance(conflict, str) else json.dumps(conflict, ensure_ascii=False),
        line_no=line_no,
    )


def load_items(path: Path | str) -> list[QAItem]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise DatasetError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise DatasetError(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(f"{where}: invalid JSON: {e.msg} (column {e.colno})") from None
        if not isinstance(raw, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        items.append(parse_item(raw, where, n))
    if not items:
        raise DatasetError(f"{path}: no items")
    return items


def _read_lines(corpus_dir: Path, file: str, cache: dict) -> list[str] | None:
    if file not in cache:
        path = corpus_dir / file
        # Same reading as ingest.document: BOM dropped, CRLF folded, so line numbers agree.
        if path.is_file() and path.name == file:
            cache[file] = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        else:
            cache[file] = None
    return cache[file]


def _check_sources(item: QAItem, field: str, sources, corpus_dir: Path, cache: dict) -> list[str]:
    problems = []
    for s in sources:
        at = f"{item.id}: {field} {s.file}:{s.line}"
        lines = _read_lines(corpus_dir, s.file, cache)
        if lines is None:
            problems.append(f"{at}: unknown file")
        elif not 1 <= s.line <= len(lines):
            problems.append(f"{at}: line out of range (file has {len(lines)} lines)")
        elif not s.quote.strip():
            problems.append(f"{at}: empty quote")
        elif s.quote not in lines[s.line - 1]:
            problems.append(f"{at}: quote {s.quote[:60]!r} is not an exact substring of the line")
    return problems


def check_items(items: list[QAItem], corpus_dir: Path | str) -> list[str]:
    """Every problem of the set, one message each, naming the item id."""
    corpus_dir = Path(corpus_dir)
    problems: list[str] = []
    cache: dict[str, list[str] | None] = {}
    seen: dict[str, int] = {}
    for item in items:
        if item.id in seen:
            problems.append(f"{item.id}: duplicate id (lines {seen[item.id]} and {item.line_no})")
        seen.setdefault(item.id, item.line_no)
        if item.kind not in KINDS:
            problems.append(f"{item.id}: unknown kind {item.kind!r} (expected one of {', '.join(KINDS)})")
        problems += _check_sources(item, "source", item.sources, corpus_dir, cache)
        problems += _check_sources(item, "other_source", item.other_sources, corpus_dir, cache)
        if item.answerable:
            if not item.sources:
                problems.append(f"{item.id}: answerable item without sources")
            if not item.must_match:
                problems.append(f"{item.id}: answerable item without must_match")
            for m in item.must_match:
                if not m.matches(item.answer):
                    problems.append(f"{item.id}: must_match {m} does not match the item's own answer")
        else:
            if item.sources:
                problems.append(f"{item.id}: unanswerable item with sources")
            if item.answer.strip():
                problems.append(f"{item.id}: unanswerable item with a non-empty answer")
    return problems


def main(argv: list[str] | None = None) -> int:
    from config import load_config

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_QA
    try:
        items = load_items(path)
    except DatasetError as e:
        log.error("%s", e)
        return 2
    problems = check_items(items, load_config().corpus_dir)
    for p in problems:
        log.error("%s", p)
    log.info("%s: %d items, %d problem(s)", path, len(items), len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
