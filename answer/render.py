"""Answer → readable text (CLI) and Markdown (chat). Pure functions, no front-end imports."""
from __future__ import annotations

import re

from answer.cite import citation_label
from answer.types import Answer


def _markers(answer: Answer) -> str:
    """[1] [2] … after the answer, unless its text already cites (an LLM answer does)."""
    if not answer.citations or re.search(r"\[\d+\]", answer.answer):
        return ""
    return " " + " ".join(f"[{i}]" for i in range(1, len(answer.citations) + 1))


def _also(answer: Answer) -> list[str]:
    return [f"[{i}] {citation_label(c)}" for i, c in enumerate(answer.citations, start=1)]


def render_text(answer: Answer) -> str:
    lines = [answer.answer.replace("**", "") + _markers(answer)]
    lines += _also(answer)
    for c in answer.conflicts:
        lines.append(f"Lưu ý: {c.note}: \"{c.value.replace('**', '')}\" ({c.citation.file}, dòng {c.citation.line_start}).")
    if not answer.found and answer.retrieved:
        lines.append("Đoạn gần nhất: " + "; ".join(f"{r.file} dòng {r.line_start}–{r.line_end}" for r in answer.retrieved[:3]))
    lines += [f"({n})" for n in answer.notes]
    return "\n".join(lines)


def render_markdown(answer: Answer) -> str:
    parts = [answer.answer + _markers(answer)]
    if answer.conflicts:
        parts.append("\n".join(
            f"> ⚠️ **Lưu ý:** {c.note}: “{c.value}” ({c.citation.file}, dòng {c.citation.line_start})"
            for c in answer.conflicts))
    if answer.notes:
        parts.append("\n".join(f"_{n}_" for n in answer.notes))
    return "\n\n".join(parts)
