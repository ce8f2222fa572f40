"""Corpus → persisted index. Re-embeds only chunks whose text changed."""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from tqdm import tqdm

from config import Config
from index import llama, store
from index.embedder import encode_passages, load_embedder, model_signature
from index.lexical import BM25Index
from ingest.chunks import CHUNKER_VERSION, Chunk, chunk_document
from ingest.document import Document, read_corpus
from ingest.manifest import fallback_entry, load_manifest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    files: int
    chunks: int
    embedded: int  # chunks actually encoded this time
    reused: int  # chunks whose vectors came from the previous index
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    problems: list[str] = field(default_factory=list)  # files skipped, with the reason
    unchanged: bool = False

    @property
    def throughput(self) -> float:
        embed = self.timings.get("embed", 0.0)
        return self.embedded / embed if embed > 0 else 0.0


def chunk_corpus(config: Config) -> tuple[list[Document], list[Chunk], list[str]]:
    docs, problems = read_corpus(config.corpus_dir, config.max_file_bytes)
    entries = load_manifest(config.corpus_dir / "manifest.json")
    chunks: list[Chunk] = []
    for doc in docs:
        entry = entries.get(doc.file) or fallback_entry(doc.file, len(doc.lines))
        chunks.extend(chunk_document(doc, entry, config.chunk_max_chars)[0])
    return docs, chunks, problems


def _embed_key(signature: str, chunk: Chunk) -> str:
    return hashlib.sha1(f"{signature}\n{chunk.embed_text}".encode()).hexdigest()


def _previous_vectors(config: Config) -> dict[str, np.ndarray]:
    """Vectors of the serving index by embed key, so unchanged chunks are not re-encoded."""
    try:
        folder, manifest = store.open_current(config.index_dir)
    except store.IndexProblem:
        return {}
    signature = model_signature(config.model)
    if manifest.model != signature:
        return {}
    vectors = llama.stored_vectors(folder / "llama")
    return {_embed_key(signature, c): v for c, v in zip(store.read_chunks(folder), vectors)}


def is_fresh(config: Config) -> bool:
    """True when the serving index matches the corpus files, model and chunker."""
    try:
        _, manifest = store.open_current(config.index_dir)
    except store.IndexProblem:
        return False
    docs, _ = read_corpus(config.corpus_dir, config.max_file_bytes)
    files = {d.file: d.sha256 for d in docs}
    files["manifest.json"] = _manifest_hash(config)
    return manifest.model == model_signature(config.model) and manifest.chunker == CHUNKER_VERSION and manifest.files == files


def _manifest_hash(config: Config) -> str:
    path = config.corpus_dir / "manifest.json"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def build_index(config: Config, progress: bool = True, embedder_factory: Callable | None = None) -> BuildReport:
    """Build (or refresh) the index under config.index_dir; the old one serves until the swap."""
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    with store.build_lock(config.index_dir):
        if is_fresh(config):
            docs, _ = read_corpus(config.corpus_dir, config.max_file_bytes)
            _, manifest = store.open_current(config.index_dir, verify=False)
            return BuildReport(len(docs), manifest.chunks, 0, manifest.chunks, time.perf_counter() - t0, unchanged=True)

        t = time.perf_counter()
        docs, chunks, problems = chunk_corpus(config)
        timings["parse"] = time.perf_counter() - t
        if not chunks:
            raise store.IndexProblem(f"Không có văn bản nào lập chỉ mục được trong {config.corpus_dir}: " + "; ".join(problems))

        t = time.perf_counter()
        cache = _previous_vectors(config)
        keys = [_embed_key(model_signature(config.model), c) for c in chunks]
        todo = [i for i, k in enumerate(keys) if k not in cache]
        if todo:
            model = (embedder_factory or _default_embedder)(config)
            order = sorted(todo, key=lambda i: len(chunks[i].embed_text))
            bar = tqdm(total=len(order), desc="Mã hóa đoạn văn", unit="đoạn", disable=not progress)
            step = config.embed_batch_size * 4
            for s in range(0, len(order), step):
                batch = order[s : s + step]
                vecs = encode_passages(model, [chunks[i].embed_text for i in batch], config.embed_batch_size)
                for i, v in zip(batch, vecs):
                    cache[keys[i]] = v
                bar.update(len(batch))
            bar.close()
        vectors = np.stack([cache[k] for k in keys]).astype(np.float32)
        timings["embed"] = time.perf_counter() - t

        folder = store.new_build_dir(config.index_dir)
        t = time.perf_counter()
        llama.write_vector_index(folder / "llama", chunks, vectors)
        timings["faiss"] = time.perf_counter() - t

        t = time.perf_counter()
        BM25Index.build([c.search_text for c in chunks]).save(folder)
        timings["lexical"] = time.perf_counter() - t

        store.write_chunks(folder, chunks)
        files = {d.file: d.sha256 for d in docs}
        files["manifest.json"] = _manifest_hash(config)
        store.seal(folder, model_signature(config.model), CHUNKER_VERSION, files, len(chunks), int(vectors.shape[1]))
        store.publish(config.index_dir, folder)
        report = BuildReport(len(docs), len(chunks), len(todo), len(chunks) - len(todo),
                             time.perf_counter() - t0, timings, problems)
        log.info("index: %d files, %d chunks, %d encoded in %.1fs", report.files, report.chunks, report.embedded, report.seconds)
        return report


def _default_embedder(config: Config):
    return load_embedder(config.model, config.model_cache_dir)
