"""The same project or task in another table row, with another term to carry it out.

A project is listed in several tables (a report's appendix of projects, a programme's task
list, a list looking to 2045) under names that differ a little: "17 (***) Khu hành chính
thành phố Cần Thơ" and "44 Dự án Khu hành chính thành phố Cần Thơ". When an answer cites
one row, a row naming the same project with another term ("2024 - 2028" / "2026 - 2030")
is a disagreement the reader must see, as a figure stated differently is.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ingest.chunks import Chunk
from ingest.normalize import fold, syllable_pairs
from ingest.patterns import is_year
from ingest.periods import period_in

# A name this short is a kind of task ("Xây dựng đề án"), not one project.
MIN_NAME_WORDS = 3
# "những hồ chứa nước ngọt nào": the words of the question a row's name must hold to be listed beside it.
MIN_ALIKE_WORDS = 2
# A word in this few row names is one project's own: its place, its road, its building.
OWN_WORD_ROWS = 3
# Two names of one project share this much of their own words, and of all their words weighted
# by rarity: "khu công nghiệp Tân Bình" is not "… Tân Hòa" though most of the words agree.
SAME_OWN, SAME_NAME = 0.5, 0.6
# Names without a word of their own in common ("Khu hành chính thành phố") must agree nearly
# word for word, and neither may hold a word in this few rows that the other lacks.
SAME_COMMON_NAME, RARE_WORD_ROWS = 0.7, 12
# A row's name says a longer topic when it holds this many of its words in a row: "biến đổi khí hậu"
# of "chống chịu biến đổi khí hậu".
ABOUT_RUN = 4
# A name inside another one is the same project only when it says this much.
MIN_CONTAINED_WORDS = 7
# …and two names sharing a stretch this long, with a rare word in it, name one project.
MIN_RUN_WORDS = 5
# A column that says when the project is carried out: "THỜI HẠN THỰC HIỆN", "Thời gian triển khai thực hiện".
_TERM_COLUMN = re.compile(r"\b(?:thoi han|thoi gian)\b.*\bthuc hien\b")
# The column that names who leads a task: "CƠ QUAN CHỦ TRÌ", "Cơ quan chủ trì đề xuất/ thực hiện".
_LEAD_COLUMN = re.compile(r"\bchu tri\b")
# Words for a task or its leading, not its topic: "những đề án nào do … chủ trì triển khai".
_TASK_WORDS = {"de an", "nhiem vu", "du an", "cong trinh", "chuong trinh", "ke hoach", "chu tri", "trien khai",
               "thuc hien", "giai doan", "co quan", "xay dung", "thanh lap"}
# …and their syllables: "đề án, kế hoạch" read side by side gives "án kế", no topic either.
_TASK_SYLLABLES = {s for w in _TASK_WORDS for s in w.split()}
# Words for leading a task, alone or with others: "chủ trì hoặc đồng chủ trì", "cùng chủ trì", "phụ trách",
# "trực tiếp chủ trì".
_LEADING = {"chu", "tri", "hoac", "dong", "cung", "phu", "trach", "truc", "tiep"}
# Word pairs of a topic named besides the agency that the name of a row it leads with others must hold.
MIN_SHARED_TOPIC_PAIRS = 2
# An agency's name this short ("Sở Y tế" is three) names too little to pick its rows.
MIN_AGENCY_WORDS = 2
# Folded words before a name that make it no row's own: a plural ("các thị trấn") or a preposition
# ("đường dẫn … vào khu công nghiệp").
_NOT_ONE_OF = {"cac", "nhung", "vao", "den", "toi", "qua", "cho", "cua", "voi", "tu"}
# Capitals only: folded, "vi" is also "phạm vi".
_ROMAN = re.compile(r"\b(?:II|III|IV|VI|VII|VIII|IX)\b")
_ASIDE = re.compile(r"\([^()]*\)")
_ROW_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?(?:\s|$)")  # "4", "4.1", "12." of a row's label
_KM = re.compile(r"\bkm\s*\d+\b")  # "(đoạn từ Km0 - Km7)": an aside, but it names the stretch
_SIZE_UNITS = r"(?:ha|km|m2|mw|giường)"
_SIZE_CLAUSE = re.compile(rf"\bquy mô (?:khoảng )?[\d.,]+(?:\s*{_SIZE_UNITS})?(?:\s*-\s*[\d.,]+)?\s*{_SIZE_UNITS}\b",
                          re.IGNORECASE)
_SIZE = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*(?:ha|km|m2|mw|ty|trieu)\b")


# Words any agency's name may hold ("Sở", "UBND thành phố", "Đảng ủy"): two agencies that share
# only these are two agencies, and a name of only these ("Đảng ủy UBND thành phố" / "UBND thành
# phố") may be written either way.
_AGENCY_GENERIC = {"so", "ban", "co", "quan", "dang", "uy", "ubnd", "nhan", "dan", "thanh", "pho", "tinh", "va",
                   "cac", "nganh", "lien", "xa", "phuong", "huyen", "cap", "don", "vi", "to", "chuc", "chu", "tri"}
TERM, AGENCY = "thời hạn", "cơ quan chủ trì"


@dataclass(frozen=True)
class RowRival:
    chunk: Chunk  # the other row
    term: str  # the cell that differs as written, with its column: "THỜI HẠN THỰC HIỆN: 2030 - 2045"
    differs: str = TERM  # what differs: TERM or AGENCY


@dataclass(frozen=True)
class _Name:
    words: frozenset[str]  # folded syllables, the leading "17 (***)" numbering left out
    pairs: frozenset[str]  # syllables side by side: "phu tan" is not "tan hoa"
    numbers: frozenset[str]  # "91", "km0", "II": "Đông Phú 2" is not "Đông Phú", "Tân Bình II" not "Tân Bình"
    sequence: tuple[str, ...] = ()  # the syllables in order
    core: tuple[str, ...] = ()  # …without the asides in brackets: "Quốc lộ 91B (từ giao với …)"


def _name(label: str) -> _Name:
    label = re.sub(r"^[\d.\s]+(?:\(\**\))?\s*", "", label)
    # "Bệnh viện Ung Bướu thành phố Cần Thơ quy mô 500 giường": the size is no part of its name.
    label = _SIZE_CLAUSE.sub(" ", label)
    folded = fold(label)
    words = re.findall(r"\w+", folded)
    syllables = [w for w in words if not w.isdigit()]
    # "Đường tỉnh 917", "Km0", "giai đoạn 2" name the project; "quy mô 50 ha - 100 ha" sizes it,
    # "(từ giao với quốc lộ 91 …)" says where it runs, and "đến năm 2025" when.
    named = fold(_ASIDE.sub(" ", label))
    sizes = set(_SIZE.findall(named))
    numbers = {w for w in re.findall(r"\w+", named) if any(c.isdigit() for c in w) and w not in sizes
               and not is_year(w)} | set(_ROMAN.findall(label)) | set(_KM.findall(folded))
    # "Đường tỉnh 932": two syllables and a number name one road.
    if len(set(syllables)) < (1 if numbers else MIN_NAME_WORDS):
        syllables = []
    core = tuple(w for w in re.findall(r"\w+", named) if not w.isdigit()) if syllables else ()
    return _Name(frozenset(syllables), frozenset(f"{a} {b}" for a, b in zip(syllables, syllables[1:])),
                 frozenset(numbers), tuple(syllables), core)


def row_number(label: str) -> str:
    """The number a row's label opens with ("4.1 Thu hút …" → "4.1"); "" when none."""
    number = _ROW_NUMBER.match(label)
    return number.group(1) if number else ""


