"""Reading source files: one Document per file, or a clear reason it was refused.

The format is decided by the bytes, not the file name: a PDF starts with "%PDF-", a
.docx is a zip holding word/document.xml, text must be UTF-8 (or a legacy Vietnamese
encoding, converted). A name whose extension contradicts its content is refused.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from errors import HvkError
from ingest import legacy
from ingest.docx_text import DocxError, extract_docx
from ingest.extracted import Extracted
from ingest.pdf_text import PdfError, extract_pdf

log = logging.getLogger(__name__)

SUFFIXES = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf"}


class IngestError(HvkError):
    """A document that cannot be ingested; the message names the file and the reason."""
    code = "ingest"


@dataclass(frozen=True)
class Document:
    file: str  # the file name is the document id used in citations
    text: str
    sha256: str
    format: str = "text"
    locators: tuple[str, ...] = ()  # per line: "trang 3", "đoạn 12"; empty for text files
    styled_headings: dict[int, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # conversions applied, e.g. from a legacy encoding

    @cached_property
    def lines(self) -> list[str]:
        # Split once: the chunker slices the lines of every chunk out of it.
        return self.text.split("\n")

    def locate(self, line_start: int, line_end: int) -> str:
        """Where lines a..b sit in the original file: "trang 3–4", "đoạn 12"; "" for text."""
        if not self.locators:
            return ""
        first, last = self.locators[line_start - 1], self.locators[line_end - 1]
        if first == last:
            return first
        head, _, n = last.rpartition(" ")
        return f"{first}–{n}" if first.startswith(head + " ") and "," not in first + last else f"{first} – {last}"


def detect_format(raw: bytes) -> str:
    """'pdf', 'docx', 'doc' (Word 97–2003), 'binary' or 'text', from the leading bytes."""
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if b"\x00" in raw[:8192]:
        return "binary"
    return "text"


def _decode_text(name: str, raw: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        converted = legacy.decode_legacy_bytes(raw)
        if converted is None:
            raise IngestError(f"{name}: không phải UTF-8 (byte lỗi ở vị trí {e.start}) và không nhận ra bảng mã cũ TCVN3/VNI") from None
        text, encoding = converted
        return text, (f"đã chuyển từ bảng mã {encoding} sang Unicode",)
    encoding = legacy.detect_legacy(text)
    if encoding:
        return legacy.to_unicode(text, encoding), (f"đã chuyển từ bảng mã {encoding} sang Unicode",)
    return text, ()


def _from_extracted(extracted: Extracted) -> tuple[Extracted, tuple[str, ...]]:
    """Word and PDF files typed in .VnTime or VNI fonts extract as garbage: convert it."""
    encoding = legacy.detect_legacy("\n".join(extracted.lines))
    if not encoding:
        return extracted, ()
    extracted.lines = [legacy.to_unicode(line, encoding) for line in extracted.lines]
    return extracted, (f"đã chuyển từ bảng mã {encoding} (phông chữ cũ) sang Unicode",)


_EXTRACTORS: dict[str, Callable[[bytes], Extracted]] = {"docx": extract_docx, "pdf": extract_pdf}


def parse_bytes(name: str, raw: bytes) -> Document:
    """A Document from a file's name and bytes; IngestError names the file and the reason."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise IngestError(f"{name}: định dạng {suffix or '(không có đuôi)'} chưa được hỗ trợ (nhận {known})")
    if not raw:
        raise IngestError(f"{name}: tệp rỗng")
    found = detect_format(raw)
    if found == "doc":
        raise IngestError(f"{name}: tệp Word 97–2003 (.doc); hãy lưu lại thành .docx")
    if found == "binary":
        raise IngestError(f"{name}: tệp nhị phân, không phải văn bản")
    if found != SUFFIXES[suffix]:
        raise IngestError(f"{name}: nội dung là {found}, không khớp đuôi tệp {suffix}")
    sha = hashlib.sha256(raw).hexdigest()
    if found == "text":
        text, notes = _decode_text(name, raw)
        # Windows line ends would shift nothing but leave \r in quotes; lines stay 1:1.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        document = Document(file=name, text=text, sha256=sha, notes=notes)
    else:
        try:
            extracted, notes = _from_extracted(_EXTRACTORS[found](raw))
        except (DocxError, PdfError) as e:
            raise IngestError(f"{name}: {e}") from None
        document = Document(file=name, text="\n".join(extracted.lines), sha256=sha, format=found,
                            locators=tuple(extracted.locators), styled_headings=extracted.styled_headings,
                            notes=notes)
    if not document.text.strip():
        raise IngestError(f"{name}: tệp chỉ có khoảng trắng, không có chữ")
    return document


def read_document(path: Path, max_bytes: int) -> Document:
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"{path.name}: tệp quá lớn ({size:,} byte, giới hạn {max_bytes:,})")
    return parse_bytes(path.name, path.read_bytes())


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
