"""Which appendix holds what: "… nằm ở phụ lục số mấy?" is answered by the appendix heading that
names it, and a table of contents that numbers the same title otherwise is named beside it;
"Phụ lục 4 … là nội dung gì?" by the heading so numbered, and a contents line giving that number
another title is named beside it.

The appendices are the headings the ingestion put in the section paths ("PHỤ LỤC 7 – KẾT QUẢ
THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT NHIỆM KỲ 2020 - 2025, TỈNH HẬU GIANG"); the contents are the
lines "- Phụ lục 6. Kết quả thực hiện … tỉnh Hậu Giang.<tab>61" of a document's "Mục lục".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from answer.question import Question
from answer.rank import DEFAULT_IDF, passage_document_fit
from ingest.chunks import Chunk
from ingest.docrefs import refs_in
from ingest.normalize import fold, key, tokens
from ingest.scope import localities_in

# "phụ lục số mấy", "phụ lục nào", "phụ lục thứ mấy"
_ASKS_APPENDIX = re.compile(r"\bphu luc (?:so |thu )?(?:may|nao|bao nhieu)\b")
_APPENDIX = re.compile(r"^phụ lục\s+([IVX]+|\d+)\s*[–\-.:]\s*(\S.*)$", re.IGNORECASE)
# A contents line: the title, then a tab and its page.
_CONTENTS = re.compile(r"^\W*phụ lục\s+([IVX]+|\d+)\s*[.:–\-]\s*(.+?)[.\s]*\t\s*\d+\s*$", re.IGNORECASE)
# "Phụ lục 4 … là nội dung gì", "… nói về gì": what a numbered appendix is ("gồm những gì" asks for its items).
_ASKS_CONTENT = re.compile(r"\b(?:noi dung (?:gi|the nao)|la gi|(?:noi )?ve (?:van de )?gi|trinh bay gi)\b")
_CONTENT_WORDS = frozenset({"noi", "dung", "trinh", "bay", "van", "de"})
MIN_TITLE_SHARE = 0.5  # of the question's weight an appendix title must write
SAME_TITLE = 0.8  # share of their syllables a contents line and a heading of one place have in common: one title
# The words that ask where something is: "bảng … nằm ở phụ lục số mấy".
_ASKING = frozenset(fold(key(w)) for w in "bảng phụ lục số mấy nào bao nhiêu thứ nằm ở đâu được trình bày là trong của".split())
PLACE_NAMED = 1.0  # a title naming the place asked goes before one naming none ("3 địa phương")


@dataclass(frozen=True)
class Appendix:
    number: str  # as written: "7", "II"
    title: str
    chunk: Chunk  # the passage its heading opens


@dataclass(frozen=True)
class ContentsLine:
    number: str
    title: str
    chunk: Chunk


def asks_appendix(asked: Question) -> bool:
    return _ASKS_APPENDIX.search(fold(asked.text)) is not None


def asks_content(asked: Question) -> bool:
    """The question asks what a numbered appendix is, and nothing else ("nhiệm vụ thứ 4 trong nhóm IV
    của PL II là gì" asks for an item of it)."""
    return asked.document.appendix is not None and _ASKS_CONTENT.search(fold(asked.text)) is not None \
        and set(asked.terms) <= _CONTENT_WORDS


def readable(title: str) -> str:
    """A title set in capitals ("BẢNG THỐNG KÊ … 3 ĐỊA PHƯƠNG"), in sentence case, its places capitalised."""
    if title != title.upper():
        return title
    text = title.lower()
    for place in localities_in(title):
        name = place.replace(" (cũ)", "")
        text = re.sub(re.escape(name.lower()), name, text)
    return text[:1].upper() + text[1:]


def appendix_numbered(asked: Question, candidates: list[Appendix], entries: dict) -> Appendix | None:
    """The appendix the question names by its number, in the document it names (the best fit)."""
    numbered = [a for a in candidates if refs_in(f"phụ lục {a.number}").appendix == asked.document.appendix]
    return max(numbered, key=lambda a: passage_document_fit(asked, a.chunk, entries), default=None)


def appendices(chunks: list[Chunk]) -> tuple[list[Appendix], list[ContentsLine]]:
    """Every appendix heading, with the first passage under it; and every contents line."""
    seen: dict[tuple[str, str], Appendix] = {}
    contents = []
    for c in sorted(chunks, key=lambda c: (c.file, c.line_start)):
        for label in c.section:
            if (m := _APPENDIX.match(label)) and (c.file, label) not in seen:
                seen[(c.file, label)] = Appendix(m.group(1), m.group(2).strip(), c)
        if c.kind == "table_row" and (m := _CONTENTS.match(c.text.strip())):
            contents.append(ContentsLine(m.group(1), m.group(2).strip(), c))
    return list(seen.values()), contents


def _syllables(text: str) -> set[str]:
    """Folded as a question's terms are ("kỳ" → "ki")."""
    return {fold(t) for t in tokens(key(text))}


def appendix_asked(asked: Question, candidates: list[Appendix], idf: dict[str, float], entries: dict) -> Appendix | None:
    """The appendix whose title says what the question says (most of the question, little else),
    of the place and document it names. A title must write most of the question's weight ("Chỉ
    số PAPI" is not in "KẾT QUẢ THỰC HIỆN CHỈ TIÊU …" for its "chỉ"); among those, titles being
    generic words, each word counts alike, and the title writing fewest words the question does
    not say is the one meant."""
    terms = {t for t in asked.terms if t not in _ASKING}
    weight = lambda ts: sum(idf.get(t, DEFAULT_IDF) for t in ts)
    places = {p.replace(" (cũ)", "") for p in localities_in(asked.text)}
    best, best_score = None, 0.0
    for a in candidates:
        named = {p.replace(" (cũ)", "") for p in localities_in(a.title)}
        if places and named and not places & named:
            continue
        title = _syllables(a.title) - {s for p in named for s in _syllables(p)}
        shared = len(terms & title)
        if not terms or weight(terms & title) < MIN_TITLE_SHARE * weight(terms):
            continue
        fit = 2 * shared / (len(terms) + len(title))
        score = fit + passage_document_fit(asked, a.chunk, entries) + (PLACE_NAMED if places & named else 0.0)
        if score > best_score:
            best, best_score = a, score
    return best


def titled_otherwise(appendix: Appendix, contents: list[ContentsLine]) -> list[ContentsLine]:
    """Contents lines of the appendix's document that give its number another title."""
    number = refs_in(f"phụ lục {appendix.number}").appendix
    return [line for line in contents if line.chunk.file == appendix.chunk.file
            and refs_in(f"phụ lục {line.number}").appendix == number and not _same_title(appendix, line)]


def numbered_otherwise(appendix: Appendix, contents: list[ContentsLine]) -> list[ContentsLine]:
    """Contents lines of the appendix's document that give its title another number."""
    return [line for line in contents if line.chunk.file == appendix.chunk.file and _same_title(appendix, line)
            and line.number.upper() != appendix.number.upper()]


def _same_title(appendix: Appendix, line: ContentsLine) -> bool:
    title, other = _syllables(appendix.title), _syllables(line.title)
    return len(title & other) >= SAME_TITLE * len(title | other) \
        and localities_in(line.title) == localities_in(appendix.title)
