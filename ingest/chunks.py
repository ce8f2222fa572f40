"""Where chunks are born: documents → section-aware passages and table-row records.

Every line of a document either belongs to exactly one chunk or is skipped for a
reason listed in SKIP_REASONS. A chunk never spans two sections; a table row is a
chunk of its own; a footnote stays in the chunk of the paragraph that cites it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ingest.document import Document
from ingest.manifest import FileEntry
from ingest.normalize import key
from ingest.structure import FOOTNOTE_DEFINITION, section_paths, strip_markup
from ingest.tables import TableRecord, find_tables

# Bump when chunk boundaries or texts change: the index re-embeds everything then.
CHUNKER_VERSION = "22"

SKIP_REASONS = {
    "blank": "dòng trống",
    "separator": "dòng kẻ/ký hiệu ngăn cách (*, * *, -----)",
    "page_number": "số trang đứng riêng",
    "repeated_header": "tiêu đề bảng lặp lại ở đầu trang, hoặc dòng đánh số cột (1), (2)…",
}

_SEPARATOR = re.compile(r"^[\s*\-_=\\~•·]+$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_FOOTNOTE_REF = re.compile(r"<sup>\s*(\d+)\s*</sup>")
# A run whose footnote definitions follow within a few lines may outgrow the size limit,
# up to this factor, so that the definitions join the passage that cites them.
_FOOTNOTE_SLACK = 3
_FOOTNOTE_REACH = 12


@dataclass(frozen=True)
class Chunk:
    id: str
    file: str
    subdoc: str
    section: tuple[str, ...]
    line_start: int
    line_end: int
    text: str  # exactly as in the document
    kind: str  # "text" | "table_row" | "table_header"
    row: TableRecord | None  # the typed table row; None for text and headers
    search_text: str  # normalized key of section + content, for lexical matching
    locator: str = ""  # page or paragraph in the original file (pdf, docx); "" for text

    @property
    def record(self) -> str:
        """The header-paired rendering of a table row; "" otherwise."""
        return self.row.render() if self.row else ""

    @property
    def content(self) -> str:
        """Readable content: the record for table rows, the text without markup otherwise."""
        if self.record:
            return self.record
        return "\n".join(strip_markup(l) for l in self.text.split("\n"))

    @property
    def embed_text(self) -> str:
        """What the dense encoder sees: where the passage sits, then what it says."""
        return " › ".join(self.section) + "\n" + self.content

    @property
    def section_path(self) -> str:
        return " › ".join(self.section)


def skip_reason(line: str) -> str | None:
    if not line.strip():
        return "blank"
    if _SEPARATOR.match(line):
        return "separator"
    if _PAGE_NUMBER.match(line):
        return "page_number"
    return None


def _defined_soon(lines: list[str], n: int, refs: list[str]) -> set[str]:
    """The footnote numbers among refs whose definitions stand in the next few lines."""
    if not refs:
        return set()
    ahead = {m.group(1) for l in lines[n : n + _FOOTNOTE_REACH] if (m := FOOTNOTE_DEFINITION.match(l))}
    return set(refs) & ahead


def _make_chunk(doc: Document, entry: FileEntry, section: tuple[str, ...], start: int, end: int,
                kind: str, row: TableRecord | None = None) -> Chunk:
    lines = doc.lines[start - 1 : end]
    text = "\n".join(lines)
    subdoc = entry.subdoc_at(start)
    digest = hashlib.sha1(f"{doc.file}\n{start}\n{end}\n{kind}\n{text}".encode()).hexdigest()[:16]
    content = row.render() if row else text
    return Chunk(
        id=digest,
        file=doc.file,
        subdoc=subdoc.title if subdoc else entry.title,
        section=section,
        line_start=start,
        line_end=end,
        text=text,
        kind=kind,
        row=row,
        search_text=key(" ".join(section) + "\n" + strip_markup(content)),
        locator=doc.locate(start, end),
    )


def chunk_document(doc: Document, entry: FileEntry, max_chars: int) -> tuple[list[Chunk], dict[int, str]]:
    """Chunks of a document, and the skipped lines {line number: reason}."""
    lines = doc.lines
    roots = [(s.first_line, s.last_line, s.title) for s in entry.subdocs]
    paths = section_paths(lines, roots, doc.styled_headings)
    tables = find_tables(lines, lambda n: paths[n - 1][-1] if paths[n - 1] else entry.title)

    table_row: dict[int, TableRecord] = {}
    header_block: dict[int, tuple[int, int]] = {}
    skipped: dict[int, str] = {}
    for table in tables:
        for row in table.rows:
            table_row[row.line] = row.record
        if table.header_lines:
            header_block[table.header_lines[0]] = (table.header_lines[0], table.header_lines[-1])
        for n in table.repeated_header_lines:
            skipped[n] = "repeated_header"
    header_lines = {n for a, b in header_block.values() for n in range(a, b + 1)}

    chunks: list[Chunk] = []
    run: list[int] = []  # consecutive text lines of one section

    def flush():
        if run:
            chunks.append(_make_chunk(doc, entry, paths[run[0] - 1], run[0], run[-1], "text"))
            run.clear()

    run_chars = 0
    pending: set[str] = set()  # footnotes cited in the run whose definitions have not come yet
    for n, line in enumerate(lines, start=1):
        if n in skipped:
            continue
        if n in table_row:
            flush()
            chunks.append(_make_chunk(doc, entry, paths[n - 1], n, n, "table_row", table_row[n]))
            continue
        if n in header_block:
            flush()
            a, b = header_block[n]
            chunks.append(_make_chunk(doc, entry, paths[n - 1], a, b, "table_header"))
            continue
        if n in header_lines:
            continue
        reason = skip_reason(line)
        if reason:
            skipped[n] = reason
            continue
        definition = FOOTNOTE_DEFINITION.match(line)
        new_section = run and paths[n - 1] != paths[run[0] - 1]
        limit = max_chars * (_FOOTNOTE_SLACK if pending else 1)
        too_long = run and run_chars + len(line) > limit and not definition
        if new_section or too_long:
            flush()
            run_chars = 0
            pending.clear()
        run.append(n)
        run_chars += len(line)
        if definition:
            pending.discard(definition.group(1))
        else:
            pending.update(_defined_soon(lines, n, _FOOTNOTE_REF.findall(line)))
    flush()
    # A chunk's lines are contiguous in the file, so blank lines between them belong to it.
    for c in chunks:
        for n in range(c.line_start, c.line_end + 1):
            skipped.pop(n, None)
    return chunks, skipped
