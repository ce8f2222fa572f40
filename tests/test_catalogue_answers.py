"""Figure answers from the catalogue on the real corpus: status, period and locality read from
the question, list items by position, several figures, conflicts found beyond retrieval."""
from __future__ import annotations

import re

from answer.figures import unverified_figures
from answer.lookup import figure_text
from answer.question import analyse
from answer.rank import misfit
from answer.service import NOT_FOUND
from ingest.periods import ACTUAL, PLAN, TARGET
from ingest.statements import value_range
from tests.corpus_files import DOC000, DOC001, DOC002, DOC003, DOC004, cited


def test_a_year_estimate_and_the_resolution_of_the_same_indicator(answer_service):
    estimate = answer_service.answer("tỷ lệ hộ nghèo năm 2024 của Cần Thơ (cũ) ước đạt bao nhiêu?")
    assert "**0,09**" in estimate.answer and (DOC003, 46) in cited(estimate)
    resolution = answer_service.answer("tỷ lệ hộ nghèo năm 2024 theo Nghị quyết HĐND giao bao nhiêu?")
    assert "**0,15**" in resolution.answer and (DOC003, 46) in cited(resolution)


def test_a_2024_result_is_not_answered_with_the_2030_target(answer_service):
    result = answer_service.answer("tốc độ tăng GRDP năm 2024 của TP Cần Thơ (cũ) là bao nhiêu %?")
    assert "**7,12**" in result.answer and (DOC000, 707) in cited(result)
    # The estimate made before the year ended is another status, named as such, not a disagreement.
    assert any(k.citation.file == DOC003 and "khác trạng thái" in k.note for k in result.conflicts)
    target = answer_service.answer("GRDP bình quân đầu người đến năm 2030 của thành phố Cần Thơ?")
    assert "**215**" in target.answer and (DOC001, 96) in cited(target)


def test_the_former_city_and_the_merged_city(answer_service):
    former = answer_service.answer("tỷ lệ hộ nghèo năm 2024 của Cần Thơ (cũ) ước đạt bao nhiêu?")
    assert all(c.file == DOC003 for c in former.citations)  # the report of the city before the merger
    merged = answer_service.answer("dân số TP Cần Thơ (sau hợp nhất) ước năm 2025 khoảng bao nhiêu nghìn người?")
    assert "3,225" in merged.answer.replace("**", "") and (DOC001, 479) in cited(merged)


def test_a_report_written_before_the_merger_speaks_of_the_former_city_in_2025(answer_service):
    # 004's Cần Thơ report (7/2025) and its appendix give two 2025 estimates of the former city's
    # spending: each answers "Cần Thơ (cũ)", and each names the other.
    a = answer_service.answer("Tổng chi ngân sách địa phương của TP Cần Thơ (cũ) ước năm 2025 là bao nhiêu?")
    assert "**20.800**" in a.answer and (DOC004, 168) in cited(a)
    assert any(k.citation.file == DOC004 and k.citation.line_start == 2262 and "15.233" in k.value for k in a.conflicts)
    # Under "Kết quả thực hiện Nghị quyết … nhiệm kỳ 2020 - 2025" the 9/2025 draft speaks of the former
    # city too: its 9,3% and the July report's 10% of the same share disagree.
    share = answer_service.answer("Cần Thơ (cũ) năm 2025 đóng góp bao nhiêu phần trăm quy mô kinh tế vùng "
                                  "đồng bằng sông Cửu Long?")
    assert "**9,3**" in share.answer and (DOC000, 447) in cited(share)
    assert any(k.citation.file == DOC004 and "10%" in k.value.replace("**", "") for k in share.conflicts)
    # Its 2030 targets are the ones the merged city took over, and are compared with the merged city's.
    target = answer_service.answer("chỉ tiêu bác sỹ/vạn dân 2030?")
    assert "**19**" in target.answer
    assert any(k.citation.file == DOC004 and k.citation.line_start == 394 for k in target.conflicts)


def test_an_indicator_named_in_full_inside_a_longer_label_is_compared(answer_service):
    # "Dân số trung bình … 3,225" (12/CTr-UBND) and "Dân số bình quân theo số liệu thống kê đến hết năm
    # 2025 dự kiến là 3.222 nghìn người" (the draft's Phụ lục 8): an estimate beside a forecast.
    a = answer_service.answer("dân số TP Cần Thơ (sau hợp nhất) ước năm 2025 khoảng bao nhiêu nghìn người?")
    assert "**3,225**" in a.answer and (DOC001, 479) in cited(a)
    assert any(k.citation.file == DOC000 and k.citation.line_start == 895 and "khác trạng thái" in k.note
               for k in a.conflicts)


def test_the_third_item_of_a_numbered_list(answer_service):
    a = answer_service.answer("khâu đột phá thứ ba nhiệm kỳ 2020-2025 của thành phố Cần Thơ là gì?")
    assert a.found and "thứ ba" in a.answer and "thứ nhất" not in a.answer and "thứ hai" not in a.answer
    # The report of the former city on its 2020-2025 term, at the line that states the third item.
    assert all(c.file == DOC004 and "thứ ba" in c.quote for c in a.citations)


def test_two_figures_are_both_answered(answer_service):
    a = answer_service.answer("dân số TP Cần Thơ ước năm 2025 bao nhiêu nghìn người và tỷ lệ đô thị hóa bao nhiêu %?")
    shown = a.answer.replace("**", "")
    assert "3,225" in shown and "47.60" in shown
    assert {(DOC001, 479), (DOC001, 498)} <= cited(a)


def test_a_conflict_outside_the_retrieved_passages_is_named(answer_service):
    a = answer_service.answer("tốc độ tăng GRDP năm 2024 của TP Cần Thơ (cũ) là bao nhiêu %?")
    assert "**7,12**" in a.answer
    # The HĐND resolution's estimate (5,86%) is not among the passages retrieval returned…
    assert not any(r.file == DOC002 and r.line_start <= 63 <= r.line_end for r in a.retrieved)
    # …yet the catalogue names it, as an estimate rather than a disagreement.
    assert any(k.citation.file == DOC002 and k.citation.line_start <= 63 <= k.citation.line_end
               and "khác trạng thái" in k.note for k in a.conflicts)


def test_a_document_filter_limits_citations_and_comparisons(answer_service):
    a = answer_service.answer("chỉ tiêu bác sỹ/vạn dân 2030?", files={DOC001})
    assert "**19**" in a.answer and {c.file for c in a.citations} == {DOC001}
    assert all(k.citation.file == DOC001 for k in a.conflicts)


