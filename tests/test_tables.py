"""Tab-separated tables → header-paired row records, checked against the real appendices."""
from __future__ import annotations

import re

import pytest

from ingest.tables import clean_cell, find_tables

F000 = "000_b50851294415a046.txt"
F001 = "001_20480831de115808.txt"
F003 = "003_ca8570c1181f02a1.txt"

# 003:7, the caption of Phụ lục I
TITLE_PL1 = "SỐ LIỆU TỔNG HỢP THỰC HIỆN 17 CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2024"
Y2023 = "Năm 2023 › Thực hiện cả năm"
Y2024_NQ = "Năm 2024 › Nghị quyết HĐND TP"
Y2024_EST = "Năm 2024 › Ước thực hiện cả năm"


@pytest.fixture(scope="module")
def tables(ingest_docs):
    return {name: find_tables(doc.lines) for name, doc in ingest_docs.items()}


@pytest.fixture(scope="module")
def records(ingest_chunks):
    """{file: {line: record}} of the table-row chunks."""
    return {
        name: {c.line_start: c.record for c in chunks if c.kind == "table_row"}
        for name, (chunks, _) in ingest_chunks.items()
    }


def table_at(tables, file, line):
    for t in tables[file]:
        if line in t.header_lines or any(r.line == line for r in t.rows) or line in t.repeated_header_lines:
            return t
    raise AssertionError(f"no table holds {file}:{line}")


def pairs(record):
    """'path — col: v; col: v' → {col: v}"""
    assert " — " in record, record
    return dict(p.split(": ", 1) for p in record.split(" — ", 1)[1].split("; "))


# --- the 17 indicators of 003 Phụ lục I (lines 10-64) ---------------------------------------------

def test_two_row_header_gives_full_column_names(tables):
    # 003:10 "Chỉ tiêu | ĐVT | Năm 2023 | Năm 2024 | | So sánh (%) | | Ghi chú"
    # 003:11 "| | Thực hiện cả năm | Nghị quyết HĐND TP | Ước thực hiện cả năm | Ước TH .../so NQ | Ước TH .../so năm 2023 |"
    t = table_at(tables, F003, 51)
    assert t.header_lines == (10, 11)
    assert t.columns == (
        "Chỉ tiêu", "ĐVT", Y2023, Y2024_NQ, Y2024_EST,
        "So sánh (%) › Ước TH năm 2024/so NQ", "So sánh (%) › Ước TH năm 2024/so năm 2023", "Ghi chú",
    )
    assert t.title == TITLE_PL1


def test_doctors_per_ten_thousand_row(records, ingest_raw_lines):
    raw = ingest_raw_lines[F003][50]
    assert raw.split("\t")[:5] == ["12. Số bác sỹ/vận dân", "1/10.000", "18,02", "18,02", "18,02"]
    record = records[F003][51]
    assert record.startswith(f"{TITLE_PL1} › B. Chỉ tiêu xã hội › 12. Số bác sỹ/vận dân — ")
    assert pairs(record) == {"ĐVT": "1/10.000", Y2023: "18,02", Y2024_NQ: "18,02", Y2024_EST: "18,02",
                             "Ghi chú": "Đạt NQ"}


@pytest.mark.parametrize(
    "line, expected",
    [
        # 003:46 "11. Tỷ lệ hộ nghèo | % | 0,21 | 0,15 | 0,09 | | | Đạt NQ" -- three different values
        (46, {"ĐVT": "%", Y2023: "0,21", Y2024_NQ: "0,15", Y2024_EST: "0,09", "Ghi chú": "Đạt NQ"}),
        # 003:25 "4. Tổng vốn đầu tư trên địa bàn | Tỷ đồng | 28.527,46 | 35.000,00 | 31.500,00 | 90,00 | 110,42 | Chưa đạt NQ"
        # (31.500/35.000 = 90,00 %, 31.500/28.527,46 = 110,42 %: the comparison columns line up)
        (25, {"ĐVT": "Tỷ đồng", Y2023: "28.527,46", Y2024_NQ: "35.000,00", Y2024_EST: "31.500,00",
              "So sánh (%) › Ước TH năm 2024/so NQ": "90,00", "So sánh (%) › Ước TH năm 2024/so năm 2023": "110,42",
              "Ghi chú": "Chưa đạt NQ"}),
        # 003:19 "2. GRDP bình quân đầu người (Giá HH) | Tr.đồng | 94,12 | 104-106 | 104 | | 110,20 | Cơ bản đạt NQ"
        (19, {"ĐVT": "Tr.đồng", Y2023: "94,12", Y2024_NQ: "104-106", Y2024_EST: "104",
              "So sánh (%) › Ước TH năm 2024/so năm 2023": "110,20", "Ghi chú": "Cơ bản đạt NQ"}),
    ],
)
def test_values_pair_with_their_own_column(records, line, expected):
    assert pairs(records[F003][line]) == expected


