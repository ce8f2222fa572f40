"""The question analysis on its own: period, status, locality, answer type, ordinal and count,
with and without diacritics."""
from __future__ import annotations

import pytest

from answer.question import FIGURE, FIGURES, LIST, NAME, ORDINAL, STATEMENT, analyse, heading_names
from ingest.periods import ESTIMATE, PLAN, TARGET, Period, over_term
from ingest.scope import FORMER, MERGED_CITY, localities_in
from tests.corpus_files import DOC004, cited


@pytest.mark.parametrize("text", ["tỷ lệ hộ nghèo ước thực hiện năm 2024 của Cần Thơ (cũ)?",
                                  "ty le ho ngheo uoc thuc hien nam 2024 cua Can Tho (cu)?"])
def test_estimate_of_a_year_for_the_former_city_with_and_without_diacritics(text):
    q = analyse(text)
    assert q.answer_type == FIGURE and q.status == ESTIMATE
    assert q.period == Period(2024, 2024, "year")
    assert q.localities == {FORMER}
    assert {"ho", "ngheo"} <= set(q.subject)


def test_merged_city_and_a_target_year():
    q = analyse("chỉ tiêu GRDP bình quân đầu người của TP Cần Thơ sau hợp nhất đến năm 2030?")
    assert q.localities == {MERGED_CITY} and q.status == TARGET
    assert q.period == Period(2030, 2030, "by") and q.answer_type == FIGURE


def test_the_localities_a_text_names_are_the_callers_own():
    # The answer to a text is kept for the next time it is asked: changing one answer changes no other.
    found = localities_in("TP Cần Thơ và tỉnh Sóc Trăng")
    found.discard(MERGED_CITY)
    assert localities_in("TP Cần Thơ và tỉnh Sóc Trăng") == {MERGED_CITY, "Sóc Trăng"}


def test_names_joined_by_dashes_are_a_route_not_places():
    assert localities_in("đầu tư cao tốc Châu Đốc - Cần Thơ - Sóc Trăng qua Hậu Giang") == {"Hậu Giang"}
    assert localities_in("dự án thành phần Cần Thơ - Hậu Giang") == set()
    # A heading in capitals and the former city beside another are no route.
    assert localities_in("KINH TẾ - XÃ HỘI TỈNH SÓC TRĂNG") == {"Sóc Trăng"}
    assert localities_in("thành phố Cần Thơ - CanTho Startup Ecosystem") == {MERGED_CITY}


def test_the_city_before_the_merger_without_its_name():
    assert analyse("tốc độ tăng GRDP của thành phố trước hợp nhất năm 2023?").localities == {FORMER}


def test_term_and_ordinal():
    q = analyse("Khâu đột phá thứ hai nhiệm kỳ 2025 - 2030 là gì?")
    assert q.answer_type == ORDINAL and q.ordinal == 2
    assert q.period == Period(2025, 2030, "range")


def test_an_item_numbered_in_brackets_is_an_ordinal_and_a_document_number_is_not(answer_service):
    q = analyse("Quan điểm chỉ đạo số (2) trong báo cáo của Thành ủy Cần Thơ trước hợp nhất là gì?")
    assert q.answer_type == ORDINAL and q.ordinal == 2 and "so" not in q.terms
    assert analyse("Nghị quyết số 17/NQ-HĐND ghi ngày nào?").ordinal is None
    a = answer_service.answer(q.text)
    assert a.answer.startswith("(2) Thành phố Cần Thơ phải trở thành trung tâm động lực") and (DOC004, 350) in cited(a)


@pytest.mark.parametrize("text, count", [("ba khâu đột phá là gì?", 3), ("Hậu Giang xác định 04 trụ cột gồm những gì?", 4)])
def test_lists_and_their_counts(text, count):
    q = analyse(text)
    assert q.answer_type == LIST and q.count == count


def test_two_figures_are_two_parts():
    q = analyse("dân số năm 2025 bao nhiêu nghìn người và tỷ lệ đô thị hóa bao nhiêu %?")
    assert q.answer_type == FIGURES and len(q.parts) == 2


