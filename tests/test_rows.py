"""The same project in two tables with two terms, found by its name on the real corpus."""
from __future__ import annotations

import pytest

from answer.rows import RowIndex, _other_agency
from tests.corpus_files import DOC000, DOC001, DOC003, cited


@pytest.fixture(scope="module")
def rows(answer_service):
    return RowIndex(answer_service.retriever.chunks)


def _row(rows, file, line):
    return next(c for c in rows.rows if c.file == file and c.line_start == line)


def _rivals(rows, file, line):
    return {(r.chunk.file, r.chunk.line_start): r.term for r in rows.rivals(_row(rows, file, line))}


def test_a_project_listed_in_a_report_and_in_a_task_list_with_two_terms(rows):
    # "17 (***) Khu hành chính thành phố Cần Thơ … 2024 - 2028" and "44 Dự án Khu hành chính … 2026 - 2030".
    assert _rivals(rows, DOC003, 151) == {(DOC000, 1528): "THỜI HẠN THỰC HIỆN: 2026 - 2030"}
    # Named a little differently, with the road's numbers the same.
    assert (DOC000, 1535) in _rivals(rows, DOC003, 141)
    # The same bridge twice in one list, in 2026 - 2030 and in the list looking to 2045.
    assert _rivals(rows, DOC000, 1722) == {(DOC000, 1762): "THỜI HẠN THỰC HIỆN: 2030 - 2045"}


def test_a_name_written_inside_a_longer_one_is_the_same_project(rows):
    # "219 Khu công nghiệp - đô thị - dịch vụ Trần Đề" (2030 - 2045) within "107 Dự án … khu công
    # nghiệp - Đô thị - Dịch vụ Trần Đề" (Đến năm 2030); "221 … hạ tầng Khánh Hòa" drops only common words.
    assert _rivals(rows, DOC000, 1617) == {(DOC000, 1776): "THỜI HẠN THỰC HIỆN: 2030 - 2045"}
    assert _rivals(rows, DOC000, 1780) == {(DOC000, 1616): "THỜI HẠN THỰC HIỆN: Đến năm 2030"}
    # "Bệnh viện Ung Bướu thành phố Cần Thơ quy mô 500 giường" is "Dự án Bệnh viện Ung bướu thành phố":
    # the size is no part of the name.
    assert _rivals(rows, DOC000, 1530) == {(DOC003, 125): "Thời gian triển khai thực hiện: 2017 - 2022"}
    # "Đề án thành lập Khu công nghệ cao Cần Thơ" (2021 - 2030) is the task of "Khu Công nghệ cao Cần Thơ".
    assert (DOC003, 194) in _rivals(rows, DOC000, 1774)
    # "quy mô … 50 ha - 100 ha" sizes the logistics centre; it does not name another one.
    assert (DOC000, 1636) in _rivals(rows, DOC000, 1733)


def test_a_long_stretch_of_one_name_in_another_is_the_same_project(rows):
    # "Thành lập, phát triển khu thương mại tự do tại TP Cần Thơ" (12/CTr-UBND, led by four Sở) and
    # "Phối hợp Bộ Tài chính thành lập, phát triển Khu thương mại tự do Cần Thơ" (the draft's list,
    # led by "Cơ quan Trung ương"): the same term, another leading agency.
    assert _rivals(rows, DOC001, 581) == {(DOC000, 1647): "CƠ QUAN, TỔ CHỨC ĐẢNG CHỦ TRÌ: Cơ quan Trung ương"}
    # "Dự án Sàn giao dịch công nghệ" (2022 - 2024) and "Hình thành sản giao dịch công nghệ, kết nối …"
    # (2021 - 2025), both in the November 2024 report.
    assert (DOC003, 333) in _rivals(rows, DOC003, 168)


def test_agencies_sharing_only_words_any_agency_has_are_two_agencies():
    assert _other_agency(frozenset({"so", "noi", "vu"}), frozenset({"so", "lao", "dong", "thuong", "binh"}))
    assert not _other_agency(frozenset({"dang", "uy", "ubnd", "thanh", "pho"}), frozenset({"ubnd", "thanh", "pho"}))
    assert not _other_agency(frozenset({"so", "xay", "dung"}), frozenset({"so", "xay", "dung", "so", "tai", "chinh"}))


