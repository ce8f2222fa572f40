"""The indicator timeline as inline SVG, drawn with matplotlib: one chart per unit, each point a
link to its source line.

A point is an <a> whose href is the "#hvk/<file>/<start>/<end>" target the chat citations use
(ui.format.open_target), so the page's script opens the viewer at that line; its <title> says
what it is and where it comes from. Places have one colour across charts, kinds of figure one
marker and line style; a point where documents disagree is ringed. Text is left as text
(svg.fonttype "none"), so the browser sets it in the page's Vietnamese fonts.
"""
from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: charts are only ever written to SVG
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from answer.provenance import KIND_LABELS, SCENARIO  # noqa: E402
from answer.timeline import Panel, Series, Timeline, TimelinePoint  # noqa: E402
from ingest.periods import ACTUAL, ESTIMATE, PLAN, TARGET  # noqa: E402
from ui import format as fmt  # noqa: E402

COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#7f7f7f", "#bcbd22", "#e377c2")
DISAGREE_COLOUR = "#d9480f"


@dataclass(frozen=True)
class Style:
    marker: str
    filled: bool
    line: str


# Results are solid, estimates dotted, what is aimed at dashed; a scenario is one of several paths, unjoined.
STYLES = {ACTUAL: Style("o", True, "-"), ESTIMATE: Style("o", False, ":"), TARGET: Style("^", True, "--"),
          PLAN: Style("s", False, "--"), SCENARIO: Style("D", False, "")}
WIDTH, HEIGHT, HEIGHT_OTHER = 11.0, 4.4, 2.6  # inches, the first unit's chart taller; SVG scales to the page
DODGE = 0.14  # years between points stated for the same year
LABEL_TRIES = 12  # times a value's label moves up off another label before it stays
DOT_SIZE = 46  # marker area in points²
DOT_RADIUS = DOT_SIZE ** 0.5 / 2 + 1  # points: what a label must keep clear of
RC = {"svg.fonttype": "none", "text.parse_math": False, "font.size": 9, "axes.spines.top": False,
      "axes.spines.right": False}
# rcParams are global: one chart is drawn at a time.
_DRAWING = threading.Lock()
_SVG_START = re.compile(r"\A.*?(?=<svg)", re.S)
_SVG_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)


def point_id(n: int) -> str:
    return f"hvk-point-{n}"


def tooltip(p: TimelinePoint, series: Series, unit: str) -> str:
    r = p.record
    lines = [f"{r.value} {unit}".strip() + f" · {KIND_LABELS[series.kind]} · {series.locality} · {r.span.label}",
             f"{r.document} ({fmt.format_date(r.date)}, {r.status})", f"{r.file}, dòng {r.line}: bấm để mở"]
    if p.copies > 1:
        lines.append(f"và {p.copies - 1} chỗ khác nêu cùng giá trị")
    if p.disagrees:
        lines.append("⚠ các văn bản ghi khác nhau cho năm, địa phương và loại số liệu này")
    return "\n".join(lines)


def _dodged(panel: Panel) -> dict[tuple[int, int], float]:
    """x of each (series, point): points stated for the same year stand side by side, not on top of each other."""
    at_year: dict[int, list[tuple[int, int]]] = {}
    for s, series in enumerate(panel.series):
        for k, p in enumerate(series.points):
            at_year.setdefault(p.year, []).append((s, k))
    return {slot: year + (n - (len(slots) - 1) / 2) * DODGE
            for year, slots in at_year.items() for n, slot in enumerate(slots)}


def panel_svg(panel: Panel, colours: dict[str, str], first_id: int, salt: str, height: float = HEIGHT) -> str:
    """One chart as an <svg> element; its points are numbered from `first_id` in series order."""
    with _DRAWING, matplotlib.rc_context({**RC, "svg.hashsalt": salt}):
        fig = Figure(figsize=(WIDTH, height))
        ax = fig.add_axes((0.085, 0.12, 0.6, 0.8))
        x = _dodged(panel)
        titles, labels, dots, n = {}, [], [], first_id
        for s, series in enumerate(panel.series):
            style, colour = STYLES[series.kind], colours[series.locality]
            xs = [x[(s, k)] for k in range(len(series.points))]
            # The line runs through one value a year: two values of one year are a revision or a misreading.
            yearly = {p.year: (xs[k], p.value) for k, p in reversed(list(enumerate(series.points)))}
            if style.line and len(yearly) > 1:
                ax.plot(*zip(*(yearly[y] for y in sorted(yearly))), linestyle=style.line, color=colour, linewidth=1.4)
            for k, p in enumerate(series.points):
                labels.append(_point(ax, xs[k], p, style, colour, point_id(n)))
                dots.append((xs[k], p.value))
                titles[point_id(n)] = tooltip(p, series, panel.unit)
                n += 1
        _axes(ax, panel)
        ax.legend(handles=_legend(panel, colours), loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
                  fontsize=8.5)
        _spread(fig, ax, labels, dots)
        out = io.StringIO()
        fig.savefig(out, format="svg")
    return _inline(out.getvalue(), titles)