def test_unanswerable_although_every_word_is_in_the_corpus(answer_service):
    a = answer_service.answer("tỷ lệ hộ nghèo của Hậu Giang năm 2019 là bao nhiêu?")
    assert not a.found and a.answer == NOT_FOUND and a.citations == []


def test_an_answer_that_never_names_the_plant_asked_about_is_refused(answer_service):
    # "Nhiệt điện", "Ô Môn" and "công suất" are all in the corpus; the capacity of "Ô Môn II" is not.
    a = answer_service.answer("Nhà máy Nhiệt điện Ô Môn II có công suất thiết kế bao nhiêu MW?")
    assert not a.found and a.answer == NOT_FOUND and any("“Ô Môn II”" in n for n in a.notes)


def test_a_bridge_numbered_2_is_not_answered_with_another_project(answer_service):
    # "cầu Cần Thơ 2" is only listed, with no investment figure; "tổng vốn đầu tư" is stated for other projects.
    a = answer_service.answer("Tổng vốn đầu tư xây dựng cầu Cần Thơ 2 là bao nhiêu tỷ đồng?")
    assert not a.found and any("“Cần Thơ 2”" in n for n in a.notes)


def test_a_year_that_only_opens_a_stage_is_no_figure_of_that_year(answer_service):
    # The tourism task runs "2026 - 2030" and aims at 45-50 million foreign visitors in 2030: nothing for 2026.
    a = answer_service.answer("Số lượt khách du lịch đến TP Cần Thơ năm 2026 dự kiến bao nhiêu?")
    assert not a.found and a.answer == NOT_FOUND


def test_a_record_that_shares_only_generic_words_with_the_question_does_not_answer(answer_service):
    # "GRDP bình quân đầu người" shares "bình quân" and "người" with the question, not "dân số".
    a = answer_service.answer("Dân số trung bình của tỉnh Sóc Trăng trong năm 2025 là bao nhiêu người?")
    assert not a.found and a.citations == []
    named = answer_service.answer("dân số trung bình của thành phố Cần Thơ đến năm 2030?")
    assert "3.335.000" in named.answer.replace("**", "") and (DOC001, 128) in cited(named)


def test_a_sentence_whose_figures_are_all_of_another_place_does_not_answer(answer_service):
    # The closest sentence gives the former Cần Thơ's FDI projects of 2020 - 2024, not Hậu Giang's of 2024.
    a = answer_service.answer("vốn FDI đăng ký mới vào Hậu Giang riêng năm 2024 là bao nhiêu?")
    assert not a.found and a.citations == []
    assert any("số liệu gần nhất nói về Cần Thơ (cũ)" in n for n in a.notes)


def test_a_list_number_alone_is_no_figure(answer_service):
    # "1." before a heading's text, cut off as a sentence of its own (000:33 "1.", 000:897 "1.3."),
    # numbers the item; it states nothing.
    records = answer_service.retriever.catalogue.records
    assert not [r for r in records if re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*[.)]", r.quote.strip())]
    assert not [r for r in records if r.file == DOC000 and r.line in (33, 897)]


def test_a_route_through_other_provinces_is_not_the_place_a_figure_is_of(answer_service):
    # Hậu Giang's report: "huy động được 24.278 tỷ đồng, đầu tư … Cao tốc Châu Đốc - Cần Thơ - Sóc Trăng".
    records = answer_service.retriever.catalogue.records
    assert next(r for r in records if r.file == DOC004 and r.line == 1518 and r.value == "24.278").locality == "Hậu Giang"
    a = answer_service.answer("Trong nhiệm kỳ Hậu Giang đã huy động bao nhiêu vốn cho giao thông trọng điểm?")
    assert "24.278" in a.answer and (DOC004, 1518) in cited(a)


def test_prose_labels_and_periods_read_as_a_reader_would(answer_service):
    records = answer_service.retriever.catalogue.records
    at = lambda file, line, value: next(r for r in records if r.file == file and r.line == line and r.value == value)
    # "tổ chức chính trị, chính trị - xã hội tỷ lệ đạt 74 %": the dash joins, it does not split, and
    # a part ending in "tỷ lệ" continues the subject before the comma.
    assert "chính trị - xã hội" in at(DOC004, 414, "74").indicator
    assert at(DOC004, 414, "74").indicator.startswith("Tỷ lệ quần chúng tham gia")
    # "Giai đoạn 2022 - 2024, tổng thu ngân sách nhà nước …; ước năm 2025 thực hiện 14.030 tỷ đồng."
    assert at(DOC004, 170, "14.030").indicator.startswith("tổng thu ngân sách nhà nước")
    # "Tổng thu ngân sách nhà nước trên địa bàn … ; giai đoạn 2020 - 2025, tăng bình quân khoảng 1,28%/năm,
    # ước cuối năm 2025 đạt khoảng 12.362 tỷ đồng": a bare rate and a bare estimate of the subject before them.
    rate, estimate = at(DOC004, 2264, "1,28"), at(DOC004, 2264, "12.362")
    assert rate.indicator.startswith("Tổng thu ngân sách nhà nước trên địa bàn") and rate.indicator.endswith("tăng bình quân")
    assert estimate.indicator.startswith("Tổng thu ngân sách nhà nước trên địa bàn")
    # "tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ 35 - 40%": one value, and what it measures.
    assert at(DOC000, 281, "35 - 40").indicator.startswith("tỷ lệ lao động qua đào tạo có bằng cấp")
    # "… năm 2025 ước đạt …, gấp gần 1,5 lần so với năm 2020, đóng góp khoảng 9,3% …": 2020 is the base.
    assert at(DOC000, 447, "9,3").span.end == 2025
    # "tổng sản phẩm bình quân đầu người … tăng từ 72,41 triệu đồng năm 2020, dự kiến đạt trên 120 triệu đồng
    # năm 2025": status words alone name nothing; the figure is of the subject before them.
    assert at(DOC000, 447, "120").indicator.startswith("tổng sản phẩm bình quân đầu người")
    # "Phấn đấu bố trí 3% tổng chi ngân sách cho phát triển khoa học công nghệ …": a share is of what
    # follows it; "Tỷ lệ hộ nghèo còn 0,74% tổng số hộ" names its rate before, and the whole after.
    assert "tổng chi ngân sách" in at(DOC001, 114, "3").indicator
    assert at(DOC004, 2670, "0,74").indicator == "Tỷ lệ hộ nghèo"
    # "…; PCI năm 2021 hạng 38/63, năm 2022 hạng 12/63, năm 2023 hạng 09/63 …, SIPAS năm 2021 hạng 50/63,
    # …, năm 2023 hạng 29/63": each rank is of the index named in capitals nearest before it.
    assert at(DOC004, 1726, "09").indicator == "PCI hạng" and at(DOC004, 1726, "29").indicator == "SIPAS hạng"
    # A name in brackets does not replace the words it abbreviates: "Đóng góp … (TFP) vào tăng trưởng đạt
    # 45% - 50%", one range though each end is written with its sign.
    assert at(DOC004, 378, "45 - 50").indicator.startswith("Đóng góp năng suất")
    assert value_range(at(DOC004, 378, "45 - 50").value) == (45.0, 50.0)


