"""The indicators a results table assesses as asked: "những chỉ tiêu nào chưa đạt Nghị quyết?".

A table of results against targets carries an assessment column ("Đánh giá: Không đạt",
"Ghi chú: Chưa đạt NQ"). The table is the first one retrieval found with such a column;
every row of it, on every page (the rows share the table's title), that is assessed as
asked is listed and cited.
"""
from __future__ import annotations

from answer.question import Question
from answer.sections import ListAnswer
from ingest.chunks import Chunk
from ingest.patterns import ENUMERATOR
from ingest.periods import assessment_in

# An assessment cell is a few words ("Cơ bản đạt NQ"); a longer cell is a target written out.
_ASSESSMENT_CHARS = 25


def assessment_of(chunk: Chunk) -> str:
    """How a table row is assessed against its target; "" for a row without an assessment cell."""
    if not chunk.row:
        return ""
    for cell in chunk.row.cells:
        value = cell.value.strip()
        if len(value) <= _ASSESSMENT_CHARS and not any(ch.isdigit() for ch in value):
            found = assessment_in(value)
            if found:
                return found
    return ""


def assessed_list(asked: Question, retrieved: list[Chunk], all_chunks: list[Chunk]) -> ListAnswer | None:
    """The rows of the first retrieved results table assessed as the question asks; None when
    retrieval found no assessed table or the table has no such row."""
    first = next((c for c in retrieved if assessment_of(c)), None)
    if first is None:
        return None
    chosen = sorted((c for c in all_chunks if c.file == first.file and c.row and c.row.path[:1] == first.row.path[:1]
                     and assessment_of(c) == asked.assessment), key=lambda c: c.line_start)
    if not chosen:
        return None
    items = "; ".join(f"({n}) {ENUMERATOR.sub('', c.row.label).strip()}" for n, c in enumerate(chosen, 1))
    # No count of our own: every figure an answer states stands in a line it cites.
    return ListAnswer(f"Các chỉ tiêu {asked.assessment}: {items}.", chosen)
