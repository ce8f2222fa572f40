"""Everyday words reworded into the documents' own, checked against the real corpus."""
from __future__ import annotations

import re

from answer.paraphrases import PARAPHRASES, in_document_words
from answer.question import analyse
from ingest.normalize import fold
from tests.corpus_files import DOC001, DOC003, DOC004, cited


def _occurs(phrase: str, folded_corpus: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", folded_corpus) is not None


def test_only_phrases_the_documents_never_use_are_reworded_into_phrases_they_do(ingest_raw_lines):
    corpus = " ".join(fold(" ".join(lines)) for lines in ingest_raw_lines.values())
    corpus = " ".join(corpus.split())
    assert [k for k in PARAPHRASES if _occurs(k, corpus)] == []
    assert [v for v in PARAPHRASES.values() if not _occurs(v, corpus)] == []


def test_rewording_works_without_diacritics_and_keeps_the_rest():
    assert in_document_words("Năm 2025 có bao nhiêu người đang đi làm?") == "Năm 2025 có bao nhiêu lao động có việc làm?"
    assert in_document_words("nam 2025 co bao nhieu nguoi dang di lam") == "nam 2025 co bao nhieu lao dong co viec lam"
    # A word inside another is not a phrase: "nước máy" is not in "nước máyy".
    assert in_document_words("nước máyy") == "nước máyy"
    # A short form the documents never write is spelled out, so "NK 2020-2025" reads as the term it is.
    assert in_document_words("Hết NK 2020-2025 có bao nhiêu đảng viên?") == "Hết nhiệm kỳ 2020-2025 có bao nhiêu đảng viên?"


def test_an_everyday_question_is_answered_from_the_documents_words(answer_service):
    workers = answer_service.answer("Năm 2025 thành phố Cần Thơ (sau hợp nhất) có khoảng bao nhiêu người đang đi làm?")
    assert "1,674" in workers.answer and (DOC001, 483) in cited(workers)
    urban = answer_service.answer("Năm 2020 khoảng bao nhiêu phần trăm dân số Cần Thơ (cũ) sống ở khu vực đô thị?")
    assert "**70,03**" in urban.answer and any(f == DOC004 and line in (692, 2420) for f, line in cited(urban))
    assert urban.question.startswith("Năm 2020 khoảng bao nhiêu phần trăm dân số")  # shown as asked
    bad_debt = answer_service.answer("Nợ khó đòi ở Sóc Trăng đến cuối năm 2025 chiếm bao nhiêu phần trăm?")
    assert "**1,48**" in bad_debt.answer and (DOC004, 837) in cited(bad_debt)
    teachers = answer_service.answer("Ở Sóc Trăng, bao nhiêu phần trăm thầy cô giáo vượt chuẩn trình độ?")
    assert "13,75" in teachers.answer and (DOC004, 861) in cited(teachers)


def test_a_count_asked_of_a_ratio_per_population(answer_service):
    a = answer_service.answer("Năm 2024, cứ mười nghìn dân Cần Thơ thì có khoảng mấy bác sĩ?")
    assert "**18,02**" in a.answer and (DOC003, 51) in cited(a)


def test_typed_without_diacritics_a_maybe_question_word_is_no_subject(answer_service):
    q = analyse("ty le do thi hoa tinh soc trang den nay dat khoang bao nhieu?")
    assert {"do", "thi"} <= set(q.terms) and "thi" not in q.subject and "nay" not in q.subject
    assert "thi" in analyse("Tỷ lệ đô thị hóa đạt bao nhiêu?").subject  # with marks, "thị" is sure
    urban = answer_service.answer("ty le do thi hoa tinh soc trang den nay dat khoang bao nhieu?")
    assert "**33,87**" in urban.answer and any(f == DOC004 and line in (851, 2520) for f, line in cited(urban))
    doctors = answer_service.answer("nam 2024, cu muoi nghin dan can tho thi co khoang may bac si?")
    assert "**18,02**" in doctors.answer and (DOC003, 51) in cited(doctors)
