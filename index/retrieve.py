"""Question → ranked passages: dense (FAISS through llama-index) and BM25, fused by RRF.

The fusion keys on chunk ids, not on node text as llama-index's QueryFusionRetriever
does: the corpus repeats the same sentence in the Báo cáo, the Nghị quyết and the
Chương trình hành động, and every copy must survive so that all of them get cited.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle
from scipy import sparse

from config import Config
from index import llama, store
from index.catalogue import Catalogue, read_catalogue
from index.lexical import BM25Index
from ingest.chunks import Chunk
from ingest.manifest import FileEntry
from ingest.normalize import clean

log = logging.getLogger(__name__)

RRF_K = 60
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0
# Second stage over the fused candidates. BM25 alone beats dense e5-small on this corpus
# (exact figures, years, place names), so the cosine only refines the lexical order.
RERANK_DENSE = 0.3


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float


class LexicalRetriever(BaseRetriever):
    def __init__(self, bm25: BM25Index, titles: sparse.csc_matrix, chunks: list[Chunk], top_k: int):
        super().__init__()
        self._bm25, self._titles, self._chunks, self._top_k = bm25, titles, chunks, top_k

    def scores(self, query: str) -> np.ndarray:
        return self._bm25.scores(query, self._titles)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        scores = self.scores(query_bundle.query_str)
        top = np.argsort(-scores, kind="stable")[: self._top_k]
        return [NodeWithScore(node=llama.to_node(self._chunks[i]), score=float(scores[i])) for i in top if scores[i] > 0]


class HybridRetriever(BaseRetriever):
    """Weighted reciprocal-rank fusion of a dense and a lexical retriever, by chunk id."""

    def __init__(self, dense: BaseRetriever, lexical: BaseRetriever):
        super().__init__()
        self._dense, self._lexical = dense, lexical

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {}
        for weight, retriever in ((DENSE_WEIGHT, self._dense), (LEXICAL_WEIGHT, self._lexical)):
            for rank, hit in enumerate(retriever.retrieve(query_bundle)):
                fused[hit.node.node_id] = fused.get(hit.node.node_id, 0.0) + weight / (RRF_K + rank + 1)
                nodes.setdefault(hit.node.node_id, hit)
        order = sorted(fused, key=lambda i: -fused[i])
        return [NodeWithScore(node=nodes[i].node, score=fused[i]) for i in order]


def _file_titles(bm25: BM25Index, chunks: list[Chunk], entries: dict[str, FileEntry]) -> sparse.csc_matrix:
    """The manifest title of each chunk's file, for BM25Index.scores (none for unlisted files)."""
    listed = [entries.get(c.file) for c in chunks]
    return bm25.title_matrix([e.title if e else "" for e in listed],
                             ["\n".join(s.title for s in e.subdocs) if e else "" for e in listed])


class Retriever:
    """Everything a query needs, loaded once per process."""

    def __init__(self, folder: Path, embedder, config: Config):
        llama.configure_offline()
        self.folder = folder
        self.chunks = store.read_chunks(folder)
        self.documents = store.read_documents(folder)  # as indexed, for the viewer
        self.catalogue = Catalogue(read_catalogue(folder))  # the figures of this index version
        self.entries = store.read_corpus_manifest(folder)  # as indexed, never corpus/manifest.json as edited since
        self.by_id = {c.id: c for c in self.chunks}
        self.row_of = {c.id: i for i, c in enumerate(self.chunks)}
        self.embedder = embedder  # loaded once per process, shared by the next index
        bm25 = BM25Index.load(folder)
        self.bm25 = bm25
        self.lexical = LexicalRetriever(bm25, _file_titles(bm25, self.chunks, self.entries), self.chunks, config.candidates)
        # Without a model or stored vectors (the first build still encoding) retrieval is BM25 alone.
        self.dense_ready = embedder is not None and (folder / "llama").is_dir()
        self.vectors = None
        self.hybrid: BaseRetriever = self.lexical
        if self.dense_ready:
            self.embed_model = llama.SentenceTransformerEmbedding(embedder)
            vector_index = llama.load_vector_index(folder / "llama", self.embed_model)
            self.dense = vector_index.as_retriever(similarity_top_k=config.candidates)
            self.vectors = llama.stored_vectors(folder / "llama")
            self.hybrid = HybridRetriever(self.dense, self.lexical)
        self.config = config

    @classmethod
    def open(cls, config: Config, embedder) -> "Retriever":
        folder, _ = store.open_current(config.index_dir)
        return cls(folder, embedder, config)

    def embed(self, question: str) -> np.ndarray | None:
        """The question's e5 query vector (unit length, like the passage vectors); None while lexical-only."""
        if not self.dense_ready:
            return None
        return np.asarray(self.embed_model.get_query_embedding(clean(question)), dtype=np.float32)

    def similarity(self, vector: np.ndarray, chunk_ids: list[str]) -> np.ndarray:
        """Cosine of a query vector with each chunk's stored passage vector; zeros while lexical-only."""
        if vector is None or self.vectors is None:
            return np.zeros(len(chunk_ids), dtype=np.float32)
        return self.vectors[[self.row_of[i] for i in chunk_ids]] @ vector

    def search(self, question: str, k: int | None = None, files: set[str] | None = None,
               vector: np.ndarray | None = None) -> list[Hit]:
        query = clean(question)
        vector = self.embed(question) if vector is None else vector
        bundle = QueryBundle(query_str=query, embedding=None if vector is None else vector.tolist())
        candidates = [n.node.node_id for n in self.hybrid.retrieve(bundle)]
        hits = self._rerank(bundle, candidates)
        if files:
            hits = [h for h in hits if h.chunk.file in files]
        return hits[: k or self.config.top_k]

    def _rerank(self, bundle: QueryBundle, ids: list[str]) -> list[Hit]:
        if not ids:
            return []
        rows = [self.row_of[i] for i in ids]
        lexical = self.lexical.scores(bundle.query_str)[rows]
        lexical = lexical / lexical.max() if lexical.max() > 0 else lexical
        if bundle.embedding is None or self.vectors is None:
            dense = np.zeros(len(rows), dtype=np.float32)
        else:
            dense = self.vectors[rows] @ np.asarray(bundle.embedding, dtype=np.float32)
        spread = dense.max() - dense.min()
        dense = (dense - dense.min()) / spread if spread > 0 else np.zeros_like(dense)
        score = lexical + RERANK_DENSE * dense
        order = np.argsort(-score, kind="stable")
        return [Hit(self.chunks[rows[j]], float(score[j])) for j in order]
