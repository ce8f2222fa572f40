"""Milvus as the search engine: one collection per index version, an alias for the serving one.

Each chunk is a row: its dense vector, its BM25 terms (index.lexical, title rule folded in)
as a sparse vector, its content hash and its record. Both searches, their reciprocal-rank
fusion and the document filter run in the engine. The version folder (chunks, documents,
figures, corpus manifest, BM25 vocabulary) is stored beside it in a bundle collection, so
a serving process needs only the engine: `sync` fetches the version the alias names.

The same client code talks to embedded Milvus Lite (HVK_SEARCH_URL empty: a file under
the data folder, one process), to `milvus-lite server` on loopback (several processes),
and to Milvus Standalone or Distributed.
"""
from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import logging
import re
import shutil
from collections import OrderedDict
from pathlib import Path

import numpy as np
from pymilvus import AnnSearchRequest, DataType, MilvusClient, RRFRanker

from config import Config
from index import store
from index.backends import RRF_K, BackendError, Candidates, VersionRows
from index.lexical import BM25Index, file_titles
from ingest.chunks import Chunk
from ingest.manifest import FileEntry

log = logging.getLogger(__name__)

PREFIX = "hvk_"
ALIAS = "hvk_serving"
BUNDLE = "_bundle"
EMBEDDED_DB = "milvus.db"
# A sparse row needs one nonzero weight; a chunk with no lexical terms gets this id, which
# no query holds (vocabulary ids are far smaller).
NO_TERMS = 2**32 - 2
INSERT_BATCH = 500
KEY_BATCH = 500
# Passage vectors a serving process keeps (about 30 MB at 384 dimensions): a question's
# candidates and figure records come back often; the whole corpus need not fit.
VECTOR_CACHE = 20_000
PART_CHARS = 60_000  # base64 characters per bundle row: VARCHAR holds at most 65,535
_clients: dict[str, MilvusClient] = {}


def collection_of(version: str) -> str:
    """The collection of a version folder's name (collection names allow [A-Za-z0-9_])."""
    return version if version.startswith(PREFIX) else PREFIX + re.sub(r"\W", "_", version)


def _sparse_rows(rows: VersionRows) -> list[dict[int, float]]:
    weights = rows.bm25.document_weights(file_titles(rows.bm25, rows.chunks, rows.entries))
    out = []
    for d in range(weights.shape[0]):
        start, end = weights.indptr[d], weights.indptr[d + 1]
        out.append({int(t): float(w) for t, w in zip(weights.indices[start:end], weights.data[start:end])}
                   or {NO_TERMS: 1.0})
    return out


