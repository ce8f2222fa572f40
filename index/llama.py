"""The llama-index side: chunks as nodes in a VectorStoreIndex over FAISS at build time; the
persisted FaissVectorStore searched directly when serving.

A version's FAISS rows are its chunks, in order (write_vector_index adds them so), which is
all a search needs: the index's docstore, a second copy of every passage that llama-index's
retriever turns back into nodes on every query, is written but never read.
"""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import faiss
import numpy as np
from llama_index.core import Settings, StorageContext, VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery
from llama_index.vector_stores.faiss import FaissVectorStore

from ingest.chunks import Chunk


def configure_offline() -> None:
    """llama-index defaults to OpenAI for both; nothing here may reach the network.

    It announces the mock stand-ins with print(), which would corrupt `ask --json`."""
    with contextlib.redirect_stdout(io.StringIO()):
        Settings.llm = None
        Settings.embed_model = None


class PrecomputedOnly(BaseEmbedding):
    """Stands in at build time: every node arrives with its vector, so nothing is encoded."""

    def _get_query_embedding(self, query: str) -> list[float]:
        raise RuntimeError("query embedding needs the real encoder")

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        raise RuntimeError("passage vectors are computed before the index is built")


def to_node(chunk: Chunk, vector: np.ndarray | None = None) -> TextNode:
    node = TextNode(id_=chunk.id, text=chunk.embed_text, metadata={"file": chunk.file})
    node.excluded_embed_metadata_keys = ["file"]
    if vector is not None:
        node.embedding = vector.tolist()
    return node


def write_vector_index(folder: Path, chunks: list[Chunk], vectors: np.ndarray) -> None:
    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(vectors.shape[1]))
    storage = StorageContext.from_defaults(vector_store=store)
    nodes = [to_node(c, v) for c, v in zip(chunks, vectors)]
    index = VectorStoreIndex(nodes, storage_context=storage, embed_model=PrecomputedOnly())
    index.storage_context.persist(persist_dir=str(folder))


def open_vector_store(folder: Path) -> FaissVectorStore:
    return FaissVectorStore.from_persist_dir(str(folder))


def stored_vectors(store: FaissVectorStore, rows: list[int] | None = None) -> np.ndarray:
    """The stored vectors of `rows`, or all of them, in insertion (= chunk) order."""
    flat = store.client
    return flat.reconstruct_n(0, flat.ntotal) if rows is None else flat.reconstruct_batch(np.asarray(rows, dtype=np.int64))


def nearest_rows(store: FaissVectorStore, vector: np.ndarray, k: int) -> list[int]:
    """The rows (= chunk positions) of the k stored vectors nearest `vector`, nearest first."""
    found = store.query(VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=k))
    return [int(i) for i in found.ids]