def test_statement_under_a_heading():
    q = analyse("tầm nhìn đến năm 2045 của thành phố là gì?")
    assert q.answer_type == STATEMENT and q.heading == "tam nhin"


def test_ty_le_asks_for_a_figure_in_both_spellings():
    assert analyse("tỷ lệ đô thị hóa Sóc Trăng").answer_type == FIGURE
    assert analyse("ty le do thi hoa soc trang").answer_type == FIGURE


def test_a_question_that_only_names_a_list_asks_for_its_items():
    assert analyse("các nhiệm vụ trọng tâm nhiệm kỳ 2025-2030 của Đảng bộ TP Cần Thơ?").answer_type == LIST
    assert analyse("cac nhiem vu trong tam nhiem ky 2025-2030?").answer_type == LIST


def test_the_nao_of_the_nao_does_not_ask_for_a_list():
    assert analyse("các KCN đang hoạt động có tỷ lệ lấp đầy thế nào?").answer_type != LIST


def test_the_vision_is_looked_for_under_the_general_goal_too():
    said, alone = heading_names(analyse("tầm nhìn đến năm 2045 là gì?").heading)
    assert "muc tieu chung" in said and not alone
    # "1. Mục tiêu" alone heads the general goal; "Mục tiêu, nhiệm vụ …" does not.
    assert heading_names(analyse("mục tiêu chung năm 2025 là gì?").heading)[1] == ("muc tieu",)


def test_a_yearly_rate_and_a_unit_asked():
    q = analyse("tổng vốn đầu tư nhiệm kỳ 2020-2025 tăng bình quân bao nhiêu %/năm?")
    assert q.yearly and q.unit == "%" and q.period == Period(2020, 2025, "range")
    assert analyse("TP Cần Thơ (cũ) hiện có bao nhiêu HTX?").unit == "htx"
    assert analyse("có bao nhiêu tỷ đồng?").unit == "ti"  # spelled as the catalogue spells it


def test_a_comparison_base_year_is_not_the_period_asked():
    assert analyse("NSLĐ năm 2025 tăng mấy % so với năm 2024?").period == Period(2025, 2025, "year")
    assert analyse("GRDP năm 2025 gấp bao nhiêu lần năm 2020?").period == Period(2025, 2025, "year")


def test_a_list_of_what_missed_its_target():
    assert analyse("những chỉ tiêu nào chưa đạt Nghị quyết năm 2024?").assessment == "không đạt"
    assert analyse("các chỉ tiêu nào vượt kế hoạch?").assessment == "vượt"
    assert analyse("tỷ lệ hộ nghèo năm 2024 đạt bao nhiêu?").assessment == ""  # a figure, not a list


def test_one_subject_asked_for_two_periods_is_two_questions():
    q = analyse("Tỷ lệ xã đạt chuẩn nông thôn mới của TP Cần Thơ ước năm 2025 và dự kiến năm 2027 là bao nhiêu?")
    assert q.answer_type == FIGURES
    first, second = (analyse(p) for p in q.parts)
    assert (first.period.end, first.status, second.period.end, second.status) == (2025, ESTIMATE, 2027, PLAN)
    assert "nong" in first.subject and "nong" in second.subject
    # A base year of a comparison is no second period.
    assert analyse("GRDP năm 2025 tăng bao nhiêu so với năm 2020?").answer_type == FIGURE


def test_consecutive_terms_do_not_overlap():
    assert not Period(2020, 2025, "range").overlaps(Period(2025, 2030, "range"))
    assert Period(2021, 2025, "range").overlaps(Period(2020, 2025, "range"))
    assert Period(2025, 2025, "year").overlaps(Period(2020, 2025, "range"))


