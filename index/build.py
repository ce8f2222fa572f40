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
from index import store
from index.backends import SearchBackend, VersionRows, backend_for, embed_key
from index.catalogue import build_catalogue, write_catalogue
from index.embedder import encode_passages, load_embedder, model_signature
from index.lexical import BM25Index
from ingest.chunks import CHUNKER_VERSION, Chunk, chunk_document
from ingest.document import Document, corpus_files, read_corpus
from ingest.statements import STATEMENTS_VERSION
from ingest.manifest import (
    FileEntry,
    entries_of,
    fallback_entry,
    load_manifest,
    read_manifest_json,
    suggest_entry,
    with_drafts,
)

log = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.json"
# What the index's chunks and figure catalogue were made by; a change rebuilds both (vectors are reused).
CHUNKER_SIGNATURE = f"{CHUNKER_VERSION}+{STATEMENTS_VERSION}"


@dataclass(frozen=True)
class BuildReport:
    files: int
    chunks: int
    embedded: int  # chunks actually encoded this time
    reused: int  # chunks whose vectors came from the previous index
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    problems: list[str] = field(default_factory=list)  # files skipped, with the reason
    drafted: list[str] = field(default_factory=list)  # new files given a draft manifest entry
    unchanged: bool = False

    @property
    def throughput(self) -> float:
        embed = self.timings.get("embed", 0.0)
        return self.embedded / embed if embed > 0 else 0.0


def register_new_documents(config: Config, docs: list[Document]) -> tuple[dict, list[str]]:
    """The corpus manifest with a draft entry for every document it does not name, and those files.

    The drafts go into the index's copy only: corpus/manifest.json is written by
    `python app.py index` and uploads (ingest.manifest.write_drafts, add_entries), never by a build.
    """
    raw = read_manifest_json(config.corpus_dir / MANIFEST_FILE)
    new = {d.file: suggest_entry(d.file, d.lines) for d in docs if d.file not in raw.get("files", {})}
    if new:
        log.info("manifest: mục nháp cho %s (cần người kiểm tra)", ", ".join(sorted(new)))
    return with_drafts(raw, new), sorted(new)


def chunk_documents(config: Config, docs: list[Document], entries: dict[str, FileEntry]
                    ) -> tuple[list[Document], list[Chunk], list[str]]:
    """The documents kept, their chunks, and why any document was left out."""
    kept, chunks, problems = [], [], []
    for doc in docs:
        entry = entries.get(doc.file) or fallback_entry(doc.file, len(doc.lines))
        doc_chunks = chunk_document(doc, entry, config.chunk_max_chars)[0]
        if len(doc_chunks) > config.max_file_chunks:
            problems.append(f"{doc.file}: {len(doc_chunks):,} đoạn, vượt giới hạn {config.max_file_chunks:,} "
                            "(HVK_MAX_FILE_CHUNKS); hãy tách văn bản hoặc nâng giới hạn")
            continue
        kept.append(doc)
        chunks.extend(doc_chunks)
    return kept, chunks, problems


def chunk_corpus(config: Config) -> tuple[list[Document], list[Chunk], list[str]]:
    """Chunks as the index would hold them, without touching the manifest (for inspection)."""
    docs, problems = read_corpus(config.corpus_dir, config.max_file_bytes)
    kept, chunks, too_big = chunk_documents(config, docs, load_manifest(config.corpus_dir / MANIFEST_FILE))
    return kept, chunks, problems + too_big


def _previous_vectors(config: Config, backend: SearchBackend, wanted: set[str]) -> dict[str, np.ndarray]:
    """Vectors of the serving index by embed key, so unchanged chunks are not re-encoded."""
    try:
        _, manifest = store.open_current(config.index_dir)
    except store.IndexProblem:
        return {}
    signature = model_signature(config.model, config.encoder)
    if manifest.model != signature or manifest.dims == 0 or manifest.backend != backend.name:
        return {}
    return backend.previous_vectors(config.index_dir, signature, wanted)


