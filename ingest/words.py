"""Vietnamese words of a text, matched against the dictionary that ships with underthesea.

Vietnamese writes a word as several syllables, and the folded syllables of two words
collide: "thất nghiệp" and "thất thoát" share "that", "hành chính" and "vận hành" share
"hanh". Longest matching against a dictionary of words (Hồ Ngọc Đức's, 74K entries) tells
which syllables of a question form one word; a passage with only some of them has not said
it. A text typed without diacritics is matched against the dictionary's words folded: "ty le
that nghiep" is read as the words "tỷ lệ thất nghiệp" has.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from ingest.normalize import ABBREVIATIONS, fold, key, tokens, unmarked

DICTIONARY = "corpus/data/Viet74K.txt"  # inside the underthesea package
LONGEST_WORD = 4  # syllables; longer dictionary entries are names and idioms
_PUNCTUATION = re.compile(r"[^\w\s]|_")  # no word runs across a comma, a bracket or a full stop


@lru_cache(maxsize=1)
def load_dictionary() -> frozenset[tuple[str, ...]]:
    """Words of 2–4 syllables, as key() spells them; read once (a third of a second)."""
    spec = importlib.util.find_spec("underthesea")
    text = (Path(spec.origin).parent / DICTIONARY).read_text(encoding="utf-8")
    words = set()
    for line in key(text).split("\n"):  # one key() of the whole file: 74K of them take a second
        syllables = tuple(line.split())
        if 2 <= len(syllables) <= LONGEST_WORD and all(s.isalpha() for s in syllables):
            words.add(syllables)
    return frozenset(words)


@lru_cache(maxsize=1)
def folded_dictionary() -> frozenset[tuple[str, ...]]:
    """The words as fold() spells them, for a text typed without marks (a tenth of a second)."""
    return frozenset(tuple(fold(s) for s in w) for w in load_dictionary())


def _runs(text: str) -> list[list[str]]:
    """The key() syllables of a text, in runs that no punctuation breaks."""
    return [[s for s in part.split() if s.isalpha()] for part in _PUNCTUATION.split(key(text))]


def _segments(syllables: list[str], words: frozenset[tuple[str, ...]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each word of key() syllables, the longest dictionary word first from the left."""
    words = load_dictionary() if words is None else words
    out, i = [], 0
    while i < len(syllables):
        n = next((n for n in range(min(LONGEST_WORD, len(syllables) - i), 1, -1) if tuple(syllables[i:i + n]) in words), 1)
        out.append((i, i + n))
        i += n
    return out


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[tuple[str, ...], ...]:
    """Folded words of two or more syllables: "tỷ lệ thất nghiệp" → (("ti", "le"), ("that", "nghiep")),
    and so for "ty le that nghiep"."""
    words = folded_dictionary() if unmarked(text) else None
    return tuple(tuple(fold(s) for s in run[a:b]) for run in _runs(text) for a, b in _segments(run, words) if b - a > 1)


def whole_words(words: list[str], n: int) -> int:
    """How many of `words` to keep so that keeping `n` cuts no word: 8 words of "… được công
    nhận hoàn thành/đạt chuẩn" end on "hoàn thành", not "hoàn"."""
    return next((b for a, b in _segments([key(w) for w in words]) if a < n <= b), n)


def unwritten(words: tuple[tuple[str, ...], ...], present: set[str]) -> set[str]:
    """Syllables of the question's `words` that a text has only outside them: the "thất" of
    "thất nghiệp" where it writes "thất thoát" and no "nghiệp", "tuổi" of "tuổi thọ" in "dưới 5
    tuổi". A word whose syllables are all `present` keeps them, side by side or apart ("căn nhà"
    in "căn hộ nhà ở"): the pairs a text writes tell no more than that."""
    met: set[str] = set()
    unmet: set[str] = set()
    for w in words:
        (met if present.issuperset(w) else unmet).update(w)
    return unmet - met


@lru_cache(maxsize=1)
def _named_terms() -> tuple[tuple[str, ...], ...]:
    """Terms the documents name as wholes, of three syllables or more: the long forms of the
    abbreviations ("bảo hiểm thất nghiệp", "năng suất lao động"), folded."""
    return tuple({tuple(fold(s) for s in key(e).split()) for e in ABBREVIATIONS.values() if len(e.split()) >= 3})


def enclosed_words(text: str, syllables: set[str] | None = None) -> frozenset[tuple[str, ...]]:
    """Words of two syllables or more that `text` writes only after the head of a longer named term:
    "thất nghiệp" in "tỷ lệ tham gia bảo hiểm thất nghiệp" says nothing of unemployment itself.
    `syllables`, the text's folded syllables when the caller has read them already, spare reading a
    text that holds no named term's syllables again."""
    if syllables is not None and not any(syllables.issuperset(term) for term in _named_terms()):
        return frozenset()
    seq = [fold(t) for t in tokens(text, expand=False)]
    at: dict[str, list[int]] = {}
    for i, syllable in enumerate(seq):
        at.setdefault(syllable, []).append(i)
    inside: set[int] = set()
    parts: set[tuple[str, ...]] = set()
    for term in _named_terms():
        n = len(term)
        for i in at.get(term[0], ()):
            if tuple(seq[i:i + n]) == term:
                inside.update(range(i, i + n))
                # The head comes first: "ngân sách nhà nước" is a budget, "bảo hiểm thất nghiệp" no unemployment.
                parts.update(term[a:b] for a in range(1, n) for b in range(a + 2, n + 1))
    return frozenset(p for p in parts
                     if all(set(range(i, i + len(p))) <= inside for i in at[p[0]] if tuple(seq[i:i + len(p)]) == p))
