"""Figure provenance (answer/provenance.py) on the real corpus chunks; no model needed."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from answer.provenance import (
    CSV_COLUMNS, KIND_LABELS, SCENARIO, FigureStatement, arrange, find_figure, group_key, kind_of, match_key,
    parse_query, to_csv, unit_label,
)
from ingest.periods import ACTUAL, ESTIMATE, TARGET, Period
from tests.corpus_files import DOC001, DOC004

HDN_2024 = "003_ca8570c1181f02a1.txt"  # Phụ lục I-V, Báo cáo 320/BC-UBND (2024-11-15)
NQ_HDND = "002_59c52569d25bb8c2.txt"  # Dự thảo Nghị quyết HĐND 12/2024
VAN_KIEN = "000_b50851294415a046.txt"  # Dự thảo văn kiện Đại hội I


@pytest.fixture(scope="module")
def corpus(ingest_chunks, ingest_manifest):
    """All chunks in corpus order (as index.build.chunk_corpus makes them, without importing the model stack)."""
    chunks = [c for name in sorted(ingest_chunks) for c in ingest_chunks[name][0]]
    return chunks, ingest_manifest


def find(query, corpus):
    chunks, entries = corpus
    return find_figure(query, chunks, entries)


# --- keys and queries ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["bác sỹ/vạn dân", "bác sĩ trên vạn dân", "Bác sĩ / 10.000 dân", "bac si/van dan",
                                  "bác sỹ/vận dân", "bác sĩ trên 10.000 người dân"])
def test_indicator_spellings_share_one_key(text):
    assert match_key(text) == "bac si/van dan"


def test_group_key_drops_list_marks_and_so():
    assert group_key("12. Số bác sỹ/vận dân") == group_key("bác sĩ/vạn dân") == "bac si/van dan"
    assert group_key("Tỷ lệ hộ nghèo") != group_key("Mức giảm tỷ lệ hộ nghèo")


@pytest.mark.parametrize("query,numbers", [("18,02", {"18,02"}), ("18.02", {"18,02"}), ("57.000", {"57000"}),
                                           ("57 000", {"57000"}), ("57000", {"57000"}), ("35.000,00", {"35000"})])
def test_numbers_are_canonical(query, numbers):
    assert parse_query(query).numbers == numbers


def test_year_next_to_words_filters_the_period():
    q = parse_query("tỷ lệ hộ nghèo 2024")
    assert q.indicator == "ti le ho ngheo" and q.years == {"2024"} and not q.numbers


def test_empty_query_finds_nothing(corpus):
    assert find("", corpus) == [] and find("  ?! ", corpus) == []


# --- finding ----------------------------------------------------------------------------------

def test_number_found_in_prose_and_tables(corpus):
    rows = find("18,02", corpus)
    assert {r.file for r in rows} == {NQ_HDND, HDN_2024}
    assert all(r.value_key == "18,02" for r in rows)
    table = [r for r in rows if r.file == HDN_2024]
    assert {r.period for r in table} == {"Năm 2023 › Thực hiện cả năm", "Năm 2024 › Nghị quyết HĐND TP",
                                         "Năm 2024 › Ước thực hiện cả năm"}
    assert all(r.line == 51 and r.unit == "1/10.000" and r.locality == "Cần Thơ (cũ)" for r in table)
    prose = next(r for r in rows if r.file == NQ_HDND)
    assert prose.line == 107 and prose.quote == "(12) Số bác sĩ/vận dân: đạt 18,02 bác sĩ/vận dân"
    assert prose.unit == "bác sĩ/vận dân"


def test_number_spellings_find_the_same_statements(corpus):
    where = lambda q: {(r.file, r.line) for r in find(q, corpus)}
    assert where("57.000") == where("57 000") == where("57000") == {
        (VAN_KIEN, 247), (VAN_KIEN, 1063), ("001_20480831de115808.txt", 98)}
    assert where("18.02") == where("18,02")


def test_prose_label_period_and_measure(corpus):
    row = next(r for r in find("57.000", corpus) if r.line == 247)
    assert row.indicator == "Tổng thu ngân sách"  # named in the clause before "phấn đấu … đạt 57.000"
    assert row.unit == "tỷ đồng" and row.period == "2030" and row.measure == "chỉ tiêu"


def test_indicator_found_without_diacritics(corpus):
    with_marks = {(r.file, r.line, r.value) for r in find("bác sĩ/vạn dân", corpus)}
    assert with_marks == {(r.file, r.line, r.value) for r in find("bac si/van dan", corpus)}
    assert (VAN_KIEN, 285, "19") in with_marks  # "(13) Đến năm 2030: phần đầu đạt 19 bác sỹ/vạn dân"
    assert (HDN_2024, 51, "18,02") in with_marks
    row = next(r for r in find("bác sĩ/vạn dân", corpus) if (r.file, r.line) == (VAN_KIEN, 285))
    assert row.period == "2030" and row.measure == "chỉ tiêu"


def test_names_are_not_figures(corpus):
    values = {r.value for r in find("bác sĩ/vạn dân", corpus)}
    assert "10.000" not in values  # "bác sĩ trên 10.000 người dân" names the indicator
    assert all("NQ/TW" not in r.indicator for r in find("44", corpus))  # "Nghị quyết số 44 NQ/TW"


def test_table_period_is_the_column_header(corpus):
    rows = [r for r in find("tỷ lệ hộ nghèo 2024", corpus) if r.line == 46]
    assert {(r.period, r.value, r.measure) for r in rows} == {
        ("Năm 2024 › Nghị quyết HĐND TP", "0,15", "chỉ tiêu"),
        ("Năm 2024 › Ước thực hiện cả năm", "0,09", "thực hiện")}


def test_limit_caps_rows(corpus):
    chunks, entries = corpus
    assert len(find_figure("2025", chunks, entries, limit=5)) == 5


# --- grouping and disagreements ------------------------------------------------------------

def row(file, value, year=2024, locality="Cần Thơ", stage=ACTUAL, indicator="Tỷ lệ hộ nghèo", line=1, unit="%",
        section="", date="2024-01"):
    return FigureStatement(indicator=indicator, value=value, unit=unit, period=f"Năm {year}" if year else "",
                           locality=locality, file=file, document="doc", date=date, status="chính thức",
                           section=section, line=line, quote=f"… {value} …", group=group_key(indicator),
                           span=Period(year, year, "year") if year else Period(), stage=stage)


def test_documents_that_disagree_are_marked():
    table = arrange([row("a.txt", "0,09"), row("b.txt", "0,10"), row("c.txt", "0,09")])
    assert len(table.groups) == 1 and table.groups[0].disagreement
    marked = {(r.file, r.disagrees) for r in table.rows}
    assert marked == {("a.txt", True), ("b.txt", True), ("c.txt", True)}
    b = next(r for r in table.rows if r.file == "b.txt")
    assert "0,09 (a.txt, dòng 1)" in b.note
    [d] = table.disagreements
    assert (d.indicator, d.period, d.locality, d.kind) == ("Tỷ lệ hộ nghèo", "năm 2024", "Cần Thơ", ACTUAL)
    assert d.values == ["0,09", "0,10"]  # c.txt, b.txt, a.txt: same date and status


@pytest.mark.parametrize("other", [
    row("a.txt", "0,10", line=2),  # the same document: a revision inside one text is not a disagreement
    row("b.txt", "0,10", year=2023),  # another year
    row("b.txt", "0,10", locality="Sóc Trăng"),  # another locality
    row("b.txt", "0,15", stage=TARGET),  # a target beside a result
    row("b.txt", "0,10", stage=ESTIMATE),  # an estimate beside a result
    row("b.txt", "0,10", section="Phụ lục 8 › 2.1. Kịch bản tăng trưởng cao"),  # a scenario beside a result
    row("b.txt", "0,10", stage="so sánh"),  # a ratio to the target
    row("b.txt", "4.174", unit="USD"),  # another unit
    row("b.txt", "0,090"),  # the same value written with a trailing zero
])
def test_not_a_disagreement(other):
    table = arrange([row("a.txt", "0,09"), other])
    assert not any(r.disagrees for r in table.rows) and table.disagreements == ()


def test_scenarios_never_disagree():
    scenario = "Phụ lục 8 › 2.2. Kịch bản tăng trưởng cao"
    table = arrange([row("a.txt", "7.500", section=scenario), row("b.txt", "8.500", section=scenario)])
    assert not table.disagreements and {kind_of(r) for r in table.rows} == {SCENARIO}


def test_rows_without_a_year_never_disagree():
    table = arrange([row("a.txt", "1", year=0), row("b.txt", "2", year=0)])
    assert not table.groups[0].disagreement and not table.disagreements


def test_newest_or_most_authoritative_value_leads_a_disagreement():
    draft = replace(row("same-day-draft.txt", "0,08", date="2024-11-15"), status="dự thảo")
    table = arrange([row("old.txt", "0,10", date="2023-05"), row("new.txt", "0,09", date="2024-11-15"), draft])
    assert [r.file for r in table.disagreements[0].rows] == ["new.txt", "same-day-draft.txt", "old.txt"]


def test_groups_by_indicator(corpus):
    table = arrange(find("18,02", corpus))
    assert [g.key for g in table.groups] == ["bac si/van dan"]
    assert len(table.groups[0].rows) == 4 and not table.disagreements


def test_real_disagreement_found(corpus):
    table = arrange(find("tỷ lệ hộ nghèo", corpus))
    flagged = [r for r in table.rows if r.disagrees]
    assert flagged and all(r.note.startswith("Khác với: ") for r in flagged)
    assert len({r.file for r in flagged}) >= 2
    assert {r for d in table.disagreements for r in d.rows if r.disagrees} == set(flagged)


def test_grdp_target_disagreement_comes_first_with_the_programme_on_top(corpus):
    table = arrange(find("GRDP bình quân đầu người", corpus))
    first = table.disagreements[0]
    assert (first.period, first.locality, first.kind) == ("đến năm 2030", "Cần Thơ", TARGET)
    lead = first.rows[0]
    # The official programme of 20/4/2026 states 215; the July 2025 reference material says 210.
    assert (lead.file, lead.line, lead.value, lead.date, lead.status) == (DOC001, 96, "215", "2026-04-20", "chính thức")
    assert {(r.file, r.value) for r in first.rows if r.file == DOC004} == {(DOC004, "210")}
    assert first.values == ["215", "210"]


def test_kinds_are_labelled_and_not_tinted(corpus):
    rows = {(r.file, r.line, r.value): r for r in arrange(find("tỷ lệ hộ nghèo", corpus)).rows}
    estimate, target, result = rows[(HDN_2024, 46, "0,09")], rows[(HDN_2024, 46, "0,15")], rows[(HDN_2024, 46, "0,21")]
    assert [KIND_LABELS[kind_of(r)] for r in (estimate, target, result)] == ["ước thực hiện", "mục tiêu", "kết quả"]
    assert not any(r.disagrees for r in (estimate, target, result))


def test_growth_scenarios_are_scenarios(corpus):
    rows = [r for r in arrange(find("GRDP bình quân đầu người", corpus)).rows if r.file == VAN_KIEN and r.unit == "USD"
            and r.line in (925, 933, 938, 946)]
    assert {r.value for r in rows} == {"7.500", "8.500"}
    assert {kind_of(r) for r in rows} == {SCENARIO} and not any(r.disagrees for r in rows)


@pytest.mark.parametrize("unit,value,label", [("Tr.đồng", "94,12", "triệu đồng"), ("Tr. đồng", "145 - 160", "triệu đồng"),
                                              ("triệu đồng/người/năm", "215", "triệu đồng"), ("", "0,05%", "%"),
                                              ("USD", "7.500", "USD")])
def test_units_are_spelled_one_way(unit, value, label):
    assert unit_label(row("a.txt", value, unit=unit)) == label


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_round_trip(corpus):
    table = arrange(find("18,02", corpus))
    text = to_csv(table.rows)
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == list(CSV_COLUMNS) and lines[0][:3] == ["chỉ tiêu", "khoá chỉ tiêu (chuẩn hoá)", "giá trị"]
    assert len(lines) == 1 + 4
    assert {line[7] for line in lines[1:]} == {NQ_HDND, HDN_2024}
    # The indicator as the document writes it, diacritics kept; the matching key beside it.
    assert {line[0] for line in lines[1:]} >= {"Số bác sĩ/vận dân"} and {line[1] for line in lines[1:]} == {"bac si/van dan"}
    assert {line[4] for line in lines[1:]} == {"kết quả", "mục tiêu", "ước thực hiện"}


def test_csv_cells_cannot_become_formulas():
    text = to_csv([row("a.txt", "=1+1", indicator="+ Trẻ vào học mẫu giáo")])
    line = list(csv.reader(io.StringIO(text)))[1]
    assert line[0] == "'+ Trẻ vào học mẫu giáo" and line[2] == "'=1+1"