def _named_for(sequence: tuple[str, ...]) -> tuple[str, ...]:
    """A name's syllables after the task words it opens with ("dự án", "xây dựng"): what is built."""
    while len(sequence) > 2 and " ".join(sequence[:2]) in _TASK_WORDS:
        sequence = sequence[2:]
    return sequence


def _term(chunk: Chunk):
    """(column, value, period) of the row's term cell, or None."""
    for cell in chunk.row.cells if chunk.row else ():
        if _TERM_COLUMN.search(fold(cell.column)) and (period := period_in(cell.value)):
            return cell.column, cell.value, period
    return None


def _lead_cell(chunk: Chunk):
    """The row's cell naming its leading agency, or None."""
    return next((c for c in chunk.row.cells if _LEAD_COLUMN.search(fold(c.column))), None)


def _leads(chunk: Chunk) -> list[frozenset[str]]:
    """The folded words of each agency the row's lead cell names: "Sở Y tế, Sở Nội vụ" is two."""
    cell = _lead_cell(chunk)
    return [frozenset(words) for part in re.split(r"[,;]", fold(cell.value))
            if (words := re.findall(r"[^\W\d_]+", part))] if cell else []


def _agency(chunk: Chunk) -> frozenset[str]:
    """The folded words of the row's leading agencies together ("Công an thành phố"); empty when it names none."""
    return frozenset().union(*_leads(chunk))


