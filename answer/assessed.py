"""The indicators a results table assesses as asked: "những chỉ tiêu nào chưa đạt Nghị quyết?".

A table of results against targets carries an assessment column ("Đánh giá: Không đạt",
"Ghi chú: Chưa đạt NQ"). The table is the first one retrieval found with such a column;
every row of it, on every page (the rows share the table's title), that is assessed as
asked is listed and cited. When the report counts them itself next to the table ("- Vượt 05/20
chỉ tiêu gồm: (1) …") and the count agrees, its own sentence leads, cited before the rows.
"""
from __future__ import annotations

import re
from dataclasses import replace

from answer.question import Question
from answer.sections import ListAnswer
from ingest.chunks import Chunk
from ingest.patterns import ENUMERATOR
from ingest.periods import assessment_in
from ingest.structure import strip_markup

# An assessment cell is a few words ("Cơ bản đạt NQ"); a longer cell is a target written out.
_ASSESSMENT_CHARS = 25
# "- Không đạt 05/20 chỉ tiêu, gồm: …", "Vượt 7/23 gồm: …", "Có 3 chỉ tiêu chưa đạt: …": a report's
# count of its indicators assessed so.
_ASSESSED = r"(?:không|chưa)\s+đạt|vượt|đạt"
_COUNTED = re.compile(rf"^\W*(?:(?P<word>{_ASSESSED})\s+(?P<n>\d+)\s*/\s*\d+\s*(?:chỉ\s+tiêu|,?\s*gồm)"
                      rf"|có\s+(?P<m>\d+)\s+chỉ\s+tiêu\s+(?P<after>{_ASSESSED}))", re.I)
# How far from its table a report counts the table's rows: the paragraphs just before or after it.
SUMMARY_LINES = 15


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
    table = sorted((c for c in all_chunks if c.file == first.file and c.row and c.row.path[:1] == first.row.path[:1]),
                   key=lambda c: c.line_start)
    chosen = [c for c in table if assessment_of(c) == asked.assessment]
    if not chosen:
        return None
    counted = _counted(asked.assessment, len(chosen), table, all_chunks)
    if counted:
        return ListAnswer(strip_markup(counted.text).strip(" -–•"), [counted, *chosen])
    items = "; ".join(f"({n}) {ENUMERATOR.sub('', c.row.label).strip()}" for n, c in enumerate(chosen, 1))
    # No count of our own: every figure an answer states stands in a line it cites.
    return ListAnswer(f"Các chỉ tiêu {asked.assessment}: {items}.", chosen)


def _counted(assessment: str, count: int, table: list[Chunk], all_chunks: list[Chunk]) -> Chunk | None:
    """The line beside `table` that counts `count` indicators assessed as `assessment`, as an
    excerpt of its passage."""
    first, last = table[0].line_start - SUMMARY_LINES, table[-1].line_end + SUMMARY_LINES
    for c in all_chunks:
        if c.file != table[0].file or c.row or c.line_end < first or c.line_start > last:
            continue
        for number, line in enumerate(c.text.split("\n"), c.line_start):
            m = _COUNTED.match(strip_markup(line))
            if m and first <= number <= last and int(m["n"] or m["m"]) == count \
                    and assessment_in(m["word"] or m["after"]) == assessment:
                return replace(c, line_start=number, line_end=number, text=line)
    return None