def _point(ax, x: float, p: TimelinePoint, style: Style, colour: str, gid: str):
    """One point, linked to its source line: its range bar, its ring if documents disagree, and its
    value's label (returned), in the series' colour with a leader line should it have to move off others."""
    if p.high > p.low:
        ax.vlines(x, p.low, p.high, color=colour, linewidth=3, alpha=0.45)
    if p.disagrees:
        ax.scatter([x], [p.value], s=230, facecolors="none", edgecolors=DISAGREE_COLOUR, linewidths=2, zorder=3)
    dot = ax.scatter([x], [p.value], s=DOT_SIZE, marker=style.marker, zorder=4, linewidths=1.6,
                     facecolors=colour if style.filled else "white", edgecolors=colour)
    dot.set_urls([fmt.open_target(p.record.file, p.record.line, p.record.line)])
    dot.set_gid(gid)
    return ax.annotate(("⚠ " if p.disagrees else "") + p.record.value, (x, p.high), xytext=(5, 4),
                       textcoords="offset points", fontsize=8, color=DISAGREE_COLOUR if p.disagrees else colour,
                       arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6, "alpha": 0.6, "shrinkA": 0,
                                   "shrinkB": DOT_RADIUS})


def _spread(fig: Figure, ax, labels: list, dots: list[tuple[float, float]]) -> None:
    """Values stated for the same year sit close: each label moves up until it covers no other label
    and no point."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    r = DOT_RADIUS * fig.dpi / 72
    placed = [Bbox.from_extents(x - r, y - r, x + r, y + r) for x, y in ax.transData.transform(dots)]
    def text_box(label) -> Bbox:
        label.update_positions(renderer)
        return Text.get_window_extent(label, renderer)  # the words, not the leader line

    for label in sorted(labels, key=lambda a: text_box(a).y0):
        box = text_box(label)
        for _ in range(LABEL_TRIES):
            hit = next((b for b in placed if b.overlaps(box)), None)
            if hit is None:
                break
            dx, dy = label.xyann
            label.xyann = (dx, dy + (hit.y1 - box.y0 + 1) * 72 / fig.dpi)
            box = text_box(label)
        placed.append(box)


def _axes(ax, panel: Panel) -> None:
    years = [p.year for p in panel.points]
    first, last = min(years), max(years)
    if last - first < 3:  # a year or two: give them room rather than stretch them across the chart
        first, last = first - 1, last + 1
    ax.set_xlim(first - 0.7, last + 0.9)
    ax.set_xticks(range(first, last + 1))
    ax.set_xticklabels([str(y) for y in range(first, last + 1)])
    top = max(p.high for p in panel.points)
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.set_ylabel(panel.unit)
    ax.grid(axis="y", alpha=0.3)


def _legend(panel: Panel, colours: dict[str, str]) -> list[Line2D]:
    handles = []
    for series in panel.series:
        style, colour = STYLES[series.kind], colours[series.locality]
        handles.append(Line2D([], [], color=colour, linestyle=style.line or "none", marker=style.marker,
                              markerfacecolor=colour if style.filled else "white", label=series.label))
    if any(p.disagrees for p in panel.points):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=12, markerfacecolor="none",
                              markeredgecolor=DISAGREE_COLOUR, markeredgewidth=2, label="văn bản ghi khác nhau"))
    return handles


def _inline(svg: str, titles: dict[str, str]) -> str:
    """matplotlib's SVG file made an element of the page: no prolog, no fixed size, no <style> (gr.HTML
    reads braces as template syntax), links that stay in the page, and a <title> on each point."""
    svg = _METADATA.sub("", _STYLE.sub("", _SVG_START.sub("", svg)))
    svg = _SVG_SIZE.sub(r'<svg\1 class="hvk-chart" preserveAspectRatio="xMinYMin meet"', svg, count=1)
    svg = svg.replace(' target="_blank"', "")
    for gid, title in titles.items():
        svg = svg.replace(f'<g id="{gid}">', f'<g id="{gid}" class="hvk-point"><title>{fmt.esc(title)}</title>', 1)
    return svg


def timeline_html(timeline: Timeline | None) -> str:
    """The charts of an indicator, or "" when the catalogue has nothing to plot for it."""
    if timeline is None or not timeline.panels:
        return ""
    places = sorted({s.locality for panel in timeline.panels for s in panel.series})
    colours = {place: COLOURS[i % len(COLOURS)] for i, place in enumerate(places)}
    charts, n = [], 0
    for i, panel in enumerate(timeline.panels):
        unit = f" ({fmt.esc(panel.unit)})" if panel.unit else ""
        svg = panel_svg(panel, colours, n, f"{timeline.key}/{i}", HEIGHT if i == 0 else HEIGHT_OTHER)
        charts.append(f"<figure class='hvk-timeline-panel'><figcaption>{fmt.esc(timeline.indicator)}{unit}"
                      f"</figcaption>{svg}</figure>")
        n += len(panel.points)
    undated = (f" {timeline.undated} chỗ nêu chỉ tiêu này không ghi năm nên không vẽ; xem bảng bên dưới."
               if timeline.undated else "")
    return (f"<div class='hvk-timeline'><div class='hvk-sources-head'>Diễn biến theo năm: "
            f"{fmt.esc(timeline.indicator)}</div>"
            f"<div class='hvk-meta'>{n} điểm từ danh mục số liệu. Mỗi điểm mở đúng dòng nguồn khi bấm; "
            f"vòng đỏ: các văn bản ghi khác nhau.{undated}</div>{''.join(charts)}</div>")
