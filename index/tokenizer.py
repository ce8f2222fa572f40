"""XLM-R's SentencePiece-unigram tokenization of the bundled e5-small, read from its tokenizer.json.

The `tokenizers` library gives the same ids but holds about 290 MB for this vocabulary
(a trie node per byte of 250k pieces); a dict of the pieces holds about 50 MB, and the
serving process only ever tokenizes short questions. The steps are the ones the
tokenizer.json written by index.convert declares, each done as `tokenizers` does it:
special tokens split out of the raw text, control characters dropped and odd spaces made
spaces, NFKC, words split on Unicode white space, "▁" before each word, Viterbi over the
pieces' scores with unknown characters fused, then "<s> … </s>" and truncation.
"""
from __future__ import annotations

import functools
import json
from array import array
import re
import unicodedata
from pathlib import Path

SPACE = "\u2581"
# Rust's char::is_whitespace (Unicode White_Space), which `tokenizers` splits words on;
# Python's str.split() would also split on \x1c-\x1f.
_WHITE_SPACE = re.compile("[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_PIECE = re.compile(f"{SPACE}[^{SPACE}]*")
_CODEPOINT = re.compile(r"\\x\{([0-9A-Fa-f]+)\}")
UNK_PENALTY = 10.0  # below the lowest piece score, as in SentencePiece
WORD_CACHE = 10_000  # words (with their "▁") kept tokenized: a corpus repeats its syllables


class UnigramTokenizer:
    """Token ids of a text as the bundled model's tokenizer.json gives them."""

    def __init__(self, path: Path, max_tokens: int):
        pieces, self._scores, self.unk_id, spec = _read(Path(path))
        self._ids = {piece: i for i, piece in enumerate(pieces.split("\n"))}
        if len(self._ids) != len(self._scores):
            raise ValueError(f"{path}: a piece holds a line break or comes twice")
        self._longest = max(map(len, self._ids))
        self._unk_score = min(self._scores) - UNK_PENALTY
        self._special = {t["content"]: t["id"] for t in spec["added_tokens"] if t["special"]}
        self._split_special = re.compile("(" + "|".join(map(re.escape, sorted(self._special, key=len, reverse=True))) + ")")
        self._table = _replacements(spec["normalizer"])
        self.pad_id, self.bos_id, self.eos_id = (self._ids[t] for t in ("<pad>", "<s>", "</s>"))
        self._max_pieces = max_tokens - 2  # room for <s> and </s>
        self._word = functools.lru_cache(maxsize=WORD_CACHE)(self._viterbi)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for k, part in enumerate(self._split_special.split(text)):
            if k % 2:  # a special token's own text, matched before normalization
                ids.append(self._special[part])
                continue
            for word in _WHITE_SPACE.split(unicodedata.normalize("NFKC", part.translate(self._table))):
                if word:
                    for piece in _PIECE.findall(word if word.startswith(SPACE) else SPACE + word):
                        ids.extend(self._word(piece))
        return [self.bos_id, *ids[: self._max_pieces], self.eos_id]

    def _viterbi(self, word: str) -> tuple[int, ...]:
        """The highest-scoring split of one word; ties go to the first found, as in `tokenizers`."""
        # best[end] = (score of the best path to end, where its last piece starts, that piece's id)
        best: list[tuple[float, int, int] | None] = [None] * (len(word) + 1)
        best[0] = (0.0, 0, -1)
        for start in range(len(word)):
            here = best[start][0]
            for end in range(start + 1, min(len(word), start + self._longest) + 1):
                i = self._ids.get(word[start:end])
                if i is not None:
                    _offer(best, end, here + self._scores[i], start, i)
            if word[start] not in self._ids:
                _offer(best, start + 1, here + self._unk_score, start, self.unk_id)
        pieces: list[int] = []
        end = len(word)
        while end > 0:
            _, start, i = best[end]
            if not (i == self.unk_id and pieces and pieces[-1] == self.unk_id):  # unknowns in a row are one
                pieces.append(i)
            end = start
        return tuple(reversed(pieces))


def _read(path: Path) -> tuple[str, array, int, dict]:
    """The pieces joined by line breaks, their scores, the unknown piece's id, and the rest of the spec.

    The parsed vocabulary is freed before its pieces are split out again, so the strings kept lie
    together instead of strewn among freed ones: the process holds ~25 MB less."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    model = spec.pop("model")
    if model["type"] != "Unigram" or model.get("byte_fallback"):
        raise ValueError(f"{path}: not a unigram tokenizer without byte fallback")
    pieces = "\n".join(piece for piece, _ in model["vocab"])
    return pieces, array("d", (score for _, score in model["vocab"])), model["unk_id"], spec


def _offer(best: list, end: int, score: float, start: int, piece: int) -> None:
    if best[end] is None or score > best[end][0]:
        best[end] = (score, start, piece)


def _replacements(normalizer: dict) -> dict[int, str | None]:
    """The str.translate table of the character-class replacements that precede NFKC."""
    steps = normalizer["normalizers"] if normalizer["type"] == "Sequence" else [normalizer]
    if [s["type"] for s in steps] != ["Replace", "Replace", "NFKC"]:
        raise ValueError(f"unexpected normalizer steps {[s['type'] for s in steps]}")
    table: dict[int, str | None] = {}
    for step in steps[:2]:
        for code in _CODEPOINT.findall(step["pattern"]["Regex"]):
            table[int(code, 16)] = step["content"] or None
    return table