def corpus_hashes(config: Config) -> dict[str, str]:
    """sha256 of every corpus file's bytes, refused files and the manifest included.

    Hashing bytes rather than parsing keeps the freshness check cheap for pdf and docx,
    and a refused file does not make the index look stale forever.
    """
    paths = corpus_files(config.corpus_dir)
    manifest = config.corpus_dir / MANIFEST_FILE
    if manifest.exists():
        paths.append(manifest)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def is_fresh(config: Config, with_manifest: bool = True) -> bool:
    """True when the serving index matches the corpus files, model and chunker.

    `with_manifest=False` ignores edits to corpus/manifest.json: serving and `ask` refresh
    the index for changed documents only, and titles, dates and status change only when
    someone runs `python app.py index`."""
    try:
        backend_for(config).sync(config.index_dir)
        _, manifest = store.open_current(config.index_dir)
    except store.IndexProblem:
        return False
    if manifest.backend != config.search_backend:
        return False
    files = corpus_hashes(config)
    indexed = dict(manifest.files)
    if not with_manifest:
        files.pop(MANIFEST_FILE, None)
        indexed.pop(MANIFEST_FILE, None)
    # A lexical-only version (dims 0) is a stop-gap of an unfinished build: never fresh.
    return manifest.model == model_signature(config.model, config.encoder) and manifest.dims > 0 and manifest.chunker == CHUNKER_SIGNATURE and indexed == files


# What a long build reports to `on_stage(stage, done, total)`, in order.
STAGE_READ, STAGE_MODEL, STAGE_ENCODE, STAGE_WRITE = "read", "model", "encode", "write"


def _has_dense_index(config: Config) -> bool:
    try:
        manifest = store.open_current(config.index_dir, verify=False)[1]
    except store.IndexProblem:
        return False
    return manifest.dims > 0 and manifest.backend == config.search_backend


def _write_build(config: Config, backend: SearchBackend, rows: VersionRows, docs: list[Document],
                 corpus_manifest: dict, files: dict[str, str], catalogue, timings: dict[str, float]) -> None:
    """Write and publish one index version; without vectors it is lexical-only (dims 0, never fresh)."""
    folder = store.new_build_dir(config.index_dir)
    chunks, bm25, vectors = rows.chunks, rows.bm25, rows.vectors
    t = time.perf_counter()
    backend.write(folder, rows)
    if vectors is not None:
        timings[backend.name] = time.perf_counter() - t
    bm25.save(folder)
    write_catalogue(folder, catalogue)
    store.write_chunks(folder, chunks)
    store.write_documents(folder, docs)
    store.write_corpus_manifest(folder, corpus_manifest)
    dims = 0 if vectors is None else int(vectors.shape[1])
    store.seal(folder, model_signature(config.model, config.encoder), CHUNKER_SIGNATURE, files, len(chunks), dims,
               backend.name)
    t = time.perf_counter()
    backend.publish(config.index_dir, folder)
    timings["publish"] = timings.get("publish", 0.0) + time.perf_counter() - t


