"""An indicator's values by year, read from the figure catalogue: what the timeline plots.

Staff want "2020 → 2024 results, 2025 estimate, 2030 target" at a glance. Every catalogue
record of the indicator that names a year becomes a point at that year (a term at its last
year, "đến năm 2030" at 2030), in one series per place and kind of figure (result, estimate,
target, plan, scenario), and one chart per unit: GRDP per head in "triệu đồng" and in "USD"
are two charts, never one axis. Ratios to a target ("82,75% so với chỉ tiêu") measure the
target, not the indicator, and are left out. Each point keeps the record it comes from,
so the chart can link it to its source line, and is marked where documents disagree
(answer.provenance.mark_disagreements, the same rule as the table).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from answer.provenance import KIND_LABELS, kind_of, mark_disagreements, newest_first, unit_key, unit_label
from ingest.periods import RATIO
from ingest.statements import FigureStatement, group_key, value_range

# Remarks in a label say how an indicator is counted, not which one it is: "(Giá HH)".
_REMARK = re.compile(r"\([^)]*\)")
# "GRDP bình quân đầu người/năm" is GRDP per head: a yearly figure says so anyway.
_PER_YEAR = re.compile(r"\s*/\s*nam$")
# Two numbers joined by a dash are a range ("104-106"): drawn as a bar from one to the other.
_KIND_ORDER = {kind: n for n, kind in enumerate(KIND_LABELS)}  # series of one place: result first


@lru_cache(maxsize=65536)
def indicator_key(label: str) -> str:
    """The key an indicator is plotted under: 'GRDP bình quân đầu người (Giá HH)' and
    'GRDP bình quân đầu người/năm' are 'grdp binh quan dau nguoi'."""
    return _PER_YEAR.sub("", group_key(_REMARK.sub(" ", label))).strip()


@dataclass(frozen=True)
class TimelinePoint:
    year: int
    low: float
    high: float  # low, unless the value is a range
    record: FigureStatement  # the newest or most authoritative statement of this value: the link
    copies: int  # statements giving this value for this year, place and kind
    disagrees: bool  # another document gives another value for this year, place and kind

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Series:
    locality: str
    kind: str  # a key of answer.provenance.KIND_LABELS
    points: tuple[TimelinePoint, ...]  # by year

    @property
    def label(self) -> str:
        return f"{self.locality or 'không rõ địa phương'} · {KIND_LABELS[self.kind]}"


@dataclass(frozen=True)
class Panel:
    unit: str
    series: tuple[Series, ...]

    @property
    def points(self) -> list[TimelinePoint]:
        return [p for s in self.series for p in s.points]


@dataclass(frozen=True)
class Timeline:
    indicator: str  # as most documents write it
    key: str
    panels: tuple[Panel, ...]  # the unit with most points first
    undated: int  # statements of the indicator without a year, not plotted

    @property
    def points(self) -> list[TimelinePoint]:
        return [p for panel in self.panels for p in panel.points]


def _chosen_key(records: list[FigureStatement], indicator: str) -> str:
    """The plotted indicator: the one named exactly, else the most stated indicator whose name holds
    the words ("hộ nghèo" → "tỷ lệ hộ nghèo")."""
    wanted = indicator_key(indicator)
    if not wanted:
        return ""
    keys = Counter(indicator_key(r.indicator) for r in records if r.group and wanted in r.group)
    if wanted in keys:
        return wanted
    holding = [(n, k) for k, n in keys.items() if re.search(rf"(?<![\w/]){re.escape(wanted)}(?![\w/])", k)]
    return max(holding)[1] if holding else ""


def build_timeline(records: list[FigureStatement], indicator: str) -> Timeline | None:
    """The timeline of the indicator named by `indicator` (a query's words or a label); None when
    the catalogue names no such indicator."""
    key = _chosen_key(records, indicator)
    stated = [r for r in records if indicator_key(r.indicator) == key and kind_of(r) != RATIO] if key else []
    if not stated:
        return None
    marked = mark_disagreements(stated, indicator=lambda r: key)
    plotted = [r for r in marked if r.span and value_range(r.value)]
    panels = sorted((_panel(rows) for rows in _by_unit(plotted, key)), key=lambda p: -len(p.points))
    label = Counter(r.indicator for r in stated).most_common(1)[0][0]
    return Timeline(label, key, tuple(panels), undated=sum(not r.span for r in marked))


def _by_unit(rows: list[FigureStatement], key: str) -> list[list[FigureStatement]]:
    """Rows split by unit. A figure written without a unit, or with the indicator's own noun as unit
    ("19 bác sỹ/vạn dân"), is read in the unit the indicator is mostly given in."""
    words = set(re.split(r"[\s/]+", key))
    own = lambda r: not unit_key(r) or set(re.split(r"[\s/]+", unit_key(r))) <= words
    by_unit: dict[str, list[FigureStatement]] = {}
    for r in rows:
        if not own(r):
            by_unit.setdefault(unit_key(r), []).append(r)
    plain = [r for r in rows if own(r)]
    most = max(by_unit.values(), key=len, default=[])
    if len(most) > len(plain):
        most.extend(plain)
    elif plain:
        by_unit[""] = plain
    return list(by_unit.values())


def _panel(rows: list[FigureStatement]) -> Panel:
    units = Counter(unit_label(r) for r in rows if unit_label(r))
    unit = units.most_common(1)[0][0] if units else ""
    series: dict[tuple[str, str], dict[tuple[int, str], list[FigureStatement]]] = {}
    for r in rows:
        series.setdefault((r.locality, kind_of(r)), {}).setdefault((r.span.end, r.value_key), []).append(r)
    out = []
    for (locality, kind), points in sorted(series.items(), key=lambda item: (item[0][0], _KIND_ORDER[item[0][1]])):
        made = []
        for (year, _), same in sorted(points.items()):
            lead = newest_first(same)[0]
            low, high = value_range(lead.value)
            made.append(TimelinePoint(year, low, high, lead, len(same), any(r.disagrees for r in same)))
        out.append(Series(locality, kind, tuple(made)))
    return Panel(unit, tuple(out))
