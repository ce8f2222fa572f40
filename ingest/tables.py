"""Tab-separated tables → one typed, header-paired record per data row.

The converted documents keep Word tables as tab-separated lines. Headers often span two
rows ("Năm 2024" over "Ước thực hiện cả năm") and repeat after every page break. A row
record names its table, its group ("B. Chỉ tiêu xã hội"), its parent row for "- / +"
sub-rows, and every cell with its full column header, so that "18,02" in a row reads as
"Năm 2024 › Ước thực hiện cả năm: 18,02".
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ingest.normalize import fold
from ingest.structure import strip_markup

_TAG = re.compile(r"<[^>]+>")
_NUMERIC = re.compile(r"^[<>≥≤=~+\-]*\s*\d[\d.,\s%\-–]*$")
_VALUE_HEADER = re.compile(r"ĐVT|đơn vị|năm|\d{4}|kế hoạch|thực hiện|ước|mục tiêu|so sánh|ghi chú|cơ quan", re.IGNORECASE)
# "A. Chỉ tiêu kinh tế", "II CÁC NHIỆM VỤ …": a letter or Roman numeral, then a stop or a word in capitals.
_GROUP = re.compile(r"^(?:[A-ZĐ]|[IVX]{1,5})(?:\s*[.\-–]\s*\S|\s+(?P<word>[^\W\d_]{2}))")
_YEAR_CELL = re.compile(r"^(?:19|20)\d\d$")
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")
# Page-break header repeats differ by OCR slips ("ĐẦU RA"/"ĐÀU RA", "ĐẢNG"/"ĐĂNG").
_REPEAT_SIMILARITY = 0.85
_PARENT = re.compile(r"^(?:\d{1,2}\s*[.\-]|\(\d{1,2}\))")
_CHILD = re.compile(r"^(?:[-+.•]|Trong đó|trong đó)")
_MAX_LABEL_COLS = 2
# A sub-header names columns in a few words; a long or bulleted cell under the header is the rest
# of a row cut by a page break ("<p>- Dự án Nâng cấp … đã phê duyệt …"), not a column's name.
_MAX_SUBHEADER_CHARS = 100
_MAX_TITLE_LOOKBACK = 6
_MAX_TITLE_CHARS = 300
_MIN_TITLE_CHARS = 20  # shorter captions are signatures ("CHỦ TỊCH"), not titles


def clean_cell(cell: str) -> str:
    """Cell text without HTML fragments (<p>…</p>, <i>) or surplus spaces."""
    return " ".join(html.unescape(_TAG.sub(" ", cell)).split())


def _cells(line: str) -> list[str]:
    return [clean_cell(c) for c in line.split("\t")]


def is_numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell))


def _is_value(cell: str) -> bool:
    """A data value; a year alone is a column heading ("Năm | 2020 | 2021")."""
    return is_numeric(cell) and not _YEAR_CELL.match(cell)


def _repeats(cells: list[str], header_rows: list[list[str]]) -> bool:
    row = fold("|".join(cells))
    return any(SequenceMatcher(None, row, fold("|".join(h))).ratio() >= _REPEAT_SIMILARITY for h in header_rows)


def _names_columns(cells: list[str]) -> bool:
    return all(len(c) <= _MAX_SUBHEADER_CHARS and not _CHILD.match(c) for c in cells if c)


def _estimate_and_ratio(columns: list[str]) -> tuple[int, int] | None:
    """The indices of a table's estimate or result column and of its ratio-to-target column
    ("Tỷ lệ thực hiện so với chỉ tiêu"), when it has both."""
    folded = [fold(c) for c in columns]
    ratio = next((j for j, c in enumerate(folded) if "so voi" in c), None)
    result = next((j for j, c in enumerate(folded) if "thuc hien" in c and "so voi" not in c
                   and not c.startswith("ty le")), None)
    return (result, ratio) if ratio is not None and result is not None else None


def _unshifted(values: list[tuple[int, str]], columns: list[str]) -> list[tuple[int, str]]:
    """A row whose estimate cell is empty and whose ratio cell holds a value not in percent has its
    estimate one column off, as a PDF's converted row can ("12. Số bác sĩ/vạn dân | 17 | | Vượt |
    18,03"): that value is the estimate, shown and read under the estimate's column."""
    pair = _estimate_and_ratio(columns)
    if not pair:
        return values
    result, ratio = pair
    held = dict(values)
    if result in held or ratio not in held or "%" in held[ratio]:
        return values
    return sorted((result if j == ratio else j, c) for j, c in values)


def _column_numbers(cells: list[str]) -> bool:
    """The "(1) (2) (3)" row under a header numbers the columns; it holds no data."""
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(_COLUMN_NUMBERS.match(c) for c in filled)


@dataclass(frozen=True)
class Cell:
    column: str  # full column header, " › "-joined over the header rows ("Năm 2024 › Ước thực hiện cả năm")
    value: str