def test_a_table_cell_without_a_unit_column_writes_its_own_unit(answer_service):
    records = answer_service.retriever.catalogue.records
    cells = {r.value: r for r in records if r.file == DOC000 and r.line == 629 and r.cell}
    # "21,90 tỷ USD" beside "2.520 triệu USD": billions, not 21.9 of the row's (absent) unit.
    assert cells["21,90 tỷ USD"].unit == "tỷ USD" and cells["2.520 triệu USD"].unit == "triệu USD"
    shown = figure_text(cells["21,90 tỷ USD"])
    assert shown.count("tỷ USD") == 1
    # A range is no number followed by the unit "-".
    assert all(r.unit == "" for r in records if r.file == DOC000 and r.line == 657 and r.value == "12 - 13")


def test_a_cell_of_sentences_in_a_column_per_place_is_that_places(answer_service):
    # Phụ lục 4 of the draft: "Có 75/80 xã đạt chuẩn nông thôn mới, …" under "Sóc Trăng", "… 42/51 xã …"
    # under "Hậu Giang"; the clauses name no place, their column does.
    records = [r for r in answer_service.retriever.catalogue.records if r.file == DOC000 and r.line == 627]
    place = lambda value: {r.locality for r in records if r.value == value}
    assert place("75") == place("06") == {"Sóc Trăng"}
    assert place("41") == {"Hậu Giang"}
    assert place("4") == {"Cần Thơ (cũ)"}


def test_a_listed_share_is_a_part_of_the_whole_its_list_head_names(answer_service):
    records = answer_service.retriever.catalogue.records
    # "Cơ cấu tổng sản phẩm trên địa bàn (GRDP) đến năm 2030 dự kiến: …; công nghiệp và xây dựng
    # chiếm cao hơn 35% …": the item is a share of GRDP, and "cao hơn" bounds it without naming it.
    industry = next(r for r in records if r.file == DOC001 and r.line == 100 and r.value == "35")
    assert industry.indicator == "công nghiệp và xây dựng"
    assert industry.whole == "Cơ cấu tổng sản phẩm trên địa bàn (GRDP)"
    # A topic before a colon is no whole: "Tổ chức bộ máy tiếp tục được tinh gọn: cấp tỉnh: giảm …".
    assert not any(r.whole for r in records if r.file == DOC000 and r.line == 599)
    # So the merged city's newest programme leads, and the former city's draft (40% - 45%) is its rival.
    answer = answer_service.answer("tỷ trọng công nghiệp - xây dựng trong GRDP TP Cần Thơ đến 2030 là bao nhiêu?")
    assert "**35**" in answer.answer and (DOC001, 100) in cited(answer)
    assert any(k.citation.file == DOC004 and k.citation.line_start <= 374 <= k.citation.line_end
               for k in answer.conflicts)


def test_a_year_in_progress_asked_as_planned_is_answered_by_its_estimate(answer_service):
    a = answer_service.answer("năm 2025 Cần Thơ dự kiến đón bao nhiêu lượt du khách?")
    assert "**6,6**" in a.answer and {(DOC004, 150), (DOC004, 2244)} & cited(a)


def test_a_report_and_its_appendix_in_one_file_can_disagree(answer_service):
    a = answer_service.answer("nhiệm kỳ 2020-2025 Hậu Giang tạo việc làm mới cho bao nhiêu lao động?")
    assert "**96.232**" in a.answer and all(c.file == DOC004 for c in a.citations)
    # The province's own report, bound in the same file as the appendix the answer cites, says 90.178.
    other = [k for k in a.conflicts if k.citation.file == DOC004 and "90.178" in k.citation.quote]
    assert other and other[0].citation.title == "Báo cáo kết quả thực hiện Nghị quyết Đại hội XIV - tỉnh Hậu Giang"
    assert other[0].citation.title not in {c.title for c in a.citations}  # the appendix, another sub-document


def test_a_level_at_the_end_of_the_term_is_compared_with_the_term_column(answer_service):
    # 004's Sóc Trăng report: 10 doctors per 10,000 people in 2025. The draft's appendix table
    # estimates the same level for the term 2020-2025 (its last year) at 11.
    a = answer_service.answer("năm 2025 tỉnh Sóc Trăng có bao nhiêu bác sĩ trên một vạn dân?")
    assert "**10**" in a.answer and {(DOC004, 865), (DOC004, 2538)} & cited(a)
    assert any(k.citation.file == DOC000 and k.citation.line_start == 754 and "11" in k.value for k in a.conflicts)


def test_the_noun_a_unit_counts_names_the_indicator_and_a_whole_is_no_rival(answer_service):
    # "Số lao động được tạo việc làm" (the draft's table) and "tạo việc làm mới cho 90.178/75.000 lao
    # động" (the province's report): one indicator once the counted noun is read with the label.
    a = answer_service.answer("Số lao động được tạo việc làm ở Hậu Giang trong 5 năm 2020-2025 ước thực hiện bao nhiêu?")
    assert "**96.232**" in a.answer and (DOC000, 834) in cited(a)
    assert any(k.citation.file == DOC004 and "**90.178**" in k.value for k in a.conflicts)
    # The 75.000 after the "/" is the target the count is out of, never another value of it.
    assert not any("**75.000**" in k.value for k in a.conflicts)


def test_the_councils_resolution_named_by_kind_answers_for_its_year(answer_service):
    # The draft HĐND resolution (002) sets 2025's target; the congress's term target 145 - 160 is
    # of 2020-2025 and of another document.
    for question in ("Theo Nghị quyết HĐND, GRDP bình quân đầu người của Cần Thơ năm 2025 phấn đấu đạt bao nhiêu?",
                     "theo nq hdnd grdp binh quan dau nguoi can tho nam 2025 phan dau dat bao nhieu"):
        a = answer_service.answer(question)
        assert "**113** - **115**" in a.answer and (DOC002, 83) in cited(a)


def test_a_count_of_staff_stated_in_people_answers(answer_service):
    # "bao nhiêu cán bộ" asks a count; "6.816 người" states one. Only a measure ("%", "tỷ đồng")
    # stated for a count asked (or the reverse) makes the closest figure no answer.
    a = answer_service.answer("Thành phố Cần Thơ trước hợp nhất có bao nhiêu cán bộ làm nghiên cứu khoa học, đổi mới sáng tạo?")
    assert "**6.816**" in a.answer and {(DOC004, 226), (DOC004, 2314)} & cited(a)