def test_a_document_named_by_number_or_appendix_is_where_to_look_not_what_is_asked():
    q = analyse("Theo lộ trình ở Phụ lục I CTr 12, khu vực dịch vụ chiếm bao nhiêu % GRDP ước năm 2025?")
    assert q.document.numbers == {"12"} and q.document.appendix == 1
    assert not {"phu", "luc", "i", "ctr", "12"} & set(q.terms)
    # A term of years after "NQ" names no document.
    assert not analyse("chỉ tiêu NQ 2020-2025 về hộ nghèo?").document
    assert analyse("PL III BC 320: Đường tỉnh 918 kế hoạch vốn 2024?").document.numbers == {"320"}


def test_an_ordinal_written_as_a_list_mark():
    assert analyse("Quan điểm phát triển thứ (3) của thành phố là gì?").ordinal == 3


def test_a_quoted_marker_of_a_list_is_an_ordinal(answer_service):
    q = analyse('Quan điểm chỉ đạo "Năm là" của Đảng bộ tỉnh Hậu Giang nhấn mạnh điều gì?')
    assert q.answer_type == ORDINAL and q.ordinal == 5 and not {"nam", "la"} & set(q.terms)
    assert analyse("Năm 2024 là năm thứ mấy của nhiệm kỳ?").ordinal is None  # unquoted: a year
    a = answer_service.answer(q.text)
    # 004:1894-1902, "Một là, …" to "Năm là, …": the fifth only.
    assert a.answer.startswith("Năm là") and cited(a) == {(DOC004, 1902)}


def test_a_congress_named_is_where_to_look():
    q = analyse("Mục tiêu tổng quát đến năm 2030 của TP Cần Thơ (trước hợp nhất) trong tài liệu dự thảo Đại hội XV là gì?")
    assert q.document.congress == "xv" and q.answer_type == STATEMENT
    assert not {"du", "thao", "tai", "lieu", "dai", "hoi", "xv"} & set(q.terms)


def test_numbers_that_name_the_subject_and_a_prefix_that_names_the_document():
    q = analyse("Theo Phụ lục III Báo cáo 320, dự án Đường tỉnh 917 được giao vốn năm 2024 bao nhiêu "
                "và giải ngân được bao nhiêu?")
    # "917" names the road; "320", "III" and "2024" name the document and the year.
    assert q.numbers == {"917"}
    # "Theo Phụ lục III Báo cáo 320," says where to look: it is no part of its own.
    assert q.parts[0].startswith("Theo Phụ lục III Báo cáo 320, dự án Đường tỉnh 917") and len(q.parts) == 2
    assert analyse("khâu đột phá thứ 3 của CTr 12/CTr-UBND là gì?").numbers == frozenset()


def test_may_of_bo_may_is_no_figure_cue_when_the_question_has_its_marks():
    assert analyse("Việc nâng cao chất lượng hoạt động bộ máy mới của tòa án có thời hạn khi nào?").answer_type != FIGURE
    assert analyse("Sóc Trăng có mấy xã đạt chuẩn nông thôn mới?").answer_type == FIGURE
    assert analyse("soc trang co may xa dat chuan nong thon moi").answer_type == FIGURE  # no marks: may be "mấy"


def test_a_count_before_the_noun_asked_with_nao_asks_for_that_many_items():
    assert analyse("TP Cần Thơ đã hoàn chỉnh 03 quy hoạch quốc phòng nào?").answer_type == LIST
    assert analyse("Cần Tho co 4 khu cong nghiep nao?").answer_type == LIST
    # "5 năm qua" is a period, not a count of what is asked.
    assert analyse("5 năm qua tỉnh nào tăng trưởng nhanh nhất?").answer_type != LIST


@pytest.mark.parametrize("text, alone", [
    ("riêng năm 2024 tỷ lệ hộ nghèo là bao nhiêu?", True),
    ("chỉ tính trong năm 2025 thu hút bao nhiêu dự án?", True),
    ("Nhiệm kỳ 2025-2030 Sóc Trăng đặt chỉ tiêu giảm nghèo thế nào, riêng hộ Khmer?", False),
])
def test_one_year_alone(text, alone):
    assert analyse(text).single_year is alone


