"""Reading files: real documents load 1:1, bad files are refused with a message naming them."""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from ingest.document import IngestError, corpus_files, read_corpus, read_document
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
MAX = 1_000_000


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letter (with ^, ˘ or horn) + combining tone, as Vietnamese Windows wrote it."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, marks = unicodedata.normalize("NFD", ch)[0], unicodedata.normalize("NFD", ch)[1:]
        for i, mark in enumerate(marks):
            try:
                out += unicodedata.normalize("NFC", base + mark).encode("cp1258")
                out += (marks[:i] + marks[i + 1:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + marks).encode("cp1258")
    return out


def test_cp1258_helper_really_is_not_utf8():
    data = cp1258("Cộng hòa xã hội chủ nghĩa Việt Nam")
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


# --- bad files -------------------------------------------------------------------------------------

BAD_FILES = {
    "rong.txt": b"",
    "khoang-trang.txt": b"  \n\t\r\n   \n",
    "nhi-phan.txt": b"\x7fELF\x02\x01\x01\x00\x00binary\x00",
    "pdf-doi-ten.txt": b"%PDF-1.7\n\x00\x01\x02\x03binary\x00",
    "cp1258.txt": cp1258("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"),
    "latin1.txt": "Rapport économique, Can Tho\n".encode("latin-1"),
    "bao-cao.pdf": b"%PDF-1.7\n",
    "bao-cao.docx": b"PK\x03\x04",
    "khong-duoi": "Nghị quyết".encode("utf-8"),
}


@pytest.mark.parametrize(
    "name, reason",
    [
        ("rong.txt", "rỗng"),
        ("khoang-trang.txt", "khoảng trắng"),
        ("nhi-phan.txt", "nhị phân"),
        ("pdf-doi-ten.txt", "nội dung là pdf, không khớp đuôi tệp .txt"),
        ("cp1258.txt", "UTF-8"),
        ("latin1.txt", "UTF-8"),
        ("bao-cao.pdf", "PDF hỏng"),
        ("bao-cao.docx", "không phải tệp Word"),
        ("khong-duoi", "không có đuôi"),
    ],
)
def test_bad_file_is_refused_with_a_message_naming_it(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(IngestError) as err:
        read_document(path, MAX)
    message = str(err.value)
    assert message.startswith(f"{name}: "), message
    assert reason in message, message


def test_oversize_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "lon.txt"
    path.write_text("Cần Thơ\n" * 20, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(IngestError, match=r"^lon\.txt: tệp quá lớn") as err:
        read_document(path, size - 1)
    assert f"{size:,}" in str(err.value)
    assert read_document(path, size).text == "Cần Thơ\n" * 20  # exactly at the limit is fine


def test_real_file_over_a_small_limit_is_refused():
    path = CORPUS_DIR / "002_59c52569d25bb8c2.txt"
    with pytest.raises(IngestError, match=r"^002_59c52569d25bb8c2\.txt: "):
        read_document(path, 10_000)


# --- good files ------------------------------------------------------------------------------------

def test_bom_is_dropped_and_crlf_keeps_lines_one_to_one(tmp_path):
    path = tmp_path / "windows.txt"
    raw = "\ufeffNGHỊ QUYẾT\r\n\r\nĐiều 1. Về kết quả\r\nĐiều 2. Mục tiêu\rcuối".encode("utf-8")
    path.write_bytes(raw)
    doc = read_document(path, MAX)
    assert doc.file == "windows.txt"
    assert doc.lines == ["NGHỊ QUYẾT", "", "Điều 1. Về kết quả", "Điều 2. Mục tiêu", "cuối"]
    assert "\r" not in doc.text
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("name", ["ghi-chu.md", "VAN-BAN.TXT"])
def test_markdown_and_upper_case_suffixes_are_supported(tmp_path, name):
    path = tmp_path / name
    path.write_text("## Phần thứ nhất\n", encoding="utf-8")
    assert read_document(path, MAX).lines == ["## Phần thứ nhất", ""]


def test_real_corpus_reads_one_to_one(ingest_docs):
    assert sorted(ingest_docs) == sorted(p.name for p in CORPUS_DIR.glob("*.txt"))
    for name, doc in ingest_docs.items():
        raw = (CORPUS_DIR / name).read_bytes()
        assert doc.sha256 == hashlib.sha256(raw).hexdigest()
        assert doc.text == raw.decode("utf-8")
        assert len(doc.lines) == raw.count(b"\n") + 1


# --- read_corpus -------------------------------------------------------------------------------------

def test_read_corpus_skips_bad_files_and_keeps_the_good_ones(tmp_path):
    for name, data in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "tot.txt").write_text("Điều 1. Về kết quả thực hiện\n", encoding="utf-8")
    (tmp_path / "tot-2.md").write_text("# PHỤ LỤC 1\n", encoding="utf-8")
    (tmp_path / "lon.txt").write_text("x" * 5000, encoding="utf-8")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".an.txt").write_bytes(b"\x00")
    (tmp_path / "thu-muc").mkdir()

    docs, problems = read_corpus(tmp_path, max_bytes=1000)

    assert sorted(d.file for d in docs) == ["tot-2.md", "tot.txt"]
    assert {d.file: d.lines[0] for d in docs} == {"tot.txt": "Điều 1. Về kết quả thực hiện", "tot-2.md": "# PHỤ LỤC 1"}
    bad = sorted([*BAD_FILES, "lon.txt"])
    assert len(problems) == len(bad)
    assert sorted(p.split(": ", 1)[0] for p in problems) == bad
    assert not any("manifest.json" in p or ".an.txt" in p or "thu-muc" in p for p in problems)


def test_corpus_files_ignore_manifest_and_hidden_files():
    names = [p.name for p in corpus_files(CORPUS_DIR)]
    assert "manifest.json" not in names
    assert names == sorted(names) and len(names) == 5


def test_real_corpus_with_one_bad_file_added(tmp_path):
    for p in corpus_files(CORPUS_DIR):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "005_hong.txt").write_bytes(cp1258("Ủy ban nhân dân thành phố Cần Thơ"))
    docs, problems = read_corpus(tmp_path, 20_000_000)
    assert len(docs) == 5
    assert len(problems) == 1 and problems[0].startswith("005_hong.txt: không phải UTF-8")
