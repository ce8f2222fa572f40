"""The answer function on the real corpus: figures, citations, conflicts, refusals, bad input."""
from __future__ import annotations

import unicodedata

import pytest

from answer.figures import figures_in, unverified_figures
from answer.service import NOT_FOUND, QuestionError
from tests.corpus_files import DOC000, DOC001, DOC002, DOC003, DOC004, cited


def test_doctors_target_cites_all_copies_and_notes_the_older_figure(answer_service):
    a = answer_service.answer("chỉ tiêu bác sỹ/vạn dân 2030?")
    assert a.found and "**19**" in a.answer
    assert {(DOC000, 285), (DOC000, 1101), (DOC001, 136)} <= cited(a)
    assert a.citations[0].file == DOC001  # newest (and official) first
    assert any(c.citation.file == DOC004 and c.citation.line_start == 394 and "20" in c.value for c in a.conflicts)
    for c in a.citations:
        assert c.title and c.date and c.section.startswith(c.title)


def test_table_question_reads_the_2024_estimate(answer_service):
    a = answer_service.answer("tỷ lệ hộ nghèo ước thực hiện 2024 theo phụ lục I?")
    assert a.found and "0,09" in a.answer
    assert (DOC003, 46) in cited(a)
    assert "Ước thực hiện cả năm" in a.answer


def test_question_without_diacritics(answer_service):
    a = answer_service.answer("chi tieu bac si tren van dan nam 2030")
    assert a.found and "19" in figures_in(a.answer)
    assert (DOC001, 136) in cited(a) or (DOC000, 285) in cited(a)


def test_list_question_returns_the_breakthroughs(answer_service):
    a = answer_service.answer("ba khâu đột phá nhiệm kỳ 2025-2030 của thành phố Cần Thơ là gì?")
    assert a.found
    assert "đột phá" in a.answer.lower()
    assert a.answer.count("\n") >= 2  # the items, not one sentence


@pytest.mark.parametrize("question", [
    "GRDP của Hà Nội năm 2024 là bao nhiêu?",
    "chỉ tiêu số bác sĩ trên vạn dân của Cần Thơ năm 2045?",
])
def test_unanswerable_questions_are_refused(answer_service, question):
    a = answer_service.answer(question)
    assert not a.found and a.answer == NOT_FOUND and a.citations == []
    assert a.retrieved  # the closest passages are still offered as suggestions
    assert a.notes


def test_every_figure_of_an_answer_stands_in_its_citations(answer_service):
    for q in ["chỉ tiêu bác sỹ/vạn dân 2030?", "tổng thu ngân sách đến năm 2030 đạt bao nhiêu?",
              "tỷ lệ hộ nghèo ước thực hiện 2024 theo phụ lục I?"]:
        a = answer_service.answer(q)
        grounds = [c.quote for c in a.citations] + [f"{c.title} {c.section}" for c in a.citations] + [q]
        assert unverified_figures(a.answer, grounds) == []


def test_figure_check_rejects_an_altered_number():
    quote = "(2) Tổng thu ngân sách hằng năm tăng khoảng 15%; phấn đấu đến năm 2030 ước đạt 57.000 tỷ đồng."
    assert unverified_figures("đạt 57 000 tỷ đồng vào năm 2030", [quote]) == []
    assert unverified_figures("đạt 75.000 tỷ đồng", [quote]) == ["75000"]


def test_dates_document_numbers_and_denominators_are_no_figures():
    # One definition (ingest.patterns.mask_non_figures) for the catalogue and the answer check.
    assert figures_in("Cần Thơ, tháng 7 năm 2025") == []
    assert figures_in("(13) Đến năm 2030: 19 bác sỹ/10.000 dân; theo Quyết định 2791/QĐ-UBND ngày 23/11/2023, "
                      "55 giường bệnh") == ["19", "55"]
    # A map's scale and a project's phase are names too; a measure after "giai đoạn" is not.
    assert figures_in("phê duyệt điều chỉnh quy hoạch 1/500 Trung tâm văn hóa Tây Đô - giai đoạn 1, "
                      "quy hoạch phân khu tỷ lệ 1/5000; giai đoạn 2021 - 2025 đạt 1,5 ha") == ["1,5"]
    # So are roads and kilometre posts; the road's length is a figure.
    assert figures_in("mở rộng Quốc lộ 91 (đoạn Km0 - Km7), Đường tỉnh 917, 918, 921, 923 và QL.61C "
                      "dài 12,5 km; Quốc lộ 1 và 3 cầu") == ["12,5", "3"]