def test_a_figure_of_another_place_leaves_the_sentences_to_answer(answer_service):
    # The catalogue's closest "chỉ tiêu chủ yếu" is Hậu Giang's; the council's draft says the city's,
    # found by its label writing the whole subject or else by the sentences.
    a = answer_service.answer("Theo NQ HĐND, năm 2024 thành phố Cần Thơ dự kiến đạt bao nhiêu chỉ tiêu chủ yếu?")
    assert re.search(r"\*\*14\*\*/(\*\*)?17", a.answer) and (DOC002, 59) in cited(a)
    # A sentence whose figures the catalogue read as of another subject does not answer: Sóc
    # Trăng's GRDP per head is no population.
    refused = answer_service.answer("Dân số trung bình của tỉnh Sóc Trăng năm 2025 là bao nhiêu?")
    assert not refused.found and refused.citations == []


def test_an_abbreviation_asked_matches_the_label_that_spells_it_out(answer_service):
    a = answer_service.answer("tỷ lệ trường THPT đạt chuẩn quốc gia ở Cần Thơ mục tiêu 2030?")
    # The congress documents' 73,5% for "trung học phổ thông", not the whole sentence's first figure…
    assert "**73,5**" in a.answer and (DOC000, 287) in cited(a)
    # …and the older reference document's 85% for the same level named as a disagreement.
    assert any(k.citation.file == DOC004 and k.citation.line_start <= 392 <= k.citation.line_end for k in a.conflicts)


def test_every_catalogue_answer_states_only_figures_of_its_own_line(answer_service):
    # A long sentence is shown as a window around the figure; the window never cuts a number in two.
    records = answer_service.retriever.catalogue.records
    shown = {r: figure_text(r) for r in records}
    assert any(text.startswith("… ") for text in shown.values())
    bad = [(r.file, r.line, text) for r, text in shown.items()
           if unverified_figures(text, [r.quote, r.indicator, r.period])]
    assert bad == []


def test_the_indicators_a_results_table_assesses_as_missed(answer_service):
    term = answer_service.answer("TP Cần Thơ (cũ) không đạt những chỉ tiêu nào của NQ nhiệm kỳ 2020-2025?")
    # Phụ lục 5 of the political report: five rows assessed "Không đạt", over two pages of the table;
    # the report counts them itself below the table (703: "- Không đạt 05/20 chỉ tiêu, gồm: …"),
    # and that line leads.
    assert [(c.file, c.line_start) for c in term.citations] == [
        (DOC000, 703), (DOC000, 639), (DOC000, 644), (DOC000, 645), (DOC000, 652), (DOC000, 655)]
    assert term.answer.startswith("Không đạt 05/20 chỉ tiêu")
    assert "(5) Giá trị năng suất lao động" in term.answer and "(6)" not in term.answer
    # Phụ lục 6 (Sóc Trăng) rows assessed "Vượt" are seven, as 783 "Vượt 7/23 gồm: …" counts them.
    exceeded = answer_service.answer("Sóc Trăng vượt những chỉ tiêu nào của NQ Đại hội nhiệm kỳ 2020-2025?")
    assert exceeded.citations[0].line_start == 783 and len(exceeded.citations) == 8
    year = answer_service.answer("theo phụ lục I, năm 2024 những chỉ tiêu nào chưa đạt NQ?")
    assert cited(year) == {(DOC003, 13), (DOC003, 25), (DOC003, 34)}  # "Chưa đạt NQ", not "Cơ bản đạt NQ"
    assert unverified_figures(year.answer, [c.quote for c in year.citations]) == []


def test_a_year_in_a_chain_of_clauses_keeps_the_indicator_named_first(answer_service):
    # "GRDP năm 2020 đạt 2,47%, …; năm 2023 đạt 12,27%, … vươn lên đứng thứ 2 …; năm 2024 đạt 8,76%":
    # the 2024 clause names no indicator, so it continues "GRDP", not the ranking before it.
    a = answer_service.answer("GRDP Hậu Giang năm 2024 tăng bao nhiêu %?")
    assert "**8,76**" in a.answer and (DOC004, 1532) in cited(a)


def test_what_is_counted_follows_the_count(answer_service):
    # "hiện có 66 cơ sở giáo dục nghề nghiệp": the count is labelled by the words after it.
    a = answer_service.answer("TP Cần Thơ (cũ) có bao nhiêu cơ sở giáo dục nghề nghiệp?")
    assert "**66**" in a.answer and cited(a) & {(DOC004, 230), (DOC004, 2316)}


def test_an_ellipsis_before_a_lower_case_word_does_not_end_the_sentence(answer_service):
    # "… Festival Quốc tế ngành hàng Lúa gạo Việt Nam... đón 200 đại biểu quốc tế": one sentence.
    a = answer_service.answer("Festival Quốc tế ngành hàng Lúa gạo ở Hậu Giang đón bao nhiêu đại biểu quốc tế?")
    assert "**200**" in a.answer and (DOC000, 583) in cited(a)


def test_one_indicator_for_two_periods_answers_both_columns(answer_service):
    a = answer_service.answer("Tỷ lệ xã đạt chuẩn nông thôn mới của TP Cần Thơ ước năm 2025 và dự kiến năm 2027 là bao nhiêu?")
    shown = a.answer.replace("**", "")
    assert "81.94" in shown and "84.70" in shown and (DOC001, 494) in cited(a)


def test_the_next_term_is_not_the_term_that_ends_when_it_starts(answer_service):
    # "2020 - 2025" and "2025 - 2030" share only 2025: the old term's target is no answer for the new one.
    a = answer_service.answer("Sóc Trăng đặt mục tiêu tỷ lệ trường đạt chuẩn quốc gia bao nhiêu đến cuối nhiệm kỳ 2025-2030?")
    assert "**90**" in a.answer and (DOC004, 1115) in cited(a)


def test_the_appendix_a_question_names_answers_it(answer_service):
    a = answer_service.answer("Theo lộ trình ở Phụ lục I CTr 12, khu vực dịch vụ chiếm bao nhiêu % GRDP TP Cần Thơ ước năm 2025?")
    assert "**45.67**" in a.answer and (DOC001, 453) in cited(a)
    b = answer_service.answer("PL III BC 320: Đường tỉnh 918 (giai đoạn 2) kế hoạch vốn 2024 và đã giải ngân bao nhiêu?")
    assert b.retrieved[0].file == DOC003 and all(c.file == DOC003 for c in b.citations)


