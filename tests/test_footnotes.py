"""Footnotes and the clauses citing them, on the real corpus."""
from __future__ import annotations

from config import load_config
from ingest.footnotes import cited_by, notes_cited
from tests.corpus_files import DOC004, cited


def _lines(name):
    text = (load_config().corpus_dir / name).read_text(encoding="utf-8")
    return {n: raw for n, raw in enumerate(text.split("\n"), 1)}


def test_a_footnote_is_cited_by_the_clause_its_mark_ends_hundreds_of_lines_before():
    notes = cited_by(_lines(DOC004))
    # "<sup>31</sup> Trong đó, năm 2020 đạt 1 933,9 triệu USD, …" (line 680) is cited on line 148.
    assert notes[680].endswith("tổng kim ngạch xuất khẩu, dịch vụ và thu ngoại tệ ước đạt 10.635 triệu USD")
    assert notes[682].startswith("Kim ngạch nhập khẩu giai đoạn 2020 - 2024")
    # "[61] Năm 2004 khoảng 4 700 tỷ đồng …" and "<sup>[61]</sup>" in the text.
    assert notes[1836] == "quy mô nền kinh tế của Tỉnh tăng hơn 16,5 lần"
    # A second "<sup>31</sup>" of the same report (line 720) has no citing mark of its own left.
    assert 720 not in notes


def test_a_footnotes_figures_are_of_what_its_citing_clause_measures(answer_service):
    records = answer_service.retriever.catalogue.records
    exported = [r for r in records if r.file == DOC004 and r.line == 680]
    assert exported and all("thu ngoại tệ" in r.whole for r in exported)
    # The footnote's own number is no figure.
    assert not any(r.file == DOC004 and r.line == 1836 and r.value.startswith("61") for r in records)
    a = answer_service.answer("Kim ngạch xuất khẩu, dịch vụ và thu ngoại tệ của Cần Thơ (cũ) năm 2022 đạt bao nhiêu?")
    assert "2.285,7" in a.answer and (DOC004, 680) in cited(a)
    # The imports of the same years, in the next footnote, are another indicator: no conflict.
    assert not a.conflicts


def test_a_footnotes_opening_sentence_names_what_its_figures_are_of(answer_service):
    # 004:720 "<sup>31</sup> Hàng năm tai nạn giao thông được kiểm chế. Năm 2021, số vụ giảm 38,4%, …":
    # "số vụ" is a count of the traffic accidents the sentence before names.
    a = answer_service.answer("Năm 2021 số vụ tai nạn giao thông ở Cần Thơ (cũ) giảm bao nhiêu phần trăm?")
    assert (DOC004, 720) in cited(a) and "**38,4**" in a.answer


def test_a_sentence_finds_the_footnotes_it_cites():
    lines = list(_lines(DOC004).values())
    # "Triển khai thực hiện 03 dự án … (PPP)<sup>[29]</sup>." (line 2884); "<sup>[29]</sup> Đầu tư …" (2898).
    assert notes_cited(lines, 2884, "Triển khai thực hiện 03 dự án đầu tư theo phương thức đối tác công tư (PPP).") == [2898]
    # The sentence before it on the same line cites none.
    assert notes_cited(lines, 2884, "Thực hiện chủ trương xã hội hóa trong việc xây dựng và kiên cố hóa hệ thống "
                                    "giao thông nông thôn và thủy lợi") == []


def test_a_list_answer_reads_the_footnote_its_sentence_cites(answer_service):
    a = answer_service.answer("Hậu Giang đã triển khai những dự án đầu tư theo hình thức PPP nào?")
    assert a.found and "03" in a.answer
    assert "đèn LED" in a.answer and "Đông Phước" in a.answer and "Búng Tàu" in a.answer
    assert {(DOC004, 2884), (DOC004, 2898)} <= cited(a)
