"""Legacy-font recovery (ingest.legacy) on real corpus sentences and real garbage samples."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ingest.legacy import (
    LEGACY_ENCODINGS,
    decode_legacy_bytes,
    detect_legacy,
    encode_legacy,
    to_unicode,
)
from ingest.legacy_tables import TCVN3, VNI

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
ENCODINGS = ["TCVN3", "VNI"]

# Both from real documents, with the Unicode text they were typed as.
TCVN3_SAMPLE = "Céng hßa X· héi chñ nghÜa ViÖt Nam"
VNI_SAMPLE = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
SAMPLE_UNICODE = "Cộng hòa Xã hội chủ nghĩa Việt Nam"

# Lines are picked by what they say, so edits elsewhere in the corpus do not move them.
MARKERS = [
    "bác sỹ/vạn dân",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Tổng thu ngân sách hằng năm tăng khoảng 15%",
    "chuyển đổi số trong giáo dục",
    "Cộng hòa Liên bang Đức",
    "Phát triển văn hóa - xã hội:",
    "Khoa học công nghệ được quan tâm đúng mức",
    "Ủy ban nhân dân thành phố có mặt còn hạn chế",
    "KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT",
    "Nghị quyết số 59-NQ/TW",
    "tính theo giá hiện hành đến năm 2030",
]


def corpus_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))}


def corpus_line(marker: str) -> str:
    for text in corpus_texts().values():
        for line in text.split("\n"):
            if marker in line:
                return line
    raise AssertionError(f"no corpus line contains {marker!r}")


def tcvn3_keeps_case(text: str) -> bool:
    """False if a word mixes lowercase with a capital TCVN3 has no code for ("Ủy")."""
    shared = {ch for ch in VNI if ch.isupper() and ch not in TCVN3}
    words = re.findall(r"[^\W\d_]+", text)
    return not any(any(ch in shared for ch in w) and any(ch.islower() for ch in w) for w in words)


def test_real_tcvn3_sample_known_answer():
    assert detect_legacy(TCVN3_SAMPLE) == "TCVN3"
    assert to_unicode(TCVN3_SAMPLE, "TCVN3") == SAMPLE_UNICODE
    assert encode_legacy(SAMPLE_UNICODE, "TCVN3") == TCVN3_SAMPLE


def test_real_vni_sample_known_answer():
    assert detect_legacy(VNI_SAMPLE) == "VNI"
    assert to_unicode(VNI_SAMPLE, "VNI") == SAMPLE_UNICODE.replace("Xã", "xã")
    assert encode_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam", "VNI") == VNI_SAMPLE


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("marker", MARKERS)
def test_corpus_sentence_is_detected_and_round_trips(marker, encoding):
    line = unicodedata.normalize("NFC", corpus_line(marker))
    garbled = encode_legacy(line, encoding)
    assert garbled != line
    assert detect_legacy(garbled) == encoding
    back = to_unicode(garbled, encoding)
    assert unicodedata.is_normalized("NFC", back)
    if encoding == "VNI" or tcvn3_keeps_case(line):
        assert back == line  # tone placement (hòa, not hoà) is kept as written
    else:
        assert back.casefold() == line.casefold()


def test_tcvn3_lone_capital_comes_back_lowercase():
    """.VnTimeH capitals share the lowercase codes; a single one cannot be recovered."""
    line = corpus_line("Ủy ban nhân dân thành phố có mặt còn hạn chế")
    assert not tcvn3_keeps_case(line)
    back = to_unicode(encode_legacy(line, "TCVN3"), "TCVN3")
    assert "thuộc ủy ban nhân dân thành phố" in back


def test_tcvn3_heading_in_capitals_is_restored():
    heading = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    garbled = encode_legacy(heading, "TCVN3")
    assert garbled == "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM"  # what .VnTimeH text extracts as
    assert to_unicode(garbled, "TCVN3") == heading


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS_DIR.glob("*.txt")))
def test_unicode_corpus_files_are_not_legacy(name):
    assert detect_legacy(corpus_texts()[name]) is None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_whole_corpus_file_in_legacy_form_is_detected(encoding):
    text = corpus_texts()["001_20480831de115808.txt"]
    garbled = encode_legacy(text, encoding)
    assert detect_legacy(garbled) == encoding
    assert to_unicode(garbled, encoding).casefold() == text.casefold()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "GRDP 2025: 717.000",
        "The provincial budget grew 15% per year; see Annex I, table 3 (2020-2025).",
        "Copyright © 2024 ACME® Inc. § 5 — all rights reserved, 1½ pages, 5 × 3 = 15.",
        "Straße, Fußgänger, Größe, süß, heißen; Noël à Zürich, naïve café, Ærøskøbing.",
        "Hµ Néi",  # real TCVN3, but too short to be sure
    ],
)
def test_plain_and_foreign_text_is_not_legacy(text):
    assert detect_legacy(text) is None


def test_utf8_read_as_cp1252_is_not_mistaken_for_tcvn3():
    line = corpus_line("bác sỹ/vạn dân")
    mojibake = line.encode("utf-8").decode("latin-1")  # "Ä\x90áº¿n nÄƒm ..."
    assert detect_legacy(mojibake) is None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decode_legacy_bytes_recovers_cp1252_file_bytes(encoding):
    line = corpus_line("Khoa học công nghệ được quan tâm đúng mức")
    raw = encode_legacy(line, encoding).encode("cp1252")
    assert decode_legacy_bytes(raw) == (line, encoding)


def test_decode_legacy_bytes_survives_bytes_cp1252_leaves_undefined():
    """0x81 0x8D 0x8F 0x90 0x9D have no cp1252 character; they are kept as latin-1."""
    raw = encode_legacy(corpus_line("bác sỹ/vạn dân"), "TCVN3").encode("cp1252") + b"\x81\x9d"
    text, encoding = decode_legacy_bytes(raw)
    assert encoding == "TCVN3"
    assert text.endswith("hằng năm.\x81\x9d")


def test_decode_legacy_bytes_leaves_utf8_and_plain_bytes_alone():
    assert decode_legacy_bytes(corpus_line("bác sỹ/vạn dân").encode("utf-8")) is None
    assert decode_legacy_bytes("Annex I, table 3 – budget".encode("cp1252")) is None


@pytest.mark.parametrize("table", [TCVN3, VNI], ids=ENCODINGS)
def test_tables_are_one_to_one_and_fit_cp1252(table):
    assert len(set(table.values())) == len(table)
    for legacy in table.values():
        # Every legacy byte is ASCII or >= 0xA0, where cp1252 and latin-1 agree.
        assert legacy.encode("cp1252") == legacy.encode("latin-1")


@pytest.mark.parametrize(("encoding", "table"), [("TCVN3", TCVN3), ("VNI", VNI)])
def test_every_table_letter_round_trips(encoding, table):
    text = " ".join(f"x{letter}x" for letter in table)
    assert to_unicode(encode_legacy(text, encoding), encoding) == text


def test_names_are_case_insensitive():
    assert to_unicode(VNI_SAMPLE, "vni") == to_unicode(VNI_SAMPLE, "VNI")


@pytest.mark.parametrize("call", [to_unicode, encode_legacy])
def test_unknown_encoding_names_the_supported_ones(call):
    with pytest.raises(ValueError) as err:
        call("xin chào", "VISCII")
    assert all(name in str(err.value) for name in LEGACY_ENCODINGS)
    assert "VISCII" in str(err.value)