def test_names_that_differ_only_by_their_place_or_number_are_other_projects(rows):
    # "… khu công nghiệp Tân Bình" is not "… Tân Hoà" nor "… Tân Bình II", "Đông Phú 2" is not "Đông Phú".
    for line in (1609, 1604):
        assert _rivals(rows, DOC000, line) == {}
    # A short name inside a long one says too little: "Công nghiệp chủ lực" is not the programme's
    # "Đề án xây dựng nền kinh tế … công nghiệp chủ lực".
    assert _rivals(rows, DOC003, 230) == {}


def test_the_answer_names_the_other_tables_term(answer_service):
    # The draft action programme's list (9/2025) is newer than BC 320's appendix (11/2024): it leads,
    # as a newer figure does, and the older term is named with its document.
    a = answer_service.answer("Khu hành chính thành phố Cần Thơ dự kiến thực hiện trong giai đoạn nào?")
    assert "2026 - 2030" in a.answer and (DOC000, 1528) in cited(a)
    # The row's number names it; it is not shown in bold as the figure that answers.
    assert a.answer.startswith("44 Dự án Khu hành chính")
    assert any(k.citation.file == DOC003 and k.citation.line_start == 151 and "2024 - 2028" in k.value
               for k in a.conflicts)


def test_a_list_question_over_a_task_table_lists_every_row_named_so(answer_service):
    a = answer_service.answer("Danh mục dự án kèm dự thảo CTr hành động của Thành ủy có những nhà máy điện gió nào?")
    lines = a.answer.split("\n")
    assert len(lines) == 3 and all("Nhà máy điện gió" in line for line in lines)
    assert {(DOC000, 1643), (DOC000, 1644), (DOC000, 1645)} <= cited(a)


def test_a_list_question_lists_the_rows_named_so_under_the_group_it_names(answer_service):
    # Two groups of one table hold hospitals; the question names the one looking to 2045.
    a = answer_service.answer("Trong danh mục tầm nhìn đến năm 2045 có những bệnh viện nào?")
    assert cited(a) == {(DOC000, 1772), (DOC000, 1773)}
    assert "Bệnh viện Phục hồi chức năng" in a.answer
    # Industrial parks of 2025 - 2030, not the roads leading to one ("Đường dẫn … vào Khu công nghiệp Vĩnh Thanh").
    a = answer_service.answer("Những khu công nghiệp Vĩnh Thạnh nào được làm trong giai đoạn 2025 - 2030?")
    assert cited(a) == {(DOC000, 1611), (DOC000, 1619)}


def test_a_road_is_named_by_its_number_not_by_the_aside_or_the_years(rows):
    # "Quốc lộ 91B (từ giao với quốc lộ 91 đến cầu Cái Cui)" is "Dự án nâng cấp mở rộng quốc lộ 91B":
    # the aside says where it runs. "Đường tỉnh 932", two syllables and a number, is one road.
    assert _rivals(rows, DOC000, 1693) == {(DOC000, 1800): "THỜI HẠN THỰC HIỆN: 2030 - 2045"}
    assert _rivals(rows, DOC000, 1708) == {(DOC000, 1810): "THỜI HẠN THỰC HIỆN: 2030 - 2045"}
    # Kilometre posts name the stretch: "Quốc lộ 91 (đoạn từ Km0 - Km7)" is not all of "Quốc lộ 91 (đoạn qua …)".
    assert (DOC000, 1697) not in _rivals(rows, DOC003, 141)


