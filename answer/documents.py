"""The documents the app may show: exactly the corpus files the service indexed, by id.

A request names a document by its id (the file name, e.g. 000_b50851294415a046.txt);
the id is looked up in this store and never joined to a path, so nothing outside the
indexed corpus can be read through the viewer.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from errors import HvkError
from ingest.chunks import Chunk
from ingest.document import Document
from ingest.manifest import FileEntry, fallback_entry


class UnknownDocument(HvkError, LookupError):
    """An id that is not one of the served documents; the message is for the user."""
    code = "unknown_document"


@dataclass(frozen=True)
class Passage:
    """A located piece of a document, for suggestions and links."""
    file: str
    line_start: int
    line_end: int
    title: str
    section: str
    text: str


class DocumentStore:
    """The documents of one index, as indexed: a pdf is not parsed again to be shown."""

    def __init__(self, docs: list[Document], chunks: list[Chunk], entries: dict[str, FileEntry]):
        self._docs = {d.file: d for d in docs}
        self.entries = {f: entries.get(f) or fallback_entry(f, len(d.lines)) for f, d in self._docs.items()}
        self._chunks: dict[str, list[Chunk]] = {}
        for c in chunks:
            if c.file in self._docs:
                self._chunks.setdefault(c.file, []).append(c)
        for file_chunks in self._chunks.values():
            file_chunks.sort(key=lambda c: (c.line_start, c.line_end))
        self._starts = {f: [c.line_start for c in cs] for f, cs in self._chunks.items()}
        self._by_span = {(c.file, c.line_start, c.line_end): c for c in chunks}

    def locate(self, file: str, line_start: int, line_end: int) -> str:
        """Page or paragraph of lines in a pdf or docx; "" for text files."""
        doc = self._docs.get(file)
        return doc.locate(line_start, line_end) if doc else ""

    @property
    def files(self) -> list[str]:
        return sorted(self._docs)

    def has(self, file: str) -> bool:
        return file in self._docs

    def lines(self, file: str) -> list[str]:
        if file not in self._docs:
            raise UnknownDocument(f"Không có văn bản mã “{file}” trong kho văn kiện.")
        return self._docs[file].lines

    def entry(self, file: str) -> FileEntry:
        self.lines(file)
        return self.entries[file]

    def chunk_at(self, file: str, line: int) -> Chunk | None:
        """The chunk holding a line, else the nearest one before it (blank lines belong to none)."""
        starts = self._starts.get(file, [])
        i = bisect.bisect_right(starts, line) - 1
        return self._chunks[file][i] if i >= 0 else (self._chunks[file][0] if starts else None)

    def chunks_near(self, file: str, line: int, reach: int) -> list[Chunk]:
        """The chunks of `file` that start within `reach` lines of `line`, in reading order."""
        starts = self._starts.get(file, [])
        lo, hi = bisect.bisect_left(starts, line - reach), bisect.bisect_right(starts, line + reach)
        return self._chunks[file][lo:hi] if starts else []

    def chunk_span(self, file: str, line_start: int, line_end: int) -> Chunk | None:
        return self._by_span.get((file, line_start, line_end))

    def passage(self, file: str, line_start: int, line_end: int) -> Passage | None:
        if not self.has(file):
            return None
        chunk = self.chunk_span(file, line_start, line_end) or self.chunk_at(file, line_start)
        text = chunk.content if chunk else "\n".join(self._docs[file].lines[line_start - 1:line_end])
        title = (chunk.subdoc if chunk else "") or self.entries[file].title
        return Passage(file, line_start, line_end, title, chunk.section_path if chunk else "", text)

    def choices(self) -> list[tuple[str, str]]:
        """(label, id) pairs for pickers: the manifest title, then the id."""
        return [(f"{self.entries[f].title} — {f}", f) for f in self.files]
