"""Footnotes: a footnote line ("<sup>31</sup> Trong đó, năm 2022 đạt 2.285,7 triệu USD", "[61] Năm
2004 khoảng 4 700 tỷ đồng") and the clause of the text that cites it ("… tổng kim ngạch xuất khẩu,
dịch vụ và thu ngoại tệ ước đạt 10.635 triệu USD<sup>31</sup>"), which says what its figures are of.
The definition may stand hundreds of lines after the citing sentence, at the end of a section.
"""
from __future__ import annotations

import re

from ingest.structure import strip_markup

# A footnote line: "<sup>30</sup> Gồm: …", "<sup>[17]</sup> …", "[3] …", "\[3] …".
NOTE = re.compile(r"^\s*(?:<sup>\s*[\[(]?(\d+)[\])]?\s*</sup>|\\?\[(\d+)\])")
# A footnote cited in the text: "… 04 Trung tâm Logistics<sup>[17]</sup>", "<sup>(7)</sup>".
NOTE_REF = re.compile(r"(?<!^)<sup>\s*[\[(]?(\d+)[\])]?\s*</sup>", re.MULTILINE)
# The number opening a footnote's readable text, once its markup is stripped: "[61] Năm 2004 …".
NOTE_NUMBER = re.compile(r"^\[?\d+\]\s+")
# Lines back from a footnote to the sentence citing it: a report's notes follow its section.
REACH = 1200


def note_number(raw: str) -> str | None:
    """The number of the footnote a raw line defines, or None."""
    m = NOTE.match(raw)
    return (m.group(1) or m.group(2)) if m else None


def note_mark(number: str) -> re.Pattern:
    """Footnote `number` cited in the text: "<sup>17</sup>", "<sup>[17]</sup>", "<sup>(7)</sup>"."""
    return re.compile(rf"<sup>\s*[\[(]?{number}[\])]?\s*</sup>")


def citing_clause(raw: str, number: str) -> str:
    """The sentence or clause of a raw line that ends where footnote `number` is cited."""
    mark = note_mark(number).search(raw)
    before = strip_markup(raw[: mark.start()])
    return re.split(r"(?<=[.;:])\s+", before)[-1]


def cited_by(lines: dict[int, str]) -> dict[int, str]:
    """For each footnote line of one document (raw lines by number), the clause that cites it."""
    out, used = {}, set()
    numbers = sorted(lines)
    for i, n in enumerate(numbers):
        number = note_number(lines[n])
        if number is None:
            continue
        mark = note_mark(number)
        for m in reversed(numbers[max(0, i - REACH):i]):
            raw = lines[m]
            if mark.search(raw) and not NOTE.match(raw):
                # A mark cites one footnote: a second definition of the number (a slip in numbering)
                # has no citing sentence, rather than the first one's.
                if (m, number) not in used:
                    used.add((m, number))
                    out[n] = citing_clause(raw, number)
                break
    return out


def notes_cited(lines: list[str], line: int, sentence: str) -> list[int]:
    """The lines (1-based) of the footnotes that `sentence`, read on raw line `line` of a document's
    `lines`, cites: "Triển khai thực hiện 03 dự án … (PPP)<sup>[29]</sup>" and "<sup>[29]</sup> Đầu tư
    thay thế hệ thống đèn chiếu sáng …", which names the three."""
    raw = lines[line - 1]
    bare = lambda text: " ".join(strip_markup(text).split()).rstrip(" .;:,")
    said = bare(sentence)
    out = []
    for number in dict.fromkeys(NOTE_REF.findall(raw)):
        # The clause ending at the mark is in the sentence, or the sentence is its end.
        clause = bare(citing_clause(raw, number))
        if not clause or clause not in said and not clause.endswith(said):
            continue
        found = next((n for n in range(line + 1, min(len(lines), line + REACH) + 1)
                      if note_number(lines[n - 1]) == number), None)
        if found:
            out.append(found)
    return out