@contextlib.contextmanager
def _sync_lock(index_dir: Path):
    """One fetch of a version at a time in this data folder; others wait and find it done."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".sync-lock").open("w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class MilvusSearch:
    """Search over one version's collection; nothing of it is held in this process."""

    def __init__(self, client: MilvusClient, collection: str, chunks: list[Chunk], bm25: BM25Index,
                 entries: dict[str, FileEntry], dense_ready: bool, candidates: int):
        self._client, self._collection, self._bm25, self._k = client, collection, bm25, candidates
        self._row_of = {c.id: i for i, c in enumerate(chunks)}
        self._weights = bm25.document_weights(file_titles(bm25, chunks, entries))
        self.dense_ready = dense_ready
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # recently used passage vectors

    def candidates(self, query: str, vector: np.ndarray | None, files: set[str] | None) -> Candidates:
        weights = self._bm25.query_weights(query)
        expr = f"file in {json.dumps(sorted(files), ensure_ascii=False)}" if files else ""
        requests = []
        if vector is not None:
            requests.append(AnnSearchRequest([vector.tolist()], "dense", {"metric_type": "IP"}, self._k, expr=expr))
        if weights:
            requests.append(AnnSearchRequest([weights], "sparse", {"metric_type": "IP"}, self._k, expr=expr))
        if not requests:
            return Candidates([], np.zeros(0, dtype=np.float32), None)
        hits = self._client.hybrid_search(self._collection, requests, RRFRanker(RRF_K), limit=2 * self._k,
                                          output_fields=["dense"] if vector is not None else [])[0]
        ids = [h["id"] for h in hits]
        # The re-scoring needs each candidate's own two scores, not the fused one: the cosine
        # from the vectors that come with the hits, BM25 from the version's own rows of the
        # candidates (asking the engine again costs a round trip and a second sparse search).
        terms = list(weights)
        rows = self._weights[[self._row_of[i] for i in ids]][:, terms]
        lexical = np.asarray(rows @ np.array([weights[t] for t in terms], dtype=np.float32), dtype=np.float32).ravel()
        if vector is None:
            return Candidates(ids, lexical, None)
        dense = np.array([h["entity"]["dense"] for h in hits], dtype=np.float32)
        self._remember(ids, dense)
        return Candidates(ids, lexical, dense @ vector)

    def _remember(self, ids: list[str], vectors: np.ndarray) -> None:
        for i, v in zip(ids, vectors):
            self._cache[i] = v
            self._cache.move_to_end(i)
        while len(self._cache) > VECTOR_CACHE:
            self._cache.popitem(last=False)

    def vectors(self, ids: list[str]) -> np.ndarray:
        missing = sorted({i for i in ids if i not in self._cache})
        if missing:
            rows = self._client.get(self._collection, ids=missing, output_fields=["dense"])
            self._remember([r["id"] for r in rows], np.array([r["dense"] for r in rows], dtype=np.float32))
        return np.stack([self._cache[i] for i in ids]) if ids else np.zeros((0, 0), dtype=np.float32)


