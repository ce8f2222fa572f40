"""Word and PDF documents through the same parser and chunker as the text corpus:
paragraph and page locators, styled headings, tables as header-paired records, legacy fonts."""
from __future__ import annotations

import pytest

from ingest.chunks import chunk_document
from ingest.document import IngestError, parse_bytes
from ingest.legacy import encode_legacy
from ingest.manifest import _entry, suggest_entry
from tests.fakes import make_docx, make_image_pdf, make_pdf

HEALTH = "Năm 2026, số giường bệnh đạt 42,5 giường/vạn dân; tỷ lệ tiêm chủng mở rộng đạt 97,3%."
DOCX_BLOCKS = [
    ("h0", "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ Y TẾ NĂM 2026"),
    ("p", "Ủy ban nhân dân thành phố Cần Thơ"),
    ("h1", "Y tế và chăm sóc sức khỏe"),
    ("p", HEALTH),
    ("h1", "Chỉ tiêu chủ yếu của ngành y tế"),
    ("table", [["STT", "Chỉ tiêu", "ĐVT", "Năm 2026"],
               ["1", "Số trạm y tế xã đạt chuẩn quốc gia", "trạm", "83"],
               ["2", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "95,8"]]),
]
PDF_PAGES = [
    [("p", "KẾ HOẠCH PHÁT TRIỂN GIÁO DỤC VÀ ĐÀO TẠO NĂM 2027"),
     ("p", "1. Mục tiêu chung"),
     ("p", "Đến năm 2027, tỷ lệ trường đạt chuẩn quốc gia đạt 78,4%.")],
    [("p", "2. Chỉ tiêu cụ thể về cơ sở vật chất"),
     ("table", [["STT", "Chỉ tiêu", "ĐVT", "Năm 2027"],
                ["1", "Số phòng học kiên cố", "phòng", "12.450"],
                ["2", "Tỷ lệ huy động trẻ mẫu giáo", "%", "99,1"]])],
]


def _chunks(doc):
    entry = _entry(doc.file, suggest_entry(doc.file, doc.lines))
    return chunk_document(doc, entry, 1200)[0]


def test_docx_paragraphs_headings_and_table_rows():
    doc = parse_bytes("y-te.docx", make_docx(DOCX_BLOCKS))
    assert doc.format == "docx" and doc.lines[3] == HEALTH
    chunks = _chunks(doc)
    prose = next(c for c in chunks if "42,5" in c.text)
    # The unnumbered "Heading 1" becomes a section because of its Word style.
    assert prose.section[-1] == "Y tế và chăm sóc sức khỏe"
    assert prose.locator == "đoạn 3–4"
    row = next(c for c in chunks if c.kind == "table_row" and "95,8" in c.text)
    assert "ĐVT: %" in row.record and "Năm 2026: 95,8" in row.record
    assert "Tỷ lệ dân số tham gia bảo hiểm y tế" in row.record
    assert row.locator == "bảng 1, hàng 3"
    assert row.section[-1] == "Chỉ tiêu chủ yếu của ngành y tế"


def test_pdf_pages_and_ruled_table():
    doc = parse_bytes("giao-duc.pdf", make_pdf(PDF_PAGES))
    assert doc.format == "pdf"
    chunks = _chunks(doc)
    goal = next(c for c in chunks if "78,4%" in c.text)
    assert goal.locator == "trang 1" and goal.section[-1] == "1. Mục tiêu chung"
    row = next(c for c in chunks if c.kind == "table_row" and "12.450" in c.text)
    assert row.locator == "trang 2"
    assert "Số phòng học kiên cố" in row.record and "Năm 2027: 12.450" in row.record
    assert row.section[-1] == "2. Chỉ tiêu cụ thể về cơ sở vật chất"


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_docx_typed_in_a_legacy_font_is_converted(encoding):
    blocks = [(kind, encode_legacy(text, encoding) if isinstance(text, str) else text) for kind, text in DOCX_BLOCKS[:4]]
    doc = parse_bytes("cu.docx", make_docx(blocks))
    assert HEALTH in doc.lines
    assert any(encoding in note for note in doc.notes)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_text_file_in_a_legacy_encoding_is_converted(encoding):
    raw = encode_legacy(HEALTH + "\n" + "Ủy ban nhân dân thành phố Cần Thơ", encoding).encode("cp1252")
    doc = parse_bytes("cu.txt", raw)
    assert doc.lines[0] == HEALTH and any(encoding in n for n in doc.notes)


@pytest.mark.parametrize("name, raw, reason", [
    ("mat-khau.pdf", lambda: make_pdf(PDF_PAGES, password="bi-mat"), "mật khẩu"),
    ("ban-quet.pdf", make_image_pdf, "không có lớp chữ"),
    ("cut.pdf", lambda: make_pdf(PDF_PAGES)[:500], "PDF hỏng"),
])
def test_unreadable_pdfs_are_refused_with_the_reason(name, raw, reason):
    with pytest.raises(IngestError, match=reason):
        parse_bytes(name, raw())
