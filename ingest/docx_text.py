"""Word (.docx) → Extracted lines: paragraphs in document order, tables as tables.

Paragraph locators count body paragraphs ("đoạn 12") so a citation can be found in
Word; table rows are "bảng 2, hàng 4". Headings styled "Heading N" but not numbered
get a level from the style, since the structure parser otherwise reads numbering only.
"""
from __future__ import annotations

import io
import re
import zipfile

from ingest.extracted import Extracted

# A .docx is a zip: refuse archives that would inflate far beyond any real document.
MAX_UNZIPPED_BYTES = 200_000_000
MAX_COMPRESSION_RATIO = 200
_HEADING_STYLE = re.compile(r"^(?:Heading|Tiêu đề)\s*(\d)$", re.IGNORECASE)


class DocxError(ValueError):
    """The bytes are not a readable Word document; the message says why, in Vietnamese."""


def check_archive(raw: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise DocxError("không phải tệp Word .docx (không đọc được cấu trúc zip)") from None
    with archive:
        infos = archive.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise DocxError("tệp zip không chứa word/document.xml, không phải văn bản Word")
        unzipped = sum(i.file_size for i in infos)
        packed = max(sum(i.compress_size for i in infos), 1)
        if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_COMPRESSION_RATIO:
            raise DocxError(f"nội dung nén bất thường ({unzipped:,} byte khi giải nén), có thể là zip bomb")


def _heading_level(paragraph) -> int | None:
    style = paragraph.style.name if paragraph.style is not None else ""
    m = _HEADING_STYLE.match(style or "")
    # Heading 1 sits where a lettered part (A.) would; deeper styles follow the numbering levels.
    return min(1 + int(m.group(1)), 8) if m else None


def extract_docx(raw: bytes) -> Extracted:
    import docx  # imported here: only Word files need it
    from docx.table import Table

    check_archive(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as e:  # python-docx raises KeyError, lxml errors, ValueError… for bad parts
        raise DocxError(f"tệp Word hỏng ({type(e).__name__})") from None
    out = Extracted()
    paragraph_no = table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            table_no += 1
            rows = [[cell.text for cell in row.cells] for row in block.rows]
            out.add_table(rows, lambda r, t=table_no: f"bảng {t}, hàng {r + 1}")
            out.add("", f"bảng {table_no}")
            continue
        paragraph_no += 1
        text = " ".join(block.text.split())
        out.add(text, f"đoạn {paragraph_no}", _heading_level(block) if text else None)
    return out