def test_a_rank_asked_after_an_absent_figure_is_not_answered_alone(answer_service):
    # Every word occurs in the corpus (PAPI, điểm, xếp hạng), but no PAPI score or rank for 2023:
    # "xếp hạng thứ mấy" is the rank of the PAPI, not of the PAR INDEX beside it.
    a = answer_service.answer("Chỉ số PAPI năm 2023 của TP Cần Thơ đạt bao nhiêu điểm, xếp hạng thứ mấy?")
    assert not a.found and a.answer == NOT_FOUND


def test_an_undated_result_of_a_mid_year_report_is_of_that_year(answer_service):
    # The term report written in 7/2025 states "Khách du lịch 13,3 triệu lượt" with no year: not a 2024 figure.
    a = answer_service.answer("Năm 2024 tỉnh Sóc Trăng đón bao nhiêu lượt khách du lịch?")
    assert not a.found
    # "Tính đến 30/6/2023, … 2.130 hệ thống": the date's year dates the figure.
    b = answer_service.answer("Tính đến 30/6/2023, TP Cần Thơ đã ký hợp đồng mua bán điện mặt trời mái nhà với bao nhiêu hệ thống?")
    assert "**2.130**" in b.answer and (DOC003, 309) in cited(b)


def test_a_table_cell_is_read_with_its_row_of_the_same_period(answer_service):
    # The target, the estimate and the ratio of one term stand side by side: the reader judges.
    a = answer_service.answer("Sóc Trăng cuối nhiệm kỳ 2020-2025: tỷ lệ sản lượng lúa đặc sản, lúa chất lượng cao đạt bao nhiêu so với chỉ tiêu?")
    shown = a.answer.replace("**", "")
    assert all(v in shown for v in ("80%", "93,61%", "104%")) and cited(a) == {(DOC000, 731)}
    # Only the same period: the 2024 estimate beside its 2024 resolution, not the 2023 result.
    b = answer_service.answer("tỷ lệ hộ nghèo năm 2024 của Cần Thơ (cũ) ước đạt bao nhiêu?")
    assert "0,15" in b.answer and "0,21" not in b.answer


def test_one_indicator_under_two_names_and_two_units(answer_service):
    a = answer_service.answer("dân số trung bình TP Cần Thơ đến năm 2030 là bao nhiêu?")
    assert "**3.335.000**" in a.answer
    # "3.335 nghìn người" in the programme's appendix is the same figure: a copy, not a disagreement…
    assert (DOC001, 479) in cited(a) and not any(k.citation.file == DOC001 for k in a.conflicts)
    # …while the draft's "Dân số bình quân: 3.374 nghìn người" (another name) is named as another value.
    assert any(k.citation.file == DOC000 and "3.374" in k.value for k in a.conflicts)


def test_amounts_compare_in_one_scale():
    from answer.lookup import amount, same_value
    from ingest.statements import FigureStatement
    record = lambda value, unit: FigureStatement("Dân số", value, unit, "", "", "f", "", "", "", "", 1, "")
    assert amount(record("3.335", "nghìn người")) == 3_335_000
    assert same_value(record("3.335", "nghìn người"), record("3.335.000", "người"))
    assert not same_value(record("3.374", "nghìn người"), record("3.335.000", "người"))


def test_a_table_range_reads_with_its_unit_after_it_and_the_rows_verdict_follows(answer_service):
    a = answer_service.answer("Phụ lục 5 (Cần Thơ cũ): dòng 'Tỷ lệ lao động qua đào tạo' có chỉ tiêu NQ 2020-2025 "
                              "bao nhiêu, kết quả và đánh giá thế nào?")
    shown = a.answer.replace("**", "")
    # "80-85%", not "80%-85": the unit follows the range, and the row's verdict is shown as written.
    assert "80-85%" in shown and "Vượt" in shown and (DOC000, 668) in cited(a)


def test_a_ratio_to_the_target_is_shown_as_written_not_in_the_rows_unit(answer_service):
    a = answer_service.answer("Phụ lục 6: chỉ tiêu GRDP bình quân đầu người của Sóc Trăng nhiệm kỳ 2020-2025 "
                              "được đánh giá Vượt hay Đạt?")
    shown = a.answer.replace("**", "")
    assert "75.5 triệu đồng" in shown and "2020 - 2025: 100,53" in shown and "100,53 triệu" not in shown
    assert "Vượt" in shown and (DOC000, 723) in cited(a)


def test_between_records_that_answer_alike_the_newest_documents_leads(answer_service):
    # The year's result in the 9/2025 draft, not the estimate the 12/2024 resolution made before the year ended.
    a = answer_service.answer("GRDP Cần Thơ năm 2024 tăng bao nhiêu %?")
    assert "**7,12**" in a.answer and (DOC000, 707) in cited(a)
    assert any(k.citation.file == DOC002 and "khác trạng thái" in k.note for k in a.conflicts)


def test_a_second_figure_named_only_by_its_status_and_year_keeps_the_subject(answer_service):
    # "…, dự kiến năm 2027 đạt bao nhiêu?": "dự kiến" is a status, not a subject of its own.
    a = answer_service.answer("Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo ở TP Cần Thơ ước năm 2025 là bao nhiêu, "
                              "dự kiến năm 2027 đạt bao nhiêu?")
    shown = a.answer.replace("**", "")
    assert "3.30" in shown and "19.80" in shown and cited(a) == {(DOC001, 471)}


def test_a_figure_that_answers_two_parts_is_shown_once(answer_service):
    # "một phần và toàn trình" reads as two parts; one sentence states the one figure for both.
    a = answer_service.answer("tổng số DVC trực tuyến một phần và toàn trình của TP Cần Thơ là bao nhiêu?")
    lines = a.answer.split("\n")
    assert "**1.714**" in a.answer and len(lines) == len(set(lines))


def test_another_documents_value_of_a_cell_shown_beside_the_lead_is_named(answer_service):
    # Asked for the target, the answer shows the row's estimate (85,58%) beside it: the Hậu Giang
    # report's "đạt tỷ lệ 85,21%" (a bare "tỷ lệ" continuing "265 trường đạt chuẩn quốc gia") differs from it.
    a = answer_service.answer("tỷ lệ trường đạt chuẩn quốc gia của Hậu Giang cuối nhiệm kỳ 2020-2025 (chỉ tiêu NQ)?")
    assert "**85**%" in a.answer and "85,58%" in a.answer and cited(a) == {(DOC000, 835)}
    assert any(k.citation.file == DOC004 and "85,21" in k.value for k in a.conflicts)


