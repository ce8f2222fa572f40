"""Section-tree answers on the real corpus: one item by its position, all items of a list, the
passage under a named heading, each in the document, period and locality the question asks about."""
from __future__ import annotations

import pytest

from tests.corpus_files import DOC000, DOC001, DOC002, DOC004, cited


def test_the_third_item_of_a_numbered_list(answer_service):
    a = answer_service.answer("Khâu đột phá thứ ba của thành phố Cần Thơ nhiệm kỳ 2025-2030 là gì?")
    assert "kinh tế tư nhân" in a.answer and "nguồn nhân lực" not in a.answer
    # The merged city's resolution or report, not the former city's 2020-2025 breakthroughs.
    assert cited(a) and cited(a) <= {(DOC000, 343), (DOC000, 1159)}


def test_an_item_of_paragraphs_that_open_with_thu_nhat(answer_service):
    a = answer_service.answer("Nhiệm vụ trọng tâm thứ tư của Đảng bộ TP Cần Thơ nhiệm kỳ 2025-2030 là gì?")
    assert a.answer.startswith("Thứ tư,") and "Thứ năm" not in a.answer
    assert cited(a) & {(DOC000, 333), (DOC000, 1149)}


def test_an_item_of_a_list_written_inline(answer_service):
    a = answer_service.answer("bài học kinh nghiệm thứ hai của Hậu Giang nhiệm kỳ 2020-2025?")
    assert a.answer.startswith("(2) Khẳng định vai trò lãnh đạo toàn diện của Đảng")
    assert "(3)" not in a.answer and (DOC000, 615) in cited(a)


def test_all_items_of_a_list_each_cited(answer_service):
    a = answer_service.answer("Các khâu đột phá của TP Cần Thơ nhiệm kỳ 2025-2030?")
    for item in ("nguồn nhân lực", "kết cấu hạ tầng", "kinh tế tư nhân"):
        assert item in a.answer
    assert len(a.citations) == 3
    assert all(c.file == DOC000 and c.line_start == c.line_end for c in a.citations)


def test_a_list_in_a_footnote_is_named_by_the_sentence_that_cites_it(answer_service):
    a = answer_service.answer("những làng nghề nào được công nhận ở Cần Thơ (cũ)?")
    for name in ("Thuận Hưng", "Phó Thọ", "Thom Róm", "Ba Rich"):
        assert name in a.answer
    assert "04 làng nghề" in a.answer.split("\n")[0]
    assert {(DOC004, 140), (DOC004, 678)} <= cited(a)


def test_the_vision_to_2045_is_the_sentence_of_the_general_goal(answer_service):
    a = answer_service.answer("Tầm nhìn đến năm 2045 của thành phố Cần Thơ là gì?")
    assert a.answer.startswith("Đến năm 2045") and "thành phố sinh thái, văn minh, hiện đại" in a.answer
    assert cited(a) and cited(a) <= {(DOC000, 239), (DOC000, 1055)}


def test_the_general_goal_of_the_place_asked_about(answer_service):
    hau_giang = answer_service.answer("Mục tiêu tổng quát của tỉnh Hậu Giang nhiệm kỳ 2025-2030?")
    assert all("Hậu Giang" in c.title for c in hau_giang.citations) and hau_giang.citations
    assert "tỉnh công nghiệp" in hau_giang.answer
    former = answer_service.answer("Mục tiêu tổng quát của Cần Thơ (cũ) đến năm 2030?")
    assert (DOC004, 360) in cited(former) and "cực tăng trưởng" in former.answer
    merged = answer_service.answer("Mục tiêu chung của TP Cần Thơ nhiệm kỳ 2025-2030?")
    assert merged.citations and all(c.file == DOC000 for c in merged.citations)
    assert "cực tăng trưởng của quốc gia" in merged.answer


@pytest.mark.xfail(strict=True, reason="with the int8 encoder the passage naming the four pillars (000:573) ranks "
                   "sixth and the sentence picker prefers 004:1540, which only counts them")
def test_a_stated_count_the_list_does_not_have_falls_back_to_the_sentence(answer_service):
    # No heading lists four pillars: the sentence that names them answers.
    a = answer_service.answer("bốn trụ cột phát triển của Hậu Giang là những gì?")
    assert "nông nghiệp sinh thái" in a.answer and "du lịch chất lượng" in a.answer


def test_an_item_of_a_past_term_comes_from_the_results_not_the_new_programme(answer_service):
    # The 2020-2025 term has ended: its second breakthrough is read under "Kết quả thực hiện 03 khâu
    # đột phá", not from the new term's list of breakthroughs in the same report.
    a = answer_service.answer("khâu đột phá thứ hai nhiệm kỳ 2020-2025 của TP Cần Thơ là gì?")
    assert "Huy động mọi nguồn lực" in a.answer
    assert all(c.file == DOC004 and c.line_start in (232, 2318) for c in a.citations)


