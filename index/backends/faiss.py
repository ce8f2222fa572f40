"""The embedded default: FAISS (llama-index's FaissVectorStore) and BM25, both inside the version folder.

The fusion keys on chunk ids, not on node text as llama-index's QueryFusionRetriever does: the
corpus repeats the same sentence in the Báo cáo, the Nghị quyết and the Chương trình hành động,
and every copy must survive so that all of them get cited. Both candidate lists are of rows
(= positions in the version's chunks), so a query makes no node: only ids are ever fused.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from index import llama, store
from index.backends import RRF_K, Candidates, VersionRows, embed_key
from index.lexical import BM25Index, file_titles
from ingest.chunks import Chunk
from ingest.manifest import FileEntry

VECTORS = "llama"  # the llama-index storage inside a version folder


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
        self._vectors = llama.open_vector_store(folder / VECTORS) if self.dense_ready else None

    def candidates(self, query: str, vector: np.ndarray | None, files: set[str] | None) -> Candidates:
        # The document filter applies after the re-scoring (index.retrieve), as it always has here.
        lexical = self._bm25.scores(query, self._titles)
        rankings = [[int(row) for row in np.argsort(-lexical, kind="stable")[: self._k] if lexical[row] > 0]]
        dense = vector is not None and self._vectors is not None
        if dense:
            rankings.insert(0, llama.nearest_rows(self._vectors, vector, self._k))
        rows = fuse(rankings)
        return Candidates([self._ids[row] for row in rows], lexical[rows],
                          llama.stored_vectors(self._vectors, rows) @ vector if dense else None)

    def vectors(self, ids: list[str]) -> np.ndarray:
        return llama.stored_vectors(self._vectors, [self._row_of[i] for i in ids])


class FaissBackend:
    name = "faiss"

    def previous_vectors(self, index_dir: Path, signature: str, wanted: set[str]) -> dict[str, np.ndarray]:
        folder, _ = store.open_current(index_dir)
        vectors = llama.stored_vectors(llama.open_vector_store(folder / VECTORS))
        keys = (embed_key(signature, c) for c in store.read_chunks(folder))
        return {k: v for k, v in zip(keys, vectors) if k in wanted}

    def write(self, folder: Path, rows: VersionRows) -> None:
        if rows.vectors is not None:
            llama.write_vector_index(folder / VECTORS, rows.chunks, rows.vectors)

    def publish(self, index_dir: Path, folder: Path) -> Path:
        return store.publish(index_dir, folder)

    def sync(self, index_dir: Path) -> None:
        """Every process reads the same folder: nothing to fetch."""

    def open(self, folder: Path, chunks: list[Chunk], bm25: BM25Index, entries: dict[str, FileEntry],
             dense_ready: bool, candidates: int) -> FaissSearch:
        return FaissSearch(folder, chunks, bm25, entries, dense_ready, candidates)