def test_the_tasks_an_agency_leads_are_listed_each_cited(answer_service):
    # CTr 12 Phụ lục II: rows 12-15 (001:640-643) have "Công an thành phố" as their leading agency.
    a = answer_service.answer("Công an thành phố Cần Thơ chủ trì những đề án nào theo Chương trình hành động 12?")
    # Those it leads alone first, then those it leads with others (625: with the military command).
    assert [(c.file, c.line_start) for c in a.citations][:4] == [(DOC001, n) for n in (640, 641, 642, 643)]
    assert (DOC001, 625) in cited(a)
    assert "an ninh mạng" in "\n".join(a.answer.split("\n")[:4])
    # Named with its topic, only the agency's rows on it: 001:619, 622, 623, not its others (617, 618, …).
    a = answer_service.answer("CTr 12/CTr-UBND giao Sở Nông nghiệp và Môi trường những đề án nào về phòng, chống thiên tai và an ninh nguồn nước?")
    assert {(c.file, c.line_start) for c in a.citations} == {(DOC001, n) for n in (619, 622, 623)}


def test_the_answer_names_the_other_tables_leading_agency(answer_service):
    a = answer_service.answer("Cơ quan nào chủ trì việc thành lập, phát triển khu thương mại tự do tại Cần Thơ?")
    assert "Sở Tài chính" in a.answer and (DOC001, 581) in cited(a)
    assert any(k.citation.file == DOC000 and k.citation.line_start == 1647 and "cơ quan chủ trì khác" in k.note
               for k in a.conflicts)


def test_a_name_opened_by_a_task_word_is_the_same_project(rows):
    # "45 Dự án Thư viện thành phố … 2022 - 2026" and "20 (*) Thư viện Thành phố … 2023 - 2025".
    assert (DOC003, 158) in _rivals(rows, DOC000, 1529)


def test_the_row_of_the_project_asked_about_answers_when_it_holds_what_is_asked(answer_service):
    # A sentence on "xếp hạng di tích" shares more words; the project's row says when.
    answer = answer_service.answer("Dự án Thư viện thành phố Cần Thơ được xếp thực hiện trong giai đoạn nào?")
    assert "2022 - 2026" in answer.answer and (DOC000, 1529) in cited(answer)
    assert any(k.citation.file == DOC003 and k.citation.line_start == 158 for k in answer.conflicts)
    hospital = answer_service.answer("Bệnh viện Ung bướu TP Cần Thơ thực hiện từ năm nào đến năm nào?")
    assert "2018 - 2027" in hospital.answer and (DOC000, 1530) in cited(hospital)
    # A resolution asked about is not a task row that shares its topic.
    resolution = answer_service.answer("NQ 09-NQ/TU ngày 29/12/2021 của Thành ủy Cần Thơ về đào tạo, bồi dưỡng "
                                       "nguồn nhân lực, cán bộ lãnh đạo áp dụng cho giai đoạn nào?")
    assert not any(c.file == DOC003 for c in resolution.citations)


def test_the_newest_list_leads_when_a_project_has_two_terms(answer_service):
    # Phụ lục III of BC 320 (11/2024): 2021 - 2026; the draft action programme's list (9/2025): 2022 - 2027.
    answer = answer_service.answer("Đường vành đai phía Tây TP Cần Thơ đoạn nối Quốc lộ 91 với Quốc lộ 61C "
                                   "có thời gian thực hiện thế nào?")
    assert "2022-2027" in answer.answer and (DOC000, 1531) in cited(answer)
    assert any(k.citation.file == DOC003 and k.citation.line_start == 128 for k in answer.conflicts)
    # Asked for its progress, not its term, the report that states it answers.
    progress = answer_service.answer("Đường vành đai phía Tây Cần Thơ (đoạn nối QL91 - QL61C) đến 10/2024 "
                                     "bồi thường, tái định cư đạt bao nhiêu %?")
    assert "54,14" in progress.answer and (DOC003, 128) in cited(progress)