class MilvusBackend:
    name = "milvus"

    def __init__(self, client: MilvusClient):
        self._client = client

    @classmethod
    def connect(cls, config: Config) -> "MilvusBackend":
        uri = config.search_url or str(config.data_dir / EMBEDDED_DB)
        if uri not in _clients:
            if not config.search_url:
                config.data_dir.mkdir(parents=True, exist_ok=True)
            try:
                _clients[uri] = MilvusClient(uri=uri, timeout=30)
            except Exception as e:  # pymilvus raises its own and grpc's errors alike
                hint = ("" if config.search_url else " (Milvus Lite nhúng chỉ mở được trong một tiến trình; "
                        "nhiều tiến trình dùng chung: chạy 'milvus-lite server' và đặt HVK_SEARCH_URL)")
                raise BackendError(f"Không kết nối được Milvus tại {uri}: {e}{hint}") from None
        return cls(_clients[uri])

    def serving(self) -> str | None:
        """The collection the alias points at, loaded for search; None before the first publish."""
        if ALIAS not in self._client.list_aliases().get("aliases", []):
            return None
        return self._loaded(self._client.describe_alias(ALIAS)["collection_name"])

    def _loaded(self, collection: str) -> str:
        # A restarted engine holds its collections released; loading a loaded one is a no-op.
        self._client.load_collection(collection)
        return collection

    def previous_vectors(self, index_dir: Path, signature: str, wanted: set[str]) -> dict[str, np.ndarray]:
        collection = self.serving()
        if collection is None:
            return {}
        keys, out = sorted(wanted), {}
        for s in range(0, len(keys), KEY_BATCH):
            rows = self._client.query(collection, filter=f"key in {json.dumps(keys[s:s + KEY_BATCH])}",
                                      output_fields=["key", "dense"])
            out.update((r["key"], np.asarray(r["dense"], dtype=np.float32)) for r in rows)
        return out

    def _create(self, name: str, schema, index) -> None:
        self._client.create_collection(name, schema=schema)
        # Not waiting for the index: that wait asks for a timestamp, which Milvus Lite does not
        # implement (an error logged per index); its indexes are built as segments are sealed.
        self._client.create_index(name, index, sync=False)
        self._client.load_collection(name)

    def write(self, folder: Path, rows: VersionRows) -> None:
        name = collection_of(folder.with_suffix("").name)
        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=256)
        schema.add_field("key", DataType.VARCHAR, max_length=64)
        schema.add_field("file", DataType.VARCHAR, max_length=1024)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("record", DataType.JSON)
        index = self._client.prepare_index_params()
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
        index.add_index("file", index_type="INVERTED")
        index.add_index("key", index_type="INVERTED")
        if rows.vectors is not None:
            schema.add_field("dense", DataType.FLOAT_VECTOR, dim=int(rows.vectors.shape[1]))
            # Exact search, as FAISS's flat index here; an approximate index (HNSW) pays off past ~10^6 rows.
            index.add_index("dense", index_type="FLAT", metric_type="IP")
        self._create(name, schema, index)
        sparse = _sparse_rows(rows)
        for s in range(0, len(rows.chunks), INSERT_BATCH):
            batch = []
            for i in range(s, min(s + INSERT_BATCH, len(rows.chunks))):
                chunk = rows.chunks[i]
                row = {"id": chunk.id, "key": rows.keys[i], "file": chunk.file, "sparse": sparse[i],
                       "record": store.chunk_record(chunk)}
                if rows.vectors is not None:
                    row["dense"] = rows.vectors[i].tolist()
                batch.append(row)
            self._client.insert(name, batch)
        self._client.flush(name)

    def _write_bundle(self, name: str, folder: Path) -> None:
        """The sealed version folder, file by file in base64 parts, beside its collection."""
        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=512)
        schema.add_field("data", DataType.VARCHAR, max_length=65_535)
        schema.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants one vector field per collection
        index = self._client.prepare_index_params()
        index.add_index("unused", index_type="FLAT", metric_type="IP")
        self._create(name + BUNDLE, schema, index)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            text = base64.b64encode(path.read_bytes()).decode("ascii")
            parts = [text[s:s + PART_CHARS] for s in range(0, len(text), PART_CHARS)] or [""]
            relative = path.relative_to(folder).as_posix()
            self._client.insert(name + BUNDLE, [{"id": f"{relative}#{n:06d}", "data": part, "unused": [0.0, 0.0]}
                                                for n, part in enumerate(parts)])
        self._client.flush(name + BUNDLE)

    def publish(self, index_dir: Path, folder: Path) -> Path:
        """Bundle, then switch the alias (the one step every process sees), then drop old versions."""
        name = collection_of(folder.with_suffix("").name)
        self._write_bundle(name, folder)
        previous = self.serving()
        if previous is None:
            self._client.create_alias(name, ALIAS)
        else:
            self._client.alter_alias(name, ALIAS)
        final = store.publish(index_dir, folder)
        # The previous version stays: a replica may still be opening it. Older ones, and what
        # a killed build left behind, go.
        for collection in self._client.list_collections():
            if collection.startswith(PREFIX) and collection.removesuffix(BUNDLE) not in {name, previous}:
                self._client.drop_collection(collection)
        log.info("milvus: %s serves (previous %s)", name, previous)
        return final

    def sync(self, index_dir: Path) -> None:
        collection = self.serving()
        if collection is None:
            return
        with _sync_lock(index_dir):
            current = store.current_dir(index_dir)
            if current.exists() and collection_of(current.resolve().name) == collection:
                return
            folder = store.builds_dir(index_dir) / f"{collection}.tmp"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            parts: dict[str, list[tuple[str, str]]] = {}
            iterator = self._client.query_iterator(self._loaded(collection + BUNDLE), batch_size=64, output_fields=["id", "data"])
            while batch := iterator.next():
                for row in batch:
                    relative, _, n = row["id"].rpartition("#")
                    parts.setdefault(relative, []).append((n, row["data"]))
            iterator.close()
            for relative, pieces in parts.items():
                path = folder / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(base64.b64decode("".join(data for _, data in sorted(pieces))))
            store.publish(index_dir, folder)
            log.info("milvus: fetched version %s from the engine", collection)

    def open(self, folder: Path, chunks: list[Chunk], bm25: BM25Index, entries: dict[str, FileEntry],
             dense_ready: bool, candidates: int) -> MilvusSearch:
        return MilvusSearch(self._client, self._loaded(collection_of(folder.name)), chunks, bm25, entries, dense_ready,
                            candidates)
