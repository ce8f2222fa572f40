"""Vietnamese words of a text, matched against the dictionary that ships with underthesea.

Vietnamese writes a word as several syllables, and the folded syllables of two words
collide: "thất nghiệp" and "thất thoát" share "that", "hành chính" and "vận hành" share
"hanh". Longest matching against a dictionary of words (Hồ Ngọc Đức's, 74K entries) tells
which syllables of a question form one word, and which syllables a passage writes as part
of another word. A text typed without diacritics is not segmented: its syllables are too
ambiguous, and it is matched by syllables alone.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.normalize import fold, key

DICTIONARY = "corpus/data/Viet74K.txt"  # inside the underthesea package
LONGEST_WORD = 4  # syllables; longer dictionary entries are names and idioms
_PUNCTUATION = re.compile(r"[^\w\s]|_")  # no word runs across a comma, a bracket or a full stop


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, str]]]:
    """(words of 2–4 syllables as key() spells them, their syllable pairs)."""
    spec = importlib.util.find_spec("underthesea")
    text = (Path(spec.origin).parent / DICTIONARY).read_text(encoding="utf-8")
    words = set()
    for line in key(text).split("\n"):  # one key() of the whole file: 74K of them take a second
        syllables = tuple(line.split())
        if 2 <= len(syllables) <= LONGEST_WORD and all(s.isalpha() for s in syllables):
            words.add(syllables)
    return frozenset(words), frozenset(p for w in words for p in zip(w, w[1:]))


def _runs(text: str) -> list[list[str]]:
    """The key() syllables of a text, in runs that no punctuation breaks."""
    return [[s for s in part.split() if s.isalpha()] for part in _PUNCTUATION.split(key(text))]


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[tuple[str, ...], ...]:
    """Folded words of two or more syllables, longest first from the left: "tỷ lệ thất nghiệp" →
    (("ti", "le"), ("that", "nghiep")). Empty for a text without marks."""
    if fold(text) == text.lower():
        return ()
    words = _dictionary()[0]
    out = []
    for run in _runs(text):
        i = 0
        while i < len(run):
            n = next((n for n in range(LONGEST_WORD, 1, -1) if tuple(run[i:i + n]) in words), 1)
            if n > 1:
                out.append(tuple(fold(s) for s in run[i:i + n]))
            i += n
    return tuple(out)


@dataclass(frozen=True)
class Written:
    """How a passage writes its syllables."""
    pairs: frozenset[str]  # folded syllables side by side: "that thoat"
    in_words: frozenset[str]  # folded syllables that are part of a dictionary word, not "khach" of "lượt khách"


def written(text: str) -> Written:
    """Pairs are read with their marks: "152.000 con, đàn bò" writes no "con dân"."""
    pairs = _dictionary()[1]
    side_by_side, in_words = set(), set()
    for run in _runs(text):
        for a, b in zip(run, run[1:]):
            side_by_side.add(f"{fold(a)} {fold(b)}")
            if (a, b) in pairs:
                in_words.update((fold(a), fold(b)))
    return Written(frozenset(side_by_side), frozenset(in_words))


def unwritten(words: tuple[tuple[str, ...], ...], text: Written, present: set[str]) -> set[str]:
    """Syllables of the question's `words` that a text writes only as parts of other words:
    "that" of "thất nghiệp" where it writes "thất thoát" and no "nghiep". A word whose syllables
    are all `present` is kept, apart or not: "căn nhà" in "căn hộ nhà ở"."""
    met: set[str] = set()
    unmet: set[str] = set()
    for w in words:
        side_by_side = {f"{a} {b}" for a, b in zip(w, w[1:])}
        (met if side_by_side <= text.pairs or present.issuperset(w) else unmet).update(w)
    return (unmet & text.in_words) - met
