"""Adding a document to the corpus from an upload: checked completely before it is stored.

The name is reduced to a plain file name (no folders, no traversal, no hidden files),
the content must parse as the format its extension claims, and the file is written
under a hidden temporary name and linked into place, so the corpus never holds half
a file. A stored file gets a draft entry in corpus/manifest.json for a human to correct.
A refused upload changes nothing.
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from config import Config
from ingest.chunks import chunk_document
from ingest.document import SUFFIXES, Document, IngestError, parse_bytes
from ingest.manifest import add_entries, fallback_entry, suggest_entry

MAX_NAME_CHARS = 120
_SAFE_NAME = re.compile(r"^[\w][\w .()\-]*$")


def safe_name(name: str) -> str:
    """The upload's own file name, or IngestError when it cannot be a corpus id."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise IngestError("tệp không có tên")
    if "/" in name or "\\" in name or name in {".", ".."} or "\x00" in name:
        raise IngestError(f"{name!r}: tên tệp không được chứa thư mục hay '..'")
    if len(name) > MAX_NAME_CHARS:
        raise IngestError(f"{name[:40]}…: tên tệp dài quá {MAX_NAME_CHARS} ký tự")
    if not _SAFE_NAME.match(name) or name == "manifest.json":
        raise IngestError(f"{name!r}: tên tệp chỉ được gồm chữ, số, khoảng trắng, dấu chấm, gạch và ngoặc, "
                          "không bắt đầu bằng dấu chấm")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise IngestError(f"{name}: định dạng chưa được hỗ trợ (nhận {', '.join(sorted(SUFFIXES))})")
    return name


def add_to_corpus(config: Config, name: str, raw: bytes) -> Document:
    """Check an uploaded file completely, then store it under its name in config.corpus_dir.

    Completely means everything the next re-index would refuse it for: name, size, type,
    parse, and the number of chunks it cuts into.
    """
    name = safe_name(name)
    if len(raw) > config.max_file_bytes:
        raise IngestError(f"{name}: tệp quá lớn ({len(raw):,} byte, giới hạn {config.max_file_bytes:,})")
    target = config.corpus_dir / name
    if target.exists():
        raise IngestError(f"{name}: kho đã có văn bản cùng tên; đổi tên tệp nếu đây là văn bản khác")
    document = parse_bytes(name, raw)
    chunks, _ = chunk_document(document, fallback_entry(name, len(document.lines)), config.chunk_max_chars)
    if len(chunks) > config.max_file_chunks:
        raise IngestError(f"{name}: {len(chunks):,} đoạn, vượt giới hạn {config.max_file_chunks:,} "
                          "(HVK_MAX_FILE_CHUNKS); hãy tách văn bản")
    tmp = config.corpus_dir / f".upload-{os.getpid()}-{name}"
    try:
        tmp.write_bytes(raw)
        os.link(tmp, target)  # unlike a rename, a link never replaces a file uploaded meanwhile
    except FileExistsError:
        raise IngestError(f"{name}: kho đã có văn bản cùng tên; đổi tên tệp nếu đây là văn bản khác") from None
    finally:
        tmp.unlink(missing_ok=True)
    add_entries(config.corpus_dir / "manifest.json", {name: suggest_entry(name, document.lines)})
    return document
