"""The one definition of a number, of a year and of a number that is no figure, shared by
ingestion, answers and the UI.

Vietnamese writes "57.000" or "57 000" for fifty-seven thousand and "18,02" for a decimal;
tables also write "35.000,00". A year (1950–2099) labels a period, never a value.
"""
from __future__ import annotations

import re

_GROUPED = r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?"
_PLAIN = r"\d+(?:[.,]\d+)*"
# Tokenizing: a space groups thousands only after 1-3 digits, so "năm 2030 100%" stays two numbers.
NUMBER = re.compile(rf"(?<!\d){_GROUPED}(?![\d.,]\d)|{_PLAIN}")
# Figures inside running text: not glued to a letter ("A1") or to another number piece ("1.1.2").
NUMBER_SPAN = re.compile(rf"(?<![\w,.]){_GROUPED}(?!\d)|(?<![\w,.]){_PLAIN}")
YEAR_DIGITS = r"(?:19[5-9]\d|20\d\d)"
YEAR = re.compile(rf"(?<!\d){YEAR_DIGITS}(?!\d)")
# "2020 - 2025", "2020–2025" or one year.
YEAR_SPAN = re.compile(rf"(?<!\d){YEAR_DIGITS}(?:\s*[-–]\s*{YEAR_DIGITS})?(?!\d)")
_WHOLE_YEAR = re.compile(rf"{YEAR_DIGITS}")


def is_year(number: str) -> bool:
    return _WHOLE_YEAR.fullmatch(number) is not None


def years_in(text: str) -> set[str]:
    return set(YEAR.findall(text))


# "10.000" in "bác sĩ/10.000 dân" or "trên 10.000 người dân" names the unit, it is no figure.
TEN_THOUSAND = r"(?:10[.\s]?000|mười (?:nghìn|ngàn)|muoi (?:nghin|ngan))"
PER_TEN_THOUSAND = re.compile(rf"(?:1/)?{TEN_THOUSAND}(?=\s+(?:người\s+)?dân\b)", re.IGNORECASE)
# A map's scale ("quy hoạch 1/500", "quy hoạch phân khu tỷ lệ 1/2000") names a kind of plan, no figure.
MAP_SCALE = re.compile(r"(?:(?<=quy hoạch )|(?<=Quy hoạch )|(?<=tỷ lệ )|(?<=ty le ))1/(?:500|\d{1,2}\.?000)(?!\d)")
# "giai đoạn 1", "giai đoạn 2" of a project name its phase.
PHASE = re.compile(r"(?:(?<=giai đoạn )|(?<=Giai đoạn ))[1-9](?![\d%]|[.,/]\d)")
# Roads are named by number, and a stretch by its kilometre posts: "Quốc lộ 61C", "Đường tỉnh 917,
# 918, 921, 923", "QL.61C", "Km0 - Km7".
_ROAD = "|".join(rf"(?<={w})" for w in ("Quốc lộ ", "quốc lộ ", "Đường tỉnh ", "đường tỉnh ", "Đường huyện ",
                                         "đường huyện ", "QL", "QL.", "QL ", "ĐT", "ĐT.", "ĐT "))
_ROAD_CODE = r"[A-Z]?(?![\d%]|[.,]\d)"
# A list goes on with provincial roads' three digits, after a comma: "Quốc lộ 91 và 15 cầu" names one road.
ROAD = re.compile(rf"(?:{_ROAD})\d{{1,3}}{_ROAD_CODE}(?:,?\s*\d{{3}}{_ROAD_CODE})*|(?<=\bKm)\d+(?:\+\d+)?", re.IGNORECASE)
# List marks: "(13)", and "2.1." or "3)" at the start of a line.
ENUMERATOR = re.compile(r"\(\d{1,2}\)|^[ \t]*\d{1,2}(?:\.\d{1,2})*[.)](?=\s|$)", re.MULTILINE)
# A full date, "30/6/2023": its year dates what is stated "tính đến" it.
_FULL_DATE = rf"(?<![\w,./])\d{{1,2}}/\d{{1,2}}/({YEAR_DIGITS})(?!\d)"
FULL_DATE = re.compile(_FULL_DATE)
# Document numbers ("44-NQ/TW", "320/BC-UBND") and dates ("ngày 29/6/2021", "ngày 29 tháng 4", "tháng 7") are names.
DOC_NUMBER = re.compile(r"(?<![\w,.])\d+(?=[/-][A-ZĐ]|\s[A-ZĐ]{2,}[/-])"
                        rf"|(?<=ngày )\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|{_FULL_DATE}"
                        r"|(?<=[Nn]gày )\d{1,2}(?=\s+tháng\s+\d)"
                        r"|(?<=tháng )\d{1,2}(?![\d.,]?\d)|(?<=Tháng )\d{1,2}(?![\d.,]?\d)")


def mask_non_figures(text: str) -> str:
    """List marks, denominators, map scales, phases, road numbers, document numbers and dates blanked
    out, positions unchanged."""
    blank = lambda m: " " * len(m.group(0))
    for pattern in (ENUMERATOR, PER_TEN_THOUSAND, MAP_SCALE, PHASE, ROAD, DOC_NUMBER):
        text = pattern.sub(blank, text)
    return text


# A sentence ends at ".", "!", "?" or "…" before a capital, a bracket, a quote or a dash: "Việt
# Nam... đón 200 đại biểu" and "v.v. và" go on.
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_SENTENCE_OPENERS = "(-+“\""


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_GAP.finditer(text):
        following = text[m.end()]
        if following.isupper() or following in _SENTENCE_OPENERS:
            out.append(text[start:m.start()])
            start = m.end()
    return out + [text[start:]]