def test_a_range_written_out_is_a_range_not_a_deadline():
    assert analyse("Từ năm 2021 đến năm 2024 Cần Thơ thu hút bao nhiêu dự án FDI?").period == Period(2021, 2024, "range")
    assert analyse("đến năm 2030 thu hút bao nhiêu dự án?").period == Period(2030, 2030, "by")


@pytest.mark.parametrize("label, over", [
    ("Số bác sĩ/10.000 dân", False), ("Tỷ lệ hộ nghèo", False), ("GRDP bình quân đầu người", False),
    ("Tốc độ tăng GRDP theo giá so sánh 2010 bình quân 5 năm (2021-2025)", True),
    ("Số lao động được tạo việc làm trong 5 năm", True), ("Lũy kế vốn đầu tư", True),
    ("Tổng vốn đầu tư thực hiện trên địa bàn tỷ đồng Bình quân giai đoạn 2026-2030", True),
    ("Thu ngân sách %/năm", True)])
def test_a_level_is_measured_at_the_end_of_a_term_and_a_growth_over_it(label, over):
    assert over_term(label) is over


def test_revenue_is_not_an_ordinal_when_the_question_has_its_marks():
    assert analyse("Thu hải quan năm 2023 thực hiện cả năm là bao nhiêu?").ordinal is None
    assert analyse("Khâu đột phá thứ hai là gì?").ordinal == 2
    assert analyse("khau dot pha thu hai la gi").ordinal == 2  # without marks "thu" may be "thứ"


def test_a_document_named_by_its_kind():
    assert analyse("GRDP bình quân đầu người năm 2025 NQ HĐND đặt chỉ tiêu bao nhiêu?").document.kinds == {"nghi quyet hdnd"}
    assert analyse("theo nghi quyet hdnd ty le ho ngheo 2025").document.kinds == {"nghi quyet hdnd"}
    # A congress's resolution named as a document, not as the targets it set.
    assert analyse("Dự thảo Nghị quyết Đại hội I chỉ ra những nguyên nhân chủ quan nào?").document.kinds \
        == {"nghi quyet dai hoi"}
    assert not analyse("Sóc Trăng có những chỉ tiêu nào chưa đạt Nghị quyết Đại hội tỉnh?").document.kinds
    # The council's building is no resolution of it.
    assert not analyse("Trụ sở Văn phòng Đoàn ĐBQH và HĐND TP Cần Thơ thực hiện khi nào?").document


def test_what_the_city_wants_is_its_target():
    assert analyse("Năm 2026 thành phố muốn tỷ lệ hộ nghèo còn bao nhiêu?").status == TARGET
    assert analyse("nam 2026 thanh pho muon ty le ho ngheo con bao nhieu").status == TARGET


def test_a_question_without_marks_keeps_syllables_of_its_content_words():
    # "moi" of "moi truong" is not "mỗi", "co" of "co cau" not "có"; "bao nhieu" still asks.
    q = analyse("so nong nghiep va moi truong chu tri nhung de an nao")
    assert "moi" in q.subject and "truong" in q.subject
    assert "co" in analyse("soc trang muc tieu co cau grdp 2030").subject
    assert not {"bao", "nhieu", "co"} & set(analyse("co bao nhieu xa dat chuan").subject)


def test_proper_names_are_runs_of_capitalised_syllables_past_the_first_word():
    assert analyse("Nhà máy Nhiệt điện Ô Môn II có công suất bao nhiêu MW?").names == ("Ô Môn II",)
    assert analyse("Đường Nguyễn Văn Cừ nối dài đoạn Mỹ Khánh - Phong Điền").names == (
        "Nguyễn Văn Cừ", "Mỹ Khánh", "Phong Điền")
    # Provinces are the locality slot; abbreviations, a numeral after a congress and lone capitals are no names.
    assert analyse("Đại hội I Đảng bộ TP Cần Thơ đặt chỉ tiêu GRDP bao nhiêu?").names == ()
    assert analyse("Theo Phụ lục V Báo cáo 320, KCN Sóc Trăng có bao nhiêu ha?").names == ()
    # A facility is named by its capitalised head and the words after it; "Khu vực I" is a sector.
    assert analyse("Tổng mức đầu tư của dự án Khu hành chính thành phố Cần Thơ là bao nhiêu?").names == (
        "Khu hành chính",)
    assert analyse("Tỷ trọng Khu vực I trong cơ cấu GRDP Sóc Trăng?").names == ()


