"""Proper names the corpus writes, found again in questions typed without capitals or marks.

A question typed with its marks names a project by its capitals ("cảng Trần Đề", "Ô Môn II":
question.proper_names), and an answer whose passages never write that name is about something
else. Typed as "cang tran de", nothing marks the name, so the corpus says which runs of a
question are names: the runs it writes in capitals (question.proper_names over every passage)
whose syllable pairs it never writes in lower case ("Trần Đề" is a name; "Nghị quyết", also
written "nghị quyết", is not).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from answer.question import QUESTION_WORDS, proper_names
from ingest.normalize import fold

_WORD = re.compile(r"\w+")
_CELL = re.compile(r"[\t\n]")


class NameIndex:
    def __init__(self, texts: Iterable[str]):
        texts = list(texts)
        lower: set[str] = set()
        for text in texts:
            words = _WORD.findall(text)
            lower.update(f"{fold(a)} {fold(b)}" for a, b in zip(words, words[1:]) if a.islower() and b.islower())
        written: dict[str, str] = {}  # folded name → as first written
        for text in texts:
            # A table's cells are read apart: "Hậu Giang<tab>Nhiệm kỳ …" is no name.
            for cell in _CELL.split(text):
                for name in map(_trimmed, proper_names(cell)):
                    if len(name.split()) >= 2:
                        written.setdefault(fold(name), name)
        pairs = lambda folded: zip(folded.split(), folded.split()[1:])
        names = {folded: name for folded, name in written.items()
                 if all(f"{a} {b}" not in lower for a, b in pairs(folded))}
        self.names = names
        # Longest first: "tran de 2" before "tran de".
        self._pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                                   + r")\b") if names else None

    def in_text(self, text: str) -> tuple[str, ...]:
        """The corpus's names a text writes, folded or not, as the corpus writes them."""
        if not self._pattern:
            return ()
        return tuple(dict.fromkeys(self.names[m.group(0)] for m in self._pattern.finditer(fold(text))))


def _trimmed(name: str) -> str:
    """A run without the question words a heading's capitals give it: "Về Tốc" (độ) is "Tốc"."""
    words = name.split()
    while words and words[0].lower() in QUESTION_WORDS:
        words.pop(0)
    return " ".join(words)
