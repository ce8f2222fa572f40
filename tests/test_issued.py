"""References to issued documents, and the same document written two ways in the corpus."""
from __future__ import annotations

from answer.issued import written_apart
from ingest.issued import issued_refs
from tests.corpus_files import DOC003, DOC004


def _ref(text: str):
    return issued_refs(text)[0]


def test_references_are_read_with_their_issuer_and_date():
    a, b = issued_refs("Chương trình số 55-CT/TU, ngày 15/10/2020 của Tỉnh ủy thực hiện Kết luận số 70-KL/TW, "
                       "ngày 09/3/2020 của Bộ Chính trị")
    assert (a.number, a.kind, a.date) == ("55", "CT/TU", (15, 10, 2020))
    assert (b.number, b.kind, b.date) == ("70", "KL/TW", (9, 3, 2020))
    # "CTr" and "CT" are one kind; a date in words is a date.
    assert _ref("Chương trình số 35-CTr/TU ngày 15-10-2020").kind == "CT/TU"
    assert _ref("Nghị quyết số 17/NQ-HĐND ngày 05 tháng 7 năm 2023").date == (5, 7, 2023)
    assert _ref("Nghị quyết số 45/2022/QH15 ngày 11/01/2022").year == "2022"
    # A ratio or a date is no reference.
    assert issued_refs("đạt 43/51 xã, ngày 15/10/2020") == []


def test_one_document_written_two_ways_and_two_documents():
    assert written_apart(_ref("Nghị quyết số 45/2022/QH15 ngày 11/01/2022"), _ref("Nghị quyết số 45/2020/QH15 về"))
    assert written_apart(_ref("Quyết định số 1588/QĐ-TTg ngày 08/12/2023"), _ref("Quyết định số 1588/QĐ-TTg ngày 08/12/2024"))
    assert written_apart(_ref("Quyết định số 1116/QĐ-UBND ngày 01/4/2022"), _ref("Quyết định số 1160/QĐ-UBND ngày 01/4/2022"))
    # Numbers start again each year; one day's documents are numbered in sequence.
    assert not written_apart(_ref("Nghị quyết số 26/2019/NQ-HĐND ngày 06/12/2019"),
                             _ref("Nghị quyết số 26/2020/NQ-HĐND ngày 04/12/2020"))
    assert not written_apart(_ref("Nghị quyết số 20-NQ/TW ngày 16/6/2022"), _ref("Nghị quyết số 21-NQ/TW ngày 16/6/2022"))
    assert not written_apart(_ref("Quyết định số 1116/QĐ-UBND ngày 01/4/2022"), _ref("Kế hoạch số 1116/KH-UBND ngày 01/4/2022"))


def test_the_answer_names_the_passage_that_writes_its_decision_another_way(answer_service):
    a = answer_service.answer("Kế hoạch hành động ứng phó biến đổi khí hậu giai đoạn 2021-2030 của TP Cần Thơ "
                              "được phê duyệt tại quyết định số mấy?")
    assert "1160/QĐ-UBND" in a.answer
    others = {(k.citation.file, k.citation.line_start) for k in a.conflicts if "1116/QĐ-UBND" in k.note}
    assert others == {(DOC003, 287), (DOC003, 354)}
    b = answer_service.answer("Tỉnh ủy Sóc Trăng ban hành chương trình số mấy (ngày 15/10/2020) để thực hiện "
                              "kết luận của Bộ Chính trị về kinh tế tập thể?")
    assert any(k.citation.file == DOC004 and "55-CT/TU" in k.note for k in b.conflicts)