def test_after_the_merger_said_outright_is_the_merged_city_even_of_the_last_term():
    asked = analyse("Bài học thứ ba nhiệm kỳ 2020-2025 trong văn kiện Đảng bộ TP Cần Thơ (sau hợp nhất) là gì?")
    assert asked.localities == {"Cần Thơ"}
    assert analyse("Xã nông thôn mới của TP Cần Thơ nhiệm kỳ 2020-2025?").localities == {"Cần Thơ (cũ)"}


def test_a_comma_inside_a_name_does_not_split_the_question():
    q = analyse("tốc độ tăng khu vực công nghiệp, xây dựng năm 2024 ước thực hiện bao nhiêu, NQ HĐND giao bao nhiêu?")
    assert q.parts[0].startswith("tốc độ tăng khu vực công nghiệp, xây dựng") and len(q.parts) == 2
    assert q.quantities == {"tăng trưởng"} and "giao" not in q.terms
    # Each period of "năm 2023 thực hiện và năm 2024 ước đạt bao nhiêu" is a part of its own.
    assert len(analyse("Tỷ lệ hộ dân nông thôn được cung cấp nước sạch: năm 2023 thực hiện và năm 2024 "
                       "ước đạt bao nhiêu?").parts) == 2


def test_a_number_after_a_name_is_part_of_it():
    assert analyse("Tổng vốn đầu tư xây dựng cầu Cần Thơ 2 là bao nhiêu tỷ đồng?").names == ("Cần Thơ 2",)
    assert analyse("Khu công nghiệp Sông Hậu 2 dự kiến đầu tư giai đoạn nào?").names == ("Sông Hậu 2",)
    assert analyse("Quy mô GRDP Cần Thơ 2023 là bao nhiêu?").names == ()


def test_a_class_asked_is_no_figure():
    # "loại III": a Roman numeral names the class; "loại mấy" does not ask for a number.
    assert analyse("cang bien tran de duoc quy hoach la cang bien loai may").answer_type == NAME
    assert analyse("Cần Thơ là đô thị loại mấy?").answer_type == NAME


def test_a_part_of_a_year_is_read_as_typed():
    assert analyse("Tăng trưởng GRDP quý I/2026 của TP Cần Thơ đạt bao nhiêu %?").part_of_year == "quý I"
    assert analyse("giai ngan 6 thang dau nam 2024 dat bao nhieu").part_of_year == "6 thang dau nam"
    assert analyse("Tăng trưởng GRDP năm 2026 bao nhiêu?").part_of_year == ""


def test_thu_gom_collects_and_lists_nothing():
    # "gồm" asks for the items of a list; "thu gom" (collect) is what the figure is about.
    assert analyse("tỷ lệ thu gom, xử lý chất thải rắn sinh hoạt đô thị đến 2030 đạt bao nhiêu?").answer_type == FIGURE
    assert analyse("ty le thu gom rac thai do thi 2030 bao nhieu").answer_type == FIGURE
    assert analyse("Chuẩn mực con người Cần Thơ gồm những phẩm chất nào?").answer_type == LIST


def test_what_the_city_hopes_for_is_no_subject_word():
    # "được kỳ vọng có … bao nhiêu năm sống khỏe mạnh": the hope frames the target, the subject is the rest.
    assert "vong" not in analyse("người dân được kỳ vọng có bao nhiêu năm sống khỏe mạnh?").subject


