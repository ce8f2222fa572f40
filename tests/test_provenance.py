"""Figure provenance (answer/provenance.py) on the real corpus chunks; no model needed."""
from __future__ import annotations

import csv
import io

import pytest

from answer.provenance import (
    FigureStatement, find_figure, group_key, group_rows, match_key, parse_query, to_csv,
)

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


# --- grouping -------------------------------------------------------------------------------

def row(file, value, period="Năm 2024", locality="Cần Thơ", measure="thực hiện", indicator="Tỷ lệ hộ nghèo", line=1):
    return FigureStatement(indicator=indicator, value=value, unit="%", period=period, locality=locality, file=file,
                         document="doc", date="2024-01", status="chính thức", section="", line=line, quote="q",
                         measure=measure, group=group_key(indicator))


def test_documents_that_disagree_are_marked():
    groups = group_rows([row("a.txt", "0,09"), row("b.txt", "0,10"), row("c.txt", "0,09")])
    assert len(groups) == 1 and groups[0].disagreement
    marked = {(r.file, r.disagrees) for r in groups[0].rows}
    assert marked == {("a.txt", True), ("b.txt", True), ("c.txt", True)}
    b = next(r for r in groups[0].rows if r.file == "b.txt")
    assert "0,09 (a.txt, dòng 1)" in b.note


@pytest.mark.parametrize("other", [
    row("a.txt", "0,10", line=2),  # the same document: a revision inside one text is not a disagreement
    row("b.txt", "0,10", period="Năm 2023"),  # another year
    row("b.txt", "0,10", locality="Sóc Trăng"),  # another locality
    row("b.txt", "0,10", measure="chỉ tiêu"),  # a target against an achieved figure
    row("b.txt", "0,090"),  # the same value written with a trailing zero
])
def test_not_a_disagreement(other):
    groups = group_rows([row("a.txt", "0,09"), other])
    assert not any(r.disagrees for g in groups for r in g.rows)


def test_rows_without_a_year_never_disagree():
    groups = group_rows([row("a.txt", "1", period=""), row("b.txt", "2", period="")])
    assert not groups[0].disagreement


def test_groups_by_indicator(corpus):
    chunks, entries = corpus
    groups = group_rows(find_figure("18,02", chunks, entries), entries)
    assert [g.key for g in groups] == ["bac si/van dan"]
    assert len(groups[0].rows) == 4 and not groups[0].disagreement


def test_real_disagreement_found(corpus):
    chunks, entries = corpus
    groups = group_rows(find_figure("tỷ lệ hộ nghèo", chunks, entries), entries)
    flagged = [r for g in groups for r in g.rows if r.disagrees]
    assert flagged and all(r.note.startswith("Khác với: ") for r in flagged)
    assert len({r.file for r in flagged}) >= 2


# --- CSV ---------------------------------------------------------------------------------------

def test_csv_round_trip(corpus):
    chunks, entries = corpus
    groups = group_rows(find_figure("18,02", chunks, entries), entries)
    text = to_csv(groups)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:3] == ["chỉ tiêu (nhóm)", "chỉ tiêu", "giá trị"]
    assert len(table) == 1 + 4
    assert {line[6] for line in table[1:]} == {NQ_HDND, HDN_2024}
    assert to_csv([r for g in groups for r in g.rows]) == text


def test_csv_cells_cannot_become_formulas():
    text = to_csv([row("a.txt", "=1+1", indicator="+ Trẻ vào học mẫu giáo")])
    line = list(csv.reader(io.StringIO(text)))[1]
    assert line[1] == "'+ Trẻ vào học mẫu giáo" and line[2] == "'=1+1"
