"""The one definition of a number and of a year, shared by ingestion, answers and the UI.

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