def test_a_count_written_as_achieved_of_planned_shares_its_unit_and_label(answer_service):
    records = [r for r in answer_service.figures.catalogue.records
               if r.file == DOC004 and "90.178/75.000" in r.quote and r.value in ("90.178", "75.000")]
    assert {r.value for r in records} == {"90.178", "75.000"}
    assert all(r.unit == "lao động" and r.indicator == records[0].indicator for r in records)


def test_the_former_citys_rate_for_the_same_indicator_is_named_beside_the_new_target(answer_service):
    a = answer_service.answer("Hằng năm bao nhiêu phần trăm quần chúng tham gia các tổ chức chính trị - xã hội "
                              "theo chỉ tiêu nhiệm kỳ 2025-2030?")
    assert "**75**" in a.answer and (DOC000, 1131) in cited(a)
    assert any(k.citation.file == DOC004 and k.citation.line_start == 414 and "74" in k.value for k in a.conflicts)


def test_a_percentage_asked_is_not_met_by_a_figure_in_another_unit(answer_service):
    records = answer_service.retriever.catalogue.records
    value = next(r for r in records if r.file == DOC001 and r.line == 481 and r.value == "182.93")
    now = answer_service.figures.now
    assert "Triệu đồng" in misfit(analyse("năng suất lao động ước năm 2025 tăng bao nhiêu %?"), value, now)
    assert misfit(analyse("giá trị năng suất lao động ước năm 2025 là bao nhiêu?"), value, now) == ""


def test_one_year_alone_is_not_answered_with_the_term_target(answer_service):
    # 001:499 gives 132 km in the "Mục tiêu" column and none in the 2027 column.
    a = answer_service.answer("Riêng năm 2027, Cần Thơ phải hoàn thành bao nhiêu km đường cao tốc theo Chương trình hành động 12?")
    assert not a.found and a.citations == []
    a = answer_service.answer("Đến năm 2030 Cần Thơ hoàn thành bao nhiêu km đường cao tốc?")
    assert a.found and "**132**" in a.answer and (DOC001, 499) in cited(a)


def test_a_label_keeps_words_whose_folded_form_is_a_filler(answer_service):
    # "thị" folds to "thì", "trọng" to "trong", "độ" to "do": a label ending "đô thị" stays whole.
    records = answer_service.figures.catalogue.records
    labels = {r.indicator for r in records if r.file == DOC003 and r.line == 61}
    assert labels == {"Khu vực đô thị"}
    a = answer_service.answer("Tỷ lệ hộ dân khu vực đô thị được cung cấp nước sạch ước thực hiện năm 2024 là bao nhiêu?")
    assert "**99,60**" in a.answer and (DOC003, 61) in cited(a)


def test_a_unit_goes_on_over_words_that_fold_like_stop_words(answer_service):
    # "08 nhà đầu tư": folded, "tư" reads "từ" and "sở" reads "so", and the unit stopped there.
    units = {r.unit for r in answer_service.figures.catalogue.records if r.file == DOC004 and r.line == 1512}
    assert "nhà đầu tư" in units


def test_a_heading_that_states_figures_gives_no_status(answer_service):
    # 004:2678 "(14) Công nhận 11 xã nông thôn mới (kế hoạch 9 xã), vượt 22,22% kế hoạch …" heads its
    # passage; its "kế hoạch" is the 9's status. The 11, and the 03 districts below it (2682), are
    # what was achieved, as the section "Kết quả thực hiện các chỉ tiêu …" says.
    records = answer_service.figures.catalogue.records
    stages = {r.value: r.stage for r in records if r.file == DOC004 and r.line == 2678}
    assert stages["11"] == ACTUAL and stages["9"] == PLAN
    assert {r.stage for r in records if r.file == DOC004 and r.line == 2682 and r.value == "03"} == {ACTUAL}


def test_a_sector_numbered_iii_is_neither_sector_i_nor_ii(answer_service):
    # One sentence gives all three sectors' shares; a footnote of the same report writes sector III as 33,25%.
    a = answer_service.answer("tỷ trọng khu vực III (dịch vụ) trong cơ cấu KT Hậu Giang năm 2025?")
    assert "**32,25**" in a.answer
    assert [(k.citation.file, k.citation.line_start <= 1534 <= k.citation.line_end) for k in a.conflicts] == [(DOC004, True)]


def test_a_sectors_growth_is_not_its_share(answer_service):
    # Phụ lục I BC 320 has the sector's growth rate (1,20%) and, rows below, its share of GRDP (9,95%).
    a = answer_service.answer("Phụ lục I BC 320: tăng trưởng khu vực nông lâm nghiệp, thủy sản Cần Thơ năm 2024 "
                              "ước thực hiện bao nhiêu, NQ giao bao nhiêu?")
    assert "**1,20**" in a.answer and "9,95" not in a.answer
    assert (DOC003, 15) in cited(a)


def test_the_second_part_asking_the_same_row_another_status_is_not_shown_twice(answer_service):
    a = answer_service.answer("tốc độ tăng năng suất lao động Cần Thơ năm 2024 ước đạt bao nhiêu, NQ đặt bao nhiêu?")
    assert a.answer.count("Tốc độ tăng năng suất lao động") == 1
    assert "**7,92**" in a.answer and "11-15" in a.answer


def test_a_deadline_cell_is_no_figure(answer_service):
    # "THỜI HẠN THỰC HIỆN: 2026 - 2030, giai đoạn 2 đến năm 2045" holds years and a phase, no amount.
    records = answer_service.figures.catalogue.records
    assert not [r for r in records if r.file == DOC000 and r.line == 1633]
    assert not [r for r in records if r.cell and re.match(r"20\d\d\s*-\s*20\d\d,", r.value)]



def test_a_rival_labelled_alike_is_named_however_little_of_the_question_it_covers(answer_service):
    # "tổng thu NSNN": the Tỉnh ủy's report writes "Tổng thu ngân sách cả nhiệm kỳ được 74.059 tỷ đồng".
    answer = answer_service.answer("tổng thu NSNN Hậu Giang cả nhiệm kỳ 2020-2025 là bao nhiêu?")
    assert "**74.180**" in answer.answer
    assert any(k.citation.file == DOC004 and k.citation.line_start <= 1570 <= k.citation.line_end
               for k in answer.conflicts)


def test_a_sub_row_is_a_part_of_the_row_above_it(answer_service):
    # "1. Tốc độ tăng trưởng … (GRDP)" and under it "- Dịch vụ": the sector's growth, not "- Khu vực 3
    # (Thương mại, dịch vụ)" of "3. Cơ cấu kinh tế" further down, which is its share.
    records = answer_service.retriever.catalogue.records
    services = next(r for r in records if r.file == DOC003 and r.line == 17 and r.cell)
    assert services.whole == "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)"
    a = answer_service.answer("toc do tang truong khu vuc dich vu tp can tho uoc nam 2024 la bao nhieu, nq giao bao nhieu")
    assert "**6,78**" in a.answer and (DOC003, 17) in cited(a)


