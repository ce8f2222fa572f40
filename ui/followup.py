"""Follow-up questions: "còn Sóc Trăng thì sao?" after "số bác sĩ/vạn dân của Cần Thơ năm 2025?".

A short question that names only a locality and/or a year, usually with a follow-up
marker ("còn …", "thế còn …", "… thì sao?"), keeps the previous question's indicator:
the previous question is rewritten with the new locality and year. Pure functions.
"""
from __future__ import annotations

import re

from ingest.scope import localities_in
from ingest.normalize import clean, fold
from ingest.patterns import YEAR

MAX_FOLLOWUP_WORDS = 8
# Words that carry no content in a follow-up: markers, place kinds, "năm", question endings.
_MARKERS = re.compile(r"^(?:con|the con|vay con|vay|the|thi sao|the nao|ra sao|sao|nhu the nao)\b")
_FILLER_WORDS = {
    "con", "the", "vay", "thi", "sao", "nao", "ra", "nhu", "o", "cua", "tai", "tinh", "thanh", "pho", "tp",
    "nam", "vao", "trong", "khi", "va", "voi", "doi", "nhe", "a", "ha", "day", "kia", "nua",
}


def _words(folded: str) -> list[str]:
    return re.findall(r"\w+", folded)


def _places(text: str) -> list[str]:
    """Provinces named in a text, longest names only ("Thừa Thiên Huế", not also "Huế")."""
    found = localities_in(text)
    return sorted(p for p in found if not any(p != o and fold(p) in fold(o) for o in found))


def is_followup(question: str) -> bool:
    """Short, names a locality or a year, and says nothing else but follow-up words."""
    text = clean(question).strip()
    folded = fold(text)
    if not text or len(_words(folded)) > MAX_FOLLOWUP_WORDS:
        return False
    places, years = _places(text), YEAR.findall(text)
    if not places and not years:
        return False
    rest = YEAR.sub(" ", folded)
    for place in places:
        rest = re.sub(r"\b" + re.escape(fold(place)) + r"\b", " ", rest)
    leftover = [w for w in _words(rest) if w not in _FILLER_WORDS]
    return not leftover or (bool(_MARKERS.match(folded)) and len(leftover) <= 1)


def _place_span(text: str, place: str) -> tuple[int, int] | None:
    """Where a province is named in a text (fold keeps one character per character of NFC text)."""
    folded = fold(text)
    if len(folded) != len(text):
        return None
    m = re.search(r"\b" + re.escape(fold(place)) + r"\b", folded)
    return (m.start(), m.end()) if m else None


def _with_place(question: str, place: str) -> str:
    old = _places(question)
    span = _place_span(question, old[0]) if len(old) == 1 else None
    if span:
        return question[: span[0]] + place + question[span[1]:]
    body, end = _split_end(question)
    return f"{body} của {place}{end}"


def _with_year(question: str, year: str) -> str:
    old = sorted(set(YEAR.findall(question)))
    if len(old) == 1:
        return YEAR.sub(year, question)
    body, end = _split_end(question)
    return f"{body} năm {year}{end}"


def _split_end(question: str) -> tuple[str, str]:
    body = question.rstrip()
    stripped = body.rstrip("?.! ")
    return stripped, body[len(stripped):].strip() or "?"


def rewrite_followup(question: str, previous: str | None) -> str | None:
    """The full question a follow-up stands for, or None when it is not a follow-up.

    >>> rewrite_followup("còn Sóc Trăng thì sao?", "số bác sĩ/vạn dân của Cần Thơ năm 2025?")
    'số bác sĩ/vạn dân của Sóc Trăng năm 2025?'
    >>> rewrite_followup("năm 2025?", "chỉ tiêu bác sỹ/vạn dân 2030?")
    'chỉ tiêu bác sỹ/vạn dân 2025?'
    """
    if not previous or not previous.strip() or not is_followup(question):
        return None
    text = clean(question)
    rewritten = clean(previous).strip()
    places, years = _places(text), YEAR.findall(text)
    if places:
        rewritten = _with_place(rewritten, " và ".join(places))
    if years:
        rewritten = _with_year(rewritten, years[0]) if len(years) == 1 else _with_years(rewritten, years)
    if fold(rewritten) == fold(previous.strip()):
        return None
    return rewritten


def _with_years(question: str, years: list[str]) -> str:
    body, end = _split_end(re.sub(r"(?:\bnăm\s+)?" + YEAR.pattern, "", question))
    return f"{' '.join(body.split())} năm {' và '.join(years)}{end}"
