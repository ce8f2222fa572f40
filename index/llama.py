"""The llama-index side of a build: chunks as nodes, with their vectors, in a VectorStoreIndex over
FAISS, persisted into the version folder.

Its FAISS rows are the chunks, in order (write_vector_index adds them so), which is all a
search needs: serving reads the FAISS file with FAISS alone (index.backends.faiss), neither
importing llama-index (a second and more of a cold start) nor reading the docstore (a second
copy of every passage that llama-index's retriever turns back into nodes on every query).
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
    configure_offline()
    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(vectors.shape[1]))
    storage = StorageContext.from_defaults(vector_store=store)
    nodes = [to_node(c, v) for c, v in zip(chunks, vectors)]
    index = VectorStoreIndex(nodes, storage_context=storage, embed_model=PrecomputedOnly())
    index.storage_context.persist(persist_dir=str(folder))
