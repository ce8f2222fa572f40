"""Readers' verdicts on answers, appended to a JSONL file (config.feedback_path)."""
from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timezone
from pathlib import Path

from answer.types import Answer

log = logging.getLogger(__name__)

VERDICTS = ("đúng", "sai", "nguồn sai")


def feedback_record(answer: dict, verdict: str, now: datetime | None = None) -> dict:
    """One JSONL line: question, answer, citations, verdict, time (ISO, UTC)."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
    return {
        "question": answer.get("question", ""),
        "asked": answer.get("asked", answer.get("question", "")),
        "answer": answer.get("answer", ""),
        "found": answer.get("found", False),
        "citations": [
            {k: c.get(k) for k in ("file", "line_start", "line_end", "title", "section")}
            for c in answer.get("citations", [])
        ],
        "verdict": verdict,
        "time": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
    }


class FeedbackLog:
    """Thread-safe appends: the app answers several sessions at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)
        log.info("phản hồi '%s' cho câu hỏi %r", record.get("verdict"), record.get("question"))


def answer_state(answer: Answer, asked: str) -> dict:
    """What the session keeps of an answer for feedback: the Answer's fields and the question as typed."""
    state = answer.to_dict()
    state["asked"] = asked
    return state
