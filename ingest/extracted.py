"""What every format loader returns: lines of text, where each line sits, and styled headings.

All formats feed the same structure parser and chunker through these lines: paragraphs
one per line, table rows tab-separated (so `tables.py` pairs their cells with headers).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Extracted:
    lines: list[str] = field(default_factory=list)
    # Per line, where a reader finds it in the original: "trang 3" (pdf), "đoạn 12" or
    # "bảng 2, hàng 4" (docx). Empty for plain text, whose line numbers are the locator.
    locators: list[str] = field(default_factory=list)
    # Line number (1-based) → level, for headings marked by a Word style but not numbered.
    styled_headings: dict[int, int] = field(default_factory=dict)

    def add(self, line: str, locator: str, heading_level: int | None = None) -> None:
        self.lines.append(line)
        self.locators.append(locator)
        if heading_level is not None:
            self.styled_headings[len(self.lines)] = heading_level

    def add_table(self, rows: list[list[str]], locate) -> None:
        """Rows as tab-separated lines; locate(row_index) names each row's place."""
        for r, cells in enumerate(rows):
            if any(c.strip() for c in cells):
                self.add("\t".join(" ".join(c.split()) for c in cells), locate(r))
