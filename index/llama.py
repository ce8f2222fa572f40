"""The llama-index side: our encoder as an embedding model, chunks as nodes, FAISS storage."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import faiss
import numpy as np
from llama_index.core import Settings, StorageContext, VectorStoreIndex, load_index_from_storage
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import TextNode
from llama_index.vector_stores.faiss import FaissVectorStore
from pydantic import PrivateAttr

from index.embedder import encode_passages, encode_queries
from ingest.chunks import Chunk


def configure_offline() -> None:
    """llama-index defaults to OpenAI for both; nothing here may reach the network.

    It announces the mock stand-ins with print(), which would corrupt `ask --json`."""
    with contextlib.redirect_stdout(io.StringIO()):
        Settings.llm = None
        Settings.embed_model = None


class SentenceTransformerEmbedding(BaseEmbedding):
    """Queries and passages go through the e5 'query: ' / 'passage: ' prompts."""

    _model: object = PrivateAttr()

    def __init__(self, model, **kwargs):
        super().__init__(model_name=str(getattr(model, "model_card_data", "sentence-transformer")), **kwargs)
        self._model = model

    def _get_query_embedding(self, query: str) -> list[float]:
        return encode_queries(self._model, [query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return encode_passages(self._model, [text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return encode_passages(self._model, texts).tolist()


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


def load_vector_index(folder: Path, embed_model: BaseEmbedding) -> VectorStoreIndex:
    store = FaissVectorStore.from_persist_dir(str(folder))
    storage = StorageContext.from_defaults(vector_store=store, persist_dir=str(folder))
    return load_index_from_storage(storage, embed_model=embed_model)


def stored_vectors(folder: Path) -> np.ndarray:
    """The vectors of a persisted FAISS index, in insertion (= chunk) order."""
    store = FaissVectorStore.from_persist_dir(str(folder))
    flat = store.client
    return flat.reconstruct_n(0, flat.ntotal)
