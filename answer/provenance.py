"""Figure provenance: every place in the corpus that states a figure or an indicator.

Staff check a number before quoting it: "18,02" or "bác sĩ/vạn dân" → one row per
statement (value, unit, period, locality, document, section, line, quote), grouped by
indicator. Each figure is labelled with its kind (result, estimate, target, plan, ratio to
target, scenario), and only a true disagreement is marked: two documents giving different
values for the same indicator, place, period, kind and unit. A target beside a result, or a
scenario beside a target, is two kinds of figure, not a disagreement. The disagreements come
first, each with the newest or most authoritative document's value on top. The statements
themselves are read by ingest.statements, the same reader the figure catalogue uses.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from ingest.chunks import Chunk
from ingest.manifest import STATUS_RANK, FileEntry
from ingest.patterns import NUMBER_SPAN, is_year
from ingest.periods import ACTUAL, ESTIMATE, PLAN, RATIO, TARGET, names_scenario
from ingest.statements import FigureQuery, FigureStatement, group_key, match_key, statements_of, value_key

DEFAULT_LIMIT = 2000
# A user typing "18.02" means the decimal "18,02": a dot followed by other than 3 digits.
_DOT_DECIMAL = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2}|\d{4,})(?![\d.,])")


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


# --- kinds, units, periods ---------------------------------------------------------------

SCENARIO = "kịch bản"
# How each kind of figure is named to staff, in the table, the chart and the CSV.
KIND_LABELS = {ACTUAL: "kết quả", ESTIMATE: "ước thực hiện", TARGET: "mục tiêu", PLAN: "kế hoạch",
               RATIO: "so với chỉ tiêu", SCENARIO: "kịch bản"}
_SCENARIO_REACH = 60  # characters before a figure that may say it belongs to a scenario
_PER_HEAD = re.compile(r"(?:\s*/\s*(?:người|năm|lao động))+\s*$", re.IGNORECASE)


def kind_of(r: FigureStatement) -> str:
    """What kind of figure a statement gives (a key of KIND_LABELS). A figure under a scenario
    heading ("2.1. Kịch bản phấn đấu tăng trưởng 2 con số") or right after the word is a
    scenario whatever its verb: one of several paths, not a claim that can contradict another."""
    heading = r.section.rsplit(" › ", 1)[-1]
    at = r.quote.find(r.value)
    before = r.quote[max(0, at - _SCENARIO_REACH):at] if at > 0 else ""
    if names_scenario(heading) or names_scenario(before):
        return SCENARIO
    return r.stage if r.stage in KIND_LABELS else ACTUAL


def unit_label(r: FigureStatement) -> str:
    """The unit spelled one way: "Tr.đồng", "Triệu đồng" and "triệu đồng/người/năm" of a per-head
    figure are all "triệu đồng"; a value written with "%" is in %."""
    if "%" in r.value or "%" in r.unit:
        return "%"
    unit = re.sub(r"^tr\.\s*", "triệu ", r.unit.strip(), flags=re.IGNORECASE)
    unit = " ".join(_PER_HEAD.sub("", unit).split())
    return unit if unit.isupper() else unit.lower()


def unit_key(r: FigureStatement) -> str:
    return match_key(unit_label(r))


def period_key(r: FigureStatement) -> tuple[str, int] | None:
    """The period as compared: "đến năm 2030" and "năm 2030" are one year, a term is known by its
    last year; None without a year, since two such figures may describe different periods."""
    if not r.span:
        return None
    return ("range" if r.span.kind == "range" else "year", r.span.end)


def authority(r: FigureStatement) -> tuple[str, int]:
    """Sort key: the newer document (the date of its sub-document), then official over draft over reference."""
    return r.date, STATUS_RANK.get(r.status, 0)


# --- disagreements ----------------------------------------------------------------------

def _group(r: FigureStatement) -> str:
    return r.group


def comparable(r: FigureStatement, indicator: Callable[[FigureStatement], str] = _group) -> tuple | None:
    """What two statements must share to contradict each other: indicator, period, place, kind and unit;
    None for a statement that contradicts nothing (no year, or a scenario)."""
    period, kind = period_key(r), kind_of(r)
    if period is None or kind == SCENARIO:
        return None
    return indicator(r), period, r.locality, kind, unit_key(r)


def mark_disagreements(rows: list[FigureStatement],
                       indicator: Callable[[FigureStatement], str] = _group) -> list[FigureStatement]:
    """The rows, each marked (disagrees, note) when a row of another file gives another value for the
    same indicator, period, place, kind and unit. A revision inside one text is not a disagreement."""
    by_key: dict[tuple, list[FigureStatement]] = {}
    for r in rows:
        k = comparable(r, indicator)
        if k:
            by_key.setdefault(k, []).append(r)
    out = []
    for r in rows:
        others = [s for s in by_key.get(comparable(r, indicator), []) if s.file != r.file and s.value_key != r.value_key]
        if others:
            note = "Khác với: " + "; ".join(f"{s.value} ({s.file}, dòng {s.line})" for s in others[:3])
            out.append(replace(r, disagrees=True, note=note))
        else:
            out.append(replace(r, disagrees=False, note=""))
    return out


@dataclass(frozen=True)
class Disagreement:
    """Statements of one indicator, period, place and kind that do not give the same value."""
    indicator: str
    period: str  # "năm 2024", "giai đoạn 2020–2025"
    locality: str
    kind: str
    rows: tuple[FigureStatement, ...]  # the newest or most authoritative document first

    @property
    def values(self) -> list[str]:
        return list(dict.fromkeys(r.value for r in self.rows))


@dataclass(frozen=True)
class FigureGroup:
    indicator: str  # as written, the label most of its rows use
    key: str
    rows: tuple[FigureStatement, ...]  # by period, the newest or most authoritative document first

    @property
    def disagreement(self) -> bool:
        return any(r.disagrees for r in self.rows)


@dataclass(frozen=True)
class FigureTable:
    """What the provenance tab shows: the disagreements first, then every row by indicator."""
    disagreements: tuple[Disagreement, ...]
    groups: tuple[FigureGroup, ...]

    @property
    def rows(self) -> list[FigureStatement]:
        return [r for g in self.groups for r in g.rows]


def _label(rows: list[FigureStatement], key: str) -> str:
    named = Counter(r.indicator for r in rows if group_key(r.indicator) == key).most_common(1)
    return named[0][0] if named else rows[0].indicator


def newest_first(rows: list[FigureStatement]) -> list[FigureStatement]:
    return sorted(rows, key=lambda r: (authority(r), r.file, -r.line), reverse=True)


def _by_period(rows: list[FigureStatement]) -> list[FigureStatement]:
    # Stable: within a period the newest or most authoritative document stays first.
    return sorted(newest_first(rows), key=lambda r: r.span.end if r.span else 9999)


def arrange(rows: list[FigureStatement]) -> FigureTable:
    """Rows marked, grouped by indicator, and the disagreements gathered ahead of them."""
    marked = mark_disagreements(rows)
    buckets: dict[str, list[FigureStatement]] = {}
    for r in marked:
        buckets.setdefault(r.group, []).append(r)
    groups = [FigureGroup(_label(members, k), k, tuple(_by_period(members))) for k, members in buckets.items()]
    groups.sort(key=lambda g: (-g.disagreement, -len(g.rows), g.key))
    labels = {g.key: g.indicator for g in groups}
    compared: dict[tuple, list[FigureStatement]] = {}
    for r in (r for g in groups for r in g.rows):
        if (k := comparable(r)) is not None:
            compared.setdefault(k, []).append(r)
    # Every statement of a disagreeing indicator-period-place-kind, those that agree with one side too.
    disagreements = tuple(
        Disagreement(labels[k[0]], members[0].span.label, k[2], k[3], tuple(newest_first(members)))
        for k, members in compared.items() if any(r.disagrees for r in members))
    return FigureTable(disagreements, tuple(groups))


# --- export -----------------------------------------------------------------------------

CSV_COLUMNS = ("chỉ tiêu", "khoá chỉ tiêu (chuẩn hoá)", "giá trị", "đơn vị", "loại số liệu", "kỳ/năm", "địa phương",
               "tệp", "văn bản", "ngày", "trạng thái văn bản", "mục", "dòng", "trích dẫn", "khác biệt", "ghi chú")


def _safe_cell(text: str) -> str:
    # Spreadsheets run a cell starting with = + - @ as a formula; table labels often start with + or -.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: list[FigureStatement]) -> str:
    """CSV text, one line per row: the indicator as written first, its matching key beside it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([_safe_cell(str(v)) for v in (
            r.indicator, r.group, r.value, r.unit, KIND_LABELS[kind_of(r)], r.period, r.locality, r.file, r.document,
            r.date, r.status, r.section, r.line, r.quote, "có" if r.disagrees else "", r.note)])
    return out.getvalue()