def test_a_list_written_inline_in_a_sentence_beats_a_heading_that_barely_names_it(answer_service):
    a = answer_service.answer("Văn hóa, con người Hậu Giang được xây dựng với những đặc trưng nào?")
    assert "Yêu nước, Đoàn kết, Nghĩa tình" in a.answer.replace("*", "")
    assert (DOC004, 1966) in cited(a)


def test_the_heading_a_statement_question_names_answers_it_whatever_else_it_says(answer_service):
    a = answer_service.answer("Mục tiêu tổng quát đến năm 2030 của TP Cần Thơ (trước hợp nhất) trong tài liệu dự thảo Đại hội XV là gì?")
    assert "cực tăng trưởng" in a.answer and cited(a) & {(DOC004, 360), (DOC004, 362)}


def test_a_heading_saying_only_muc_tieu_heads_the_general_goal_shown_whole(answer_service):
    # "1. Mục tiêu" of the HĐND resolution for 2025: the whole paragraph, not the sentence naming 2025.
    a = answer_service.answer("Nghị quyết HĐND TP Cần Thơ đặt mục tiêu chung gì cho năm 2025?")
    assert "Tiếp tục tạo chuyển biến mạnh mẽ" in a.answer and "Kế hoạch 5 năm 2021 - 2025" in a.answer
    assert (DOC002, 73) in cited(a)


def test_a_list_named_by_its_heading_answers_though_the_words_around_it_refuse(answer_service):
    # "những điều kiện gì" asks for a list; "để đạt" there asks for no assessed indicators.
    a = answer_service.answer("Phụ lục 8 dự thảo văn kiện: để đạt kịch bản tăng trưởng cao 2025-2030 thì cần những điều kiện gì?")
    assert "trên 15%" in a.answer and (DOC000, 952) in cited(a)


def test_the_rows_under_a_task_tables_group_row_are_its_items(answer_service):
    a = answer_service.answer("Phụ lục II CTr 12: nhóm nhiệm vụ đẩy mạnh hoạt động đối ngoại và hội nhập quốc tế "
                              "gồm những nhiệm vụ nào?")
    # The group row "VI-\tĐẨY MẠNH … ĐỐI NGOẠI …" names the list; its two rows are the items, each cited.
    assert a.answer.startswith("VI- ĐẨY MẠNH TRIỂN KHAI") and "người Việt Nam ở nước ngoài" in a.answer
    assert {(DOC001, 647), (DOC001, 648)} <= cited(a)
    # A row reads as one item: its number with its task, the other cells after a dash, no tabs.
    assert "1. Cụ thể hoá các chủ trương" in a.answer and "\t" not in a.answer
    # Found as the best passage itself, the group row still heads its rows; it is not a row to read.
    b = answer_service.answer("nhóm nhiệm vụ phát huy vai trò chủ thể của Nhân dân, dân chủ XHCN và sức mạnh "
                              "đại đoàn kết trong Phụ lục II CTr 12 gồm những gì?")
    assert len(b.answer.split("\n")) == 5 and {(DOC001, 650), (DOC001, 653)} <= cited(b)


def test_a_list_given_after_a_colon_apart_by_semicolons(answer_service):
    a = answer_service.answer("Phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa ở Hậu Giang giai đoạn mới "
                              "phấn đấu đạt ít nhất những tỷ lệ nào?")
    assert all(p in a.answer for p in ("50% phường", "70% ấp", "80% gia đình"))
    assert (DOC004, 2012) in cited(a)
    # Under a heading, a semicolon may part the clauses of one item: "03 chương trình" stays three.
    b = answer_service.answer("03 chương trình MTQG mà NQ HĐND Cần Thơ yêu cầu triển khai năm 2025 là gì?")
    assert all(p in b.answer for p in ("nông thôn mới", "Dân tộc thiểu số", "giảm nghèo bền vững"))


def test_items_written_one_after_another_in_a_paragraph_with_mot_la_hai_la(answer_service):
    a = answer_service.answer("Bài học kinh nghiệm thứ hai của Đảng bộ tỉnh Sóc Trăng nhiệm kỳ 2020-2025 là gì?")
    # Line 551 of the draft report writes "Một là, … **Hai là,** đề cao …" in one paragraph.
    assert a.answer.startswith("Hai là, đề cao tinh thần đoàn kết") and "Một là" not in a.answer
    assert (DOC000, 551) in cited(a)