def test_group_follows_rows_across_page_breaks(records):
    # 003:12 "A. Chỉ tiêu kinh tế", 003:39 "B. Chỉ tiêu xã hội", 003:59 "C. Chỉ tiêu môi trường"
    assert " › A. Chỉ tiêu kinh tế › 8. Tỷ lệ đô thị hóa — " in records[F003][38]
    assert " › B. Chỉ tiêu xã hội › 9. Tỷ lệ huy động" in records[F003][40]
    assert " › C. Chỉ tiêu môi trường › 16. Tỷ lệ thu gom" in records[F003][63]
    # row 51 comes after the repeated header 49-50 and still belongs to B
    assert " › B. Chỉ tiêu xã hội › " in records[F003][51]
    assert records[F003][39] == f"{TITLE_PL1} › B. Chỉ tiêu xã hội"


def test_plus_sub_row_carries_its_parent_label(records):
    # 003:40 "9. Tỷ lệ huy động học sinh đi học đúng độ tuổi | ... | Vượt NQ"
    # 003:41 "+ Trẻ vào học mẫu giáo | % | 99,30 | 99,15 | 99,30"
    parent = "9. Tỷ lệ huy động học sinh đi học đúng độ tuổi"
    record = records[F003][41]
    assert record.startswith(f"{TITLE_PL1} › B. Chỉ tiêu xã hội › {parent} › + Trẻ vào học mẫu giáo — ")
    assert pairs(record) == {"ĐVT": "%", Y2023: "99,30", Y2024_NQ: "99,15", Y2024_EST: "99,30"}
    for line in (42, 43, 44):
        assert f" › {parent} › + Học sinh" in records[F003][line]
    # the next numbered row is not a child of 9
    assert parent not in records[F003][45]


def test_dash_sub_rows_carry_their_parent_label(records):
    # 003:13 "1. Tốc độ tăng trưởng ... (GRDP)", 14 "Trong đó:", 15-18 "- Nông lâm nghiệp, thủy sản", ...
    parent = "1. Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)"
    for line in (14, 15, 16, 17, 18):
        assert f" › {parent} › " in records[F003][line]
    assert "- Dịch vụ — ĐVT: %; Năm 2023 › Thực hiện cả năm: 7,57;" in records[F003][17]


def test_repeated_two_row_headers_are_detected_and_skipped(tables, ingest_chunks, ingest_raw_lines):
    lines = ingest_raw_lines[F003]
    t = table_at(tables, F003, 51)
    assert t.repeated_header_lines == (30, 31, 49, 50)
    for a, b in ((30, 10), (31, 11), (49, 10), (50, 11)):
        assert lines[a - 1] == lines[b - 1]
    chunks, skipped = ingest_chunks[F003]
    for n in (30, 31, 49, 50):
        assert skipped[n] == "repeated_header"
        assert not any(c.line_start <= n <= c.line_end for c in chunks)
    # the header itself is kept once, as a header chunk
    (head,) = [c for c in chunks if c.kind == "table_header" and c.line_start == 10]
    assert head.line_end == 11 and head.text == "\n".join(lines[9:11])


