"""The theme ("chủ đề") of a congress: the bold paragraph on the cover of its report, under the
title, which no heading names ("Phát huy truyền thống đoàn kết; …", "TỰ HÀO ĐẢNG QUANG VINH, …").

A question about "chủ đề Đại hội" or "chủ đề báo cáo chính trị" of a place is answered with the
theme on the cover of that place's report. The theme of a year ("Chủ đề năm 2024") is the
quotation the text gives right after naming it: "… thực hiện tốt Chủ đề năm 2024 “Tiếp tục …”".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from answer.question import Question, wanted_places
from ingest.chunks import Chunk
from ingest.normalize import fold
from ingest.scope import places

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
# Bold blocks of a cover that are its titles, not its theme (folded openings).
_TITLES = ("bao cao", "nghi quyet", "chuong trinh", "dai hoi", "du thao", "tai lieu", "dang cong san")
MIN_THEME_WORDS = 12  # "Đoàn kết - Dân chủ - Kỷ cương - Đột phá - Phát triển" is a motto, not the theme
_ASKS_THEME = re.compile(r"\bchu de\b(?!\s*(?:nam|\d))")  # not "chủ đề năm 2024", not "Chủ đề 2"
_NAMES_CONGRESS = re.compile(r"\bdai hoi\b|\bbao cao chinh tri\b")
_CONGRESS_NUMBER = re.compile(r"\b(?:dai hoi(?: dai bieu)?(?: dang bo)?|lan thu)\s+([ivx]+|\d{1,2})\b")


_YEAR_THEME = re.compile(r"\bchu de (?:cua )?nam (\d{4})\b")  # folded, as asked
_YEAR_THEME_WRITTEN = re.compile(r"\bchủ đề (?:của )?năm (\d{4})\b", re.IGNORECASE)  # as the documents write it
_QUOTED = re.compile(r"“([^”]{20,})”")
_QUOTE_REACH = 40  # characters between "Chủ đề năm 2024" and the quotation that gives it


@dataclass(frozen=True)
class Theme:
    chunk: Chunk  # the passage that gives it, cited: a cover, or the text after "Chủ đề năm …"
    text: str
    places: frozenset[str]
    congresses: frozenset[str]  # the numbers of the congresses a cover names ("xv", "i"); none for a year's


def asks_theme(asked: Question) -> bool:
    folded = fold(asked.text)
    return _ASKS_THEME.search(folded) is not None and _NAMES_CONGRESS.search(folded) is not None


def cover_themes(chunks: list[Chunk]) -> list[Theme]:
    """The theme on the first passage of each sub-document, where there is one."""
    first: dict[tuple[str, str], Chunk] = {}
    for c in chunks:
        key = (c.file, c.subdoc)
        if key not in first or c.line_start < first[key].line_start:
            first[key] = c
    themes = []
    for chunk in first.values():
        blocks = [" ".join(b.split()) for b in _BOLD.findall(chunk.text)]
        theme = max((b for b in blocks if len(b.split()) >= MIN_THEME_WORDS and not fold(b).startswith(_TITLES)),
                    key=len, default="")
        if theme:
            # The sub-document's title names its place; a cover may carry the host city's header too.
            where = places(chunk.subdoc) or places(chunk.text)
            themes.append(Theme(chunk, theme, frozenset(where), _congresses(chunk.text)))
    return themes


def theme_of(asked: Question, themes: list[Theme]) -> Theme | None:
    """The theme of the place and congress the question asks about; None when no cover of
    them has one ("Đại hội XV" of the former city is not the merged city's first congress)."""
    wanted, congresses = wanted_places(asked), _congresses(asked.text)
    return next((t for t in themes if t.places & wanted and not (congresses and congresses.isdisjoint(t.congresses))),
                None)


def asked_theme_year(asked: Question) -> str:
    """"Chủ đề năm 2024 là gì": the year whose theme is asked; "" when none is."""
    found = _YEAR_THEME.search(fold(asked.text))
    return found.group(1) if found else ""


def year_theme_of(asked: Question, themes: dict[str, Theme]) -> Theme | None:
    """The theme of the year asked, of the place asked (either Cần Thơ, for a year the merger may
    fall in); None when the documents give none."""
    theme = themes.get(asked_theme_year(asked))
    city = lambda ps: {p.replace(" (cũ)", "") for p in ps}
    return theme if theme and (not theme.places or city(theme.places) & city(wanted_places(asked))) else None


def year_themes(chunks: list[Chunk]) -> dict[str, Theme]:
    """The theme of each year the documents name one for, by year: the quotation right after
    "Chủ đề năm …", in the same passage or the next one of its file."""
    by_file: dict[str, list[Chunk]] = {}
    for c in sorted(chunks, key=lambda c: (c.file, c.line_start)):
        by_file.setdefault(c.file, []).append(c)
    out: dict[str, Theme] = {}
    for file_chunks in by_file.values():
        for chunk, following in zip(file_chunks, [*file_chunks[1:], None]):
            for m in _YEAR_THEME_WRITTEN.finditer(chunk.text):
                after = chunk.text[m.end():]
                quoted = _QUOTED.search(after)
                holder = chunk
                if quoted is None and following is not None and not after.strip():
                    quoted, holder = _QUOTED.search(following.text), following
                if quoted and quoted.start() <= _QUOTE_REACH and m.group(1) not in out:
                    where = places(f"{holder.subdoc} {holder.section_path}")
                    out[m.group(1)] = Theme(holder, quoted.group(1).strip(), frozenset(where), frozenset())
    return out


def _congresses(text: str) -> frozenset[str]:
    return frozenset(_CONGRESS_NUMBER.findall(fold(text)))