def _other_agency(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two leading agencies with no word of their own in common: "Sở Lao động - Thương binh và Xã
    hội" and "Sở Nội vụ", "Cơ quan Trung ương" and "Sở Tài chính, Sở Xây dựng …"."""
    mine, its = a - _AGENCY_GENERIC, b - _AGENCY_GENERIC
    return bool(mine and its) and not mine & its


def _common_run(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """The longest stretch of syllables both sequences hold in the same order, side by side."""
    best, ending = 0, 0
    previous = [0] * (len(b) + 1)
    for i in range(len(a)):
        current = [0] * (len(b) + 1)
        for j in range(len(b)):
            if a[i] == b[j]:
                current[j + 1] = previous[j] + 1
                if current[j + 1] > best:
                    best, ending = current[j + 1], i + 1
        previous = current
    return a[ending - best:ending]


def _names_one(what: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """A row named as one of `what` ("Bệnh viện Phục hồi chức năng"), not one that speaks of them
    all ("Quy hoạch … các thị trấn của huyện") or leads to one ("Đường dẫn … vào Khu công nghiệp …")."""
    n = len(what)
    return any(name[i:i + n] == what and not set(name[i - 1:i]) & _NOT_ONE_OF for i in range(len(name) - n + 1))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _begins(chunk: Chunk) -> bool:
    """A row's own line writes its label; the line it goes on at after a page break does not."""
    said = lambda text: " ".join(fold(text).split())
    return said(chunk.row.label) in said(chunk.text)


class RowIndex:
    """Table rows found by the words of their names."""

    def __init__(self, chunks: list[Chunk]):
        self.by_document: dict[tuple[str, str], list[tuple[Chunk, _Name]]] = {}
        # The lines that begin a row, by file and row: where a row cut by a page break is named.
        self.begun: dict[tuple[str, tuple[str, ...]], list[Chunk]] = {}
        for c in chunks:
            if c.kind == "table_row" and c.row:
                self.by_document.setdefault((c.file, c.subdoc), []).append((c, _name(c.row.label)))
                if _begins(c):
                    self.begun.setdefault((c.file, c.row.path), []).append(c)
        # Each row's leading agency ("CƠ QUAN CHỦ TRÌ"), as folded words, and the word pairs of its
        # headings; rows without an agency left out.
        self.agencies = [(where, c, name, leads, syllable_pairs(" ".join((c.subdoc, *c.section))))
                         for where, rows in self.by_document.items() for c, name in rows if (leads := _leads(c))]
        # The word pairs any row of a document names: a pair of the question that none names ("trực
        # tiếp chủ trì", "kèm dự thảo") tells none of them apart.
        self.named_pairs = {where: frozenset().union(*(name.pairs for _, name in rows))
                            for where, rows in self.by_document.items()}
        # Rows that say when a project is carried out or who leads it: what another table may say otherwise.
        told = [(c, name) for rows in self.by_document.values() for c, name in rows if _term(c) or _agency(c)]
        self.rows = [c for c, _ in told]
        self.names = [name for _, name in told]
        self.postings: dict[str, list[int]] = {}
        for i, name in enumerate(self.names):
            for w in name.words | name.pairs:
                self.postings.setdefault(w, []).append(i)
        # "khu công nghiệp" names many rows and "Khánh Hòa" one: the rare words tell projects apart.
        self.weight = {w: math.log(1 + len(self.rows) / len(ids)) for w, ids in self.postings.items()}

    def head(self, chunk: Chunk) -> Chunk | None:
        """The line that begins the row `chunk` goes on from after a page break (a line of bare
        cells under the header repeated), which names it; None for a row that begins itself."""
        if not chunk.row or _begins(chunk):
            return None
        return max((c for c in self.begun.get((chunk.file, chunk.row.path), ()) if c.line_start < chunk.line_start),
                   key=lambda c: c.line_start, default=None)

    def rivals(self, chunk: Chunk) -> list[RowRival]:
        """Rows elsewhere naming the project `chunk` names, whose term, or else whose leading
        agency, differs from its."""
        if not chunk.row:
            return []
        own, lead = _term(chunk), _agency(chunk)
        name = _name(chunk.row.label)
        out = []
        for i in sorted({i for w in name.words for i in self.postings.get(w, ())}):
            other, theirs = self.rows[i], self.names[i]
            if other.id == chunk.id or not self._same(name, theirs):
                continue
            term = _term(other)
            if own and term and term[2] != own[2]:
                out.append(RowRival(other, f"{term[0]}: {term[1]}"))
            elif lead and _other_agency(lead, _agency(other)):
                cell = _lead_cell(other)
                out.append(RowRival(other, f"{cell.column}: {cell.value}", AGENCY))
        return out

    def _same(self, a: _Name, b: _Name) -> bool:
        rows = lambda w: len(self.postings.get(w, ()))
        weigh = lambda ws: sum(self.weight.get(w, 0.0) for w in ws)
        similar = weigh(a.pairs & b.pairs) / (weigh(a.pairs | b.pairs) or 1.0)
        mine, its = ({w for w in n.words if rows(w) <= OWN_WORD_ROWS} for n in (a, b))
        if a.numbers != b.numbers:
            return False
        if len(bare := _named_for(a.sequence)) >= MIN_NAME_WORDS and bare == _named_for(b.sequence):
            return True  # "Dự án Thư viện thành phố" and "Thư viện Thành phố"
        short, long = sorted((a, b), key=lambda n: len(n.words))
        if a.numbers and any(_within(x.core, y.core) for x, y in ((a, b), (b, a)) if x.core):
            return True  # "Đường tỉnh 932" in "Đầu tư, nâng cấp tuyến đường tỉnh 932"
        if len(short.words) >= MIN_CONTAINED_WORDS and short.words < long.words and (
                _within(short.sequence, long.sequence)
                or not any(rows(w) <= RARE_WORD_ROWS for w in long.words - short.words)):
            # One name inside the other, word for word ("Khu công nghiệp - đô thị - dịch vụ Trần Đề" in
            # "Dự án … khu công nghiệp - đô thị - dịch vụ Trần Đề"), or with only common words added.
            return True
        rare = lambda words: any(rows(w) <= RARE_WORD_ROWS for w in words)
        if rare(a.words & b.words) and not rare(a.words ^ b.words) \
                and len(run := _common_run(a.sequence, b.sequence)) >= MIN_RUN_WORDS and rare(run):
            # "Thành lập, phát triển khu thương mại tự do tại TP Cần Thơ" in "Phối hợp Bộ Tài chính thành
            # lập, phát triển Khu thương mại tự do Cần Thơ": a long stretch of the name, rare words in it,
            # and nothing rare said besides.
            return True
        if mine & its:  # "Xóm Chài" in both: one project, whatever else either name adds
            return len(mine & its) >= SAME_OWN * len(mine | its) and similar >= SAME_NAME
        # No word of its own in common: nearly word for word, no rare word apart ("Tân Bình"/"Tân Hòa").
        return similar >= SAME_COMMON_NAME and not any(rows(w) <= RARE_WORD_ROWS for w in a.words ^ b.words)

    def led_by(self, asked: set[str], pairs: set[str]) -> dict[tuple[str, str], list[Chunk]]:
        """"Những đề án nào do Công an thành phố chủ trì": the rows, by document, whose leading
        agency the question names in full (`asked`: its folded words, abbreviations spelled out).
        When the question's other words (`pairs`: its folded syllable pairs) name a topic besides
        ("về phòng, chống thiên tai và an ninh nguồn nước"), a row's name must hold one of them; words
        its headings hold ("phụ lục 'nhiệm vụ khác giao sở, ban ngành'") say where the list is, not what."""
        out: dict[tuple[str, str], list[Chunk]] = {}
        shared: set[str] = set()
        together: dict[str, int] = {}  # how many of a row's leading agencies the question names
        for where, chunk, name, leads, headings in self.agencies:
            # One of the agencies leading it together ("Sở Y tế, Sở Nội vụ") is named in full.
            named = [w for w in leads if len(w) >= MIN_AGENCY_WORDS and w <= asked]
            if not named:
                continue
            topic = {p for p in pairs if not set(p.split()) <= _TASK_SYLLABLES and p not in headings
                     and p in self.named_pairs[where] and not set(p.split()) & (set().union(*named) | _LEADING)}
            # A task it shares must say more of the topic: "quốc phòng, an ninh" of "… phòng, chống thiên
            # tai và an ninh nguồn nước" is too little for one led by six agencies.
            if len(topic & name.pairs) >= min(len(topic), MIN_SHARED_TOPIC_PAIRS if len(leads) > 1 else 1):
                out.setdefault(where, []).append(chunk)
                together[chunk.id] = len(named)
                if len(leads) > 1:
                    shared.add(chunk.id)
        # "do Bộ Chỉ huy Quân sự và Công an thành phố cùng chủ trì": two agencies named, the tasks they
        # lead together; one named, the tasks it leads alone first, then those it shares.
        most = {where: max(together[c.id] for c in rows) for where, rows in out.items()}
        return {where: sorted((c for c in rows if together[c.id] == most[where]), key=lambda c: c.id in shared)
                for where, rows in out.items()}

    def listed_as(self, listed: tuple[str, ...], asked: set[str]) -> list[list[Chunk]]:
        """"Những khu công nghiệp Vĩnh Thạnh nào …": the rows whose names hold what the question
        lists (`listed`, folded), word for word, in one list each: the rows under one group of a
        table. Lists whose group labels share more of the question's words (`asked`, folded: "…
        tầm nhìn đến năm 2045" picks the group "II. … TẦM NHÌN ĐẾN NĂM 2045", not "I. … GIAI ĐOẠN
        2025 - 2030" of the same table) come first. None when what is listed is only a kind of
        task ("những dự án nào")."""
        what = _named_for(listed)
        if len(what) < MIN_ALIKE_WORDS or set(what) <= _TASK_SYLLABLES:
            return []
        lists: dict[tuple, list[Chunk]] = {}
        for rows in self.by_document.values():
            for c, name in rows:
                if _names_one(what, name.sequence):
                    lists.setdefault((c.file, c.subdoc, c.row.path[:-1]), []).append(c)
        words = lambda texts: set(re.findall(r"\w+", fold(" ".join(texts))))
        shared = lambda where: (len(asked & words(where[2][1:])), len(asked & words((where[1], *where[2]))))
        return [lists[where] for where in sorted(lists, key=shared, reverse=True)]

    def about(self, topics: tuple[str, ...]) -> dict[tuple[str, str], list[Chunk]]:
        """"Những dự án nào về chống chịu biến đổi khí hậu, thoát nước": the rows, by document, whose
        names say one of the `topics` (folded phrases) word for word, or a long stretch of it ("biến
        đổi khí hậu"). A topic of task words only ("dự án") says nothing."""
        runs = {" ".join(words[i:i + ABOUT_RUN]) if len(words) > ABOUT_RUN else topic
                for topic in topics if not set(words := topic.split()) <= _TASK_SYLLABLES
                for i in range(max(len(words) - ABOUT_RUN + 1, 1))}
        said = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(runs))) + r")\b") if runs else None
        out: dict[tuple[str, str], list[Chunk]] = {}
        for where, rows in self.by_document.items():
            for c, name in rows:
                if said and said.search(" ".join(name.sequence)):
                    out.setdefault(where, []).append(c)
        return out

    def numbered_under(self, chunk: Chunk) -> list[Chunk]:
        """The rows right after a group's row that its number numbers: "4.1", "4.2", … after "4 Thu
        hút …" (not "4.1.1"), up to the next group; none for a row without a number."""
        mine = row_number(chunk.row.label) if chunk.row else ""
        if not mine:
            return []
        prefix = mine + "."
        out = []
        for c, _ in self.by_document.get((chunk.file, chunk.subdoc), ()):
            if c.line_start <= chunk.line_start or not _begins(c):
                continue
            number = row_number(c.row.label)
            if not number:
                continue  # a row's text going on after a page break ("xét, báo cáo …")
            if not number.startswith(prefix):
                break  # the next group
            if "." not in number[len(prefix):]:
                out.append(c)
        return out

    def alike(self, chunk: Chunk, asked: set[str]) -> list[Chunk]:
        """The rows of `chunk`'s document whose names hold every asked word its name holds:
        "những hồ chứa nước ngọt nào" → "Hồ chứa nước ngọt Phân trường Phú Lợi", "… Thạnh Trị"."""
        named = _name(chunk.row.label).words & asked if chunk.row else set()
        if len(named) < MIN_ALIKE_WORDS:
            return [chunk]
        return [c for c, name in self.by_document.get((chunk.file, chunk.subdoc), ()) if named <= name.words]