def test_a_list_naming_a_project_twice_gives_both_terms_each_cited(answer_service):
    # The draft's list has the Khánh Hòa industrial park among the tasks to 2030 ("Đến năm 2030", row 106)
    # and among those looking to 2045 ("2030 - 2045", row 221): no newer text to lead, so both are the answer.
    a = answer_service.answer("KCN Khánh Hòa trong danh mục dự án kèm dự thảo CTr hành động có thời hạn thực hiện khi nào?")
    assert "Đến năm 2030" in a.answer and "2030 - 2045" in a.answer
    assert {(DOC000, 1616), (DOC000, 1780)} <= cited(a)
    assert [(k.citation.file, k.citation.line_start) for k in a.conflicts] == [(DOC000, 1780)]
    # Found first at its second listing (111, "Đến năm 2030"), the project still leads with its first
    # (102, "2026 - 2030"), and the second is named as the list's other term.
    b = answer_service.answer("Khu công nghiệp Tân Hòa trong danh mục kèm dự thảo CTr hành động có thời hạn thực hiện thế nào?")
    assert [(c.file, c.line_start) for c in b.citations] == [(DOC000, 1610), (DOC000, 1623)]
    assert [(k.citation.file, k.citation.line_start) for k in b.conflicts] == [(DOC000, 1623)]


def test_a_row_rival_already_named_as_another_documents_statement_is_named_once(answer_service):
    a = answer_service.answer("Khu hành chính thành phố Cần Thơ dự kiến thực hiện trong giai đoạn nào?")
    assert [(k.citation.file, k.citation.line_start) for k in a.conflicts] == [(DOC003, 151)]


def test_tasks_an_agency_leads_with_others_are_listed_too(answer_service):
    # Phụ lục II of 12/CTr-UBND: rows 4-7 "Sở Y tế", row 8 "Sở Y tế, Sở Nội vụ"; "hoặc đồng chủ trì"
    # words the leading, it names no topic the rows must hold.
    a = answer_service.answer("Sở Y tế chủ trì hoặc đồng chủ trì những nhiệm vụ nào trong Phụ lục II CTr 12/CTr-UBND?")
    assert {(DOC001, n) for n in (602, 603, 604, 605, 608)} <= cited(a)
    assert "miễn viện phí" in a.answer


def test_a_list_named_by_its_heading_gives_the_agencys_rows_under_it(answer_service):
    # Phụ lục IV of BC 320, "Một số nhiệm vụ khác giao sở, ban ngành": the heading's words say which
    # list, not a topic the rows must hold; "đề án, kế hoạch" names no topic "án kế" either.
    a = answer_service.answer("Sở Nông nghiệp và Phát triển nông thôn chủ trì những đề án, kế hoạch nào "
                              "trong phụ lục 'nhiệm vụ khác giao sở, ban ngành' của BC 320?")
    assert cited(a) == {(DOC003, n) for n in (249, 250, 251)}
    science = answer_service.answer("Theo phụ lục 'một số nhiệm vụ khác' của Báo cáo 320/BC-UBND, "
                                    "Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?")
    assert {(DOC003, n) for n in (194, 195, 199, 202, 203)} <= cited(science)
    assert "Khu công nghệ cao" in science.answer


def test_a_row_cut_by_a_page_break_is_cited_where_it_begins_too(rows, answer_service):
    # BC 320 Phụ lục III row 22 (003:163) goes on at 003:166, after the header repeated on the next page.
    at = {c.line_start: c for c in answer_service.retriever.chunks if c.file == DOC003 and c.row}
    assert rows.head(at[166]).line_start == 163
    assert rows.head(at[163]) is None
    a = answer_service.answer("Tổng mức đầu tư sau điều chỉnh của dự án trụ sở làm việc Văn phòng Đoàn Đại biểu Quốc hội "
                              "và Hội đồng nhân dân thành phố là bao nhiêu?")
    # The line naming the project is cited too: the question's names are in a cited line, and the
    # row's number, shown when the row answers, is not withheld as a figure no citation states.
    assert "196,763" in a.answer
    assert {(DOC003, 163), (DOC003, 166)} <= cited(a)


