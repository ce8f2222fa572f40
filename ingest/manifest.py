"""The corpus manifest: what each file is, who issued it, when, and its sub-documents.

A sub-document may carry its own date ("date" beside its "lines"): a programme dated 20/4
that reached the corpus under a cover letter of 29/4 is cited with 20/4 (`FileEntry.date_at`).

It is a hand-corrected JSON file (corpus/manifest.json). Files missing from it still
ingest, with a machine-drafted entry (`suggest_entry`). Only `python app.py index` and
the app's upload write drafts into it (`add_entries`, atomically); every build keeps a
copy, drafts included, in the index it writes, and answers read only that copy.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from errors import HvkError
from ingest.document import IngestError, corpus_files, read_document
from ingest.structure import strip_markup

STATUSES = ("chính thức", "dự thảo", "tài liệu tham khảo")
# Which statement wins when documents disagree: official text over drafts over references.
STATUS_RANK = {"chính thức": 2, "dự thảo": 1, "tài liệu tham khảo": 0}
_ISO_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?")


class ManifestError(HvkError):
    """corpus/manifest.json cannot be used; the message names the entry and the reason."""
    code = "manifest"


@dataclass(frozen=True)
class SubDoc:
    title: str
    first_line: int
    last_line: int
    date: str = ""  # its own date when it differs from the file's (a programme sent on under a later cover letter)


@dataclass(frozen=True)
class FileEntry:
    file: str
    title: str
    issuer: str
    date: str
    status: str
    scope: str
    subdocs: tuple[SubDoc, ...]

    def subdoc_at(self, line: int) -> SubDoc | None:
        for sub in self.subdocs:
            if sub.first_line <= line <= sub.last_line:
                return sub
        return None

    def date_at(self, line: int) -> str:
        """The date of the text at a line: its sub-document's own date, else the file's."""
        sub = self.subdoc_at(line)
        return sub.date if sub and sub.date else self.date

    @property
    def authority(self) -> tuple[str, int]:
        """Sort key: newer first, then official over draft over reference."""
        return (self.date, STATUS_RANK.get(self.status, 0))

    def authority_at(self, line: int) -> tuple[str, int]:
        """The authority of the text at a line: its sub-document's date counts."""
        return (self.date_at(line), STATUS_RANK.get(self.status, 0))


def _entry(file: str, raw: dict) -> FileEntry:
    status = raw.get("status", "tài liệu tham khảo")
    if status not in STATUSES:
        raise ManifestError(f"manifest: {file}: trạng thái '{status}' không hợp lệ, chọn một trong {STATUSES}")
    subdocs = []
    for sub in raw.get("subdocs", []):
        first, last = sub["lines"]
        if first > last:
            raise ManifestError(f"manifest: {file}: '{sub['title']}' có dòng đầu {first} > dòng cuối {last}")
        date = str(sub.get("date", ""))
        if date and not _ISO_DATE.fullmatch(date):
            raise ManifestError(f"manifest: {file}: '{sub['title']}' có ngày '{date}' không theo dạng YYYY-MM hoặc YYYY-MM-DD")
        subdocs.append(SubDoc(sub["title"], int(first), int(last), date))
    return FileEntry(
        file=file,
        title=raw.get("title", file),
        issuer=raw.get("issuer", ""),
        date=str(raw.get("date", "")),
        status=status,
        scope=raw.get("scope", ""),
        subdocs=tuple(subdocs),
    )


def read_manifest_json(path: Path) -> dict:
    """The manifest as written; {} when there is none."""
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ManifestError(f"manifest {path}: JSON lỗi: {e}") from None


def entries_of(raw: dict) -> dict[str, FileEntry]:
    return {name: _entry(name, entry) for name, entry in raw.get("files", {}).items()}


def load_manifest(path: Path) -> dict[str, FileEntry]:
    return entries_of(read_manifest_json(path))


def with_drafts(raw: dict, new: dict[str, dict]) -> dict:
    """The manifest with draft entries for new files, each marked for review."""
    drafts = {name: {**entry, "_review": "mục nháp do máy đề xuất: kiểm tra tiêu đề, ngày, trạng thái"}
              for name, entry in new.items()}
    return {**raw, "files": {**raw.get("files", {}), **drafts}}


def write_manifest_json(path: Path, raw: dict) -> None:
    """Replace the file atomically: a reader sees the old manifest or the new one, never half."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps(raw, ensure_ascii=False, indent=2) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_entries(path: Path, new: dict[str, dict]) -> None:
    """Add draft entries for new files to the manifest file."""
    write_manifest_json(path, with_drafts(read_manifest_json(path), new))


def fallback_entry(file: str, n_lines: int) -> FileEntry:
    return FileEntry(file, file, "", "", "tài liệu tham khảo", "", (SubDoc(file, 1, n_lines),))


_TITLE_LINE = re.compile(r"^(BÁO CÁO|NGHỊ QUYẾT|CHƯƠNG TRÌNH HÀNH ĐỘNG|DỰ THẢO CHƯƠNG TRÌNH|PHỤ LỤC|Phụ lục|KẾ HOẠCH|QUYẾT ĐỊNH|TỜ TRÌNH)\b")
_DATE = re.compile(r"ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def suggest_entry(file: str, lines: list[str]) -> dict:
    """A draft manifest entry: sub-documents start at title lines, date from the first dated line."""
    starts = [i + 1 for i, line in enumerate(lines) if _TITLE_LINE.match(strip_markup(line)) and "\t" not in line]
    starts = [1] + [s for s in starts if s > 1]
    subdocs = []
    for k, first in enumerate(starts):
        last = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines)
        subdocs.append({"title": strip_markup(lines[first - 1])[:100] or file, "lines": [first, last]})
    date = ""
    for line in lines:
        m = _DATE.search(line)
        if m:
            day, month, year = m.groups()
            date = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
            break
    return {"title": subdocs[0]["title"] if subdocs else file, "issuer": "", "date": date,
            "status": "dự thảo" if any("DỰ THẢO" in l.upper() for l in lines[:60]) else "tài liệu tham khảo",
            "scope": "", "subdocs": subdocs}


def write_drafts(corpus_dir: Path, max_bytes: int) -> list[str]:
    """Draft entries in corpus/manifest.json for the readable files it does not name yet; their names."""
    path = corpus_dir / "manifest.json"
    raw = read_manifest_json(path)
    new = {}
    for file in corpus_files(corpus_dir):
        if file.name in raw.get("files", {}):
            continue
        try:
            doc = read_document(file, max_bytes)
        except (IngestError, OSError):
            continue  # the build reports why it skips the file
        new[doc.file] = suggest_entry(doc.file, doc.lines)
    if new:
        write_manifest_json(path, with_drafts(raw, new))
    return sorted(new)
