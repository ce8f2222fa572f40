"""The persisted index on disk: atomic builds, a manifest, and validation on load.

Layout under ``<data_dir>/index``::

    builds/<id>/manifest.json     model, chunker version, per-file hashes, file checksums
    builds/<id>/chunks.jsonl      the chunks, in vector-row order
    builds/<id>/documents.jsonl   the text each document was read as (the viewer shows it)
    builds/<id>/figures.jsonl     the figure catalogue (index.catalogue)
    builds/<id>/corpus_manifest.json  corpus/manifest.json as indexed, drafts included: answers read only this
    builds/<id>/llama/            llama-index storage (docstore, index store, FAISS)
    builds/<id>/lexical*.{npz,npy,json}
    current -> builds/<id>        swapped with one atomic rename

A build is written into a fresh folder and only then pointed at by ``current``, so a
crash or Ctrl-C mid-build leaves the previous index serving.
"""
from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from errors import HvkError
from ingest.chunks import Chunk
from ingest.document import Document
from ingest.tables import TableRecord
from ingest.manifest import FileEntry, entries_of, read_manifest_json

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
DOCUMENTS = "documents.jsonl"
CORPUS_MANIFEST = "corpus_manifest.json"
# 2: the corpus manifest is kept in the index; table rows are stored typed; the figure catalogue.
FORMAT_VERSION = 2
_CHECKSUMMED = ("chunks.jsonl", "documents.jsonl", "figures.jsonl", CORPUS_MANIFEST, "lexical.npz", "lexical_idf.npy",
                "lexical_vocab.json", "llama/default__vector_store.json")


class IndexProblem(HvkError):
    """Base for index problems that a front end reports as a message."""
    code = "index"


class IndexMissing(IndexProblem):
    code = "index_missing"


class IndexCorrupt(IndexProblem):
    code = "index_corrupt"


class IndexBusy(IndexProblem):
    code = "index_busy"


@dataclass(frozen=True)
class IndexManifest:
    format: int
    model: str
    chunker: str
    files: dict[str, str]  # file name → sha256 of its bytes
    chunks: int
    dims: int
    checksums: dict[str, str]
    built_at: float
    backend: str = "faiss"  # index.backends: where the vectors of this version are searched


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def builds_dir(index_dir: Path) -> Path:
    return index_dir / "builds"


def current_dir(index_dir: Path) -> Path:
    return index_dir / "current"


def new_build_dir(index_dir: Path) -> Path:
    folder = builds_dir(index_dir) / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.tmp"
    folder.mkdir(parents=True)
    return folder


def chunk_record(chunk: Chunk) -> dict:
    """A chunk as JSON-ready fields, as chunks.jsonl and a search engine's payload hold it."""
    raw = dataclasses.asdict(chunk)
    raw["row"] = chunk.row.to_json() if chunk.row else None
    return raw


def write_chunks(folder: Path, chunks: list[Chunk]) -> None:
    with (folder / CHUNKS).open("w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(chunk_record(c), ensure_ascii=False) + "\n")


def read_chunks(folder: Path) -> list[Chunk]:
    with (folder / CHUNKS).open(encoding="utf-8") as f:
        return [Chunk(**{**d, "section": tuple(d["section"]), "row": d["row"] and TableRecord.from_json(d["row"])})
                for d in map(json.loads, f)]


def write_documents(folder: Path, docs: list[Document]) -> None:
    """The extracted text of every indexed file: a pdf or docx is not re-parsed to be shown."""
    with (folder / DOCUMENTS).open("w", encoding="utf-8") as f:
        for d in docs:
            record = {"file": d.file, "text": d.text, "sha256": d.sha256, "format": d.format,
                      "locators": d.locators, "notes": d.notes}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_documents(folder: Path) -> list[Document]:
    with (folder / DOCUMENTS).open(encoding="utf-8") as f:
        return [Document(**{**d, "locators": tuple(d["locators"]), "notes": tuple(d["notes"])})
                for d in map(json.loads, f)]


def write_corpus_manifest(folder: Path, raw: dict) -> None:
    (folder / CORPUS_MANIFEST).write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")


def read_corpus_manifest(folder: Path) -> dict[str, FileEntry]:
    """Titles, dates and status as indexed, so editing corpus/manifest.json changes nothing served until a build."""
    if not (folder / CORPUS_MANIFEST).exists():
        raise IndexCorrupt(f"Chỉ mục tại {folder} thiếu {CORPUS_MANIFEST} (bản cũ); chạy lại 'python app.py index'.")
    return entries_of(read_manifest_json(folder / CORPUS_MANIFEST))


def seal(folder: Path, model: str, chunker: str, files: dict[str, str], chunks: int, dims: int,
         backend: str) -> IndexManifest:
    """Write the manifest last: a build folder without one is never loaded."""
    manifest = IndexManifest(
        format=FORMAT_VERSION, model=model, chunker=chunker, files=files, chunks=chunks, dims=dims,
        checksums={name: _sha256(folder / name) for name in _CHECKSUMMED if (folder / name).exists()},
        built_at=time.time(), backend=backend,
    )
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(manifest), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return manifest


def publish(index_dir: Path, folder: Path) -> Path:
    """Point ``current`` at a sealed build with one atomic rename, then drop older builds."""
    final = folder.with_suffix("")
    os.replace(folder, final)
    link_tmp = index_dir / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link_tmp.unlink()
    link_tmp.symlink_to(final.relative_to(index_dir))
    os.replace(link_tmp, current_dir(index_dir))
    for old in builds_dir(index_dir).iterdir():
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final


def read_manifest(folder: Path) -> IndexManifest:
    path = folder / MANIFEST
    if not path.exists():
        raise IndexMissing(f"Chưa có chỉ mục tại {folder}: chạy 'python app.py index'.")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return IndexManifest(**raw)
    except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as e:
        raise IndexCorrupt(f"Tệp {path} hỏng ({e}); chạy lại 'python app.py index'.") from None


def open_current(index_dir: Path, verify: bool = True) -> tuple[Path, IndexManifest]:
    """The folder and manifest of the serving index, checked against its checksums."""
    folder = current_dir(index_dir)
    if not folder.exists():
        raise IndexMissing(f"Chưa có chỉ mục tại {index_dir}: chạy 'python app.py index'.")
    folder = folder.resolve()
    manifest = read_manifest(folder)
    if manifest.format != FORMAT_VERSION:
        raise IndexMissing(f"Chỉ mục tại {index_dir} theo định dạng cũ ({manifest.format}): chạy 'python app.py index'.")
    if verify:
        for name, expected in manifest.checksums.items():
            path = folder / name
            if not path.exists() or _sha256(path) != expected:
                raise IndexCorrupt(
                    f"Chỉ mục hỏng: {name} bị thiếu hoặc đã thay đổi; chạy lại 'python app.py index'."
                )
    return folder, manifest


@contextlib.contextmanager
def build_lock(index_dir: Path):
    """One re-index at a time, across processes."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy("Một lần lập chỉ mục khác đang chạy; thử lại sau.") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
