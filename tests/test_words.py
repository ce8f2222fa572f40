"""Words of two syllables and more (ingest/words.py), and what they change in answers."""
from __future__ import annotations

from answer.service import NOT_FOUND
from ingest.words import unwritten, whole_words, words_of
from tests.corpus_files import DOC004, cited


def test_a_question_is_read_as_dictionary_words():
    assert words_of("Tỷ lệ thất nghiệp của tỉnh năm 2025?") == (("ti", "le"), ("that", "nghiep"))
    assert ("do", "thi", "hoa") in words_of("tỷ lệ đô thị hóa đến năm 2030")  # the longest word first
    assert ("do", "thi", "hoa") in words_of("tỷ lệ đô thị hoá")  # old-style tone mark


def test_a_question_without_marks_is_read_as_the_same_words():
    # Matched against the dictionary's words folded: the words a question with marks has.
    assert words_of("ty le that nghiep nam 2025") == (("ti", "le"), ("that", "nghiep"))
    assert ("do", "thi", "hoa") in words_of("ty le do thi hoa den nam 2030")


def test_a_syllable_outside_the_asked_word_loses_its_credit():
    present = {"tai", "san", "bi", "chiem", "doat", "that", "thoat", "trong", "cac", "vu", "an"}
    assert unwritten((("that", "nghiep"),), present) == {"that", "nghiep"}
    assert unwritten((("tai", "san"),), present) == set()
    # Every syllable of the word is there, apart: "căn nhà" in "căn hộ nhà ở" keeps its credit.
    assert unwritten((("can", "nha"),), {"can", "ho", "nha", "o", "xa", "hoi"}) == set()
    # A syllable of a word that is there keeps its credit though another word lacks it.
    assert unwritten((("tuoi", "tho"), ("tuoi", "tre")), {"tuoi", "tre"}) == {"tho"}


def test_unemployment_is_not_answered_with_embezzled_assets(answer_service):
    # 004 states no unemployment rate for Hậu Giang; its "thất thoát" footnote is another word.
    for question in ("Hậu Giang năm 2025 có tỷ lệ thất nghiệp bao nhiêu?", "hau giang nam 2025 co ty le that nghiep bao nhieu"):
        a = answer_service.answer(question)
        assert not a.found and a.answer == NOT_FOUND and a.citations == []


def test_urbanisation_is_not_answered_with_urban_water_supply(answer_service):
    a = answer_service.answer("Sóc Trăng phấn đấu tỷ lệ đô thị hóa bao nhiêu đến năm 2030?")
    assert not a.found and a.citations == []
    # The city's target is stated, and still found.
    a = answer_service.answer("tỷ lệ đô thị hóa của Cần Thơ đến năm 2030?")
    assert a.found and "**50**" in a.answer


def test_a_word_written_apart_still_answers(answer_service):
    a = answer_service.answer("Sóc Trăng phấn đấu xây dựng bao nhiêu căn nhà ở xã hội trong nhiệm kỳ 2025-2030?")
    assert a.found and "6.400" in a.answer
    assert (DOC004, 1113) in cited(a)


def test_life_expectancy_is_not_answered_with_child_malnutrition(answer_service):
    # No document states a life expectancy; "trẻ em dưới 5 tuổi" has the "tuổi" but not "tuổi thọ".
    a = answer_service.answer("Hậu Giang: tuổi thọ bình quân người dân đến 2025 là bao nhiêu?")
    assert not a.found and a.citations == []


def test_a_cut_after_some_words_ends_on_a_whole_word():
    words = "đơn vị cấp huyện được công nhận hoàn thành đạt chuẩn".split()
    assert words[:whole_words(words, 8)][-2:] == ["hoàn", "thành"]
    assert whole_words(words, 9) == 9  # "hoàn thành" already whole
    assert whole_words(["bản", "ghi", "nhớ"], 3) == 3


def test_a_word_after_the_head_of_a_named_term_is_not_said_alone():
    from ingest.words import enclosed_words

    assert ("that", "nghiep") in enclosed_words("Tỷ lệ tham gia bảo hiểm thất nghiệp")
    # The head is what the term is: "ngân sách nhà nước" is a budget.
    assert ("ngan", "sach") not in enclosed_words("tổng chi ngân sách nhà nước")
    # Said once outside the term, it is said.
    assert ("lao", "dong") not in enclosed_words("Năng suất lao động; lao động qua đào tạo")


def test_unemployment_is_not_answered_from_unemployment_insurance(answer_service):
    # Phụ lục I of BC 320 has "Tỷ lệ tham gia bảo hiểm thất nghiệp" (003:54); no document states the
    # unemployment rate.
    assert not answer_service.answer("Tỷ lệ thất nghiệp năm 2024 của TP Cần Thơ (cũ) là bao nhiêu?").found
    insured = answer_service.answer("Tỷ lệ tham gia bảo hiểm thất nghiệp năm 2024 của Cần Thơ là bao nhiêu?")
    assert insured.found and insured.citations[0].line_start == 54
