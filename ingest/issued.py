"""Where a reference to an issued document is read: "Quyết định số 1116/QĐ-UBND ngày 01/4/2022".

The reports cite resolutions, decisions and programmes by number, issuer code and date, and
now and then write one of them two ways ("45/2022/QH15" / "45/2020/QH15", "1116" / "1160/QĐ-UBND"
of one date). Each reference becomes a typed record; answer.issued compares them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import fold, tokens
from ingest.patterns import YEAR_DIGITS

# "1116/QĐ-UBND", "45/2022/QH15", "17/NQ-HĐND" (number, optional year, issuer code), or the
# party's "59-NQ/TW", "35-CTr/TU" (number, kind, issuer).
_REF = re.compile(
    rf"(?<![\w/.,-])(\d{{1,5}})(?:/({YEAR_DIGITS}))?/([A-ZĐ][A-Za-zĐđ]*\d*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)+|QH\d+)(?![\w/-])"
    r"|(?<![\w/.,-])(\d{1,5})-([A-ZĐ][A-Za-zĐđ]{0,4}/[A-ZĐ]{1,4})(?![\w/-])")
# "…, ngày 15/10/2020", "ngày 15-10-2020", "ngày 05 tháng 7 năm 2023", right after the reference.
_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:của\s+[^,.;()]{1,40}?\s*,?\s*)?ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*(?:/|-|năm)\s*"
    rf"({YEAR_DIGITS})(?!\d)")
CONTEXT_WORDS = 12  # syllables either side of a reference that say what the document is about


@dataclass(frozen=True)
class IssuedRef:
    number: str  # "1116", leading zeros dropped
    year: str  # "2022" of "45/2022/QH15", else ""
    kind: str  # issuer code, folded, lower-case letters of "CTr" dropped: "QD-UBND", "CT/TU"
    date: tuple[int, int, int] | None  # (day, month, year) written right after it
    written: str  # as written: "1116/QĐ-UBND"
    context: frozenset[str]  # folded syllables around it, the reference's own left out


def _kind(code: str) -> str:
    return fold(re.sub(r"[a-zđ]", "", code)).upper()


def issued_refs(text: str) -> list[IssuedRef]:
    """Every reference to an issued document a text makes, in reading order."""
    out = []
    for m in _REF.finditer(text):
        number, year, code = (m.group(1), m.group(2) or "", m.group(3)) if m.group(1) else (m.group(4), "", m.group(5))
        date = _DATE_AFTER.match(text, m.end())
        end = date.end() if date else m.end()
        before = tokens(text[:m.start()])[-CONTEXT_WORDS:]
        after = tokens(text[end:])[:CONTEXT_WORDS]
        context = frozenset(fold(t) for t in before + after if not any(c.isdigit() for c in t))
        out.append(IssuedRef(number.lstrip("0") or "0", year, _kind(code),
                             tuple(int(g) for g in date.groups()) if date else None, m.group(0), context))
    return out
