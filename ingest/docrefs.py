"""Documents named by number: "CTr 12", "12/CTr-UBND", "Báo cáo 320", "Phụ lục I", "PL III", "Đại hội XV".

Staff ask "theo Phụ lục I CTr 12, …" to say which document they mean. The same reading of a
manifest title, a sub-document title or a heading path tells whether a passage is in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import fold
from ingest.patterns import is_year

# Folded words that name a kind of document before or after its number.
DOC_KINDS = ("chuong trinh hanh dong", "chuong trinh", "ctr", "bao cao", "bc", "nghi quyet", "nq",
             "quyet dinh", "qd", "ke hoach", "kh", "cong van", "cv", "thong bao", "tb", "ket luan", "kl")
_KIND = "|".join(sorted(DOC_KINDS, key=len, reverse=True))
_NUMBER_AFTER = re.compile(rf"\b(?:{_KIND})\s+(?:so\s+)?(\d{{1,4}})(?!\d)(?![,.]\d)(?!\s*[-–]\s*\d)")
_NUMBER_BEFORE = re.compile(rf"(?<![\d.,])(\d{{1,4}})\s*[/-]\s*(?:{_KIND})\b")
_APPENDIX = re.compile(r"\b(?:phu luc|pl)\s+([ivx]{1,4}|\d{1,2})\b")
# "Đại hội XV", "Đại hội Đảng bộ TP Cần Thơ lần thứ I", "ĐH XIV": the congress whose documents are meant.
_CONGRESS = re.compile(r"\b(?:dai hoi|dh)(?:\s+(?:dai bieu|dang bo|thanh pho|tp|tinh|can tho|hau giang|soc trang))*"
                       r"\s+(?:lan thu\s+)?([xvi]{1,5})\b")
# Words that say a document is meant without naming which: where to look, not what is asked.
_DOC_WORDS = re.compile(r"\b(?:du thao|van kien|tai lieu(?: tham khao)?|bao cao chinh tri)\b")
# Documents named by their kind rather than their number: "NQ HĐND" is the council's resolution,
# whatever its number ("Dự thảo Nghị quyết HĐND thành phố …"), not the congress's.
_NAMED_KINDS = (("nghi quyet hdnd", re.compile(r"\b(?:nq|nghi quyet)(?: cua)? (?:hdnd|hoi dong nhan dan)\b")),
                ("chuong trinh hanh dong", re.compile(r"\bchuong trinh hanh dong\b")),
                ("tai lieu tham khao", re.compile(r"\btai lieu tham khao\b")),
                # A congress's documents: its political report and its resolution say much alike. "chưa
                # đạt Nghị quyết Đại hội", "chỉ tiêu NQ Đại hội" speak of the resolution's targets instead.
                ("nghi quyet dai hoi", re.compile(r"(?<!dat )(?<!tieu )(?<!hien )(?<!vuot )\b(?:nq|nghi quyet)(?: cua)? dai hoi\b")),
                ("bao cao chinh tri", re.compile(r"\bbao cao chinh tri\b|\bbcct\b")))
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@dataclass(frozen=True)
class DocRef:
    numbers: frozenset[str] = frozenset()  # "12" of "12/CTr-UBND"
    appendix: int | None = None  # "Phụ lục III" → 3
    congress: str = ""  # "xv" of "Đại hội XV"
    # "nghi quyet hdnd" of "theo NQ HĐND": a kind names no one document, so it only favours the
    # passages of its kind (names_kind) and never rules others out.
    kinds: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.numbers) or self.appendix is not None or bool(self.congress)


def refs_in(text: str) -> DocRef:
    """The document numbers and the appendix a text names."""
    folded = fold(text)
    numbers = {m.group(1).lstrip("0") for p in (_NUMBER_AFTER, _NUMBER_BEFORE) for m in p.finditer(folded)
               if not is_year(m.group(1))}
    appendix = next((_appendix_number(m.group(1)) for m in _APPENDIX.finditer(folded)), None)
    congress = next((m.group(1) for m in _CONGRESS.finditer(folded)), "")
    return DocRef(frozenset(numbers), appendix, congress, _kinds(folded))


def _kinds(folded: str) -> frozenset[str]:
    return frozenset(kind for kind, pattern in _NAMED_KINDS if pattern.search(folded))


def reference_words(text: str) -> set[str]:
    """The folded words a text names documents with ("phu luc", "i", "ctr", "12"): they say
    where to look, not what is asked about."""
    folded = fold(text)
    spans = [m.group(0) for p in (_NUMBER_AFTER, _NUMBER_BEFORE, _APPENDIX, _CONGRESS, _DOC_WORDS)
             for m in p.finditer(folded)]
    return {w for span in spans for w in re.split(r"[\s/–-]+", span) if w}


def names(ref: DocRef, title: str, headings: str) -> bool:
    """Whether a passage is in the document `ref` names: its numbers in the file's or the
    sub-document's title, its appendix in the sub-document's title or the headings above."""
    if not ref:
        return False
    stated = refs_in(title)
    if ref.numbers and not ref.numbers & stated.numbers:
        return False
    if ref.congress and ref.congress not in {m.group(1) for m in _CONGRESS.finditer(fold(title))}:
        return False
    if ref.appendix is not None:
        return ref.appendix in {_appendix_number(m.group(1)) for m in _APPENDIX.finditer(fold(headings))}
    return True


def names_kind(ref: DocRef, text: str) -> bool:
    """Whether a title, heading or column names every kind of document `ref` asks for: "Dự thảo
    Nghị quyết HĐND thành phố …", "Năm 2024 › Nghị quyết HĐND TP"."""
    return bool(ref.kinds) and ref.kinds <= _kinds(fold(text))


def other_congress(ref: DocRef, headings: str) -> bool:
    """Whether headings name a congress, and not the one `ref` asks about: "Phương châm Đại hội …
    lần thứ XV" is no answer about "Đại hội … lần thứ I"."""
    named = {m.group(1) for m in _CONGRESS.finditer(fold(headings))}
    return bool(ref.congress and named and ref.congress not in named)


def _appendix_number(word: str) -> int | None:
    return int(word) if word.isdigit() else _ROMAN.get(word)
