"""What one eval run recorded per question, and its results.jsonl form.

Only what scoring and the report need is kept (citations without dates/status,
retrieved passages without scores), so results files from runs months apart stay
comparable even when the Answer type grows.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

RETRIEVED_KEPT = 10  # MRR and hit@k are computed over this many passages


@dataclass(frozen=True)
class Span:
    file: str
    line_start: int
    line_end: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line_start}-{self.line_end}"


@dataclass(frozen=True)
class CitedPassage:
    file: str
    title: str
    section: str
    line_start: int
    line_end: int
    quote: str

    @property
    def span(self) -> Span:
        return Span(self.file, self.line_start, self.line_end)


@dataclass(frozen=True)
class ItemResult:
    id: str
    question: str
    answer: str
    found: bool
    citations: tuple[CitedPassage, ...]
    retrieved: tuple[Span, ...]  # rank order
    latency_ms: float
    conflicts: tuple[Span, ...] = ()  # other documents the answer names as stating it differently
    slots: dict = field(default_factory=dict)  # how the question was read: period, status, locality, answer type

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "citations": [asdict(c) for c in self.citations],
            "retrieved": [asdict(r) for r in self.retrieved],
            "latency_ms": self.latency_ms,
            "conflicts": [asdict(c) for c in self.conflicts],
            "slots": self.slots,
        }

    @classmethod
    def from_json(cls, raw: dict) -> "ItemResult":
        return cls(
            id=str(raw["id"]),
            question=raw["question"],
            answer=raw["answer"],
            found=bool(raw["found"]),
            citations=tuple(CitedPassage(**c) for c in raw["citations"]),
            retrieved=tuple(Span(**r) for r in raw["retrieved"]),
            latency_ms=float(raw["latency_ms"]),
            conflicts=tuple(Span(**c) for c in raw.get("conflicts", ())),  # older runs recorded none
            slots=raw.get("slots", {}),
        )


def from_answer(item_id: str, answer, latency_ms: float) -> ItemResult:
    """An answer.types.Answer, reduced to the recorded fields."""
    return ItemResult(
        id=item_id,
        question=answer.question,
        answer=answer.answer,
        found=bool(answer.found),
        citations=tuple(
            CitedPassage(c.file, c.title, c.section, c.line_start, c.line_end, c.quote) for c in answer.citations
        ),
        retrieved=tuple(Span(r.file, r.line_start, r.line_end) for r in answer.retrieved[:RETRIEVED_KEPT]),
        latency_ms=round(latency_ms, 1),
        conflicts=tuple(Span(k.citation.file, k.citation.line_start, k.citation.line_end) for k in answer.conflicts),
        slots=dict(answer.slots),
    )


def write_results(path: Path, results: list[ItemResult]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")


def read_results(path: Path) -> list[ItemResult]:
    with open(path, encoding="utf-8") as f:
        return [ItemResult.from_json(json.loads(line)) for line in f if line.strip()]
