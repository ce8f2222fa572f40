"""Section paths from the numbering of headings.

The converted files mark headings inconsistently (``#`` levels, bold, italics, plain
text), so the level of a heading comes from its numbering style alone:
Phụ lục > PHẦN > A. > I. / Điều 1. > 1. > 1.1. > 1.1.1. > a) > (1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARKUP = re.compile(r"</?(?:sup|sub|p|i|b|u|em|strong|br)\s*/?>|\\(?=[*#_\[\]\-.])")
_EDGE_MARKS = re.compile(r"^[#*_\s]+|[*_\s]+$")
_FOOTNOTE_REF = re.compile(r"<sup>\s*\[?\(?\d+\)?\]?\s*</sup>")
FOOTNOTE_DEFINITION = re.compile(r"^\s*(?:<sup>\s*)?\\?\[(\d+)\]")
# Emphasis asterisks go; a "(*)" note mark stays.
_EMPHASIS = re.compile(r"(?<!\()\*+(?!\))")

# (level, pattern). Lower levels are higher in the hierarchy.
_LEVELS: list[tuple[int, re.Pattern]] = [
    (0, re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVX]+|\d+))?$")),
    (1, re.compile(r"^(?:PHẦN|Phần)\s+(?:THỨ\s+\w+|thứ\s+\w+|[IVX]+|\d+)\b", re.IGNORECASE)),
    # A letter's addressees close it: they belong to no item of its last section.
    (1, re.compile(r"^Nơi nhận\s*:?$", re.IGNORECASE)),
    (2, re.compile(r"^[A-HK-UWYZĐ](?:\s*[.\-–]\s+\S|\s+[A-ZĐ][A-ZĐÀ-Ỹ]+\s)")),
    (3, re.compile(r"^(?:[IVX]{1,5}(?:\s*[.\-–:]\s*\S|\s+[A-ZĐ][A-ZĐÀ-Ỹ]+\s)|Điều\s+\d+\s*[.:])")),
    (6, re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+\S")),
    (5, re.compile(r"^\d{1,2}\.\d{1,2}\.?\s+\S")),
    (4, re.compile(r"^\d{1,2}\s*[.\-–]\s*(?!\d)\S")),
    (7, re.compile(r"^[a-zđ]\)\s*\S")),
    (8, re.compile(r"^\(\d{1,2}\)\s*[-–]?\s*\S")),
]
LABEL_CHARS = 80  # a heading label longer than this is cut, or is an appendix's whole title
# An appendix's title runs over a few capitalised lines and ends with whose figures it holds.
_APPENDIX_LABEL_CHARS, _TITLE_LINES = 160, 3


@dataclass(frozen=True)
class Heading:
    level: int
    label: str


def strip_markup(line: str) -> str:
    """The line without markdown emphasis, heading marks, HTML tags or footnote refs."""
    text = _FOOTNOTE_REF.sub("", line)
    text = _MARKUP.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _EDGE_MARKS.sub("", text).strip()


def _short_label(text: str, chars: int = LABEL_CHARS) -> str:
    head, colon, _ = text.partition(":")
    if colon and 4 <= len(head) <= chars:
        text = head
    if len(text) <= chars:
        return text.rstrip(":;,.")
    cut = text[:chars].rsplit(" ", 1)[0]
    return cut.rstrip(":;,.") + "…"


# A table's group row: a Roman numeral or "a)", a title, every other cell empty ("VII-\tPHÁT HUY …\t\t\t").
_GROUP_NUMBER = re.compile(r"^(?:[IVX]{1,5}\s*[.\-–]?|[a-zđ]\))$")


def _group_row(line: str) -> str | None:
    cells = [c.strip() for c in line.split("\t")]
    filled = [c for c in cells if c]
    if len(filled) == 2 and cells[0] == filled[0] and _GROUP_NUMBER.match(filled[0]):
        return f"{filled[0]} {filled[1]}"
    return None


def heading_of(line: str) -> Heading | None:
    """The heading a line opens, or None for body text and table rows. A table's group row
    heads the rows under it, as a numbered heading heads its paragraphs."""
    if FOOTNOTE_DEFINITION.match(line):
        return None
    if "\t" in line:
        group = _group_row(strip_markup(line))
        if group is None:
            return None
        line = group
    text = strip_markup(line)
    if not text:
        return None
    for level, pattern in _LEVELS:
        if pattern.match(text):
            return Heading(level, _short_label(text))
    return None


def _appendix_label(label: str, lines: list[str], i: int) -> str:
    """'Phụ lục I' stands alone on its line; its title is the next non-blank line, with the
    capitalised lines right under it: "KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT" / "NHIỆM KỲ
    2020 - 2025, TỈNH HẬU GIANG" names whose results the table holds."""
    for n in range(i + 1, min(i + 4, len(lines))):
        title = strip_markup(lines[n])
        if title and "\t" not in lines[n]:
            for nxt in lines[n + 1 : n + 1 + _TITLE_LINES]:
                more = strip_markup(nxt)
                if not more or "\t" in nxt or not _capitalised(more):
                    break
                title = f"{title} {more}"
            return _short_label(f"{label} – {title}", _APPENDIX_LABEL_CHARS)
    return label


def _capitalised(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def section_paths(lines: list[str], roots: list[tuple[int, int, str]],
                  styled: dict[int, int] | None = None) -> list[tuple[str, ...]]:
    """A section path for every line (index i is line i+1).

    ``roots`` are the sub-documents as (first_line, last_line, title), 1-based inclusive;
    the path starts with the title of the sub-document holding the line and the stack of
    headings resets at each sub-document boundary. ``styled`` gives the level of headings
    a Word style marks ({line number: level}); numbering still decides when present.
    """
    styled = styled or {}
    root_of = [""] * len(lines)
    starts = set()
    for first, last, title in roots:
        starts.add(first)
        for n in range(max(first, 1), min(last, len(lines)) + 1):
            root_of[n - 1] = title
    paths: list[tuple[str, ...]] = []
    stack: list[Heading] = []
    for i, line in enumerate(lines):
        if i + 1 in starts:
            stack = []
        heading = heading_of(line)
        if heading is None and i + 1 in styled and (label := strip_markup(line)):
            heading = Heading(styled[i + 1], _short_label(label))
        if heading and heading.level == 0:
            heading = Heading(0, _appendix_label(heading.label, lines, i))
        if heading:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            stack.append(heading)
        root = (root_of[i],) if root_of[i] else ()
        paths.append(root + tuple(h.label for h in stack))
    return paths
