"""Vietnamese normalization: keys for matching; the displayed text is never touched."""
from __future__ import annotations

import unicodedata

import pytest

from ingest.normalize import canonical_number, clean, figure_numbers, fold, key, numbers_in, tokens, unify_tones

F000 = "000_b50851294415a046.txt"
F002 = "002_59c52569d25bb8c2.txt"
F003 = "003_ca8570c1181f02a1.txt"
F004 = "004_10fced73fa7337e4.txt"


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- tone placement --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "old, new",
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "hòa bình"),
        ("uỷ ban", "ủy ban"),
        ("THUỶ SẢN", "thủy sản"),
        ("văn hoá, xã hội", "văn hóa, xã hội"),
        ("sức khoẻ.", "sức khỏe."),
    ],
)
def test_old_and_new_tone_placement_share_one_key(old, new):
    assert key(old) == key(new)
    assert key(old) == new.lower()


@pytest.mark.parametrize("word", ["hoàn thành", "khoảng", "toàn diện", "thuyền", "quỷ", "loạt"])
def test_tone_stays_in_closed_syllables_and_after_qu(word):
    assert unify_tones(word) == word
    assert key(word) == word


@pytest.mark.parametrize("word", ["hoặc", "ngoặt"])
def test_tone_is_not_moved_in_closed_oa_syllables_with_a_breve(word):
    assert unify_tones(word) == word
    assert key(word) == word


def test_corpus_old_style_spelling_matches_new_style(ingest_raw_lines):
    # 004:811 writes "khoẻ" (old style); 000:283 writes "khỏe mạnh" (new style)
    old_line = ingest_raw_lines[F004][810]
    new_line = ingest_raw_lines[F000][282]
    assert "khoẻ" in old_line and "khỏe" not in old_line
    assert "khỏe mạnh" in new_line
    assert "khỏe" in key(old_line)
    assert "khỏe" in tokens(old_line)
    assert "khỏe" in tokens(new_line)


# --- i / y spelling ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "a, b",
    [("bác sĩ", "bác sỹ"), ("kĩ thuật", "kỹ thuật"), ("lí do", "lý do"), ("Mĩ Phước", "Mỹ Phước"),
     ("Bác Sỹ", "bác sĩ")],
)
def test_si_sy_spellings_share_one_key(a, b):
    assert key(a) == key(b)
    assert tokens(a) == tokens(b)


def test_y_after_qu_or_in_longer_syllables_is_kept():
    assert key("quý") == "quý"
    assert key("tuyển") == "tuyển"
    assert key("ý kiến") == "ý kiến"


def test_doctor_indicator_in_two_documents_matches(ingest_raw_lines):
    # 002:107 "(12) Số bác sĩ/vận dân: đạt 18,02 ..." and 003:51 "12. Số bác sỹ/vận dân\t1/10.000\t18,02..."
    line_002 = ingest_raw_lines[F002][106]
    line_003 = ingest_raw_lines[F003][50]
    assert "bác sĩ" in line_002 and "bác sỹ" in line_003
    assert "bác sĩ" in key(line_002) and "bác sĩ" in key(line_003)
    shared = set(tokens(line_002)) & set(tokens(line_003))
    assert {"bác", "sĩ", "18,02"} <= shared


# --- "10.000 dân" / "vạn dân" -------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["19 bác sỹ/10.000 dân", "19 bác sĩ/10 000 dân", "19 bác sĩ/10000 dân",
     "19 bác sĩ/10.000 người dân", "19 bác sĩ/mười nghìn dân"],
)
def test_per_ten_thousand_people_is_van_dan(text):
    assert key(text) == key("19 bác sĩ/vạn dân") == "19 bác sĩ/vạn dân"


def test_per_ten_thousand_people_in_corpus(ingest_raw_lines):
    # 004:1940 "Số sinh viên đại học trên 10.000 dân", 004:1942 "số bác sĩ trên 10.000 người dân"
    assert "trên 10.000 dân" in ingest_raw_lines[F004][1939]
    assert "trên 10.000 người dân" in ingest_raw_lines[F004][1941]
    assert "trên vạn dân" in key(ingest_raw_lines[F004][1939])
    assert "bác sĩ trên vạn dân" in key(ingest_raw_lines[F004][1941])


def test_bigger_numbers_before_dan_are_not_van_dan():
    assert "vạn" not in key("110.000 dân")
    assert "vạn" not in key("3.335.000 người")


# --- Unicode forms ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Đắk Lắk", "thuỷ sản", "bác sỹ/vạn dân", "Ủy ban nhân dân"],
)
def test_nfd_input_gives_the_nfc_key(text):
    decomposed = nfd(text)
    assert decomposed != text  # really a different code point sequence
    assert key(decomposed) == key(text)
    assert tokens(decomposed) == tokens(text)
    assert fold(decomposed) == fold(text)


def test_nfd_corpus_line_gives_the_same_tokens(ingest_raw_lines):
    line = ingest_raw_lines[F000][284]  # 000:285 "(13) Đến năm 2030: phần đầu đạt 19 bác sỹ/vạn dân; ..."
    assert tokens(nfd(line)) == tokens(line)
    assert numbers_in(nfd(line)) == numbers_in(line)


def test_clean_removes_invisible_characters_and_composes():
    assert clean("\ufeffHo\u0300a\u200b bi\u0300nh") == "Hòa bình"
    assert clean("a\u0000b\u007fc") == "abc"
    assert clean("dòng 1\ndòng 2") == "dòng 1\ndòng 2"