@dataclass(frozen=True)
class TableRecord:
    """One table row, typed: where it sits (table title, group, parent row, own label) and its cells."""
    path: tuple[str, ...]  # the last element is the row's own label
    cells: tuple[Cell, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def title(self) -> str:
        return self.path[0] if self.path else ""

    def render(self) -> str:
        """'Title › Group › Label — Column: value; …': what the encoder and BM25 read."""
        pairs = "; ".join(f"{c.column}: {c.value}" for c in self.cells)
        return " › ".join(self.path) + (f" — {pairs}" if pairs else "")

    def to_json(self) -> dict:
        return {"path": list(self.path), "cells": [[c.column, c.value] for c in self.cells]}

    @classmethod
    def from_json(cls, raw: dict) -> "TableRecord":
        return cls(tuple(raw["path"]), tuple(Cell(c, v) for c, v in raw["cells"]))


@dataclass(frozen=True)
class TableRow:
    line: int  # 1-based line number in the file
    record: TableRecord


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    header_lines: tuple[int, ...]
    repeated_header_lines: tuple[int, ...]
    rows: tuple[TableRow, ...]


def _blocks(lines: list[str]) -> list[list[int]]:
    """Runs of tab-bearing lines (0-based), bridging blank lines between pages of one table."""
    blocks, current, i = [], [], 0
    while i < len(lines):
        if "\t" in lines[i]:
            current.append(i)
        elif current and not lines[i].strip():
            nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
            if nxt is None or "\t" not in lines[nxt]:
                blocks.append(current)
                current = []
        elif current:
            blocks.append(current)
            current = []
        i += 1
    if current:
        blocks.append(current)
    return blocks


def _title_before(lines: list[str], start: int) -> str:
    """The table's caption: the nearest short lines above it, preferring upper-case titles."""
    found = []
    for j in range(start - 1, max(-1, start - _MAX_TITLE_LOOKBACK - 1), -1):
        text = strip_markup(lines[j])
        if not text:
            continue
        if "\t" in lines[j] or len(text) > _MAX_TITLE_CHARS:
            break
        found.append(text)
    upper = [t for t in found if sum(c.isupper() for c in t) > 0.6 * sum(c.isalpha() for c in t)]
    chosen = list(reversed(upper or found[:1]))
    return " ".join(chosen)


def _is_group(label: str) -> bool:
    m = _GROUP.match(label)
    return bool(m) and (not m.group("word") or m.group("word").isupper())


def _columns(header: list[list[str]]) -> list[str]:
    width = max(len(r) for r in header)
    rows = [r + [""] * (width - len(r)) for r in header]
    top = rows[0][:]
    # A top cell spans right over the empty cells that have a sub-header below them.
    for j in range(1, width):
        if not top[j] and any(r[j] for r in rows[1:]):
            top[j] = top[j - 1]
    names = []
    for j in range(width):
        parts = [top[j]] + [r[j] for r in rows[1:]]
        names.append(" › ".join(p for p in parts if p))
    return names


def _label_cols(columns: list[str]) -> int:
    n = 0
    for name in columns[:_MAX_LABEL_COLS]:
        if name and _VALUE_HEADER.search(name):
            break
        n += 1
    return max(n, 1)


def parse_table(lines: list[str], block: list[int], default_title: str = "", before: Table | None = None) -> Table:
    """The table of one block; `before` is the table just above, which this one may continue after
    a page break (its header repeated, its last row's text going on in a label-less first row)."""
    first = _cells(lines[block[0]])
    non_empty = [c for c in first if c]
    has_header = bool(non_empty) and sum(_is_value(c) for c in non_empty) < len(non_empty) / 2
    header_idx = [block[0]] if has_header else []
    if has_header:
        for i in block[1:3]:
            cells = _cells(lines[i])
            if len(cells) > 1 and not cells[0] and not cells[1] and any(cells) and _names_columns(cells):
                header_idx.append(i)
            else:
                break
    header_cells = [_cells(lines[i]) for i in header_idx]
    columns = _columns(header_cells) if header_cells else []
    n_label = _label_cols(columns) if columns else 1

    caption = _title_before(lines, block[0])
    title = caption if len(caption) >= _MIN_TITLE_CHARS else default_title
    # With no caption of its own, under the header of the table above repeated, the table above goes
    # on after a page break: that header is no new one, and a row with values but no label goes on
    # with the row before it, the same task.
    goes_on = bool(before and header_cells and not caption and _repeats(header_cells[0], [list(before.columns)]))
    continued = before.rows[-1].record.path if goes_on and before.rows else ()
    repeated, rows = [], []
    group = parent = ""
    for i in block:
        if i in header_idx or not lines[i].strip():
            continue
        cells = _cells(lines[i])
        if (header_cells and _repeats(cells, header_cells)) or _column_numbers(cells):
            repeated.append(i + 1)
            continue
        label = " ".join(c for c in cells[:n_label] if c)
        values = _unshifted([(j, c) for j, c in enumerate(cells) if c and j >= n_label], columns)
        if not values and _is_group(label):
            group, parent = label, ""
            rows.append(TableRow(i + 1, TableRecord(tuple(p for p in (title, label) if p))))
            continue
        if _PARENT.match(label):
            parent = label
        elif not parent and not values:
            parent = label  # an unnumbered heading row ("Trong đó:") over the rows below
        is_child = parent and label != parent
        path = [p for p in (title, group, parent if is_child else "") if p]
        cells = tuple(Cell(columns[j] if j < len(columns) and columns[j] else f"cột {j + 1}", c) for j, c in values)
        own = continued if not label and values and continued else tuple(path + [label or "(dòng không nhãn)"])
        rows.append(TableRow(i + 1, TableRecord(own, cells)))
        continued = own
    return Table(
        title=title,
        columns=tuple(columns),
        header_lines=() if goes_on else tuple(i + 1 for i in header_idx),
        repeated_header_lines=tuple(sorted(repeated + ([i + 1 for i in header_idx] if goes_on else []))),
        rows=tuple(rows),
    )


def find_tables(lines: list[str], default_title_at=lambda line: "") -> list[Table]:
    """All tables of a document; ``default_title_at(line)`` names a table that has no caption."""
    tables: list[Table] = []
    for block in _blocks(lines):
        tables.append(parse_table(lines, block, default_title_at(block[0] + 1), tables[-1] if tables else None))
    return tables
