"""Reading source files: one Document per file, or a clear reason it was refused."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md"}


class IngestError(Exception):
    """A document that cannot be ingested; the message names the file and the reason."""


@dataclass(frozen=True)
class Document:
    file: str  # the file name is the document id used in citations
    text: str
    sha256: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def read_document(path: Path, max_bytes: int) -> Document:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(f"{path.name}: định dạng {path.suffix or '(không có đuôi)'} chưa được hỗ trợ")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(f"{path.name}: tệp rỗng")
    if size > max_bytes:
        raise IngestError(f"{path.name}: tệp quá lớn ({size:,} byte, giới hạn {max_bytes:,})")
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise IngestError(f"{path.name}: tệp nhị phân, không phải văn bản")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise IngestError(f"{path.name}: không phải UTF-8 (byte lỗi ở vị trí {e.start})") from None
    if not text.strip():
        raise IngestError(f"{path.name}: tệp chỉ có khoảng trắng")
    # Windows line ends would shift nothing but leave \r in quotes; lines stay 1:1.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(file=path.name, text=text, sha256=hashlib.sha256(raw).hexdigest())


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Candidate documents: every regular file except the manifest and hidden files."""
    return sorted(
        p for p in corpus_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != "manifest.json"
    )


def read_corpus(corpus_dir: Path, max_bytes: int) -> tuple[list[Document], list[str]]:
    """All readable documents, and a message for each file that was skipped."""
    docs, problems = [], []
    for path in corpus_files(corpus_dir):
        try:
            docs.append(read_document(path, max_bytes))
        except (IngestError, OSError) as e:
            log.warning("bỏ qua %s", e)
            problems.append(str(e))
    return docs, problems
