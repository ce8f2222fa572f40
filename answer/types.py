"""The plain records every front end receives: chat, CLI and eval alike."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


def lines_label(start: int, end: int) -> str:
    return f"dòng {start}" if start == end else f"dòng {start}–{end}"


def place_label(locator: str, start: int, end: int) -> str:
    """"trang 3 (dòng 41–44)" for pdf and docx, "dòng 41–44" for text files."""
    return f"{locator} ({lines_label(start, end)})" if locator else lines_label(start, end)


@dataclass(frozen=True)
class Citation:
    file: str
    title: str  # sub-document title from the manifest
    date: str
    section: str  # section path, " › "-joined
    line_start: int
    line_end: int
    quote: str  # exact text of the cited lines (a substring of the document)
    status: str = ""  # dự thảo / chính thức / tài liệu tham khảo
    locator: str = ""  # page (pdf) or paragraph (docx) in the original file

    @property
    def place(self) -> str:
        return place_label(self.locator, self.line_start, self.line_end)


@dataclass(frozen=True)
class Conflict:
    value: str  # the differing statement
    citation: Citation
    note: str
    # Another status's value of the same figure (a target beside a result): named, no disagreement.
    other_status: bool = False


@dataclass(frozen=True)
class Retrieved:
    file: str
    line_start: int
    line_end: int
    score: float


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # the short text shown first; figures highlighted with **…**
    found: bool
    citations: list[Citation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    retrieved: list[Retrieved] = field(default_factory=list)  # top 10, rank order
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    notes: list[str] = field(default_factory=list)  # how the question was read, cuts, fallbacks
    slots: dict[str, str] = field(default_factory=dict)  # the question analysis: period, status, locality, answer type

    def to_dict(self) -> dict:
        return asdict(self)