def test_a_label_that_writes_the_whole_subject_answers_however_common_its_words(answer_service):
    # "xã hội" is in nearly every passage ("kinh tế - xã hội"); "nhà ở xã hội" is what is asked, and
    # the roadmap's row for 2027 writes it.
    answer = answer_service.answer("ke hoach nam 2027 tp can tho hoan thanh bao nhieu can nha o xa hoi")
    assert "**2,144**" in answer.answer and (DOC001, 502) in cited(answer)


def test_items_under_a_lead_in_take_its_period_and_status(answer_service):
    # "Theo Quy hoạch được duyệt …, dự kiến các chỉ tiêu đến năm 2030 như sau:" then
    # "- Tổng sản phẩm trên địa bàn (GRDP - giá so sánh): 247.900 tỷ đồng." (Phụ lục 8 of the draft).
    records = {r.value: r for r in answer_service.retriever.catalogue.records if r.file == DOC000 and r.line in (905, 906)}
    for value in ("593.335", "247.900"):
        assert records[value].span.end == 2030 and records[value].stage == "kế hoạch"  # "dự kiến"
        assert "Quy hoạch được duyệt" in records[value].context
    # "giá so sánh" is a price basis, not a ratio to a target.
    assert records["247.900"].stage != "so sánh"
    a = answer_service.answer("Theo các quy hoạch đã duyệt, GRDP giá hiện hành của TP Cần Thơ năm 2030 dự kiến bao nhiêu?")
    assert "593.335" in a.answer and (DOC000, 905) in cited(a)


def test_a_row_of_a_table_with_a_column_per_place_shows_the_place_asked(answer_service):
    # Phụ lục 4: "7 Xuất nhập khẩu | 2.520 triệu USD | 21,90 tỷ USD | 1.303 triệu USD | (năm 2025)";
    # "bảng so sánh" names the table, it asks no ratio to a target.
    a = answer_service.answer("Bảng so sánh 3 địa phương ghi xuất nhập khẩu năm 2025 của Hậu Giang là bao nhiêu?")
    assert "Hậu Giang: **1.303** triệu USD" in a.answer and "2.520" not in a.answer
    assert (DOC000, 629) in cited(a)


def test_a_cell_bounded_by_a_word_states_its_figure(answer_service):
    # Phụ lục 6 row 23 (000:775): "Trên 85 | Trên 85 | Đạt | 100" — the target is "Trên 85", not the ratio.
    a = answer_service.answer("Sóc Trăng: chỉ tiêu Nghị quyết nhiệm kỳ 2020-2025 về tỷ lệ các đoàn thể chính trị - xã hội "
                              "hoàn thành tốt nhiệm vụ là bao nhiêu?")
    assert (DOC000, 775) in cited(a) and "Trên **85**" in a.answer


def test_a_newer_value_in_another_unit_does_not_replace_the_one_asked(answer_service):
    # "bao nhiêu USD": the scenario's "8.500 USD" answers; the programme's "215 triệu đồng/người/năm"
    # for the same indicator is newer, but not in the unit asked.
    a = answer_service.answer("Theo kịch bản tăng trưởng cao, GRDP bình quân đầu người của Cần Thơ năm 2030 đạt bao nhiêu USD?")
    assert "USD" in a.answer and "215" not in a.answer


def test_counts_of_other_things_are_no_rival_values(answer_service):
    # "Toàn thành phố có 347 hợp tác xã" (004:130): "02 khu công nghiệp" and "991 ha … VietGAP", each
    # after "Thành phố" in the appendix, state other things.
    a = answer_service.answer("TP Cần Thơ (cũ) hiện có bao nhiêu HTX?")
    assert a.found and "**347**" in a.answer
    assert not {(c.citation.file, c.citation.line_start) for c in a.conflicts} & {(DOC004, 2226), (DOC004, 2248)}
    # "28,5ha" of the digital-technology park and its firms: no other park's area, no firm count, is its rival.
    a = answer_service.answer("Khu công nghệ số của Hậu Giang rộng bao nhiêu ha, thu hút mấy doanh nghiệp?")
    assert a.found and "28,5" in a.answer
    rivals = " ".join(c.value for c in a.conflicts)
    assert "dự án FDI" not in rivals and "Tiến sĩ" not in rivals and "lượt người xem" not in rivals


def test_a_revenue_written_short_is_the_same_measure():
    # "7.490 tỷ" (004:2502) and "7.491 tỷ đồng" (004:831): one indicator, two values.
    from answer.lookup import _same_measure
    from ingest.statements import FigureStatement
    stated = lambda value, unit: FigureStatement(indicator="Doanh thu du lịch", value=value, unit=unit, period="",
                                                 locality="Sóc Trăng", file=DOC004, document="", date="", status="",
                                                 section="", line=0, quote="")
    assert _same_measure(stated("7.490", "tỷ"), stated("7.491", "tỷ đồng"))
    assert not _same_measure(stated("28,5", "ha"), stated("04", "doanh nghiệp"))
    assert not _same_measure(stated("347", "hợp tác xã"), stated("02", "khu công nghiệp đang"))
    assert _same_measure(stated("6.816", "người"), stated("6.900", "cán bộ"))
    # Told apart with their marks: "lao động" counts workers, it is no amount in "đồng".
    assert _same_measure(stated("90.178", "lao động"), stated("92.000", "lao động"))
    assert not _same_measure(stated("90.178", "lao động"), stated("120", "tỷ đồng"))


def test_how_many_times_asks_the_multiple_and_finds_the_report_that_says_otherwise(answer_service):
    q = "Tổng dư nợ tín dụng của Sóc Trăng cuối năm 2025 tăng bao nhiêu lần so với năm 2020?"
    assert analyse(q).unit == "lan"
    a = answer_service.answer(q)
    # Phụ lục 2 (004:2508) "tăng 1,76 lần"; the province's report (004:837) "tăng 1,78 lần".
    assert a.found and "**1,76** lần" in a.answer and "**80.900**" not in a.answer
    assert (DOC004, 2508) in cited(a)
    assert any(c.citation.file == DOC004 and c.citation.line_start <= 837 <= c.citation.line_end and "1,78" in c.value
               for c in a.conflicts)


