"""Where a citation is made: a chunk becomes a Citation with the manifest's title and date
(the date of the sub-document the chunk belongs to)."""
from __future__ import annotations

from answer.types import Citation
from ingest.chunks import Chunk
from ingest.manifest import FileEntry, fallback_entry


def cite(chunk: Chunk, entries: dict[str, FileEntry]) -> Citation:
    entry = entries.get(chunk.file) or fallback_entry(chunk.file, chunk.line_end)
    return Citation(
        file=chunk.file,
        title=chunk.subdoc or entry.title,
        date=entry.date_at(chunk.line_start),
        section=chunk.section_path,
        line_start=chunk.line_start,
        line_end=chunk.line_end,
        quote=chunk.text,
        status=entry.status,
        locator=chunk.locator,
    )


def authority(entries: dict[str, FileEntry], file: str, line: int) -> tuple[str, int]:
    """Sort key of the text at a line: newer (sub-)documents first, then official over draft over reference."""
    entry = entries.get(file)
    return entry.authority_at(line) if entry else ("", 0)


def newest_first(chunks: list[Chunk], entries: dict[str, FileEntry]) -> list[Chunk]:
    """Newer documents first; official text before drafts before references on the same date."""
    return sorted(chunks, key=lambda c: authority(entries, c.file, c.line_start), reverse=True)


def citation_label(c: Citation) -> str:
    """One readable line: title (date) › section, dòng a–b (or trang N for a pdf)."""
    date = f" ({c.date})" if c.date else ""
    return f"{c.title}{date} › {c.section.split(' › ', 1)[-1] if ' › ' in c.section else c.section}, {c.place} [{c.file}]"
