"""Marks put back on a question typed without them, for the encoder to read.

e5 reads "ty le ho ngheo" much worse than "tỉ lệ hộ nghèo": a question typed without marks is
embedded with its likeliest marks, chosen by a bigram model of the indexed passages (and of
the dictionary's words, weakly, for the everyday words the documents do not use) and decoded
left to right. Everything else reads the question as typed: the passages are matched folded,
and a wrong mark must not change what the question is analysed to ask.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from answer.question import QUESTION_WORDS
from ingest.normalize import fold, key, unmarked

_SYLLABLE = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"[^\w\s]")  # no word runs across punctuation
# Share of a syllable's likelihood its predecessor decides; the rest is how common it is.
BIGRAM_WEIGHT = 0.6
# A dictionary word counts this fraction of one occurrence in the corpus.
DICTIONARY_WEIGHT = 0.2
# How questions are worded, which the documents seldom write: counted this many times.
QUESTION_WEIGHT = 20
_QUESTION_PHRASES = ("bao nhiêu", "là gì", "như thế nào", "là bao nhiêu", "có bao nhiêu", "những gì", "khi nào",
                     "ở đâu", "những nào")


class Accents:
    """Built once per index from its passages' texts and the dictionary's words (key() syllables)."""

    def __init__(self, texts, words=()):
        self.unigrams: Counter[str] = Counter()
        self.bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            self._count(key(text), 1.0)
        self._count(" . ".join([*QUESTION_WORDS, *_QUESTION_PHRASES]), QUESTION_WEIGHT)
        for w in words:  # key() syllables already
            self._count_run(list(w), DICTIONARY_WEIGHT)
        self.total = sum(self.unigrams.values())
        self.marked: dict[str, list[str]] = defaultdict(list)
        for syllable in self.unigrams:
            self.marked[fold(syllable)].append(syllable)

    def _count(self, text: str, weight: float) -> None:
        for part in _BREAK.split(text):
            self._count_run(_SYLLABLE.findall(part), weight)

    def _count_run(self, run: list[str], weight: float) -> None:
        for s in run:
            self.unigrams[s] += weight
        for pair in zip(run, run[1:]):
            self.bigrams[pair] += weight

    def _likelihood(self, previous: str | None, syllable: str) -> float:
        common = (self.unigrams[syllable] + 0.5) / self.total
        seen = self.unigrams[previous] if previous else 0
        follows = self.bigrams[(previous, syllable)] / seen if seen else 0.0
        return math.log(BIGRAM_WEIGHT * follows + (1 - BIGRAM_WEIGHT) * common)

    def restore(self, text: str) -> str:
        """The text in key() form with the likeliest marks: "ty le that nghiep" → "tỉ lệ thất
        nghiệp". A text with marks, or a syllable the model has never seen, is left as it is."""
        if not unmarked(text):
            return text
        keyed = key(text)
        best: dict[str | None, tuple[float, tuple[str, ...]]] = {None: (0.0, ())}
        for syllable in _SYLLABLE.findall(keyed):
            step = {}
            for option in self.marked.get(syllable) or [syllable]:
                score, path = max(((s + self._likelihood(previous, option), p) for previous, (s, p) in best.items()),
                                  key=lambda sp: sp[0])
                step[option] = (score, path + (option,))
            best = step
        chosen = iter(max(best.values(), key=lambda sp: sp[0])[1])
        return _SYLLABLE.sub(lambda m: next(chosen), keyed)
