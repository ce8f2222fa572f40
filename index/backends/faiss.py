"""The embedded default: FAISS (written by llama-index, index.llama) and BM25, both inside the version folder.

The fusion keys on chunk ids, not on node text as llama-index's QueryFusionRetriever does: the
corpus repeats the same sentence in the Báo cáo, the Nghị quyết and the Chương trình hành động,
and every copy must survive so that all of them get cited. Both candidate lists are of rows
(= positions in the version's chunks), so a query makes no node: only ids are ever fused.
"""
from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from index import store
from index.backends import RRF_K, Candidates, VersionRows, embed_key
from index.lexical import BM25Index, file_titles
from ingest.chunks import Chunk
from ingest.manifest import FileEntry

VECTORS = "llama"  # the llama-index storage inside a version folder
# Where llama-index's FaissVectorStore persists its index inside VECTORS: a FAISS file, despite the name.
FAISS_FILE = "default__vector_store.json"


class StoredVectors:
    """The FAISS index of a version, read and searched with FAISS alone; its rows are the chunks, in order."""

    def __init__(self, folder: Path):
        self._index = faiss.read_index(str(folder / FAISS_FILE))

    def nearest(self, vector: np.ndarray, k: int) -> list[int]:
        """The rows of the k stored vectors nearest `vector` (by inner product), nearest first."""
        _, rows = self._index.search(np.asarray(vector, dtype=np.float32)[np.newaxis, :], k)
        return [int(row) for row in rows[0] if row >= 0]

    def rows(self, rows: list[int] | None = None) -> np.ndarray:
        """The stored vectors of `rows`, or all of them."""
        if rows is None:
            return self._index.reconstruct_n(0, self._index.ntotal)
        return self._index.reconstruct_batch(np.asarray(rows, dtype=np.int64))


def fuse(rankings: list[list[int]]) -> list[int]:
    """Reciprocal-rank fusion of ranked rows, best first; equal scores keep the order rows first appear in."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(fused, key=lambda row: -fused[row])


class FaissSearch:
    """The whole version in this process: every BM25 row and every vector."""

    def __init__(self, folder: Path, chunks: list[Chunk], bm25: BM25Index, entries: dict[str, FileEntry],
                 dense_ready: bool, candidates: int):
        self._ids = [c.id for c in chunks]
        self._row_of = {c.id: i for i, c in enumerate(chunks)}
        self._bm25, self._titles, self._k = bm25, file_titles(bm25, chunks, entries), candidates
        self.dense_ready = dense_ready and (folder / VECTORS).is_dir()
        # Queries arrive with their vector (index.retrieve embeds them): nothing is encoded here.
        self._vectors = StoredVectors(folder / VECTORS) if self.dense_ready else None

    def candidates(self, query: str, vector: np.ndarray | None, files: set[str] | None) -> Candidates:
        # The document filter applies after the re-scoring (index.retrieve), as it always has here.
        lexical = self._bm25.scores(query, self._titles)
        rankings = [[int(row) for row in np.argsort(-lexical, kind="stable")[: self._k] if lexical[row] > 0]]
        dense = vector is not None and self._vectors is not None
        if dense:
            rankings.insert(0, self._vectors.nearest(vector, self._k))
        rows = fuse(rankings)
        return Candidates([self._ids[row] for row in rows], lexical[rows],
                          self._vectors.rows(rows) @ vector if dense else None)

    def vectors(self, ids: list[str]) -> np.ndarray:
        return self._vectors.rows([self._row_of[i] for i in ids])


class FaissBackend:
    name = "faiss"

    def previous_vectors(self, index_dir: Path, signature: str, wanted: set[str]) -> dict[str, np.ndarray]:
        folder, _ = store.open_current(index_dir)
        vectors = StoredVectors(folder / VECTORS).rows()
        keys = (embed_key(signature, c) for c in store.read_chunks(folder))
        return {k: v for k, v in zip(keys, vectors) if k in wanted}

    def write(self, folder: Path, rows: VersionRows) -> None:
        if rows.vectors is not None:
            from index import llama  # only a build needs llama-index: serving starts without importing it

            llama.write_vector_index(folder / VECTORS, rows.chunks, rows.vectors)

    def publish(self, index_dir: Path, folder: Path) -> Path:
        return store.publish(index_dir, folder)

    def sync(self, index_dir: Path) -> None:
        """Every process reads the same folder: nothing to fetch."""

    def open(self, folder: Path, chunks: list[Chunk], bm25: BM25Index, entries: dict[str, FileEntry],
             dense_ready: bool, candidates: int) -> FaissSearch:
        return FaissSearch(folder, chunks, bm25, entries, dense_ready, candidates)
