"""Figure provenance: every place in the corpus that states a figure or an indicator.

Staff check a number before quoting it: "18,02" or "bác sĩ/vạn dân" → one row per
statement (value, unit, period, locality, document, section, line, quote), grouped by
indicator, with rows marked where two documents give different values for the same
indicator, year, locality and kind of figure (target or actual). The statements
themselves are read by ingest.statements, the same reader the figure catalogue uses.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.chunks import Chunk
from ingest.manifest import FileEntry
from ingest.patterns import NUMBER_SPAN, YEAR_SPAN, is_year
from ingest.statements import FigureQuery, FigureStatement, group_key, match_key, statements_of, value_key

DEFAULT_LIMIT = 2000
# A user typing "18.02" means the decimal "18,02": a dot followed by other than 3 digits.
_DOT_DECIMAL = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2}|\d{4,})(?![\d.,])")


@dataclass(frozen=True)
class FigureGroup:
    indicator: str
    key: str
    rows: tuple[FigureStatement, ...]

    @property
    def disagreement(self) -> bool:
        return any(r.disagrees for r in self.rows)


def parse_query(query: str) -> FigureQuery:
    """Numbers and the indicator words of a query; years next to words filter the period."""
    text = _DOT_DECIMAL.sub(r"\1,\2", " ".join((query or "").split()))
    numbers = {value_key(m.group(0)) for m in NUMBER_SPAN.finditer(text)}
    words = match_key(NUMBER_SPAN.sub(" ", text))
    words = re.sub(r"\b(?:nam|so lieu|chi tieu)\b", " ", words) if numbers else words
    words = " ".join(words.split())
    years = {n for n in numbers if is_year(n)}
    if words and years:
        return FigureQuery(frozenset(numbers - years), words, frozenset(years))
    return FigureQuery(frozenset(numbers), words)


# --- finding statements -------------------------------------------------------------------

@lru_cache(maxsize=16384)
def _searchable(search_text: str) -> str:
    return match_key(search_text)


@lru_cache(maxsize=16384)
def _values_of(text: str) -> frozenset[str]:
    return frozenset(value_key(m.group(0)) for m in NUMBER_SPAN.finditer(text))


def warm_up(chunks: list[Chunk]) -> None:
    """Compute the per-chunk match keys once (about 2 s for the corpus) so the first query is fast."""
    for chunk in chunks:
        _searchable(chunk.search_text)
        _values_of(chunk.text)


def find_figure(query: str, chunks: list[Chunk], entries: dict[str, FileEntry],
                limit: int = DEFAULT_LIMIT) -> list[FigureStatement]:
    """Every statement of the queried number and/or indicator, in corpus order."""
    q = parse_query(query)
    if not q.numbers and not q.indicator:
        return []
    rows: list[FigureStatement] = []
    for chunk in chunks:
        if q.indicator and q.indicator not in _searchable(chunk.search_text):
            continue
        if q.numbers and not q.numbers & _values_of(chunk.text):
            continue
        rows.extend(r for r in statements_of(chunk, entries, q) if _in_years(r, q))
        if len(rows) >= limit:
            return rows[:limit]
    return rows


def _in_years(row: FigureStatement, q: FigureQuery) -> bool:
    return not q.years or any(y in row.period or y in row.quote for y in q.years)


# --- grouping ---------------------------------------------------------------------------

def group_rows(rows: list[FigureStatement], entries: dict[str, FileEntry] | None = None) -> list[FigureGroup]:
    """Rows grouped by indicator key, each row marked when another document disagrees with it.

    Two rows disagree when they come from different files and give different values for the
    same indicator, year, locality and kind of figure (target, achieved, ratio to target)."""
    buckets: dict[str, list[FigureStatement]] = {}
    for r in rows:
        buckets.setdefault(r.group, []).append(r)
    groups = []
    for k, members in buckets.items():
        marked = _mark_disagreements(members)
        marked.sort(key=lambda r: (_sort_year(r), _recency(r, entries), r.file, r.line))
        label = Counter(r.indicator for r in marked if group_key(r.indicator) == k).most_common(1)
        groups.append(FigureGroup(label[0][0] if label else marked[0].indicator, k, tuple(marked)))
    groups.sort(key=lambda g: (-g.disagreement, -len(g.rows), g.key))
    return groups


def _comparable(r: FigureStatement) -> tuple[str, str, str] | None:
    years = sorted(set(m.group(0) for m in YEAR_SPAN.finditer(r.period)))
    if not years:
        return None  # without a year two figures may describe different periods
    return (" ".join(years), r.locality, r.measure)


def _mark_disagreements(rows: list[FigureStatement]) -> list[FigureStatement]:
    by_key: dict[tuple, list[FigureStatement]] = {}
    for r in rows:
        k = _comparable(r)
        if k:
            by_key.setdefault(k, []).append(r)
    out = []
    for r in rows:
        others = [s for s in by_key.get(_comparable(r), []) if s.file != r.file and s.value_key != r.value_key]
        if others:
            note = "Khác với: " + "; ".join(f"{s.value} ({s.file}, dòng {s.line})" for s in others[:3])
            out.append(replace(r, disagrees=True, note=note))
        else:
            out.append(r)
    return out


def _sort_year(r: FigureStatement) -> str:
    m = YEAR_SPAN.search(r.period)
    return m.group(0) if m else "9999"


def _recency(r: FigureStatement, entries: dict[str, FileEntry] | None) -> str:
    # Newest document first within a year: invert the ISO date's characters.
    date = entries[r.file].date if entries and r.file in entries else r.date
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


# --- export -----------------------------------------------------------------------------

CSV_COLUMNS = ("chỉ tiêu (nhóm)", "chỉ tiêu", "giá trị", "đơn vị", "kỳ/năm", "địa phương", "tệp", "văn bản",
               "ngày", "trạng thái", "mục", "dòng", "trích dẫn", "khác biệt", "ghi chú")


def _safe_cell(text: str) -> str:
    # Spreadsheets run a cell starting with = + - @ as a formula; table labels often start with + or -.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: list[FigureStatement] | list[FigureGroup]) -> str:
    """CSV text, one line per row (groups are flattened in order)."""
    flat = [r for g in rows for r in g.rows] if rows and isinstance(rows[0], FigureGroup) else list(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in flat:
        writer.writerow([_safe_cell(str(v)) for v in (
            r.group, r.indicator, r.value, r.unit, r.period, r.locality, r.file, r.document, r.date, r.status,
            r.section, r.line, r.quote, "có" if r.disagrees else "", r.note)])
    return out.getvalue()

