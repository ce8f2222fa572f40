"""An issued document the answer names, written another way elsewhere in the corpus.

"Quyết định số 1116/QĐ-UBND ngày 01/4/2022 … phê duyệt Kế hoạch hành động …" in one appendix
and "1160/QĐ-UBND ngày 01/4/2022 … phê duyệt Kế hoạch hành động …" in another are one decision
written two ways; so are "45/2022/QH15" and "45/2020/QH15" of one resolution. The reader must
see both, as with a figure stated differently. Two references are one document written two
ways when they share the issuer and either the number (the year or the date then differs in
one part only) or the whole date (the number then differs), and the words around them agree.
"""
from __future__ import annotations

from dataclasses import dataclass

from ingest.chunks import Chunk
from ingest.issued import IssuedRef, issued_refs

# Share of the rarer words around the one reference (by idf) found around the other, when
# only the date ties two numbers.
SAME_CONTEXT = 0.2
# Two numbers of one issuer and one date this far apart are not two documents signed that day.
SEQUENCE_GAP = 10


@dataclass(frozen=True)
class RefRival:
    shown: IssuedRef  # as the answer writes it
    other: IssuedRef  # as another passage writes it
    chunk: Chunk  # that passage


def _parts_apart(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
    return sum(x != y for x, y in zip(a, b))


def written_apart(a: IssuedRef, b: IssuedRef) -> bool:
    """Whether two references of one issuer may be one document written two ways: the same
    number with another year in its code or one part of its date changed ("45/2020/QH15",
    "08/12/2024"), or the same date with a number far from the other's."""
    if a.kind != b.kind or (a.written, a.date) == (b.written, b.date):
        return False
    dated = a.date is not None and b.date is not None
    if a.number == b.number:
        # Numbers start again each year: "26/2019/NQ-HĐND ngày 06/12/2019" and "26/2020/… ngày
        # 04/12/2020" are two resolutions, their dates apart in more than one part.
        if dated:
            return _parts_apart(a.date, b.date) == 1
        return bool(a.year and b.year and a.year != b.year)
    # One issuer numbers one day's documents in sequence ("19-, 20-, 21-NQ/TW ngày 16/6/2022").
    return dated and a.date == b.date and abs(int(a.number) - int(b.number)) >= SEQUENCE_GAP


class IssuedIndex:
    """The references every passage makes, by issuer."""

    def __init__(self, chunks: list[Chunk], idf: dict[str, float]):
        self.idf = idf
        self.by_kind: dict[str, list[tuple[IssuedRef, Chunk]]] = {}
        for c in chunks:
            for r in issued_refs(c.text):
                self.by_kind.setdefault(r.kind, []).append((r, c))

    def rivals(self, text: str, cited: set[tuple[str, int]]) -> list[RefRival]:
        """Other passages writing a document that `text` names another way, one rival per
        passage; the passages `text` was taken from ((file, first line) in `cited`) are not
        compared with themselves."""
        shown = issued_refs(text.replace("**", ""))
        written = {(r.written, r.date) for r in shown}
        out: dict[str, RefRival] = {}
        for s in shown:
            for other, chunk in self.by_kind.get(s.kind, ()):
                if ((chunk.file, chunk.line_start) not in cited and chunk.id not in out and (other.written, other.date) not in written
                        and written_apart(s, other) and (s.number == other.number or self._same_about(s, other))):
                    out[chunk.id] = RefRival(s, other, chunk)
        return list(out.values())

    def _same_about(self, a: IssuedRef, b: IssuedRef) -> bool:
        weigh = lambda words: sum(self.idf.get(w, 0.0) for w in words)
        smaller = min(weigh(a.context), weigh(b.context))
        return smaller > 0 and weigh(a.context & b.context) >= SAME_CONTEXT * smaller


def quoted(rival: RefRival, width: int = 240) -> str:
    """The other passage's words around its reference, the reference in bold."""
    text = " ".join(rival.chunk.text.split())
    at = max(text.find(rival.other.written), 0)
    start = max(0, at - width // 2)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), at + len(rival.other.written) + width // 2)
    end = text.find(" ", end) if text.find(" ", end) > 0 else len(text)
    snippet = text[start:end].replace(rival.other.written, f"**{rival.other.written}**", 1)
    return ("… " if start else "") + snippet + (" …" if end < len(text) else "")
