"""The embedded default: FAISS (through llama-index) and BM25, both inside the version folder.

The fusion keys on chunk ids, not on node text as llama-index's QueryFusionRetriever
does: the corpus repeats the same sentence in the Báo cáo, the Nghị quyết and the
Chương trình hành động, and every copy must survive so that all of them get cited.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle
from scipy import sparse

from index import llama, store
from index.backends import RRF_K, Candidates, VersionRows, embed_key
from index.lexical import BM25Index, file_titles
from ingest.chunks import Chunk
from ingest.manifest import FileEntry

DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0
VECTORS = "llama"  # the llama-index storage inside a version folder


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


class FaissSearch:
    """The whole version in this process: every BM25 row and every vector."""

    def __init__(self, folder: Path, chunks: list[Chunk], bm25: BM25Index, entries: dict[str, FileEntry],
                 dense_ready: bool, candidates: int):
        self._row_of = {c.id: i for i, c in enumerate(chunks)}
        self._lexical = LexicalRetriever(bm25, file_titles(bm25, chunks, entries), chunks, candidates)
        self.dense_ready = dense_ready and (folder / VECTORS).is_dir()
        self._vectors = None
        self._hybrid: BaseRetriever = self._lexical
        if self.dense_ready:
            # Queries arrive with their vector (index.retrieve embeds them): nothing is encoded here.
            vector_index = llama.load_vector_index(folder / VECTORS, llama.PrecomputedOnly())
            self._vectors = llama.stored_vectors(folder / VECTORS)
            self._hybrid = HybridRetriever(vector_index.as_retriever(similarity_top_k=candidates), self._lexical)

    def candidates(self, query: str, vector: np.ndarray | None, files: set[str] | None) -> Candidates:
        # The document filter applies after the re-scoring (index.retrieve), as it always has here.
        bundle = QueryBundle(query_str=query, embedding=None if vector is None else vector.tolist())
        ids = [n.node.node_id for n in self._hybrid.retrieve(bundle)]
        rows = [self._row_of[i] for i in ids]
        dense = None if vector is None or self._vectors is None else self._vectors[rows] @ vector
        return Candidates(ids, self._lexical.scores(query)[rows], dense)

    def vectors(self, ids: list[str]) -> np.ndarray:
        return self._vectors[[self._row_of[i] for i in ids]]


class FaissBackend:
    name = "faiss"

    def previous_vectors(self, index_dir: Path, signature: str, wanted: set[str]) -> dict[str, np.ndarray]:
        folder, _ = store.open_current(index_dir)
        vectors = llama.stored_vectors(folder / VECTORS)
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
