"""Indicator timelines (answer/timeline.py, ui/timeline.py) on the real figure catalogue; no model needed.

The catalogue is built from the corpus exactly as an index build builds it. Every plotted point
must be a link to a catalogue record's line, and that line must state the plotted value.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

import offline  # noqa: F401  (telemetry off before gradio is imported)
from answer.provenance import SCENARIO
from answer.timeline import build_timeline, indicator_key, value_range
from index.catalogue import build_catalogue
from ingest.periods import ESTIMATE, RATIO, TARGET
from tests.corpus_files import DOC001, DOC003, DOC004
from ui.timeline import timeline_html

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def records(ingest_chunks, ingest_manifest):
    chunks = [c for name in sorted(ingest_chunks) for c in ingest_chunks[name][0]]
    return build_catalogue(chunks, ingest_manifest)


@pytest.fixture(scope="module")
def poverty(records):
    return build_timeline(records, "tỷ lệ hộ nghèo")


@pytest.fixture(scope="module")
def grdp(records):
    return build_timeline(records, "GRDP bình quân đầu người")


def points_of(timeline, **wanted):
    return [(series, p) for panel in timeline.panels for series in panel.series for p in series.points
            if all(getattr(series, k) == v for k, v in wanted.items())]


def test_indicator_keys_ignore_remarks_and_per_year():
    assert indicator_key("GRDP bình quân đầu người (Giá HH)") == indicator_key("GRDP bình quân đầu người/năm") \
        == indicator_key("GRDP bình quân đầu người") == "grdp binh quan dau nguoi"
    assert indicator_key("Giảm tỷ lệ hộ nghèo") != indicator_key("Tỷ lệ hộ nghèo")


@pytest.mark.parametrize("value,expected", [("104-106", (104, 106)), ("145 - 160", (145, 160)), ("< 0,5", (0.5, 0.5)),
                                            ("75.5", (75.5, 75.5)), ("6.800", (6800, 6800)), ("0,05%", (0.05, 0.05)),
                                            ("0,63 (năm 2025)", (0.63, 0.63)), ("1.1.2", None), ("không", None)])
def test_values_are_read_as_numbers(value, expected):
    assert value_range(value) == expected


def test_poverty_rate_by_year_with_the_2024_estimate(poverty):
    assert poverty.indicator == "Tỷ lệ hộ nghèo" and poverty.panels[0].unit == "%"
    old_city = {(series.kind, p.year): p for series, p in points_of(poverty, locality="Cần Thơ (cũ)")}
    # Phụ lục I of Báo cáo 320/BC-UBND, line 46: 0,21 in 2023, target 0,15 and estimate 0,09 for 2024.
    estimate = old_city[(ESTIMATE, 2024)]
    assert (estimate.record.file, estimate.record.line, estimate.value) == (DOC003, 46, 0.09)
    assert old_city[(TARGET, 2024)].value == 0.15 and old_city[("thực hiện", 2023)].value == 0.21
    # A decrease of the rate is another indicator; a ratio to the target measures the target.
    assert all(p.record.indicator.lower().startswith("tỷ lệ hộ nghèo") for _, p in points_of(poverty))
    assert not [s for s, _ in points_of(poverty) if s.kind == RATIO]


def test_grdp_per_head_results_estimates_targets_and_scenarios(grdp):
    main = grdp.panels[0]
    assert main.unit == "triệu đồng" and {p.year for p in main.points} >= {2020, 2023, 2024, 2025, 2030}
    targets_2030 = {p.record.value: p for s, p in points_of(grdp, locality="Cần Thơ", kind=TARGET) if p.year == 2030}
    # 215 (the official programme of 20/4/2026, and two drafts) against 210 in the reference material.
    assert set(targets_2030) == {"215", "210"} and all(p.disagrees for p in targets_2030.values())
    assert (targets_2030["215"].record.file, targets_2030["215"].record.date, targets_2030["215"].copies) == (
        DOC001, "2026-04-20", 3)
    assert targets_2030["210"].record.file == DOC004
    usd = next(panel for panel in grdp.panels if panel.unit == "USD")
    # The two scenarios of Phụ lục 8, and the two options it recalls ("1.3. Các phương án tăng trưởng …":
    # the approved plans' 6.800 USD, the former drafts' 7.200 USD).
    assert {(s.kind, p.record.value) for s in usd.series for p in s.points} == {
        (SCENARIO, "6.800"), (SCENARIO, "7.200"), (SCENARIO, "7.500"), (SCENARIO, "8.500")}
    assert not any(p.disagrees for p in usd.points)  # two scenarios of one document are not a disagreement
    range_target = next(p for _, p in points_of(grdp, locality="Cần Thơ (cũ)", kind=TARGET) if p.year == 2024)
    assert (range_target.low, range_target.high) == (104, 106)


def test_a_word_of_the_name_finds_the_indicator(records):
    assert build_timeline(records, "hộ nghèo").key == "ti le ho ngheo"
    assert build_timeline(records, "chỉ tiêu không có trong văn kiện") is None


def svg_links(html: str) -> list[tuple[str, str]]:
    """(href, title) of every link of every chart in the HTML, read as XML."""
    found = []
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        root = ET.fromstring(svg)
        points = [g for g in root.iter(f"{SVG}g") if g.get("class") == "hvk-point"]
        assert len(list(root.iter(f"{SVG}a"))) == len(points)  # a link is a point, and a point one link
        for group in points:
            [link] = group.iter(f"{SVG}a")
            found.append((link.get(XLINK), group.find(f"{SVG}title").text))
    return found


@pytest.mark.parametrize("indicator", ["GRDP bình quân đầu người", "tỷ lệ hộ nghèo", "bác sĩ/vạn dân"])
def test_every_plotted_point_links_to_its_catalogue_record(records, ingest_raw_lines, indicator):
    timeline = build_timeline(records, indicator)
    links = svg_links(timeline_html(timeline))
    assert len(links) == len(timeline.points) > 0
    catalogue = {(r.file, r.line): r for r in records}
    for (href, title), point in zip(links, timeline.points):
        file, start, end = re.fullmatch(r"#hvk/([^/]+)/(\d+)/(\d+)", href).groups()
        file, start, end = unquote(file), int(start), int(end)
        assert (file, start) in catalogue and start == end, href
        assert (file, start) == (point.record.file, point.record.line)
        assert point.record.value in ingest_raw_lines[file][start - 1], href  # the line states the plotted value
        assert point.record.value in title and f"dòng {start}" in title


def test_disagreements_are_marked_in_the_chart(grdp):
    html = timeline_html(grdp)
    assert "văn bản ghi khác nhau" in html and "⚠ 215" in html and "⚠ 210" in html
    assert "{" not in html and "$" not in html  # gr.HTML would read them as template syntax


def test_nothing_to_plot_is_nothing():
    assert timeline_html(None) == ""
