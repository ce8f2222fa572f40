"""Test doubles and document makers shared by the index, loader and library tests."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

from eval.bench_worker import HashEncoder

REPO = Path(__file__).resolve().parent.parent


class CountingEncoder(HashEncoder):
    """Deterministic hash vectors; counts how many texts were encoded."""

    def __init__(self, dims: int = 16):
        super().__init__(dims)
        self.encoded = 0

    def encode(self, texts, prompt_name=None, **kwargs):
        self.encoded += len(texts)
        return super().encode(texts, prompt_name, **kwargs)


def copy_of_served_corpus(tmp_path: Path, **overrides):
    """A config over a copy of the real corpus and its built index, sharing the converted model.

    New documents added to the copy are embedded for real; the bundled ones reuse the
    copied vectors, so a re-index costs seconds instead of minutes.
    """
    from config import load_config

    real = load_config(env={})
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    shutil.copytree(real.corpus_dir, corpus)
    shutil.copytree(real.index_dir, data / "index", symlinks=True)
    os.symlink(real.model_cache_dir, data / "models")
    return load_config(env={}, corpus_dir=corpus, data_dir=data, **overrides)


def _dejavu(bold: bool = False) -> str:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


def make_docx(blocks: list) -> bytes:
    """A Word file: ("h1", text) headings, ("p", text) paragraphs, ("table", rows) tables."""
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif kind.startswith("h"):
            document.add_heading(content, int(kind[1:]))
        else:
            document.add_paragraph(content)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(pages: list[list], password: str | None = None) -> bytes:
    """A text PDF in a Unicode font: each page a list of ("p", text) and ("table", rows) blocks."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", "", _dejavu())
    pdf.add_font("dejavu", "B", _dejavu(bold=True))
    pdf.set_font("dejavu", size=11)
    for page in pages:
        pdf.add_page()
        for kind, content in page:
            if kind == "table":
                with pdf.table() as table:
                    for row in content:
                        cells = table.row()
                        for value in row:
                            cells.cell(value)
            else:
                pdf.multi_cell(0, 8, content)
                pdf.ln(2)
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    return bytes(pdf.output())


def make_image_pdf() -> bytes:
    """A 'scanned' PDF: one page holding only a picture, no text layer."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (200, 100), color=200).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(picture.getvalue()), x=10, y=10, w=100)
    return bytes(pdf.output())