def test_a_row_shows_every_kind_of_column_asked(answer_service):
    # "ai chủ trì, đã ban hành văn bản nào": the lead and the report on what was done (003:105).
    a = answer_service.answer("KH giám sát các chỉ tiêu xây dựng đô thị tăng trưởng xanh của Cần Thơ: "
                              "ai chủ trì, đã ban hành văn bản nào?")
    assert a.found and "Sở Xây dựng" in a.answer and "55/KH-UBND" in a.answer
    assert (DOC003, 105) in cited(a)
    # "làm giai đoạn nào, vốn ở đâu": the term and the funding (000:1637).
    a = answer_service.answer("Khu xử lý chất thải rắn huyện Thới Lai (nhà máy xử lý rác sinh hoạt số 2) trong danh mục "
                              "dự án làm giai đoạn nào, vốn ở đâu?")
    assert a.found and "2026 - 2030" in a.answer and "ngoài ngân sách" in a.answer
    assert (DOC000, 1637) in cited(a)


def test_a_group_row_lists_the_rows_numbered_under_it(rows, answer_service):
    # "4 Thu hút và sử dụng hiệu quả các nguồn vốn đầu tư …" (003:315)
    group = next(c for c in answer_service.retriever.chunks if c.file == DOC003 and c.line_start == 315)
    assert [c.line_start for c in rows.numbered_under(group)] == [316, 320, 321, 322]  # 319 goes on with 4.1
    a = answer_service.answer("Nhóm nhiệm vụ 'thu hút và sử dụng hiệu quả các nguồn vốn đầu tư' (mục 4, Phụ lục V BC 320) "
                              "gồm những gì?")
    assert a.found and "Nghị định" in a.answer and "PPP" in a.answer and "hợp tác xã" in a.answer
    assert {(DOC003, n) for n in (315, 316, 320, 321, 322)} <= cited(a)


def test_a_task_named_with_a_plural_answers_who_leads_it_and_when(answer_service):
    a = answer_service.answer("Phụ lục II BC 320: nhiệm vụ xây dựng Đề án quản lý, khai thác và sử dụng hiệu quả các nguồn "
                              "lực của TP (thực hiện NQ 39-NQ/TW) do ai chủ trì, triển khai giai đoạn nào?")
    assert a.found and "Sở Kế hoạch và Đầu tư" in a.answer and "2021 - 2025" in a.answer.replace("2021-2025", "2021 - 2025")
    assert (DOC003, 87) in cited(a)


def test_tasks_an_agency_leads_directly_are_listed_whatever_words_say_where_the_list_is(answer_service):
    # 000:1476-1479 are led by "Ban Tuyên giáo và Dân vận Thành ủy"; "trực tiếp" words the leading,
    # and "kèm dự thảo" names no row of the list.
    a = answer_service.answer("Trong danh mục nhiệm vụ 2026-2030 kèm dự thảo CTr hành động, Ban Tuyên giáo và "
                              "Dân vận Thành ủy trực tiếp chủ trì những nhiệm vụ nào?")
    assert {(DOC000, n) for n in (1476, 1477, 1478, 1479)} <= cited(a)
    assert "Dân vận khéo" in a.answer


def test_two_agencies_named_list_the_tasks_they_lead_together(answer_service):
    # 12/CTr-UBND Phụ lục II: 001:625-630 are led by the military command and the police together;
    # 631-636 by the military command alone.
    a = answer_service.answer("Những nhiệm vụ nào do Bộ Chỉ huy Quân sự và Công an thành phố cùng chủ trì "
                              "theo CTr 12/CTr-UBND?")
    assert {(DOC001, n) for n in (625, 626, 627)} <= cited(a)
    assert not {(DOC001, n) for n in (631, 632, 633)} & cited(a)


def test_a_list_question_on_a_topic_lists_the_rows_whose_names_say_it(answer_service):
    # 000's task list: 1522 "… thoát nước … chống chịu với biến đổi khí hậu", 1769 "Kè phòng, chống biến
    # đổi khí hậu dọc sông Hậu": both say the topic, one word for word, one by a long stretch of it.
    a = answer_service.answer("Danh mục nhiệm vụ kèm dự thảo CTr hành động Đại hội I có những dự án nào về "
                              "chống chịu biến đổi khí hậu, thoát nước?")
    assert {(DOC000, 1522), (DOC000, 1769)} <= cited(a)
    assert all(c.file == DOC000 for c in a.citations)