def test_the_list_a_count_cites_in_its_footnote(answer_service):
    # "… đến nay có 9/11 đơn vị cấp huyện thực hiện<sup>(7)</sup>" and "(7) Gồm: Thành phố Sóc Trăng, thị xã …".
    a = answer_service.answer("Những đơn vị cấp huyện nào ở Sóc Trăng đã bố trí bí thư cấp ủy không phải người địa phương?")
    assert all(p in a.answer for p in ("thị xã Vĩnh Châu", "huyện Cù Lao Dung", "huyện Trần Đề"))
    assert (DOC004, 931) in cited(a)
    b = answer_service.answer("04 trung tâm logistics đã đi vào hoạt động ở Hậu Giang gồm những trung tâm nào?")
    assert "Hàng Hải Cảng biển Hậu Giang" in b.answer and (DOC004, 2812) in cited(b)


def test_the_bullets_after_a_lead_in_ending_with_a_colon_across_passages(answer_service):
    # "… những khó khăn, thách thức cần tập trung tháo gỡ, đó là:" (line 874), then four "- …"
    # paragraphs, the last three in the next passage.
    a = answer_service.answer("Những khó khăn, thách thức nào thành phố sẽ đối mặt trong giai đoạn 2025-2030 "
                              "theo dự báo của Phụ lục 8?")
    lines = a.answer.split("\n")
    assert lines[0].endswith("đó là") and len(lines) == 5 and all(l.startswith("- ") for l in lines[1:])
    assert {(DOC000, 874), (DOC000, 878)} <= cited(a)


def test_an_inline_list_cut_by_a_page_break_goes_on_on_the_next_line(answer_service):
    # 000:551 "Một là, …; Hai là, … quyết tâm hành động trong" | 000:553 "toàn Đảng bộ; … Ba là, …"
    second = answer_service.answer("Bài học kinh nghiệm thứ hai của Đảng bộ tỉnh Sóc Trăng nhiệm kỳ 2020-2025 là gì?")
    assert second.answer.startswith("Hai là") and "toàn Đảng bộ" in second.answer and "Ba là" not in second.answer
    assert {(DOC000, 551), (DOC000, 553)} <= cited(second)
    third = answer_service.answer("Bài học kinh nghiệm thứ ba của Đảng bộ tỉnh Sóc Trăng nhiệm kỳ 2020-2025 là gì?")
    assert third.answer.startswith("Ba là")


def test_a_heading_of_another_congress_is_no_answer(answer_service):
    # 004 has the heading "Phương châm Đại hội … lần thứ XV"; the congress asked is the merged city's first.
    a = answer_service.answer("Đại hội đại biểu Đảng bộ thành phố Cần Thơ lần thứ I có phương châm gì?")
    assert a.found and "Đột phá - Phát triển" in a.answer
    assert {c.file for c in a.citations} == {DOC000}
    # Asked of congress XV, the same heading answers: the report's title names congress XIV,
    # whose resolution it reports on, and that does not rule it out.
    a = answer_service.answer("Phương châm Đại hội đại biểu Đảng bộ thành phố Cần Thơ lần thứ XV là gì?")
    assert a.found and (DOC004, 340) in cited(a)


def test_a_list_written_in_one_sentence_is_shown_whole(answer_service):
    # 000:511 "3 chỉ tiêu chưa đạt: (1) …; (2) Cơ cấu GRDP; (3) Chỉ số sản xuất công nghiệp."
    a = answer_service.answer("Tỉnh Sóc Trăng chưa đạt các chỉ tiêu nào của Nghị quyết Đại hội 2020-2025?")
    assert a.found and (DOC000, 511) in cited(a)
    assert "Cơ cấu GRDP" in a.answer and "Chỉ số sản xuất công nghiệp" in a.answer


def test_a_list_in_the_resolution_named_is_read_there_not_in_the_report(answer_service):
    # The political report and the resolution of Đại hội I both list the subjective causes.
    answer = answer_service.answer("Dự thảo Nghị quyết Đại hội I Đảng bộ TP Cần Thơ chỉ ra những nguyên nhân "
                                   "chủ quan nào dẫn đến hạn chế trong nhiệm kỳ 2020-2025?")
    titles = {c.title for c in answer.citations}
    assert titles == {"Dự thảo Nghị quyết Đại hội I"}, titles


def test_a_footnote_that_is_only_the_list_gives_the_items(answer_service):
    # "… rà soát tổng thể quy hoạch chung thị trấn<sup>36</sup>" and, 500 lines on, "<sup>36</sup> Gồm
    # Phong Điền, Thới Lai, Cờ Đỏ, Vĩnh Thạnh và Thạnh An."
    answer = answer_service.answer("Cần Thơ (cũ) đã rà soát tổng thể quy hoạch chung những thị trấn nào?")
    lines = answer.answer.split("\n")
    assert lines[1:] == ["Phong Điền", "Thới Lai", "Cờ Đỏ", "Vĩnh Thạnh", "Thạnh An"]
    # 004 binds the city's report twice (its body, and Phụ lục 1 from 2196 on): the two copies of the
    # sentence (174, 2268) retrieve alike, and either copy's footnote (690, 2418) is the one it cites.
    assert {(DOC004, 690), (DOC004, 2418)} & cited(answer)