# --- folding -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, folded",
    [("Đắk Lắk", "dak lak"), ("ĐỒNG BẰNG SÔNG CỬU LONG", "dong bang song cuu long"),
     ("Thủy", "thuy"), ("thuỷ", "thuy"), ("Hậu Giang", "hau giang"), ("đường", "duong")],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_of_a_long_text_and_of_a_text_folded_before():
    # Short texts are kept once folded, long ones folded every time: both give the same form.
    assert fold("Đắk Lắk") == fold("Đắk Lắk") == "dak lak"
    assert fold("Đồng Tháp, Hậu Giang; " * 50) == "dong thap, hau giang; " * 50


# --- numbers ---------------------------------------------------------------------------------------

def test_thousand_separators_give_one_canonical_number():
    assert numbers_in("57.000") == numbers_in("57 000") == numbers_in("57000") == ["57000"]
    assert tokens("đạt 57.000 tỷ đồng")[:2] == tokens("đạt 57 000 tỷ đồng")[:2] == ["đạt", "57000"]
    assert canonical_number("3.335.000") == "3335000"


def test_decimal_comma_is_kept_intact():
    assert numbers_in("18,02") == ["18,02"]
    assert "18,02" in tokens("đạt 18,02 bác sĩ/vạn dân")
    assert numbers_in("28.527,46 tỷ đồng") == ["28527,46"]
    assert numbers_in("7,5-8,0") == ["7,5", "8,0"]


def test_year_followed_by_percentage_stays_two_numbers():
    assert numbers_in("năm 2030 100%") == ["2030", "100"]
    assert tokens("năm 2030 100%") == ["năm", "2030", "100"]
    assert numbers_in("giai đoạn 2021 - 2025") == ["2021", "2025"]


def test_numbers_in_real_lines(ingest_raw_lines):
    # 000:247 "(2) Tổng thu ngân sách hằng năm tăng khoảng 15%; phấn đấu đến năm 2030 ước đạt 57.000 tỷ đồng."
    line = ingest_raw_lines[F000][246]
    assert "57.000 tỷ đồng" in line
    assert numbers_in(line) == ["2", "15", "2030", "57000"]
    # 000:277 "(9) Dân số trung bình đến năm 2030 là 3.335.000 người."
    assert numbers_in(ingest_raw_lines[F000][276]) == ["9", "2030", "3335000"]


# --- display text is never changed ------------------------------------------------------------------

def test_chunk_text_keeps_original_spelling_while_search_key_is_normalized(ingest_chunks, ingest_raw_lines):
    chunks, _ = ingest_chunks[F000]
    (chunk,) = [c for c in chunks if c.line_start <= 285 <= c.line_end]
    assert ingest_raw_lines[F000][284] in chunk.text.split("\n")
    assert "19 bác sỹ/vạn dân" in chunk.text
    assert "19 bác sĩ/vạn dân" in chunk.search_text
    assert "19 bác sỹ" not in chunk.search_text

    chunks, _ = ingest_chunks[F004]
    (chunk,) = [c for c in chunks if c.line_start <= 811 <= c.line_end]
    assert "khoẻ" in chunk.text and "khỏe" in chunk.search_text


def test_administrative_short_forms_match_their_spelled_out_passages():
    from answer.extract import question_terms, unit_terms

    terms = question_terms("quy mô nền KT Hậu Giang năm 2025 theo KH và PL I?")
    assert {"kt", "kh"} <= set(terms)
    assert "pl" not in terms  # "PL I" names the document to look in: where, not what
    passage = unit_terms("Phụ lục I: kế hoạch năm 2025, quy mô nền kinh tế 77.854 tỷ đồng")
    assert {"kt", "kh", "pl"} <= passage


def test_percent_in_words_asks_for_a_figure_and_is_not_a_content_term():
    from answer.extract import asks_figure, question_terms

    question = "Hậu Giang giờ còn khoảng mấy phần trăm hộ nghèo?"
    assert asks_figure(question)
    assert question_terms(question) == ["ho", "ngheo"]  # "còn", like "giờ", shapes the question


def test_number_words_count_the_list_but_names_keep_their_syllables():
    from answer.extract import question_terms

    assert question_terms("ba khâu đột phá là gì?") == ["khau", "dot", "pha"]
    assert "hai" in question_terms("thu hải quan năm 2023?")  # Hải is not "hai" (two)


def test_sentences_end_before_a_capital_only():
    from ingest.patterns import sentences
    assert sentences("Lúa gạo Việt Nam... đón 200 đại biểu. Ước đạt 5%. (1) Tăng; v.v. và hơn") == [
        "Lúa gạo Việt Nam... đón 200 đại biểu.", "Ước đạt 5%.", "(1) Tăng; v.v. và hơn"]


def test_syllable_pairs_are_side_by_side_words_only():
    from ingest.normalize import syllable_pairs
    assert syllable_pairs("Dân số trung bình 3.335.000 người") == {"dan so", "so binh", "binh quan"}  # "trung bình" reads "bình quân"
    assert "dan so" not in syllable_pairs("người dân và số hộ")


def test_a_question_without_marks_keeps_none_when_its_words_are_unified():
    assert key("dan so trung binh nam 2025") == "dan so binh quan nam 2025"
    assert key("so bac si/10.000 dan") == "so bac si/van dan"
    assert key("Dân số trung bình") == "dân số bình quân"


def test_a_day_written_out_before_its_month_is_no_figure():
    # "ngày 29 tháng 4 năm 2026" dates a letter; it states no 29 of anything.
    assert figure_numbers("Mỹ Phước, ngày 29 tháng 4 năm 2026") == []
    assert figure_numbers("Nghị quyết số 42/NQ-HĐND ngày 08 tháng 12 năm 2023") == []
    assert figure_numbers("đạt 29 tháng") == ["29"]
