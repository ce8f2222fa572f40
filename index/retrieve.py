"""Question → ranked passages: the backend's fused dense and lexical candidates, re-scored.

The backend (index.backends, HVK_SEARCH_BACKEND) finds the candidates; the re-scoring
below is the same for every backend, over the two scores each candidate comes with.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from config import Config
from index import store
from index.backends import Candidates, backend_for
from index.catalogue import Catalogue, read_catalogue
from index.embedder import encode_queries
from index.lexical import BM25Index
from ingest.chunks import Chunk
from ingest.normalize import clean

log = logging.getLogger(__name__)

# Second stage over the fused candidates. BM25 alone beats dense e5-small on this corpus
# (exact figures, years, place names), so the cosine only refines the lexical order.
RERANK_DENSE = 0.3


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


class Retriever:
    """Everything a query needs, loaded once per process."""

    def __init__(self, folder: Path, embedder, config: Config):
        self.folder = folder
        self.chunks = store.read_chunks(folder)
        self.documents = store.read_documents(folder)  # as indexed, for the viewer
        self.catalogue = Catalogue(read_catalogue(folder))  # the figures of this index version
        self.entries = store.read_corpus_manifest(folder)  # as indexed, never corpus/manifest.json as edited since
        self.by_id = {c.id: c for c in self.chunks}
        self.embedder = embedder  # loaded once per process, shared by the next index
        self.bm25 = BM25Index.load(folder)
        manifest = store.read_manifest(folder)
        if manifest.backend != config.search_backend:
            raise store.IndexMissing(f"Chỉ mục tại {folder} được lập cho HVK_SEARCH_BACKEND={manifest.backend}, không "
                                     f"phải {config.search_backend}: chạy 'python app.py index'.")
        # Without a model or stored vectors (the first build still encoding) retrieval is BM25 alone.
        self.searcher = backend_for(config).open(folder, self.chunks, self.bm25, self.entries,
                                                 embedder is not None and manifest.dims > 0, config.candidates)
        self.dense_ready = self.searcher.dense_ready
        self.config = config

    @classmethod
    def open(cls, config: Config, embedder) -> "Retriever":
        backend_for(config).sync(config.index_dir)
        folder, _ = store.open_current(config.index_dir)
        return cls(folder, embedder, config)

    def embed(self, question: str) -> np.ndarray | None:
        """The question's e5 query vector (unit length, like the passage vectors); None while lexical-only."""
        if not self.dense_ready:
            return None
        return encode_queries(self.embedder, [clean(question)])[0]

    def similarity(self, vector: np.ndarray, chunk_ids: list[str]) -> np.ndarray:
        """Cosine of a query vector with each chunk's stored passage vector; zeros while lexical-only."""
        if vector is None or not self.dense_ready:
            return np.zeros(len(chunk_ids), dtype=np.float32)
        return self.searcher.vectors(chunk_ids) @ vector

    def search(self, question: str, k: int | None = None, files: set[str] | None = None,
               vector: np.ndarray | None = None) -> list[Hit]:
        vector = self.embed(question) if vector is None else vector
        hits = self._rerank(self.searcher.candidates(clean(question), vector if self.dense_ready else None, files))
        if files:
            hits = [h for h in hits if h.chunk.file in files]
        return hits[: k or self.config.top_k]

    def _rerank(self, found: Candidates) -> list[Hit]:
        if not found.ids:
            return []
        lexical = found.lexical
        lexical = lexical / lexical.max() if lexical.max() > 0 else lexical
        dense = np.zeros(len(found.ids), dtype=np.float32) if found.dense is None else found.dense
        spread = dense.max() - dense.min()
        dense = (dense - dense.min()) / spread if spread > 0 else np.zeros_like(dense)
        score = lexical + RERANK_DENSE * dense
        order = np.argsort(-score, kind="stable")
        return [Hit(self.by_id[found.ids[j]], float(score[j])) for j in order]