def test_a_sentence_that_only_names_roads_gives_no_amount(answer_service):
    a = answer_service.answer("Năm 2025 bố trí bao nhiêu vốn cho dự án Đường tỉnh 921 đoạn tuyến thẳng?")
    assert not a.found and a.citations == []


def test_a_project_named_by_its_phase_gives_no_invested_total(answer_service):
    # The documents give no total for the administrative centre; "giai đoạn 1" and "1/500" are no amounts,
    # and the Vườn ươm task (003:301, 30,5 tỷ đồng) writes "khu", "hành" and "chính" but never the name.
    a = answer_service.answer("Dự án Khu hành chính thành phố Cần Thơ có tổng mức đầu tư bao nhiêu tỷ đồng?")
    assert not a.found and a.citations == []
    assert any("“Khu hành chính”" in n for n in a.notes)


def test_empty_question_is_a_clear_error(answer_service):
    with pytest.raises(QuestionError, match="trống"):
        answer_service.answer("   \n\t ")


def test_very_long_question_is_cut_with_a_note(answer_service):
    q = "chỉ tiêu bác sỹ/vạn dân 2030? " + "xin hỏi thêm " * 10_000
    a = answer_service.answer(q)
    assert any("dài quá" in n for n in a.notes)
    assert a.timings["total_ms"] < 10_000


def test_nfd_and_control_characters_are_normalized(answer_service):
    nfd = unicodedata.normalize("NFD", "chỉ tiêu bác sỹ/vạn dân 2030?")
    a = answer_service.answer("\x00" + nfd + "\u200b")
    assert a.found and "19" in figures_in(a.answer)


def test_answer_is_answer_batch_of_one(answer_service):
    q = "tỷ lệ hộ nghèo ước thực hiện 2024 theo phụ lục I?"
    one = answer_service.answer(q)
    [batch] = answer_service.answer_batch([q])
    assert (one.answer, one.citations) == (batch.answer, batch.citations)
    assert len(one.retrieved) == 10