@pytest.mark.parametrize("line", [75, 79, 127, 132, 192, 197, 274, 284])
def test_repeated_one_row_headers_of_the_other_appendices_are_skipped(ingest_chunks, ingest_raw_lines, line):
    text = ingest_raw_lines[F003][line - 1]
    assert re.match(r"^(Stt|TT|STT)\t", text)
    _, skipped = ingest_chunks[F003]
    assert skipped[line] == "repeated_header"


def test_identical_header_lines_are_never_data_rows(ingest_chunks, ingest_raw_lines):
    """Any tab line that repeats the header line of its table is skipped, in every file."""
    for name, (chunks, skipped) in ingest_chunks.items():
        rows = {c.line_start for c in chunks if c.kind == "table_row"}
        headers = {c.line_start: c.line_end for c in chunks if c.kind == "table_header"}
        lines = ingest_raw_lines[name]
        for first in headers:
            for n in range(first + 1, len(lines) + 1):
                if lines[n - 1] == lines[first - 1] and n not in headers:
                    assert n not in rows, (name, n, first)


# --- HTML fragments ---------------------------------------------------------------------------------

def test_html_fragments_are_cleaned_from_records(records, ingest_raw_lines):
    # 003:76 is a continuation row: "\t\t...\t<p>việc thực hiện các kiến nghị ...</p> <ul style=...> - Sở, ban, ngành ..."
    raw = ingest_raw_lines[F003][75]
    assert "<p>" in raw and "</p>" in raw and '<ul style="list-style-type: none">' in raw
    record = records[F003][76]
    assert "<" not in record and "style=" not in record
    assert ("Báo cáo tình hình triển khai thực hiện: việc thực hiện các kiến nghị tại Báo cáo số "
            "188-BC/BKTTW ngày 29/01/2024") in record
    assert "59-NQ/TW. - Sở, ban, ngành và UBND quận, huyện" in record


def test_no_record_in_the_corpus_keeps_a_tag(records):
    tag = re.compile(r"</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;")
    n = 0
    for name, recs in records.items():
        for line, record in recs.items():
            n += 1
            assert not tag.search(record), (name, line, record[:200])
    assert n > 700
    # but comparison signs in values are kept: 001:450 "<16", 003:64 ">75"
    assert "Mục tiêu: <16" in records[F001][450]
    assert ">75" in records[F003][64]


def test_clean_cell():
    assert clean_cell("<p>Dự án &amp; kế hoạch</p>  <p>- Về mô hình</p>") == "Dự án & kế hoạch - Về mô hình"
    assert clean_cell("<i>Trong đó</i>") == "Trong đó"
    assert clean_cell(">=286.000 (đến năm 2030)") == ">=286.000 (đến năm 2030)"


# --- other tables --------------------------------------------------------------------------------------

def test_table_without_caption_is_named_by_its_section(records):
    # 001:445-446 has no caption above it: the record starts with the sub-document (manifest) title
    assert records[F001][450].startswith("Phụ lục I - Các mục tiêu và lộ trình thực hiện › ")
    # 001:450 "\tKhu vực nông, lâm nghiệp và thủy sản\t%\t20.97\t<16\t19.94\t18.34\t17.76\t16.96\t15.84\t15.84"
    p = pairs(records[F001][450])
    assert p["Ước năm 2025"] == "20.97"
    assert p["Dự kiến thực hiện từng năm › 2026"] == "19.94"
    assert p["Dự kiến thực hiện từng năm › 2030"] == "15.84"
    assert p["Bình quân giai đoạn 2026-2030"] == "15.84"


def test_continuation_row_of_a_numbered_task_keeps_the_task(records, ingest_raw_lines):
    # 003:298 "3.3 (**)\tXây dựng khu công nghệ cao, ...", 299-300 page header, 301 "\t\t...\t- UBND thành phố ..."
    assert ingest_raw_lines[F003][300].startswith("\t\t")
    assert "3.3 (**) Xây dựng khu công nghệ cao" in records[F003][301]


# --- known bugs ---------------------------------------------------------------------------------------

def test_dot_sub_row_after_a_page_break_keeps_its_parent(records):
    assert " › 5. Thu - chi ngân sách nhà nước › . Tổng thu" in records[F003][27]  # passes today
    assert " › 5. Thu - chi ngân sách nhà nước › . Tổng chi ngân sách nhà nước — " in records[F003][33]