def test_a_count_after_where_and_when_is_labelled_by_what_it_counts(answer_service):
    # "Đến nay, toàn tỉnh có 312 trường từ mầm non đến trung học phổ thông" (004:2914, Phụ lục 3).
    records = answer_service.retriever.catalogue.records
    stated = [r for r in records if r.file == DOC004 and r.line == 2914 and r.value == "312"]
    assert stated and "trường từ mầm non" in stated[0].indicator
    # The province's report (004:1608) says 311: the appendix's 312 is named beside it.
    a = answer_service.answer("hau giang hien co bao nhieu truong tu mam non den thpt")
    assert a.found and "**311**" in a.answer
    assert any(c.citation.file == DOC004 and c.citation.line_start <= 2914 <= c.citation.line_end and "312" in c.value
               for c in a.conflicts)


def test_a_count_and_its_increase_in_one_sentence_are_shown_once_and_never_rival(answer_service):
    a = answer_service.answer("TP Cần Thơ (cũ) có bao nhiêu hợp tác xã, tăng bao nhiêu so với năm 2020?")
    assert a.found and a.answer.count("Toàn thành phố có") == 1
    assert "**347** hợp tác xã, tăng **63** hợp tác xã" in a.answer and "**746**" not in a.answer
    assert not a.conflicts


def test_figures_under_a_reports_tasks_ahead_are_targets(answer_service):
    # "III. NHIỆM VỤ VÀ GIẢI PHÁP" of Hậu Giang's report (004:2060): "Thực hiện công tác bồi thường … khoảng
    # 1.500 ha" is a task for 2025 - 2030, though it opens with "Thực hiện".
    records = answer_service.retriever.catalogue.records
    stated = [r for r in records if r.file == DOC004 and r.line == 2060 and r.value == "1.500"]
    assert stated and stated[0].stage == TARGET
    a = answer_service.answer("Giai đoạn 2025-2030 Hậu Giang đặt mục tiêu bồi thường, bàn giao mặt bằng và thu tiền từ đất bao nhiêu?")
    assert a.found and "1.500" in a.answer and "10.000" in a.answer
    assert (DOC004, 2060) in cited(a)


def test_an_import_figure_never_answers_for_exports(answer_service):
    records = answer_service.retriever.catalogue.records
    imports = next(r for r in records if r.file == DOC004 and r.line == 148 and r.value == "2.559")
    assert imports.indicator.startswith("Kim ngạch nhập khẩu")
    asked = analyse("Kim ngạch xuất khẩu của TP Cần Thơ (cũ) giai đoạn 2020-2024 là bao nhiêu triệu USD?")
    assert misfit(asked, imports, 2026) == "số liệu gần nhất nói về nhập khẩu"
    assert misfit(analyse("Kim ngạch nhập khẩu của TP Cần Thơ (cũ) giai đoạn 2020-2024 là bao nhiêu triệu USD?"),
                  imports, 2026) == ""
    a = answer_service.answer("Kim ngạch xuất khẩu gạo riêng của TP Cần Thơ (cũ) giai đoạn 2020-2024 là bao nhiêu triệu USD?")
    assert "2.559" not in a.answer


def test_what_a_sentence_says_grew_or_fell_by_is_a_change():
    from answer.lookup import _change
    from ingest.statements import FigureStatement
    quote = "Thực hiện tinh giản 1.521 biên chế (từ 16.244 biên chế giảm còn 14.723 biên chế)."
    stated = lambda value: FigureStatement(indicator="tinh giản", value=value, unit="biên chế", period="",
                                           locality="Hậu Giang", file=DOC004, document="", date="", status="",
                                           section="", line=1664, quote=quote)
    assert _change(stated("1.521"))
    assert not _change(stated("16.244")) and not _change(stated("14.723"))  # "giảm còn": the level it came to


def test_a_footnotes_figure_is_of_the_year_its_citing_clause_says(answer_service):
    # 004:2712 "Tổ chức Hội nghị xúc tiến đầu tư năm 2022 …<sup>[5]</sup>"; footnote 2718 states the
    # memoranda's "220.000 tỷ đồng" without a year.
    a = answer_service.answer("Hội nghị xúc tiến đầu tư tỉnh Hậu Giang năm 2022 ký biên bản ghi nhớ với "
                              "tổng giá trị bao nhiêu?")
    assert a.found and "220.000" in a.answer and (DOC004, 2718) in cited(a)
    # A clause naming two periods ("giai đoạn 2016 - 2021 và 2022 - 2026", 004:1666) dates none of its
    # footnote's figures (1674).
    records = [r for r in answer_service.figures.catalogue.records
               if r.file == DOC004 and r.line == 1674 and r.value == "1.521"]
    assert records and all(r.span.end != 2026 for r in records)


def test_a_copy_writing_its_thousands_with_dots_is_shown(answer_service):
    # 004:684 writes "5 127 tỷ đồng", its copy in Phụ lục 1 (004:2414) "5.127 tỷ đồng": both cited.
    a = answer_service.answer("Doanh thu vận tải, kho bãi, bưu chính, chuyển phát của TP Cần Thơ (cũ) năm 2023 ước đạt bao nhiêu?")
    assert "**5.127**" in a.answer and {(DOC004, 684), (DOC004, 2414)} <= cited(a)


def test_a_target_beside_a_result_is_named_as_another_status_not_a_conflict(answer_service):
    # 004:3012 "tạo việc làm mới cho 96.232/75.000 lao động" (Hậu Giang's report); 000:834 holds the
    # resolution's target, 75.000, in its table: the same figure's target, which contradicts nothing.
    a = answer_service.answer("nhiệm kỳ 2020-2025 Hậu Giang tạo việc làm mới cho bao nhiêu lao động?")
    assert a.found and "**96.232**" in a.answer and (DOC004, 3012) in cited(a)
    target = [k for k in a.conflicts if k.citation.file == DOC000 and k.citation.line_start == 834]
    assert target and target[0].other_status and "75.000" in target[0].value
    assert all(not k.other_status for k in a.conflicts if k is not target[0])


def test_the_former_citys_estimate_read_from_its_shifted_row(answer_service):
    # 000:673 writes the 2025 estimate 18,03 in the ratio column; read as the estimate, it answers
    # "năm 2025" instead of a refusal for the target 17 alone. A count out of a whole keeps its unit last.
    a = answer_service.answer("Số bác sĩ/vạn dân của TP Cần Thơ (cũ) năm 2025 là bao nhiêu?")
    assert a.found and "**18,03**" in a.answer and (a.citations[0].file, a.citations[0].line_start) == (DOC000, 673)
    b = answer_service.answer("Bảng kết quả chỉ tiêu Nghị quyết nhiệm kỳ 2020-2025 của TP Cần Thơ: số xã nông thôn "
                              "mới kiểu mẫu theo chỉ tiêu Nghị quyết và ước thực hiện?")
    assert "11/36 xã" in b.answer
