"""Which appendix holds what, on the real corpus: the appendix heading that names it, and the
table of contents of 000 (1835–1841), which numbers its appendices one lower from "Phụ lục 4" on."""
from __future__ import annotations

from tests.corpus_files import DOC000, DOC004, cited


def test_the_appendix_of_a_provinces_results_and_the_contents_that_number_it_otherwise(answer_service):
    a = answer_service.answer("Bảng kết quả thực hiện chỉ tiêu Nghị quyết nhiệm kỳ 2020-2025 của tỉnh Hậu Giang "
                              "là phụ lục số mấy trong dự thảo văn kiện Đại hội I?")
    assert a.found and a.answer.startswith("Phụ lục 7") and (DOC000, 801) in cited(a)
    # 000:1840 "- Phụ lục 6. Kết quả thực hiện chỉ tiêu Nghị quyết … tỉnh Hậu Giang.	61"
    assert [(k.citation.file, k.citation.line_start) for k in a.conflicts] == [(DOC000, 1840)]
    assert not a.conflicts[0].other_status


def test_a_scenario_appendix_named_by_its_title(answer_service):
    a = answer_service.answer("Kịch bản tăng trưởng GRDP 2025-2030 nằm ở phụ lục số mấy của dự thảo văn kiện Đại hội I?")
    assert a.found and a.answer.startswith("Phụ lục 8") and (DOC000, 862) in cited(a)
    assert (DOC000, 1841) in {(k.citation.file, k.citation.line_start) for k in a.conflicts}  # "Phụ lục 7. Kịch bản …"


def test_an_appendix_of_the_place_asked(answer_service):
    # 004 binds each province's report with its own appendix: Sóc Trăng's is "PHỤ LỤC 2" (004:2452).
    a = answer_service.answer("Báo cáo kết quả phát triển kinh tế xã hội 5 năm của Sóc Trăng là phụ lục nào?")
    assert a.found and a.answer.startswith("Phụ lục 2") and a.citations[0].file == DOC004
    assert not a.conflicts


def test_an_appendix_title_sharing_only_common_words_is_not_the_answer(answer_service):
    # "chỉ" of "Chỉ số PAPI" is in "KẾT QUẢ THỰC HIỆN CHỈ TIÊU …" (Phụ lục 7); no title names PAPI.
    a = answer_service.answer("Chỉ số PAPI của Hậu Giang nằm ở phụ lục số mấy?")
    assert not a.answer.startswith("Phụ lục")
    assert all("PAPI" in c.quote for c in a.citations)


def test_an_appendix_asked_by_its_number_and_the_contents_that_title_it_otherwise(answer_service):
    # 000:617 "PHỤ LỤC 4 – BẢNG THỐNG KÊ SỐ LIỆU KINH TẾ - XÃ HỘI 3 ĐỊA PHƯƠNG …"; the contents line
    # 000:1838 gives "Phụ lục 4" the title of the city's results (Phụ lục 5). "9/2025" is a date, no name.
    a = answer_service.answer("Phụ lục 4 của dự thảo văn kiện Đại hội I (Cần Thơ, 9/2025) là nội dung gì?")
    assert a.found and a.answer.startswith("Phụ lục 4 – Bảng thống kê số liệu kinh tế - xã hội 3 địa phương")
    assert (DOC000, 617) in cited(a)
    assert [(k.citation.file, k.citation.line_start) for k in a.conflicts] == [(DOC000, 1838)]


def test_an_item_of_a_numbered_appendix_is_no_question_about_the_appendix(answer_service):
    a = answer_service.answer("PL II CTr 12: nhiệm vụ thứ 4 trong nhóm IV (tài nguyên, môi trường, thích ứng BĐKH) là gì?")
    assert a.found and not a.answer.startswith("Phụ lục")
