"""index.tokenizer against the `tokenizers` library on the same tokenizer.json: the same ids for
every passage of the corpus, every eval question, and text made to hit each step's edge cases."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from config import load_config
from eval.dataset import DEFAULT_QA, load_items
from index.build import chunk_corpus
from index.embedder import ensure_bundled_model
from index.tokenizer import UnigramTokenizer

tokenizers = pytest.importorskip("tokenizers")

REPO = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("HVK_DATA_DIR", REPO / "data")) / "models"
MAX_TOKENS = 512

EDGE_CASES = [
    "",
    "   \t\n ",
    "a" * 5000,  # one word longer than the truncation
    "医生每万人口指标是多少",
    "🏥 chỉ tiêu 🙏 " + "\U0001F600" * 30,  # pieces unknown to the vocabulary, fused
    "chỉ tiêu\x00 bác sỹ\x07/vạn\x1b dân\x7f",  # control characters dropped
    "bác\u200b sỹ\u00a0vạn\u3000dân\u2028năm\x1c2030\x85!",  # odd spaces and separators
    "x<s>y</s> <mask>z <unk><pad>",  # special tokens in the text itself
    "▁▁a▁b ▁ c▁",  # the word-boundary mark typed in the text
    "ﬁ ① ｶﾞ Ǆ ǅ ㎢ ½",  # NFKC compatibility forms
    "e\u0301 A\u0300 Đ\u0323",  # combining marks
    "\U0010FFFF\ue000 \U000E0001x",
]


@pytest.fixture(scope="module")
def both():
    path = ensure_bundled_model(CACHE_DIR) / "tokenizer.json"
    reference = tokenizers.Tokenizer.from_file(str(path))
    reference.enable_truncation(MAX_TOKENS)
    return UnigramTokenizer(path, MAX_TOKENS), reference


def _texts() -> list[str]:
    _, chunks, _ = chunk_corpus(load_config(env={}))
    texts = ["passage: " + c.embed_text for c in chunks]
    texts += ["query: " + item.question for item in load_items(DEFAULT_QA)]
    texts += EDGE_CASES
    return texts + [unicodedata.normalize("NFD", t) for t in texts[::20]]


def test_same_ids_as_the_tokenizers_library(both):
    ours, reference = both
    texts = _texts()
    expected = [e.ids for e in reference.encode_batch(texts)]
    differing = [(t[:60], want[:12]) for t, want in zip(texts, expected) if ours.encode(t) != want]
    assert differing == []
    assert len(texts) > 2000 and max(map(len, expected)) == MAX_TOKENS  # the corpus reaches the truncation


def test_special_ids_and_truncation(both):
    ours, _ = both
    ids = ours.encode("query: " + "bác sỹ " * 1000)
    assert len(ids) == MAX_TOKENS and ids[0] == ours.bos_id and ids[-1] == ours.eos_id
    assert ours.encode("") == [ours.bos_id, ours.eos_id]
    unknown = ours.encode("\U0010FFFF\U0010FFFE\U0001F9FF x")  # three characters outside the vocabulary
    assert unknown.count(ours.unk_id) == 1 and len(unknown) == 5  # <s> ▁ <unk> ▁x </s>: unknowns in a row fuse
