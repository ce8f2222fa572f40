"""Marks put back on a question typed without them (answer/accents.py), on the real corpus."""
from __future__ import annotations

import pytest

from tests.corpus_files import DOC004, cited


@pytest.fixture(scope="module")
def accents(answer_service):
    return answer_service.accents


def test_the_likeliest_marks_from_the_corpus_and_the_question_words(accents):
    assert accents.restore("ty le that nghiep hau giang nam 2025") == "tỉ lệ thất nghiệp hậu giang năm 2025"
    assert accents.restore("chi tieu moi truong den nam 2030 la bao nhieu") == \
        "chỉ tiêu môi trường đến năm 2030 là bao nhiêu"
    # "Thu hải quan" (customs revenue), not "thứ hai".
    assert accents.restore("thu hai quan nam 2023").startswith("thu hải quan")


def test_a_question_with_marks_is_left_as_typed(accents):
    assert accents.restore("Tỷ lệ hộ nghèo năm 2024?") == "Tỷ lệ hộ nghèo năm 2024?"


def test_a_question_without_marks_finds_what_it_finds_with_them(answer_service):
    for question in ("Sóc Trăng phấn đấu GRDP bình quân đầu người cuối nhiệm kỳ 2025-2030 đạt bao nhiêu?",
                     "soc trang phan dau grdp binh quan dau nguoi cuoi nhiem ky 2025-2030 dat bao nhieu"):
        a = answer_service.answer(question)
        assert "**130**" in a.answer and {(DOC004, 1097)} & cited(a)