def build_index(config: Config, progress: bool = True, embedder_factory: Callable | None = None,
                on_stage: Callable[[str, int, int], None] | None = None,
                on_lexical: Callable[[], None] | None = None, ray_address: str | None = None) -> BuildReport:
    """Build (or refresh) the index under config.index_dir; the old one serves until the swap.

    When no index with vectors serves yet (first start, or a new model), a lexical-only version
    is published before the model is loaded and the passages encoded, and `on_lexical` is
    called, so questions get BM25 answers within seconds instead of minutes.

    With `ray_address` ('local' or a cluster's address) the passages are encoded by Ray
    actors (index.ray_encode), in the same batches, so the vectors are the same.
    """
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    stage = on_stage or (lambda *_: None)
    backend = backend_for(config)
    with store.build_lock(config.index_dir):
        if is_fresh(config):
            _, manifest = store.open_current(config.index_dir, verify=False)
            files = len(store.read_documents(store.current_dir(config.index_dir)))
            return BuildReport(files, manifest.chunks, 0, manifest.chunks, time.perf_counter() - t0, unchanged=True)

        stage(STAGE_READ, 0, 0)
        t = time.perf_counter()
        files = corpus_hashes(config)  # before reading: a file changed meanwhile leaves the index stale, not wrong
        docs, problems = read_corpus(config.corpus_dir, config.max_file_bytes)
        corpus_manifest, drafted = register_new_documents(config, docs)
        entries = entries_of(corpus_manifest)
        docs, chunks, too_big = chunk_documents(config, docs, entries)
        problems += too_big
        timings["parse"] = time.perf_counter() - t
        if not chunks:
            raise store.IndexProblem(f"Không có văn bản nào lập chỉ mục được trong {config.corpus_dir}: " + "; ".join(problems))

        t = time.perf_counter()
        bm25 = BM25Index.build([c.search_text for c in chunks])
        timings["lexical"] = time.perf_counter() - t
        t = time.perf_counter()
        catalogue = build_catalogue(chunks, entries)
        timings["catalogue"] = time.perf_counter() - t

        keys = [embed_key(model_signature(config.model, config.encoder), c) for c in chunks]
        cache = _previous_vectors(config, backend, set(keys))
        # One chunk per distinct text: the reports repeat passages word for word (52 of 2,065).
        todo = list({k: i for i, k in reversed(list(enumerate(keys))) if k not in cache}.values())
        if todo and not _has_dense_index(config):
            t = time.perf_counter()
            _write_build(config, backend, VersionRows(chunks, None, keys, bm25, entries), docs, corpus_manifest,
                         files, catalogue, {})
            timings["lexical_publish"] = time.perf_counter() - t
            log.info("index: lexical-only version published after %.1fs", time.perf_counter() - t0)
            if on_lexical:
                on_lexical()

        t = time.perf_counter()
        if todo:
            order = sorted(todo, key=lambda i: len(chunks[i].embed_text))
            step = config.embed_batch_size * 2  # small enough steps for a live percentage
            batches = [order[s : s + step] for s in range(0, len(order), step)]
            stage(STAGE_MODEL, 0, 0)
            if ray_address is None:
                model = (embedder_factory or _default_embedder)(config)
                encoded = (encode_passages(model, [chunks[i].embed_text for i in b], config.embed_batch_size)
                           for b in batches)
            else:
                from index.ray_encode import encode_on_ray

                encoded = encode_on_ray(ray_address, config, [[chunks[i].embed_text for i in b] for b in batches])
            timings["model"] = time.perf_counter() - t
            t = time.perf_counter()
            bar = tqdm(total=len(order), desc="Mã hóa đoạn văn", unit="đoạn", disable=not progress)
            stage(STAGE_ENCODE, 0, len(order))
            done = 0
            for batch, vecs in zip(batches, encoded):
                for i, v in zip(batch, vecs):
                    cache[keys[i]] = v
                done += len(batch)
                bar.update(len(batch))
                stage(STAGE_ENCODE, done, len(order))
            bar.close()
        vectors = np.stack([cache[k] for k in keys]).astype(np.float32)
        timings["embed"] = time.perf_counter() - t

        stage(STAGE_WRITE, 0, 0)
        _write_build(config, backend, VersionRows(chunks, vectors, keys, bm25, entries), docs, corpus_manifest,
                     files, catalogue, timings)
        report = BuildReport(len(docs), len(chunks), len(todo), len(chunks) - len(todo),
                             time.perf_counter() - t0, timings, problems, drafted)
        log.info("index: %d files, %d chunks, %d encoded in %.1fs", report.files, report.chunks, report.embedded, report.seconds)
        return report


def _default_embedder(config: Config):
    return load_embedder(config.model, config.model_cache_dir, config.encoder)