def test_where_asks_a_place_whatever_dat_says():
    # "đặt" folds to "dat", as "đạt" does; "ở đâu" asks where, not a figure.
    assert analyse("Sóc Trăng dự định đặt các trung tâm logistics ở đâu?").answer_type == NAME
    assert analyse("Sóc Trăng có bao nhiêu trung tâm logistics, ở đâu?").answer_type != NAME
    # "lần thứ mấy", like "loại mấy", asks a number that names (lần thứ I, XV), not a figure.
    assert analyse("Đại hội nhiệm kỳ 2025-2030 là đại hội lần thứ mấy?").answer_type == NAME


def test_dat_to_set_is_no_assessment_when_written_with_its_marks():
    assert analyse("Sóc Trăng đặt những chỉ tiêu hằng năm nào về xếp loại đảng viên?").assessment == ""
    assert analyse("Sóc Trăng có những chỉ tiêu nào chưa đạt?").assessment == "không đạt"


def test_khi_nao_asks_when_and_names_no_subject():
    # "thời hạn khi nào" asks for a date; "khí hậu" typed without marks is still the climate.
    assert analyse("Đề án này có thời hạn khi nào?").subject == ("de", "an", "thoi", "han")
    assert analyse("de an nay co thoi han khi nao").subject == ("de", "an", "thoi", "han")
    assert "khi" in analyse("ung pho bien doi khi hau").subject


def test_a_dictionary_word_of_maybe_question_words_is_a_subject_without_marks():
    # "do thi" may be "đó thì" syllable by syllable; the dictionary reads it as one word, "đô thị".
    assert "thi" in analyse("hau giang hien co bao nhieu do thi").subject
    assert "nay" not in analyse("ty le ho ngheo den nay").subject


def test_the_word_a_figure_cue_counts_is_no_status():
    # "bao nhiêu nghị quyết" counts resolutions; "bao nhiêu … theo Nghị quyết" asks the target.
    assert analyse("Tỉnh ủy Hậu Giang ban hành bao nhiêu nghị quyết, đề án về công tác cán bộ?").status == ""
    assert analyse("Chỉ tiêu GRDP năm 2025 theo Nghị quyết là bao nhiêu?").status == TARGET


def test_a_count_of_resolutions_is_answered_from_what_was_done(answer_service):
    # 004:799 "… Tỉnh ủy ban hành 26 nghị quyết chuyên đề, 32 chỉ thị, 40 quy định …": a result, not a target.
    a = answer_service.answer("Nhiệm kỳ 2020-2025 Tỉnh ủy Sóc Trăng ban hành bao nhiêu nghị quyết chuyên đề?")
    assert (DOC004, 799) in cited(a) and "**26**" in a.answer


def test_the_year_of_a_standard_or_a_price_basis_is_no_period():
    from ingest.periods import period_in

    assert not analyse("Chỉ tiêu giảm tỷ lệ hộ nghèo bình quân (tiêu chí 2015) của Sóc Trăng là bao nhiêu?").period
    assert period_in("GRDP (giá so sánh 2010) năm 2024") == Period(2024, 2024, "year")


def test_a_range_is_stated_by_a_range_within_it_not_by_the_term_before():
    from ingest.periods import states_term, terms_in

    term = Period(2025, 2030, "range")
    assert not states_term(term, terms_in("kiểm điểm nhiệm kỳ 2020 - 2025"))  # shares only 2025
    assert states_term(term, terms_in("giai đoạn 2026-2030"))
    assert states_term(Period(2020, 2025, "range"), terms_in("từ năm 2021 đến năm 2025"))
    assert not states_term(Period(2023, 2024, "range"), terms_in("nhiệm kỳ 2020 - 2025"))  # "năm học 2023 - 2024"


@pytest.mark.parametrize("text, ordinal", [
    ("thu hai quan nam 2023 thuc hien ca nam la bao nhieu?", None),  # customs revenue: "hải quan" is a word
    ("dot pha thu hai la gi?", 2),  # "hai là" is no word the number opens: a question word follows
    ("bai hoc kinh nghiem thu tu rut ra la gi?", 4),  # "tự rút" says nothing of "thứ tư"
    ("Thu hải quan năm 2023 là bao nhiêu?", None),
])
def test_an_unmarked_ordinal_is_no_ordinal_when_its_number_opens_a_word(text, ordinal):
    assert analyse(text).ordinal == ordinal