def test_year_header_row_is_a_header(records, ingest_raw_lines):
    assert ingest_raw_lines[F000][891].split("\t")[:3] == ["Năm", "2020", "2021"]
    record = records[F000][893]
    assert "2020: 182,226" in record and "Ước năm 2025: 316,932" in record
    assert "cột" not in record


def test_continuation_row_is_not_a_second_header_row(tables, records):
    t = table_at(tables, F003, 341)
    assert t.columns[-1] == "Báo cáo tình hình triển khai thực hiện"
    assert 340 in records[F003] and "36,006 tỷ đồng" in records[F003][340]
    assert "Báo cáo tình hình triển khai thực hiện: UBND thành phố ban hành Kế hoạch số 135" in records[F003][341]


@pytest.mark.parametrize("file, line, first", [(F001, 535, 527), (F000, 1487, 1459), (F000, 1527, 1459),
                                               (F000, 822, 805)])
def test_near_identical_repeated_header_is_skipped(ingest_chunks, ingest_raw_lines, file, line, first):
    lines = ingest_raw_lines[file]
    assert lines[line - 1].split("\t")[:2] == lines[first - 1].split("\t")[:2]
    chunks, skipped = ingest_chunks[file]
    assert skipped.get(line) == "repeated_header"
    assert not any(c.kind == "table_row" and c.line_start == line for c in chunks)


def test_unpunctuated_group_row_names_the_group(records, ingest_raw_lines):
    assert ingest_raw_lines[F001][477].split("\t")[:2] == ["B", "CHỈ TIÊU VỀ XÃ HỘI"]
    assert "CHỈ TIÊU VỀ XÃ HỘI › (9) Dân số trung bình" in records[F001][479]


def test_continuation_row_of_a_starred_task_keeps_the_task(records):
    # 003:73 "1 (*)\tCông tác tuyên truyền, phổ biến Nghị quyết số 59-NQ/TW\t...", 75 page header, 76 continuation
    assert "1 (*) Công tác tuyên truyền, phổ biến Nghị quyết số 59-NQ/TW" in records[F003][76]
    # …and one after a repeated header, in a block of its own, the task on the page before (003:335).
    assert records[F003][340].startswith(records[F003][335].split(" — ")[0] + " — ")


def test_group_row_in_capitals_with_marks_names_the_group(records, ingest_raw_lines):
    # "II CÁC NHIỆM VỤ, …": the first capital after the numeral carries a mark; the rows after it are
    # of this group, not of "I … GIAI ĐOẠN 2025 - 2030" above it.
    assert ingest_raw_lines[F000][1760].startswith("II CÁC NHIỆM VỤ")
    assert "TẦM NHÌN ĐẾN NĂM 2045 › 215 Bệnh viện chuyên khoa nội tiết" in records[F000][1772]
    assert "GIAI ĐOẠN 2025 - 2030 › 46 Dự án Bệnh viện Ung bướu thành phố" in records[F000][1530]


def test_an_estimate_shifted_into_the_ratio_column_is_read_as_the_estimate(records):
    # 000:673 "12. Số bác sĩ/vạn dân | | 17 | | Vượt | 18,03": the estimate column is empty and the
    # ratio column holds a bare value; 000:644 "… 145 - 160 | | Không đạt | 82,75%" is a ratio.
    estimate, ratio = "Ước thực hiện chỉ tiêu Nghị quyết nhiệm kỳ 2020-2025", \
        "Tỷ lệ thực hiện so với chỉ tiêu Nghị quyết nhiệm kỳ 2020 - 2025"
    doctors, income = pairs(records[F000][673]), pairs(records[F000][644])
    assert doctors[estimate] == "18,03" and ratio not in doctors
    assert income[ratio] == "82,75%" and estimate not in income
    # 000:722 (Sóc Trăng) writes both: "8 | 6,20 | Không đạt | 76" keeps its ratio.
    assert pairs(records[F000][722])[ratio] == "76"