def test_the_sentence_naming_the_items_answers_which_ones(answer_service):
    # Another document says only "với các nước"; this one names the eight.
    answer = answer_service.answer("Cần Thơ (cũ) đã tổ chức kỷ niệm ngày thiết lập quan hệ ngoại giao với những nước nào?")
    assert "Philippines" in answer.answer and "Nhật Bản" in answer.answer and (DOC004, 694) in cited(answer)


def test_a_sentence_saying_all_of_it_beats_a_heading_named_by_one_word(answer_service):
    # "Phương châm" names a heading of 004 (the congress's motto, 340), but the question asks the
    # motto of mobilising finance, which one sentence states in full (456: "… theo phương châm nội lực
    # là căn bản, ngoại lực là quan trọng …").
    a = answer_service.answer("Cần Thơ (trước hợp nhất) huy động nguồn lực tài chính cho phát triển "
                              "giai đoạn 2025-2030 theo phương châm gì?")
    assert (DOC004, 456) in cited(a) and "nội lực là căn bản" in a.answer
    # Asked by the heading's name alone, the paragraph under it answers.
    vision = answer_service.answer("Tầm nhìn đến năm 2045 của TP Cần Thơ theo dự thảo văn kiện Đại hội I?")
    assert "thành phố sinh thái, văn minh, hiện đại" in vision.answer


def test_a_list_that_never_says_what_is_asked_for_does_not_answer(answer_service):
    # "PHỤ LỤC 2 – KẾT QUẢ NỔI BẬT … SÓC TRĂNG, NHIỆM KỲ 2020 - 2025" names the province, the term and
    # "nổi bật", never a festival; the sentence at 004:857/2528 names them.
    a = answer_service.answer("Sóc Trăng nổi bật với những lễ hội truyền thống nào được tổ chức trong nhiệm kỳ 2020-2025?")
    assert "Oóc Om Bóc" in a.answer and {(DOC004, 857), (DOC004, 2528)} & cited(a)


def test_a_heading_whose_few_items_head_the_list_asked_for_gives_way_to_that_item(answer_service):
    # 004:248 "IV- NGUYÊN NHÂN ĐẠT ĐƯỢC" is one item of "A KẾT QUẢ ĐẠT ĐƯỢC"; its own five items answer.
    a = answer_service.answer("Thành ủy Cần Thơ (cũ) rút ra những nguyên nhân nào giúp đạt kết quả nhiệm kỳ 2020-2025?")
    assert a.answer.startswith("IV- NGUYÊN NHÂN ĐẠT ĐƯỢC") and (DOC004, 250) in cited(a)
    assert (DOC004, 60) not in cited(a)


def test_a_letters_addressees_are_no_list_of_what_it_asks(answer_service):
    # CTr 12 closes with "Nơi nhận: - Bộ Tài chính; - TT. Thành ủy; - UBND xã, phường; …" (001:421),
    # words many questions about the city's bodies share; it lists who receives the letter.
    a = answer_service.answer("CTr 12 của UBND TP Cần Thơ đặt ra phát triển toàn diện con người về những mặt nào?")
    assert "Bộ Tài chính" not in a.answer and "Lưu: VT" not in a.answer
    assert not any(c.file == DOC001 and c.line_start >= 421 for c in a.citations)


def test_an_opening_topic_picks_the_paragraphs_that_name_it(answer_service):
    # 000:1284 "3.1. Tiếp tục đẩy mạnh xây dựng, chỉnh đốn Đảng …" lists many tasks under a heading that
    # names neither topic; 1294 ("tổ chức bộ máy") and 1296 ("tổ chức cơ sở đảng") are the ones asked.
    a = answer_service.answer("Về tổ chức bộ máy và tổ chức cơ sở đảng, dự thảo Chương trình hành động Đại hội I "
                              "đặt ra những nhiệm vụ gì?")
    assert {(DOC000, 1294), (DOC000, 1296)} <= cited(a)
    assert "Thực hành dân chủ" not in a.answer  # 1288, another task of 3.1


def test_a_heading_naming_the_topic_is_read_whole(answer_service):
    # 000:1372 "3.6. Phát triển toàn diện văn hóa và con người Cần Thơ" names it: its items answer.
    a = answer_service.answer("Về phát triển văn hóa và con người Cần Thơ, dự thảo Chương trình hành động "
                              "nhiệm kỳ 2025-2030 gồm những nhiệm vụ nào?")
    assert (DOC000, 1374) in cited(a) and "môi trường văn hóa lành mạnh" in a.answer
