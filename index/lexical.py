"""Vietnamese-aware BM25.

Terms are syllables in three forms: diacritic-folded unigrams (so a query typed without
diacritics still matches), folded bigrams (Vietnamese words are mostly two syllables:
"bác sĩ", "vạn dân", "hộ nghèo"), and exact unigrams with their diacritics (which reward
a query that does have them, separating "vạn" from "vận"). Numbers stay whole.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from ingest.normalize import fold, tokens

K1 = 1.2
# Chunks range from one table row to a long paragraph; a soft length norm keeps long
# paragraphs that do contain the answer from being buried.
B = 0.5
# Terms found in a large share of chunks (đảng bộ, thành phố, nhiệm kỳ, 2025) carry almost
# no evidence but add up over a long question; shifting idf down silences them.
# Measured on the eval set: hit@5 88% → 92%.
IDF_SHIFT = 0.75


def lexical_terms(text: str) -> list[str]:
    exact = tokens(text)
    folded = [fold(t) for t in exact]
    bigrams = [f"{a}_{b}" for a, b in zip(folded, folded[1:])]
    marked = ["=" + t for t, f in zip(exact, folded) if t != f]
    return folded + bigrams + marked


@dataclass
class BM25Index:
    vocab: dict[str, int]
    matrix: sparse.csc_matrix  # documents × terms, BM25-weighted term frequencies
    idf: np.ndarray

    @classmethod
    def build(cls, texts: list[str]) -> "BM25Index":
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        lengths = np.zeros(len(texts), dtype=np.float32)
        for d, text in enumerate(texts):
            counts = Counter(lexical_terms(text))
            lengths[d] = sum(counts.values())
            for term, tf in counts.items():
                rows.append(d)
                cols.append(vocab.setdefault(term, len(vocab)))
                vals.append(tf)
        n_docs = max(len(texts), 1)
        tf = sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(len(texts), len(vocab)))
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=len(vocab)).astype(np.float32)
        idf = np.maximum(np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5)) - IDF_SHIFT, 0.0).astype(np.float32)
        avg = float(lengths.mean()) if len(texts) else 1.0
        norm = K1 * (1 - B + B * lengths / max(avg, 1e-6))
        tf = tf.tocoo()
        weighted = tf.data * (K1 + 1) / (tf.data + norm[tf.row])
        matrix = sparse.csc_matrix((weighted.astype(np.float32), (tf.row, tf.col)), shape=tf.shape)
        return cls(vocab, matrix, idf)

    def scores(self, query: str) -> np.ndarray:
        ids = sorted({self.vocab[t] for t in lexical_terms(query) if t in self.vocab})
        if not ids:
            return np.zeros(self.matrix.shape[0], dtype=np.float32)
        sub = self.matrix[:, ids]
        return np.asarray(sub @ self.idf[ids]).ravel()

    def save(self, folder: Path) -> None:
        sparse.save_npz(folder / "lexical.npz", self.matrix)
        np.save(folder / "lexical_idf.npy", self.idf)
        (folder / "lexical_vocab.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        vocab = json.loads((folder / "lexical_vocab.json").read_text(encoding="utf-8"))
        return cls(vocab, sparse.load_npz(folder / "lexical.npz").tocsc(), np.load(folder / "lexical_idf.npy"))