def test_ask_json_prints_exactly_the_answer_object(capsys):
    import json

    import app

    assert app.main(["ask", "chỉ tiêu bác sỹ/vạn dân 2030?", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)  # nothing else on stdout
    assert printed["found"] and "19" in printed["answer"]
    assert {"question", "answer", "found", "citations", "conflicts", "retrieved", "timings"} <= printed.keys()
    assert {"file", "title", "date", "section", "line_start", "line_end", "quote"} <= printed["citations"][0].keys()


def test_ask_empty_question_exits_with_a_message(capsys):
    import app

    assert app.main(["ask", "  "]) == 2
    assert "trống" in capsys.readouterr().err


def test_a_named_place_prefers_passages_about_that_place(answer_service):
    # 004 holds the reports of Sóc Trăng and Hậu Giang side by side; each asks for its own.
    soc_trang = answer_service.answer("Sóc Trăng hiện có tỷ lệ đô thị hóa là bao nhiêu?")
    assert "33,87%" in soc_trang.answer.replace("**", "")
    assert all("Sóc Trăng" in c.title for c in soc_trang.citations)
    hau_giang = answer_service.answer("tỷ lệ đô thị hóa của Hậu Giang hiện nay?")
    assert "Hậu Giang" in hau_giang.citations[0].title and "Sóc Trăng" not in hau_giang.citations[0].title


def test_a_goal_for_the_coming_term_is_not_a_result_of_the_last(answer_service):
    # 004:789 (budget shares of 2021 - 2025) writes "giáo dục" and figures, 004:1223 the goal for
    # 2025 - 2030; "đặt mục tiêu" with no target figure asks for the goal's words.
    for q in ["Sóc Trăng xây dựng hệ thống giáo dục ra sao trong nhiệm kỳ 2025 - 2030?",
              "Nhiệm kỳ 2025 - 2030 Sóc Trăng đặt mục tiêu gì về hệ thống giáo dục?"]:
        a = answer_service.answer(q)
        assert a.found and (DOC004, 1221) in cited(a) and "học tập suốt đời" in a.answer


def test_a_passage_of_the_place_asked_goes_before_a_better_worded_one_of_another(answer_service):
    # 001:236 (the merged city) words it closest; 004:1976 is Hậu Giang's own direction.
    a = answer_service.answer("Giai đoạn 2025-2030 Hậu Giang thu hút đầu tư vào các khu, cụm công nghiệp ngành nào?")
    assert a.found and a.citations[0].file == DOC004 and "logistics" in a.answer


def test_a_name_ending_in_a_number_the_passages_never_write_is_refused(answer_service):
    # The corpus states SEA Games 31 and 32 (004:1584) and roads 917, 923, …, never 918 nor 925C.
    for q in ["Vận động viên Hậu Giang giành được bao nhiêu huy chương vàng tại SEA Games 33?",
              "Tổng mức đầu tư dự kiến của dự án xây dựng đường tỉnh 925C là bao nhiêu tỷ đồng?"]:
        a = answer_service.answer(q)
        assert not a.found and any("không nhắc đến" in n for n in a.notes)
    # A count the question names is no name: "Trong 5 năm 2020-2024" is answered.
    assert answer_service.answer("Trong 5 năm 2020-2024, Cần Thơ (cũ) có thêm bao nhiêu doanh nghiệp thành lập mới?").found


def test_table_answer_puts_the_unit_by_each_figure(answer_service):
    answer = answer_service.answer("ước thực hiện cả năm 2024 tỷ lệ thu gom chất thải rắn ở đô thị?")
    assert "Ước thực hiện cả năm: **99,00**%" in answer.answer and "ĐVT" not in answer.answer
    assert (answer.citations[0].file, answer.citations[0].line_start) == ("003_ca8570c1181f02a1.txt", 63)


def test_record_answer_keeps_the_unit_cell_when_a_value_is_not_a_bare_figure():
    from answer.extract import record_answer

    from ingest.tables import Cell, TableRecord

    row = TableRecord(("(7) Tốc độ tăng trưởng của kinh tế tư nhân",),
                      (Cell("ĐVT", "%"), Cell("Mục tiêu", ">=10 (đến năm 2030)"),
                       Cell("Dự kiến thực hiện từng năm › 2030", "10.00")))
    shown = record_answer(row, "mục tiêu tăng trưởng kinh tế tư nhân 2030")
    assert "ĐVT: %" in shown and "2030: 10.00%" in shown
    xa = TableRecord(("Số xã",), (Cell("ĐVT", "Xã"), Cell("Năm 2024", "3")))
    assert record_answer(xa, "số xã năm 2024") == "Số xã — Năm 2024: 3 xã"


def test_a_table_row_answers_with_the_column_the_question_asks_for_first(answer_service):
    # "năm nào" asks for the term, whatever the column is called ("THỜI HẠN THỰC HIỆN").
    a = answer_service.answer("Danh mục nhiệm vụ kèm dự thảo CTr hành động của Thành ủy: sơ kết việc tổ chức bộ máy "
                              "theo mô hình chính quyền địa phương 2 cấp làm vào năm nào?")
    assert (DOC000, 1461) in cited(a)
    assert a.answer.index("THỜI HẠN THỰC HIỆN: Năm 2027 và 2030") < a.answer.index("CHỦ TRÌ")


def test_a_long_cell_is_shown_when_its_words_are_what_is_asked(answer_service):
    # The capital plan and disbursement sit in the row's report cell, not in a column named so.
    a = answer_service.answer("Phụ lục III BC 320: dự án nâng cấp, mở rộng Đường tỉnh 917 — kế hoạch vốn năm 2024 "
                              "(sau điều chỉnh) và số đã giải ngân đến 18/10/2024?")
    shown = a.answer.replace("**", "")
    assert (DOC003, 134) in cited(a) and "125 tỷ đồng" in shown and "60,329 tỷ đồng" in shown


def test_a_figure_question_is_not_answered_by_a_passage_without_the_figure(answer_service):
    # The task list names the bridge, with who leads it and when, but no amount: no answer, and why.
    a = answer_service.answer("Cầu Ô Môn bắc qua sông Hậu có tổng mức đầu tư bao nhiêu tỷ đồng?")
    assert not a.found and a.answer == NOT_FOUND
    assert any("không nêu" in n for n in a.notes)


def test_a_table_row_is_judged_by_all_it_says_though_it_shows_less(answer_service):
    # The row names the centre and its term; "thời gian triển khai thực hiện" is its column's name.
    a = answer_service.answer("Phụ lục III BC 320: dự án Trung tâm văn hóa Tây Đô có thời gian triển khai thực hiện "
                              "giai đoạn nào?")
    assert a.found and "2023 - 2030" in a.answer and (DOC003, 152) in cited(a)


def test_an_undated_target_is_of_its_documents_term_and_a_goal_is_the_whole_sentence(answer_service):
    # "(16)- Đến cuối nhiệm kỳ, …" names no year: in Sóc Trăng's draft of 2025 it is the 2030 target.
    # Asked what the goal is, the answer is the whole sentence, urban and rural, not its first clause.
    a = answer_service.answer("Mục tiêu về nước sạch của Sóc Trăng đến năm 2030 là gì?")
    assert a.found and (DOC004, 1125) in cited(a)
    shown = a.answer.replace("**", "")
    assert "98% - 100%" in shown and "80%" in shown


def test_an_undated_direction_is_of_the_term_its_document_looks_ahead_to(answer_service):
    # 004:540 (the former city's report of 7/2025, "Nhiệm vụ và giải pháp chủ yếu") writes no year;
    # asked of no status for 2025-2030, a document of 2025 can only be looking ahead to that term.
    a = answer_service.answer("Nhiệm kỳ 2025-2030, công tác đối ngoại của Cần Thơ (cũ) lấy gì làm trọng tâm?")
    assert (DOC004, 540) in cited(a) and "ngoại giao kinh tế" in a.answer


def test_a_question_joining_two_targets_gets_both_each_cited(answer_service):
    # The catalogue answers the first ("(13) … 50% xã … kiểu mẫu", 004:400); the next target of the same
    # numbered list ("(12) … không còn hộ nghèo", 004:398) answers the part it leaves out.
    a = answer_service.answer("Đến năm 2030 Cần Thơ (cũ) đặt mục tiêu gì về xã nông thôn mới kiểu mẫu và hộ nghèo?")
    assert a.found and "**50**%" in a.answer and "hộ nghèo" in a.answer
    assert {(DOC004, 400), (DOC004, 398)} <= cited(a)
    # A question that joins nothing is answered by one passage.
    single = answer_service.answer("Đến năm 2030 Cần Thơ (cũ) đặt mục tiêu gì về xã nông thôn mới kiểu mẫu?")
    assert "hộ nghèo" not in single.answer and (DOC004, 398) not in cited(single)


def test_a_class_written_as_a_roman_numeral_answers_loai_may(answer_service):
    answer = answer_service.answer("cang bien tran de duoc quy hoach la cang bien loai may")
    assert "loại III" in answer.answer and answer.citations


def test_a_quarter_no_passage_writes_is_refused(answer_service):
    # The action programme sets 2026 as a year; no document gives a quarter's growth.
    answer = answer_service.answer("Tăng trưởng GRDP quý I/2026 của TP Cần Thơ đạt bao nhiêu %?")
    assert not answer.found and any("quý I" in n for n in answer.notes)


def test_a_goal_question_names_no_section_numbers_as_values_stated_otherwise(answer_service):
    # Sentence groups with other figures are rival values only when a figure is asked for: around
    # a goal stand "2.", "2.2." and "(8) Tỷ lệ đô thị hóa đạt 76%", none of them a rival of it.
    a = answer_service.answer("Mục tiêu năm 2025 của Nghị quyết HĐND thành phố Cần Thơ là gì?")
    assert not any(k.note.endswith("ghi khác") for k in a.conflicts)


def test_a_sentence_ending_in_a_colon_is_shown_with_what_it_announces(answer_service):
    # "(5) Quản lý, sử dụng hiệu quả tài nguyên, …:" (000:1197) says what the paragraph after it says.
    a = answer_service.answer("Dự thảo Nghị quyết Đại hội I định hướng gì về quản lý, sử dụng hiệu quả tài nguyên, "
                              "bảo vệ môi trường và ứng phó biến đổi khí hậu?")
    assert "Triển khai đồng bộ các chủ trương, chính sách về bảo vệ môi trường" in a.answer
    assert (DOC000, 1197) in cited(a)


def test_a_list_written_after_la_in_a_sentence_answers_a_list_question(answer_service):
    # "Phát triển thủy sản với sản phẩm chủ lực là cá tra, cá thát lát, lươn; …" (004:1982) lists
    # after "là", as others do after a colon.
    a = answer_service.answer("Trong giai đoạn tới Hậu Giang phát triển thủy sản với những sản phẩm chủ lực nào?")
    assert "cá tra, cá thát lát, lươn" in a.answer and (DOC004, 1982) in cited(a)


def test_a_row_without_a_figure_in_the_unit_asked_is_no_answer(answer_service):
    # The row of KCN Phú Hữu (000:1788) states its term and funding, no area; folded, its "hạ tầng" says "ha".
    a = answer_service.answer("Khu công nghiệp Phú Hữu trong danh mục dự án tầm nhìn 2045 có diện tích bao nhiêu ha?")
    assert not a.found and a.answer == NOT_FOUND
    # "45 - 50 triệu lượt khách": a scale between the figure and the unit asked.
    a = answer_service.answer("Theo CTr 12, đề án phát triển du lịch nhắm thu hút bao nhiêu lượt khách quốc tế vào năm 2030?")
    assert a.found and "45 - 50 triệu lượt" in a.answer.replace("**", "")


def test_party_members_checked_asked_without_marks(answer_service):
    a = answer_service.answer("hau giang nhiem ky 2020-2025 kiem tra bao nhieu dang vien va to chuc dang")
    assert a.found and "40.680" in a.answer and "3.414" in a.answer
    assert (DOC004, 1742) in cited(a)


def test_a_figure_of_another_document_does_not_answer_for_the_one_named(answer_service):
    # The draft of Cần Thơ's 15th congress (004) sets no figure for high-tech industry; the HĐND draft's
    # "tổng sản phẩm công nghệ cao chiếm 35 - 40%" (002:95) is another document's target.
    a = answer_service.answer("Dự thảo văn kiện Đại hội XV Cần Thơ (cũ) đặt mục tiêu gì cho công nghiệp công nghệ cao "
                              "giai đoạn 2025-2030?")
    assert not any(c.file == DOC002 for c in a.citations) and "35" not in a.answer


def test_a_bare_number_or_a_rows_number_is_no_amount_of_money(answer_service):
    # 003:145, the river-bank project: "Giai đoạn 1", "kênh Thủy lợi 1", no amount anywhere.
    a = answer_service.answer("Dự án Kè chống sạt lở sông Ô Môn (đoạn vàm Ba Rích - rạch Tâm Vu) có tổng mức "
                              "đầu tư bao nhiêu tỷ đồng?")
    assert not a.found and a.answer == NOT_FOUND
    # 000:1543 "55 Dự án … vay vốn IBRD (WB)" names the project and its leads, no amount.
    a = answer_service.answer("Dự án “Chống chịu khí hậu và chuyển đổi tổng hợp vùng ĐBSCL tỉnh Hậu Giang” vay vốn "
                              "IBRD có tổng mức đầu tư bao nhiêu?")
    assert not a.found and a.answer == NOT_FOUND


def test_a_figure_whose_clause_names_another_thing_than_the_one_asked_is_no_answer(answer_service):
    # 004:841: "dự án quy hoạch tỉnh Sóc Trăng … nguồn vốn đầu tư trên 340.000 tỷ đồng …; đề xuất xây
    # dựng cảng biển Trần Đề": the amount is the plan's, the port is named in another clause.
    a = answer_service.answer("Cảng biển Trần Đề cần tổng vốn đầu tư bao nhiêu tỷ đồng?")
    assert "340.000" not in a.answer


def test_a_goal_set_without_a_figure_is_answered_by_its_words(answer_service):
    # 004:538 "Đến năm 2030 xây dựng lực lượng vũ trang cách mạng, chính quy, tinh nhuệ, hiện đại": no figure.
    a = answer_service.answer("Dự thảo văn kiện Đại hội XV của TP Cần Thơ (cũ) đặt mục tiêu gì cho lực lượng vũ trang "
                              "đến năm 2030?")
    assert "chính quy, tinh nhuệ, hiện đại" in a.answer and (DOC004, 538) in cited(a)
    # A target stated as a figure still answers so (001:124 / 000:306, multidimensional poverty).
    b = answer_service.answer("Đến năm 2030 Cần Thơ đặt mục tiêu gì về giảm nghèo?")
    assert "2,42" in b.answer