def test_how_many_party_members_typed_without_marks_asks_a_count_of_them():
    # "bao nhieu dang vien": nothing is counted "đang", so the word after the cue is the unit asked.
    assert analyse("hau giang nhiem ky 2020-2025 kiem tra bao nhieu dang vien va to chuc dang").unit == "dang"


def test_which_period_asks_one_though_a_plural_came_before():
    # "các nguồn lực" is part of the task's name; "giai đoạn nào" asks when, and "ai chủ trì" who.
    q = analyse("Phụ lục II BC 320: nhiệm vụ xây dựng Đề án quản lý, khai thác và sử dụng hiệu quả các nguồn lực "
                "của TP (thực hiện NQ 39-NQ/TW) do ai chủ trì, triển khai giai đoạn nào?")
    assert q.answer_type != LIST
    assert analyse("Sóc Trăng đặt những chỉ tiêu hằng năm nào về đánh giá, xếp loại đảng viên?").answer_type == LIST
    assert analyse("Hậu Giang đã triển khai những dự án đầu tư theo hình thức PPP nào?").answer_type == LIST


def test_what_the_items_of_a_list_are_about():
    q = analyse("Danh mục kèm dự thảo CTr hành động có những dự án nào về chống chịu biến đổi khí hậu, thoát nước?")
    assert q.about == ("chong chiu bien doi khi hau", "thoat nuoc")
    # The period after it is no part of the topic; a question that is no list has none.
    assert analyse("BTV Thành ủy ban hành những đề án nào về cán bộ, đảng viên giai đoạn 2025-2030?").about == \
        ("can bo", "dang vien")
    assert analyse("GRDP năm 2024 về đích bao nhiêu?").about == ()


def test_a_documents_number_asked_is_a_name_not_a_figure():
    assert analyse("Kế hoạch ứng phó biến đổi khí hậu được phê duyệt tại quyết định số mấy?").answer_type == NAME
    assert analyse("Nghị quyết số bao nhiêu quy định chính sách này?").answer_type == NAME
    assert analyse("Bảng kết quả chỉ tiêu của Sóc Trăng là phụ lục số mấy?").answer_type == NAME
    assert analyse("Thành phố có bao nhiêu quyết định thành lập cụm công nghiệp?").answer_type == FIGURE


def test_setting_a_goal_is_a_figure_if_one_is_stated_else_the_goals_words():
    q = analyse("Dự thảo văn kiện Đại hội XV đặt mục tiêu gì cho lực lượng vũ trang đến năm 2030?")
    assert q.answer_type == FIGURE and q.goal_or_figure
    assert not analyse("GRDP năm 2024 đạt bao nhiêu?").goal_or_figure
    assert not analyse("Nhà ga dự kiến đặt ở phường nào?").goal_or_figure  # where it sits
    assert not analyse("dat muc tieu gi cho luc luong vu trang").goal_or_figure  # unmarked: "đạt" as well


def test_an_opening_topic_of_a_list_question():
    a = analyse("Về du lịch và nông nghiệp, dự thảo Chương trình hành động Đại hội I đề ra những nhiệm vụ gì?")
    assert a.answer_type == LIST and a.opening_topic == ("du lich", "nong nghiep") and a.about == ()
    assert analyse("Về tổ chức bộ máy, CTr 12 đề ra những giải pháp gì?").opening_topic == ("to chuc bo may",)


def test_land_is_not_reached():
    # Folded, "đất" (land) and "đạt" (reaches) are both "dat"; written with marks they are told apart.
    assert analyse("Kế hoạch sử dụng đất trung hạn 2021 - 2025 do cơ quan nào chủ trì?").answer_type == NAME
    assert analyse("Tỷ lệ đô thị hóa năm 2025 đạt?").answer_type == FIGURE
