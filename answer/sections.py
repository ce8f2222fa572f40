"""Section-tree answers: the items of a list, one item by its position, the passage under a heading.

Lists in these documents are often sections of their own ("V- Các khâu đột phá" over
"1. …", "2. …"), so answers walk the section paths the ingestion built rather than
picking sentences.
"""
from __future__ import annotations

from dataclasses import dataclass

from answer.extract import question_terms, unit_terms, years_in
from ingest.chunks import Chunk
from ingest.normalize import fold
from ingest.structure import heading_of, strip_markup

_LIST_CHARS = 1200
LIST_PERIOD_PENALTY = 0.1
HEADING_BONUS = 1.0  # a heading that names what a statement question asks ("tầm nhìn") wins
_ITEM_CHARS = 220


@dataclass(frozen=True)
class ListAnswer:
    text: str
    chunks: list[Chunk]


def list_answer(question: str, candidates: list[Chunk], all_chunks: list[Chunk], idf: dict[str, float],
                ordinal: int | None = None, heading: str = "") -> ListAnswer:
    """For 'là gì / gồm những gì' questions: the heading that names the list, and its items.

    Items are often sections of their own ("1. Đẩy mạnh…", "2. …" under "V- Các khâu đột
    phá"), so the answer gathers the chunks under the best-matching heading of the
    retrieved passages, in document order. With `ordinal`, only that item; with
    `heading` ("tầm nhìn", "mục tiêu chung"), the passage under the heading that names it."""
    terms = set(question_terms(question))
    q_years = years_in(question)
    weight = lambda ts: sum(idf.get(t, 3.0) for t in ts)
    best, best_score = None, 0.0
    for rank, chunk in enumerate(candidates):
        for depth in range(1, len(chunk.section)):
            label_terms = {t for t in unit_terms(chunk.section[depth]) if not t.isdigit()}
            shared = weight(terms & label_terms)
            # The heading that names the list: most of it is asked about, most of the question is in it.
            score = shared / (weight(label_terms) or 1) * shared / (weight(terms) or 1) - 0.01 * rank
            if heading and heading in fold(chunk.section[depth]):
                score += HEADING_BONUS
            # A list of another period ("kết quả 2020 - 2025" for "nhiệm kỳ 2025-2030") ranks lower.
            path_years = years_in(" ".join((chunk.subdoc,) + chunk.section[: depth + 1]))
            if q_years and path_years and not q_years <= path_years:
                score -= LIST_PERIOD_PENALTY
            if score > best_score:
                best, best_score = (chunk, depth), score
    if best is None:
        chunk = candidates[0]
        return ListAnswer(_cut(chunk.content, _LIST_CHARS), [chunk])
    chunk, depth = best
    prefix = chunk.section[: depth + 1]
    members = [c for c in all_chunks if c.file == chunk.file and c.section[: depth + 1] == prefix]
    # Several item sections: one line each, their headings; one passage: its own lines.
    items = [c for c in members if heading_of(c.text.split("\n")[0])]
    if len(items) >= 2:
        members = items
    if ordinal:
        # An item may span several chunks: the items are the distinct headings one level down.
        groups: dict[str, list[Chunk]] = {}
        for c in members:
            if len(c.section) > depth + 1:
                groups.setdefault(c.section[depth + 1], []).append(c)
        if ordinal > len(groups):
            return ListAnswer("", [])
        title, parts = list(groups.items())[ordinal - 1]
        return ListAnswer(f"{title}\n{_cut(parts[0].content, _LIST_CHARS)}", parts[:1])
    item_lines = [[c.content.split("\n")[0]] for c in members] if len(members) > 1 else [members[0].content.split("\n")]
    # Items under their own headings are cut short; a list written inline in one passage
    # ("Triển khai 03 Chương trình…: (1)…; (2)…; (3)…") keeps the whole passage.
    item_chars = _ITEM_CHARS if len(members) > 1 else _LIST_CHARS
    lines, used, size = [prefix[-1]], [], len(prefix[-1])
    for c, own in zip(members, item_lines):
        if size > _LIST_CHARS:
            break
        used.append(c)
        for line in own:
            line = line.strip()
            if line and line != prefix[-1] and size <= _LIST_CHARS:
                if len(lines) == 1 and strip_markup(line).startswith(prefix[-1]):
                    lines.pop()  # the passage opens with the heading itself
                lines.append(_cut(line, item_chars))
                size += len(lines[-1])
    return ListAnswer("\n".join(lines), used)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
