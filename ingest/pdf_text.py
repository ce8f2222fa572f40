"""PDF → Extracted lines, page by page, with ruled tables kept as tables.

Text outside the tables is read line by line; each table found on the page is put back
at its vertical position as tab-separated rows. Every line keeps its page ("trang 3")
so that citations can name it. PDFs without a text layer (scans) are refused, since
there is nothing to index without OCR.
"""
from __future__ import annotations

import io

from ingest.extracted import Extracted

MAX_PAGES = 2000


class PdfError(ValueError):
    """The bytes are not a readable text PDF; the message says why, in Vietnamese."""


def _outside(boxes):
    def keep(obj) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
    return keep


def _page_blocks(page) -> list[tuple[float, list[list[str]] | str]]:
    """(top, text line) and (top, table rows) of one page, in reading order."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    blocks: list[tuple[float, list[list[str]] | str]] = [
        (t.bbox[1], [[c or "" for c in row] for row in t.extract()]) for t in tables
    ]
    text_page = page.filter(_outside(boxes)) if boxes else page
    blocks += [(line["top"], line["text"]) for line in text_page.extract_text_lines()]
    return sorted(blocks, key=lambda b: b[0])


def _read(pdf) -> Extracted:
    if len(pdf.pages) > MAX_PAGES:
        raise PdfError(f"PDF có {len(pdf.pages):,} trang, vượt giới hạn {MAX_PAGES:,}")
    out = Extracted()
    for number, page in enumerate(pdf.pages, start=1):
        for _, block in _page_blocks(page):
            if isinstance(block, str):
                out.add(block, f"trang {number}")
            else:
                out.add_table(block, lambda r, p=number: f"trang {p}")
                out.add("", f"trang {number}")
        page.close()
    return out


def extract_pdf(raw: bytes) -> Extracted:
    import pdfplumber  # imported here: only PDFs need it
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            out = _read(pdf)
    except PdfError:
        raise
    except Exception as e:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise PdfError("PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi thêm lại") from None
        raise PdfError(f"tệp PDF hỏng hoặc không đọc được ({type(cause).__name__})") from None
    if not any(line.strip() for line in out.lines):
        raise PdfError("PDF không có lớp chữ (có thể là bản quét ảnh); cần nhận dạng chữ (OCR) trước")
    return out
