"""The theme of a congress, read from the cover of its report on the real corpus."""
from __future__ import annotations

from answer.question import analyse
from answer.themes import asks_theme
from tests.corpus_files import DOC000, DOC002, DOC004, cited


def test_the_theme_is_the_bold_paragraph_on_the_cover_of_that_places_report(answer_service):
    a = answer_service.answer("Chủ đề báo cáo chính trị Đại hội Đảng bộ tỉnh Sóc Trăng nhiệm kỳ 2025-2030 là gì?")
    assert "TỈNH SÓC TRĂNG TỰ HÀO VÀ TIN TƯỞNG" in a.answer and (DOC004, 747) in cited(a)
    a = answer_service.answer("Tiêu đề (chủ đề) của Báo cáo chính trị trình Đại hội I Đảng bộ TP Cần Thơ là gì?")
    assert a.answer.startswith("“Phát huy truyền thống đoàn kết") and (DOC000, 51) in cited(a)
    # The motto on the same cover is no theme.
    assert "Đoàn kết - Dân chủ" not in a.answer


def test_the_former_citys_theme_is_not_the_merged_citys(answer_service):
    # No cover of the former city carries one; its theme is argued in the text (004:34-44), not on a cover.
    a = answer_service.answer("Chủ đề Đại hội XV Đảng bộ TP Cần Thơ (trước hợp nhất) được Tiểu ban Văn kiện chọn là gì?")
    assert "Phát huy truyền thống đoàn kết" not in a.answer


def test_a_years_theme_and_a_numbered_one_are_not_the_congress_theme():
    assert asks_theme(analyse("Chủ đề Đại hội Đảng bộ tỉnh Hậu Giang là gì?"))
    assert not asks_theme(analyse("Chủ đề năm 2024 của TP Cần Thơ (nêu trong dự thảo NQ HĐND) là gì?"))
    assert not asks_theme(analyse("Chủ đề 2 đề xuất cho Đại hội XV Đảng bộ TP Cần Thơ có nội dung gì?"))


def test_a_congress_named_by_number_is_that_congress(answer_service):
    # "Đại hội XV" of Cần Thơ is the former city's last congress, not the merged city's first (000's cover).
    a = answer_service.answer("Chủ đề Đại hội XV Đảng bộ TP Cần Thơ (phương án được đa số thành viên Tiểu ban "
                              "Văn kiện chọn) là gì?")
    assert "Phát huy truyền thống đoàn kết" not in a.answer


def test_the_theme_of_a_year_is_the_quotation_after_naming_it(answer_service):
    # The council's draft: "… tổ chức thực hiện tốt Chủ đề năm 2024" and, on the next line, the quotation.
    answer = answer_service.answer("Chủ đề năm 2024 của TP Cần Thơ là gì?")
    assert answer.answer.startswith("“Tiếp tục tăng cường công tác xây dựng Đảng")
    assert [(c.file, c.line_start) for c in answer.citations] == [(DOC002, 59)]
    # No document gives Sóc Trăng's theme of 2024, nor any theme of 2026: refused, and why.
    for question in ("Chủ đề năm 2024 của tỉnh Sóc Trăng là gì?", "chủ đề năm 2026 của thành phố?"):
        refused = answer_service.answer(question)
        assert not refused.found and any("chủ đề năm" in n for n in refused.notes)
