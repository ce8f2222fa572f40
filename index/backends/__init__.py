"""The search-backend seam: where an index version's vectors and lexical terms are searched.

An index version is always a folder under ``data/index/builds`` (chunks, documents, figure
catalogue, corpus manifest, BM25 vocabulary: what answers read). A backend adds the
searchable part and decides how a version goes live:

- ``faiss`` (default): FAISS and BM25 inside the folder, in every serving process; the
  ``current`` symlink is the switch.
- ``milvus``: a Milvus collection per version holding each chunk's dense vector, its BM25
  terms as a sparse vector and its record, searched and fused in the engine; an alias is
  the switch, and the version folder travels in the engine too, so a replica with an empty
  data folder serves what another process built.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from config import Config
from errors import HvkError
from index.lexical import BM25Index
from ingest.chunks import Chunk
from ingest.manifest import FileEntry

FAISS, MILVUS = "faiss", "milvus"
BACKENDS = (FAISS, MILVUS)
# Reciprocal-rank fusion constant of the dense and lexical candidate lists, in every backend.
RRF_K = 60


class BackendError(HvkError):
    """A backend that is unknown, not installed or unreachable."""
    code = "search_backend"


@dataclass(frozen=True)
class Candidates:
    """What a search returns before the re-scoring in index.retrieve: fused candidates with
    the two scores the re-scoring needs."""
    ids: list[str]
    lexical: np.ndarray  # BM25 with the title rule, of each candidate
    dense: np.ndarray | None  # cosine with the query vector; None while lexical-only


@dataclass(frozen=True)
class VersionRows:
    """The searchable content of one index version, as a build hands it to a backend."""
    chunks: list[Chunk]
    vectors: np.ndarray | None  # in chunk order; None for a lexical-only version
    keys: list[str]  # embed_key of each chunk: the content hash that incremental builds reuse vectors by
    bm25: BM25Index
    entries: dict[str, FileEntry]


class VersionSearch(Protocol):
    """Search over one index version, opened once per serving process."""
    dense_ready: bool

    def candidates(self, query: str, vector: np.ndarray | None, files: set[str] | None) -> Candidates: ...

    def vectors(self, ids: list[str]) -> np.ndarray: ...


class SearchBackend(Protocol):
    name: str

    def previous_vectors(self, index_dir: Path, signature: str, wanted: set[str]) -> dict[str, np.ndarray]:
        """Vectors of the serving version by embed key (see embed_key), for those of ``wanted`` it holds."""

    def write(self, folder: Path, rows: VersionRows) -> None:
        """Store the searchable part of a new version; nothing serves it yet."""

    def publish(self, index_dir: Path, folder: Path) -> Path:
        """Make a sealed version folder the serving one in one step; older versions go."""

    def sync(self, index_dir: Path) -> None:
        """Make the local ``current`` the version every process serves (a no-op when local)."""

    def open(self, folder: Path, chunks: list[Chunk], bm25: BM25Index, entries: dict[str, FileEntry],
             dense_ready: bool, candidates: int) -> VersionSearch:
        """Search over the version in ``folder``, each retriever contributing ``candidates``."""


def embed_key(signature: str, chunk: Chunk) -> str:
    """A chunk's vector identity: the model and the exact text it encodes."""
    return hashlib.sha1(f"{signature}\n{chunk.embed_text}".encode()).hexdigest()


def backend_for(config: Config) -> SearchBackend:
    """The backend HVK_SEARCH_BACKEND names; its client is imported only when chosen."""
    if config.search_backend == FAISS:
        from index.backends.faiss import FaissBackend

        return FaissBackend()
    if config.search_backend == MILVUS:
        try:
            from index.backends.milvus import MilvusBackend
        except ImportError as e:
            raise BackendError(f"HVK_SEARCH_BACKEND=milvus cần pymilvus và milvus-lite ({e.name} chưa cài): "
                               "chạy '.venv/bin/pip install -r requirements-scale.txt'.") from None
        return MilvusBackend.connect(config)
    raise BackendError(f"HVK_SEARCH_BACKEND={config.search_backend!r} không hợp lệ; chọn một trong: "
                       f"{', '.join(BACKENDS)}.")
