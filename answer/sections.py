"""Section-tree answers: the items of a list, one item by its position, the passage under a heading.

Lists in these documents are often sections of their own ("V- Các khâu đột phá" over
"1. …", "2. …"), paragraphs that open with "Thứ nhất," / "Một là,", or one line written
inline ("gồm: (1) …; (2) …"). Answers find the heading (or the line's lead-in) that names
what is asked, in the document, period and locality asked about, then read its items.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from itertools import islice

from answer.extract import question_terms, unit_terms
from answer.rank import implied_status, passage_document_fit
from ingest.patterns import sentences, years_in
from answer.question import LIST, ORDINAL, QUESTION_WORDS, Question, heading_names, number_of, wanted_places
from ingest.chunks import Chunk
from ingest.manifest import FileEntry
from ingest.normalize import fold, key, with_abbreviations
from ingest.periods import ACTUAL, ESTIMATE, PLAN, TARGET, period_in, status_cues, written_year
from ingest.scope import before_merger, places, written_before_merger
from ingest.docrefs import reference_words
from ingest.footnotes import NOTE, NOTE_NUMBER, NOTE_REF, citing_clause, note_mark, note_number
from ingest.structure import LABEL_CHARS, heading_of, strip_markup

log = logging.getLogger(__name__)

_LIST_CHARS = 1200
_ITEM_CHARS = 220
HEADING_BONUS = 1.0  # a heading that names what a statement question asks ("tầm nhìn") wins
COUNT_BONUS = 0.2  # "ba khâu đột phá": a list of three items fits better than one of five
# "(2) Đột phá thứ hai" restates the position; the list's own item ("(2) Đột phá về hoàn
# thiện thể chế…") names it, so the item is read from its list when there is one.
ITEM_HEADING_PENALTY = 0.5
NO_ITEMS_PENALTY = 0.15  # "những nhiệm vụ nào": a heading with items under it fits better than prose
RANK_PENALTY = 0.01  # per place the passage stands lower in the retrieved order
LIST_PERIOD_PENALTY = 0.3  # a list of another period ("kết quả 2020 - 2025" for "nhiệm kỳ 2025-2030")
# A list under a heading of the status asked ("Kết quả thực hiện 03 khâu đột phá" for a term
# already past) against one of the other side (what was achieved, what is to be done).
LIST_STATUS_FIT = 0.3
_DONE, _TO_DO = {ACTUAL, ESTIMATE}, {TARGET, PLAN}
OTHER_CITY_PENALTY = 0.5  # the merged city's list for the former city's, or the other way round
OTHER_PLACE_PENALTY = 0.5  # a province the question does not name, when it names none
# Share of the question a heading must name (and of the heading the question must name) to be
# taken for the list asked about; below it the sentence answer is the better one.
MIN_LABEL_SCORE = 0.12
# Syllables as common as "nhiệm vụ" have no inverse document frequency, yet a heading
# "Các nhiệm vụ trọng tâm" is named by nothing else.
MIN_WEIGHT = 0.5
CONTEXT_CREDIT = 0.8  # a question term found only in the headings above a label counts a little less
_SHORTLIST = 8  # anchors whose items are read, best-scored first
_NAME_REACH = 6  # words of a cut-short heading (its number too) before the name of its subject
_NUMBERING = re.compile(r"^(?:[\divxlc]+[.)\-]*\s*)+")  # folded: "1. ", "iii- ", "2.1. "
_NOT_SUBJECT = QUESTION_WORDS | {"den"}  # "đến năm 2030" says when, not what
_ORDINAL_WORDS = re.compile(r"\bthu\s+(\w+)")  # "thứ hai": the position asked, not the subject
# Paragraphs that open an item without a heading: "Thứ nhất,", "Một là,", "- ", "+ ".
_BULLET = re.compile(r"^[-+•]\s")
_WORD_ITEM = re.compile(r"^(?:thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)|"
                        r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la)\b|" + _BULLET.pattern)
_NOTE_REACH = 200  # chunks back from a footnote to the sentence that cites it
_TRAILING_AND = re.compile(r"\s+(?:và|va)$")  # "(3) A và (4) B": the "và" joins, it is not part of A
_INLINE_MARK = re.compile(r"\((\d{1,2})\)\s*[-–]?\s*")
_INLINE_WORD_MARK = re.compile(r"(?<![\w,])(?:(mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la|"
                               r"thu (nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi))\s*,\s*")


@dataclass(frozen=True)
class ListAnswer:
    text: str
    chunks: list[Chunk]
    score: float = 0.0  # how well the heading or lead-in read names what is asked


EMPTY = ListAnswer("", [])


@dataclass(frozen=True)
class _Line:
    chunk: Chunk
    number: int  # line number in the file
    text: str  # without markup


_SENTENCE_END = set('.;:!?…"”)*')


@dataclass(frozen=True)
class _Item:
    lines: tuple[_Line, ...]  # the first line names the item; the rest explain it

    @property
    def head(self) -> str:
        return self.lines[0].text


@dataclass(frozen=True)
class _Anchor:
    label: str
    score: float
    chunk: Chunk
    depth: int | None  # the heading's index in chunk.section; None for a list inline in one line
    line: _Line | None = None  # the inline list's line
    cited_by: _Line | None = None  # the line citing the footnote that holds the inline list
    items: tuple[_Item, ...] = ()  # the bullet lines that follow a lead-in ending with a colon


@dataclass(frozen=True)
class _Section:
    label: str
    lead: tuple[_Line, ...]  # text under the heading before any item
    items: tuple[_Item, ...]
    named_by: tuple[_Line, ...] = ()  # a line elsewhere that names the list, cited too


def list_answer(asked: Question, candidates: list[Chunk], all_chunks: list[Chunk], idf: dict[str, float],
                entries: dict[str, FileEntry]) -> ListAnswer:
    """The list a question names and its items, one item by position, or the passage under a heading.

    Headings of the retrieved passages' section paths and the lead-ins of lists written inline
    compete by how much of the question they name, penalised for another period or locality;
    the best few are read and the best that answers wins. EMPTY when none names the list."""
    by_file: dict[str, list[Chunk]] = {}
    for c in all_chunks:
        by_file.setdefault(c.file, []).append(c)
    weight = lambda ts: sum(max(idf.get(t, 3.0), MIN_WEIGHT) for t in ts)
    scorer = _Scorer(asked, _terms(asked.text), weight, entries)
    retrieved = [c for c in candidates if c.kind in ("text", "table_row")]
    # "04 trung tâm … gồm những trung tâm nào": the list is often the footnote the count cites.
    # Ranked after every retrieved passage: they add lists, they do not reorder the ones found.
    retrieved = list({c.id: c for c in [*retrieved, *(n for r in retrieved for n in _cited_notes(r, by_file[r.file]))]}.values())
    # Retrieval may miss the one passage under "Mục tiêu chung" among many that name the
    # same goals; a heading the question names is looked for everywhere, ranked last.
    named = _named_sections(all_chunks, heading_names(asked.heading))
    anchors = {}
    for rank, chunk in [*enumerate(retrieved), *((len(retrieved), c) for c in named)]:
        for anchor in scorer.headings(chunk, rank) + scorer.inline(chunk, rank, by_file[chunk.file]):
            key = (chunk.file, anchor.label, anchor.depth)
            if key not in anchors or anchors[key].score < anchor.score:
                anchors[key] = anchor
    best, best_score = None, float("-inf")
    for anchor in sorted(anchors.values(), key=lambda a: -a.score)[:_SHORTLIST]:
        section = _read(anchor, by_file[anchor.chunk.file])
        log.debug("anchor %.3f %s:%s %s (%d items)", anchor.score, anchor.chunk.file, anchor.chunk.line_start,
                  anchor.label, len(section.items))
        if asked.answer_type == ORDINAL and not _has_position(section, asked.ordinal):
            continue
        if not _says_listed(asked, section) or _ADDRESSEES.search(fold(section.label)):
            continue
        # "04 trụ cột" is not a list of three items, whatever its heading says.
        if asked.count and asked.count != (len(section.items) or _stated_count(section.label)):
            continue
        score = anchor.score + (COUNT_BONUS if asked.count else 0.0)
        if _position(section.label):
            score -= ITEM_HEADING_PENALTY
        if asked.answer_type == LIST and not section.items:
            score -= NO_ITEMS_PENALTY
        if score > best_score:
            best, best_score = section, score
    return replace(_answer_from(asked, best), score=best_score) if best else EMPTY


def topic_items(asked: Question, candidates: list[Chunk], all_chunks: list[Chunk],
                entries: dict[str, FileEntry]) -> ListAnswer:
    """"Về du lịch và nông nghiệp, … đề ra những nhiệm vụ gì?": of the sections the passages found
    are in, the one whose paragraphs name most of the topics (in the document named), and of it the
    paragraphs that name one; EMPTY when none names half of them. A heading over many tasks names
    none of the topics it holds; a section whose headings name all their words is read whole (list_answer)."""
    about = asked.about or asked.opening_topic
    if not about:
        return EMPTY
    named_in = lambda text: {t for t in about if re.search(rf"\b{re.escape(t)}\b", fold(key(text)))}
    syllables = {s for t in about for s in t.split()}
    passages = list(dict.fromkeys(c for c in candidates if c.kind == "text"))
    if any(syllables <= set(fold(key(" ".join(c.section))).split()) for c in passages):
        return EMPTY  # "3.6. Phát triển toàn diện văn hóa và con người Cần Thơ": the heading names the list
    best, best_rank = EMPTY, None
    for rank, chunk in enumerate(passages):
        members = [c for c in all_chunks if c.file == chunk.file and c.section == chunk.section and c.kind == "text"]
        hits = [(line, topics) for line in _lines(members) if heading_of(line.text) is None
                and (topics := named_in(line.text))]
        covered = set().union(*(topics for _, topics in hits))
        if 2 * len(covered) < len(about):
            continue
        # The document the question names first ("dự thảo Chương trình hành động …"), then the topics.
        order = (passage_document_fit(asked, chunk, entries), len(covered), -rank)
        if best_rank is None or order > best_rank:
            shown = _fit_lines([line for line, _ in hits], _LIST_CHARS)
            best, best_rank = ListAnswer("\n".join([chunk.section[-1]] + [_cut(l.text, _ITEM_CHARS) for l in shown]),
                                         _excerpts(shown), float(len(covered))), order
    return best


# The block that closes an official letter ("Nơi nhận: - Bộ Tài chính; - TT. Thành ủy; …"): who
# receives it, not what it says, though it names the city's bodies as many questions do.
_ADDRESSEES = re.compile(r"^\W*noi nhan\b")

# What any list holds, folded: "những nhiệm vụ nào" may be listed under "VIII- TIẾP TỤC ĐẨY MẠNH …".
_LIST_NOUNS = frozenset({"nhiem vu", "giai phap", "noi dung", "chi tieu", "van de", "linh vuc", "muc tieu",
                         "de an", "du an", "cong trinh", "chuong trinh", "ke hoach", "chinh sach", "ket qua",
                         "dinh huong", "phuong huong", "quan diem", "yeu cau", "cong viec", "hoat dong", "ty le",
                         "chi so"})


def _says_listed(asked: Question, section: _Section) -> bool:
    """"Những lễ hội truyền thống nào": a heading or list that never says "lễ hội" lists something
    else, however much of the rest of the question ("nổi bật", the province, the term) it names."""
    head = " ".join(asked.listed[:2])
    if len(asked.listed) < 2 or head in _LIST_NOUNS:
        return True
    says = lambda texts: re.search(rf"\b{re.escape(head)}\b", fold(" ".join(texts))) is not None
    if says([section.label, *(line.text for line in section.lead)]):
        return True
    # "những nguyên nhân nào": under "A KẾT QUẢ ĐẠT ĐƯỢC", a few of its items ("IV- NGUYÊN NHÂN ĐẠT
    # ĐƯỢC") head the lists asked for; the heading over them lists something else.
    named_by_item = [item for item in section.items if says([item.head])]
    headed = 0 < len(named_by_item) <= len(section.items) / 2 and all(len(i.lines) > 1 for i in named_by_item)
    return says([line.text for item in section.items for line in item.lines]) and not headed


def _answer_from(asked: Question, best: _Section) -> ListAnswer:
    if asked.answer_type == ORDINAL:
        if _position(best.label) == asked.ordinal:
            return _passage(best, set())
        return _one_item(best.items[asked.ordinal - 1])
    if best.items and (asked.answer_type == LIST or not _is_passage(best)):
        return _all_items(best)
    # "Tầm nhìn đến năm 2045" is a sentence of the general goal: the passage from that year on.
    # A heading saying only "Mục tiêu" heads the general goal asked for, whole.
    aliased = asked.heading and asked.heading not in fold(best.label) \
        and not _says_alone(best.label, heading_names(asked.heading)[1])
    return _passage(best, years_in(asked.text) if aliased else set())


def _named_sections(chunks: list[Chunk], names: tuple[tuple[str, ...], tuple[str, ...]]) -> list[Chunk]:
    """The first text chunk under each heading that says one of `names` (_names)."""
    if not any(names):
        return []
    seen, out = set(), []
    for c in chunks:
        if c.kind != "text":
            continue
        for depth, label in enumerate(c.section[1:], start=1):
            key = (c.file, c.section[: depth + 1])
            if key not in seen and _names(label, names):
                seen.add(key)
                out.append(c)
    return out


def _names(label: str, names: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    """The heading is about one of `names` (question.heading_names: words it says, words it says
    alone): "III. Kết quả thực hiện 03 khâu đột phá", "1. Mục tiêu"; not an item paragraph, cut
    short as a label, that mentions it late ("1. Bám sát các nghị quyết, chỉ thị, quan điểm…"),
    nor an appendix whose long title ends with its period ("… giai đoạn 2025 - 2030, tầm nhìn
    đến năm 2045")."""
    said, alone = names
    folded = fold(label)
    reach = _NAME_REACH if label.endswith("…") or len(label) > LABEL_CHARS else len(folded)
    return any(0 <= (at := folded.find(n)) and len(folded[:at].split()) <= reach for n in said) \
        or _says_alone(label, alone)


def _says_alone(label: str, alone: tuple[str, ...]) -> bool:
    """The heading, its numbering left out, is one of `alone`: "1. Mục tiêu"."""
    return _NUMBERING.sub("", fold(label)).strip(" .:") in alone


def _terms(question: str) -> set[str]:
    """The question's subject syllables; its position words, numbers and the words naming a
    document ("Phụ lục II CTr 12": where to look, scored by _document_fit) left out."""
    position = {w for m in _ORDINAL_WORDS.finditer(fold(question)) for w in ("thu", m.group(1))}
    where = with_abbreviations(reference_words(question))  # "chương trình" is also "ctr"
    return {t for t in _subject(question) if t not in position and t not in where}


def _position(label: str) -> int | None:
    """'2. Khâu đột phá thứ hai' → 2: a heading that is one item of a list, not the list."""
    m = _ORDINAL_WORDS.search(fold(label))
    return number_of(m.group(1)) if m else None


def _has_position(section: _Section, ordinal: int) -> bool:
    """The section is the item asked for, or a list long enough to hold it."""
    position = _position(section.label)
    return position == ordinal if position else len(section.items) >= ordinal


def _stated_count(label: str) -> int | None:
    """'Triển khai 03 Chương trình mục tiêu quốc gia' → 3."""
    m = re.search(r"(?<![\d.,/])0?(\d{1,2})(?![\d.,/])", label)
    return int(m.group(1)) if m else None


class _Scorer:
    """How well a heading or an inline list's lead-in names what the question asks for, in
    the place and period it asks about."""

    def __init__(self, asked: Question, terms: set[str], weight, entries: dict[str, FileEntry]):
        self.asked, self.terms, self.weight, self.entries = asked, terms, weight, entries
        self.wanted = wanted_places(asked)
        self.named = heading_names(asked.heading)
        self.years = years_in(asked.text)
        now = max((written_year(e.date) for e in entries.values()), default=0)
        self.status = implied_status(asked, now)

    def headings(self, chunk: Chunk, rank: int) -> list[_Anchor]:
        out = []
        for depth in range(1, len(chunk.section)):
            label = chunk.section[depth]
            fit = self._place_penalty(chunk, depth)
            match = _label_score(self.terms, label, " ".join(chunk.section[:depth]), self.weight)
            bonus = HEADING_BONUS if _names(label, self.named) else 0.0
            if fit is None or (match < MIN_LABEL_SCORE and not bonus):
                continue
            path = chunk.section[: depth + 1]
            score = (match + bonus - fit - RANK_PENALTY * rank - self._period_penalty(path) + self._status_fit(path)
                     + self._document_fit(chunk, path))
            out.append(_Anchor(label, score, chunk, depth))
        return out

    def inline(self, chunk: Chunk, rank: int, file_chunks: list[Chunk]) -> list[_Anchor]:
        fit = self._place_penalty(chunk, len(chunk.section) - 1)
        if fit is None:
            return []
        out = []
        for line in _lines([chunk], notes=True):
            lead, items = _listed(line)
            bullets = () if items else _bullets_after(line, file_chunks)
            if len(bullets) >= 2:
                lead, items = _lead_in(line.text), list(bullets)
            if len(items) < 2:
                continue
            # A footnote's list ("Gồm: (1) …") is named by the sentence that cites the footnote.
            cited_by = _citing_line(line, file_chunks) if _note_number(line) else None
            if cited_by:
                lead = citing_clause(_raw(cited_by), _note_number(line))
            match = _label_score(self.terms, lead, " ".join(chunk.section), self.weight)
            if match >= MIN_LABEL_SCORE:
                score = (match - fit - RANK_PENALTY * rank - self._period_penalty(chunk.section)
                         + self._status_fit(chunk.section) + self._document_fit(chunk, chunk.section))
                out.append(_Anchor(lead, score, chunk, None, line, cited_by, tuple(bullets)))
        return out

    def _period_penalty(self, path: tuple[str, ...]) -> float:
        path_years = years_in(" ".join(path))
        return LIST_PERIOD_PENALTY if self.years and path_years and not self.years <= path_years else 0.0

    def _document_fit(self, chunk: Chunk, path: tuple[str, ...]) -> float:
        return passage_document_fit(self.asked, chunk, self.entries, path)

    def _status_fit(self, path: tuple[str, ...]) -> float:
        """The nearest heading below the document's title that names a status says whether the
        list is of what was done or of what is to be done; the title ("Báo cáo kết quả thực hiện
        Nghị quyết …") names the report, not its parts."""
        stated = next((cues[0] for h in reversed(path[1:]) if (cues := status_cues(h))), "")
        for side in (_DONE, _TO_DO):
            if self.status in side and stated:
                return LIST_STATUS_FIT if stated in side else -LIST_STATUS_FIT
        return 0.0

    def _place_penalty(self, chunk: Chunk, depth: int) -> float | None:
        """None when the path is about another place the question names."""
        found = _places(chunk, depth, self.entries)
        if not found or self.wanted & found:
            return 0.0
        city = lambda ps: {p.replace(" (cũ)", "") for p in ps}
        if city(self.wanted) & city(found):
            return OTHER_CITY_PENALTY
        return None if self.asked.localities else OTHER_PLACE_PENALTY


def _label_score(terms: set[str], label: str, context: str, weight) -> float:
    """Most of the label is asked about, and most of the question is in the label or, for a
    little less, in the headings above it ("Chương trình hành động 12/CTr-UBND › III. Nhiệm vụ")."""
    label_terms = _subject(label)
    shared = terms & label_terms
    around = (terms & _subject(context)) - shared
    precision = weight(shared) / (weight(label_terms) or 1)
    return precision * (weight(shared) + CONTEXT_CREDIT * weight(around)) / (weight(terms) or 1)


def _subject(text: str) -> set[str]:
    """Folded subject syllables: question words ("thành phố", "năm" too), places, years and
    numbering left out, and abbreviations next to their expansions, so "NQ" meets "Nghị quyết"."""
    return {t for t in unit_terms(" ".join(question_terms(text))) if t[0].isalpha() and t not in _NOT_SUBJECT}


def _places(chunk: Chunk, depth: int, entries: dict[str, FileEntry]) -> set[str]:
    """The localities a heading path is about: named on the path, else the document's scope.

    A path of a document about the time before the merger ("trước hợp nhất"), or of a term
    that ended with it, names the former city."""
    entry = entries.get(chunk.file)
    scope = entry.scope if entry else ""
    context = " ".join((chunk.subdoc,) + chunk.section[: depth + 1])
    before = before_merger(period_in(context)) or written_before_merger(scope)
    return places(context, before_merger=before) or places(scope)


def _lines(chunks: list[Chunk], notes: bool = False) -> list[_Line]:
    """The readable lines of text chunks; footnotes only with `notes`."""
    out = []
    for c in chunks:
        for i, raw in enumerate(c.text.split("\n")):
            text = strip_markup(raw)
            if text and (notes or not NOTE.match(raw)):
                out.append(_Line(c, c.line_start + i, NOTE_NUMBER.sub("", text).strip()))
    return out


def _raw(line: _Line) -> str:
    return line.chunk.text.split("\n")[line.number - line.chunk.line_start]


def _note_number(line: _Line) -> str | None:
    return note_number(_raw(line))


def _cited_notes(chunk: Chunk, file_chunks: list[Chunk]) -> list[Chunk]:
    """The chunks after `chunk` that hold the footnotes it cites."""
    numbers = set(NOTE_REF.findall(chunk.text))
    if not numbers:
        return []
    after = islice((c for c in file_chunks if c.kind == "text" and c.line_start > chunk.line_start), _NOTE_REACH)
    return [c for c in after if any(note_number(raw) in numbers for raw in c.text.split("\n"))]


def _citing_line(note: _Line, file_chunks: list[Chunk]) -> _Line | None:
    """The last line before a footnote that cites it."""
    mark = note_mark(_note_number(note))
    before = [c for c in file_chunks if c.kind == "text" and c.line_start < note.number]
    for line in reversed(_lines(before[-_NOTE_REACH:])):
        if line.number < note.number and mark.search(_raw(line)) and not NOTE.match(_raw(line)):
            return line
    return None


def _inline_items(line: _Line, first: int = 1, least: int = 2) -> tuple[str, list[_Item]]:
    """'… gồm: (1) A; (2) B; (3) C' → ('… gồm', [A, B, C]), the markers counted from (`first`) on;
    "Một là, A. Hai là, B." in one paragraph too. Fewer than `least` markers make no list."""
    marks, expected = [], first
    for m in _INLINE_MARK.finditer(line.text):
        if int(m.group(1)) == expected:
            marks.append(m)
            expected += 1
    folded = fold(line.text)
    if len(marks) < max(least, 1) and len(folded) == len(line.text):  # same positions: the marks found are the line's
        marks, expected = [], first
        for m in _INLINE_WORD_MARK.finditer(folded):
            if number_of(m.group(1) or m.group(2)) == expected:
                marks.append(m)
                expected += 1
    if len(marks) < least:
        return "", []
    if not marks:
        return line.text.strip(), []
    lead = line.text[: marks[0].start()].strip(" -–:;,")
    ends = [m.start() for m in marks[1:]] + [len(line.text)]
    texts = [_TRAILING_AND.sub("", line.text[m.start(): end].strip(" ;,.")) for m, end in zip(marks, ends)]
    items = [_Item((replace(line, text=t),)) for t in texts]
    return lead, items


def _listed(line: _Line) -> tuple[str, list[_Item]]:
    """A list written in one line: numbered "(1) …; (2) …", else a lead and its items apart by
    semicolons (_colon_items). Under a heading only the numbered kind is read: there a
    semicolon may part the clauses of one item."""
    lead, items = _inline_items(line)
    return (lead, items) if items else _colon_items(line)


def _bullets_after(line: _Line, file_chunks: list[Chunk]) -> tuple[_Item, ...]:
    """"… những khó khăn, thách thức …, đó là:" and the "- …" paragraphs right after it, in the
    same section, though a chunk boundary falls between them."""
    if not line.text.rstrip().endswith(":"):
        return ()
    following = [c for c in file_chunks if c.kind == "text" and c.section == line.chunk.section
                 and c.line_end > line.number]
    items = []
    for nxt in _lines(following):
        if nxt.number <= line.number:
            continue
        if not _BULLET.match(nxt.text):
            break
        items.append(_Item((nxt,)))
    return tuple(items)


def _lead_in(text: str) -> str:
    """The sentence that ends with the colon: what the bullets under it are."""
    return re.split(r"(?<=[.;])\s+", text.rstrip().rstrip(":"))[-1].strip(" -–")


_OPENS_WITH_GOM = re.compile(r"\s*((?:bao\s+)?g[ồo]m)\s+", re.IGNORECASE)


def _colon_items(line: _Line) -> tuple[str, list[_Item]]:
    """'… phấn đấu đạt ít nhất: A; B; C.' → ('… phấn đấu đạt ít nhất', [A, B, C]): a sentence that
    names a list before its colon and gives the items apart by semicolons; after "Gồm:", by commas."""
    for sentence in sentences(line.text):
        lead, colon, rest = sentence.partition(":")
        if not colon and (opened := _OPENS_WITH_GOM.match(sentence)):
            # A footnote that is only the list: "<sup>36</sup> Gồm Phong Điền, Thới Lai, Cờ Đỏ, …".
            lead, colon, rest = opened.group(1), ":", sentence[opened.end():]
        parts = [p.strip(" ;,.…") for p in rest.split(";")]
        if len(parts) < 3 and fold(lead).split()[-1:] == ["gom"]:
            parts = [p.strip(" ;,.…") for p in re.split(r",|\s+và\s+", rest)]
        if colon and len(parts) >= 3 and all(parts):
            return lead.strip(" -–"), [_Item((replace(line, text=_TRAILING_AND.sub("", p)),)) for p in parts]
    return "", []


def _read(anchor: _Anchor, file_chunks: list[Chunk]) -> _Section:
    """The lead text and the items under an anchor.

    Items are, in order of preference: the sub-sections one level down, the paragraphs that
    open with "Thứ nhất," / "Một là," / "- ", or the inline "(1) …; (2) …" of one paragraph."""
    if anchor.depth is None:
        items = anchor.items or tuple(_listed(anchor.line)[1])
        named_by = (anchor.cited_by,) if anchor.cited_by else (anchor.line,) if anchor.items else ()
        return _Section(anchor.label, (), items, named_by)
    prefix = anchor.chunk.section[: anchor.depth + 1]
    under = [c for c in file_chunks if c.section[: anchor.depth + 1] == prefix]
    members = [c for c in under if c.kind == "text"]
    own = _lines([c for c in members if len(c.section) == anchor.depth + 1])
    rows = [_Line(c, c.line_start, _row_text(c.text)) for c in under if c.kind == "table_row" and heading_of(c.text) is None]
    if not members and len(rows) >= 2:  # a table's group row heads a list of rows
        return _Section(anchor.label, (), tuple(_Item((r,)) for r in rows))
    subsections = _subsection_items(members, anchor.depth)
    if len(subsections) >= 2:
        return _Section(anchor.label, tuple(own), tuple(subsections))
    opened = [i for i, line in enumerate(own) if _WORD_ITEM.match(fold(line.text))]
    if len(opened) >= 2:
        bounds = opened + [len(own)]
        items = [_Item(tuple(own[a:b])) for a, b in zip(bounds, bounds[1:])]
        return _Section(anchor.label, tuple(own[: opened[0]]), tuple(items))
    for i, line in enumerate(own):
        _, items = _inline_items(line)
        if len(items) >= 2:
            # A paragraph cut by a page break goes on, lower-case, on the next line: the end of its
            # last item, then maybe more items ("… hành động trong | toàn Đảng bộ; … Ba là, …").
            if i + 1 < len(own) and _goes_on(line.text, own[i + 1].text):
                rest, more = _inline_items(own[i + 1], first=len(items) + 1, least=0)
                if rest:
                    items[-1] = _Item(items[-1].lines + (replace(own[i + 1], text=rest),))
                items += more
            return _Section(anchor.label, tuple(own[:i]), tuple(items))
    return _Section(anchor.label, tuple(own), ())


def _goes_on(text: str, following: str) -> bool:
    """The paragraph `text` stops mid-sentence and `following` goes on with it."""
    end, start = text.rstrip()[-1:], following.lstrip()[:1]
    return bool(end) and end not in _SENTENCE_END and start.islower()


def _row_text(row: str) -> str:
    """A table row as one item: "1. Cụ thể hoá … — Sở Ngoại vụ — 2026 - 2030"."""
    cells = [c.strip() for c in strip_markup(row).split("\t") if c.strip()]
    if len(cells) > 1 and re.fullmatch(r"\d{1,3}[.)]?", cells[0]):
        cells[:2] = [f"{cells[0]} {cells[1]}"]
    return " — ".join(cells)


def _subsection_items(members: list[Chunk], depth: int) -> list[_Item]:
    """One item per heading one level below the anchor, with all its lines."""
    items: list[list[Chunk]] = []
    last = None
    for c in members:
        if len(c.section) <= depth + 1:
            continue
        if c.section[depth + 1] != last:
            items.append([])
            last = c.section[depth + 1]
        items[-1].append(c)
    return [_Item(tuple(lines)) for group in items if (lines := _lines(group))]


def _is_passage(section: _Section) -> bool:
    """A heading over prose that happens to hold a list (a goal, a theme) is answered whole."""
    return bool(section.lead) and len(" ".join(l.text for l in section.lead)) > _ITEM_CHARS


def _one_item(item: _Item) -> ListAnswer:
    lines = _fit_lines(item.lines, _LIST_CHARS)
    return ListAnswer("\n".join(_cut(l.text, _LIST_CHARS) for l in lines), _excerpts(lines))


def _all_items(section: _Section) -> ListAnswer:
    """The list's name, then one line per item; cut short when long, saying how many are left."""
    shown, size = [], len(section.label)
    for item in section.items:
        if size > _LIST_CHARS:
            break
        shown.append(item.lines[0])
        size += min(len(item.head), _ITEM_CHARS)
    text = [section.label] + [_cut(l.text, _ITEM_CHARS) for l in shown]
    if len(shown) < len(section.items):
        # No count: a number the documents do not state would read as one of their figures.
        text.append("… (và các mục khác, xem văn bản)")
    return ListAnswer("\n".join(text), _excerpts(list(section.named_by) + shown))


def _passage(section: _Section, focus: set[str]) -> ListAnswer:
    """The text under a heading; with `focus` years, from the first sentence that names one."""
    lines = list(section.lead) + [l for item in section.items for l in item.lines]
    start = next((i for i, l in enumerate(lines) if focus & years_in(l.text)), None) if focus else None
    if start is None:
        shown = _fit_lines(lines, _LIST_CHARS)
        texts = [l.text for l in shown]
        if not texts or not texts[0].startswith(section.label.rstrip("…")):
            texts.insert(0, section.label)
    else:
        shown = _fit_lines(lines[start:], _LIST_CHARS)
        sentences = re.split(r"(?<=[.;])\s+", shown[0].text)
        at = next(i for i, s in enumerate(sentences) if focus & years_in(s))
        texts = [" ".join(sentences[at:])] + [l.text for l in shown[1:]]
    return ListAnswer("\n".join(_cut(t, _LIST_CHARS) for t in texts), _excerpts(shown))


def _fit_lines(lines, limit: int) -> list[_Line]:
    """The first lines up to about `limit` characters, at least one."""
    shown, size = [], 0
    for line in lines:
        if shown and size + len(line.text) > limit:
            break
        shown.append(line)
        size += len(line.text)
    return shown


def _excerpts(lines: list[_Line]) -> list[Chunk]:
    """The cited lines, as excerpts of their chunks: one per run of lines of one chunk."""
    runs: list[list[_Line]] = []
    for line in lines:
        if runs and runs[-1][-1].chunk.id == line.chunk.id:
            runs[-1].append(line)
        else:
            runs.append([line])
    out = []
    for run in runs:
        chunk, first, last = run[0].chunk, run[0].number, run[-1].number
        text = "\n".join(chunk.text.split("\n")[first - chunk.line_start: last - chunk.line_start + 1])
        out.append(replace(chunk, line_start=first, line_end=last, text=text))
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
