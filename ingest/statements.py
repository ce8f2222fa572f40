"""Where a figure statement is born: every figure a chunk states, as a typed record.

A table cell gives its value with the row label as indicator and the column header as
period and status ("Năm 2024 › Ước thực hiện cả năm"); a sentence gives each figure with
the words before it as indicator ("Tổng thu ngân sách … đạt 57.000 tỷ đồng"), the year
next to it as period, and the verb or heading before it as status ("phấn đấu", "ước").

Numbers compare by their canonical form (ingest.normalize.numbers_in: "57.000" =
"57 000" = "57000"); indicators compare on the diacritic-folded key form, so "bác sỹ/vận
dân", "bác sĩ trên 10.000 dân" and "bac si/van dan" are one indicator. The label of a
figure stated in prose is found by heuristics (the words before the number, minus verbs
like "đạt", "phấn đấu").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple

from ingest.chunks import Chunk
from ingest.footnotes import NOTE, NOTE_NUMBER
from ingest.manifest import FileEntry
from ingest.normalize import figure_numbers, fold, key, numbers_in
from ingest.words import whole_words
from ingest.patterns import ENUMERATOR, FULL_DATE, NUMBER_SPAN, YEAR_SPAN, is_year, mask_non_figures, sentences
from ingest.periods import (ACTUAL, PLAN, TARGET, Period, blank_base_years, column_status, only_status, period_in,
                            statement_status, status_cues, written_year)
from ingest.scope import MERGER_YEAR, before_merger, places, written_before_merger
from ingest.structure import strip_markup

# Bump when what a statement records changes: the index rebuilds its catalogue then.
STATEMENTS_VERSION = "97"

_SUBCLAUSE = re.compile(r",\s+|\s+[-–]\s+|\s*[()]\s*")
_RANGE_DASH = re.compile(r"%?\s*[-–]\s*")  # "35 - 40%", "45% - 50%"
# A table cell states a figure when it starts with one and is short; long cells are prose.
_DOT_DECIMAL = re.compile(r"^(\d+)\.(\d{1,2})$")
# …or with a word that bounds it: "Trên 85", "Dưới 11%", "Từ 77 - 80", "Đạt 100% kế hoạch".
_FIGURE_CELL = re.compile(r"^(?:(?:trên|dưới|từ|tối thiểu|tối đa|khoảng|hơn|ít nhất|không quá|đạt|ước đạt)\s+)?"
                          r"[<>≥≤=~+\-]*\s*\d", re.IGNORECASE)
_FIGURE_CELL_CHARS = 40
# A year this close after a figure is its period ("10 vào năm 2025"); farther, it is another remark's.
_PERIOD_AFTER = 16
# A label of fewer words ("tỷ lệ", "Cấp tỉnh") is completed by the words after the figure.
_MIN_LABEL_WORDS = 2
_WORDS_AFTER = 8
_SUB_ROW = re.compile(r"\s*[-–+•]\s")
_NUMBERED_ROW = re.compile(r"\s*\d{1,2}[.)]\s")
# "PCI", "GRDP", "FDI": one word in capitals names an indicator on its own.
_ACRONYM = re.compile(r"[A-ZĐ]{2,}")
_PLAIN_GAP = re.compile(r"^(?:[%\s/]|[^\W\d])*$")  # "10 vào năm 2025", not "75,06% (năm 2020 …"

# Words around a figure that say how it is reached, not what it measures.
_FILLER = {
    "dat", "uoc", "phan", "dau", "khoang", "tren", "duoi", "toi", "thieu", "da", "la", "con",
    "tang", "giam", "len", "tu", "bang", "vao", "nam", "den", "duoc", "hon", "gan",
    "co", "moi", "hang", "voi", "chiem", "trong", "do", "thi", "va", "vuot", "quan",
    "ke", "hoach", "chi", "tieu", "nghi", "quyet", "sanh", "cuoi", "ky", "nhiem", "giai",
    "doan", "khong", "it", "nhat", "ca", "xuong", "thuc", "hien", "toan",
}
# The fillers as written: folded, "thì" would take "thị" of "đô thị", "trong" the "trọng" of "tỷ
# trọng", "do" the "độ" of "tốc độ"; a word with marks is a filler only written so.
_FILLERS_MARKED = {key(w) for w in (
    "đạt ước phấn đấu khoảng trên dưới tới tối thiểu đã là còn tăng giảm lên từ bằng vào năm đến được hơn "
    "gần có mới mỗi hằng hàng với chiếm trong đó do thì và vượt quân kế hoạch chỉ tiêu nghị quyết sánh "
    "cuối kỳ nhiệm giai đoạn không ít nhất cả xuống thực hiện toàn "
    "phần đầu phân thiếu về").split()}  # the OCR's "phần đầu", "phân đầu" (phấn đấu), the "thiếu" of "đối thiếu" (tối thiểu)
# At the start of a label only these go: "Giảm tỷ lệ hộ nghèo" and "Tăng trưởng" name indicators.
_LEADING_FILLER = {"ve", "dat", "uoc", "phan", "dau", "den", "nam", "trong", "do", "la", "con", "va", "thi",
                   "co", "khoang", "tu", "vao", "hang", "moi", "cuoi", "ky", "nhiem", "giai", "doan",
                   "nghi", "quyet", "ke", "hoach", "chi", "tieu", "thuc", "hien", "toan"}
# The place and the time a sentence opens with ("Toàn thành phố có …", "Đến nay, toàn tỉnh có …"), folded.
_WHERE_WHEN = {"nay", "hien", "den", "toan", "tinh", "thanh", "pho", "huyen", "ca", "nuoc", "tp"}
# Indicators ending in filler words: "GRDP bình quân đầu người", "giảm bình quân" (a yearly rate).
_KEEP_AT_END = {"binh quan dau nguoi", "giam binh quan", "tang binh quan", "dan so binh quan"}
# Words that say how a figure moves or what kind of number it is, not what it measures:
# "tăng bình quân", "giảm", "(đạt) tỷ lệ".
_RATE = r"t[iy] (?:le|trong)"  # "tỷ lệ", "tỷ trọng", folded
_RATE_AT_END = re.compile(rf"\s{_RATE}$")
_RATE_ONLY = re.compile(rf"^(?:(?:tang|giam)(?: truong)?(?: binh quan)?(?: hang nam| moi nam)?|{_RATE})$")
# "90.178/75.000 lao động": achieved of planned (or of all), one indicator and one unit.
_OF_TOTAL = re.compile(r"^\s*/\s*$")
_COMPARED = {key(w) for w in ("cao hơn", "thấp hơn", "nhiều hơn", "ít hơn", "lớn hơn", "nhỏ hơn")}
_UNIT_STOP = {"nam", "vao", "so", "trong", "va", "cua", "tu", "len", "den", "tang", "giam",
              "dat", "voi", "o", "tai", "theo", "la", "tren", "duoi", "khoang", "vuot", "chiem"}
# As written: a unit goes on over "đất" (ha đất), "tầng", "tài", which fold like "đạt", "tăng", "tại".
_UNIT_STOP_MARKED = {key(w) for w in (
    "năm vào số so trong và của từ lên đến tăng giảm đạt với ở tại theo là trên dưới khoảng vượt chiếm").split()}
# Words after a percentage that bound it or say what it is measured against, beyond the fillers
# ("so với", "chỉ tiêu" are fillers): "95% trở lên", "80% KH", "mức".
_SHARE_STOP = {"tro", "kh", "nq", "muc"}
# A label that names a rate or share already ("Tỷ lệ hộ nghèo còn 0,74% tổng số hộ").
_RATE_NAMED = re.compile(rf"\b{_RATE}\b")
_PLACE_TAIL = re.compile(r"\s+(?:cua|o|tai|toan)\s+(?:tinh|thanh pho|ca nuoc|vung)$")
_TARGET_WORDS = ("chi tieu", "ke hoach", "nghi quyet", "muc tieu", "phan dau", "toi thieu", "du kien", "den nam")
_ACTUAL_WORDS = ("thuc hien", "uoc", "ket qua", "dat duoc")
_UNIT_COLUMNS = ("dvt", "don vi")


@dataclass(frozen=True)
class FigureStatement:
    indicator: str  # what the figure measures, as written
    value: str  # as written in the document
    unit: str
    period: str  # table column header or the year(s) named next to the figure
    locality: str  # ", "-joined; the former merged city told apart ("Cần Thơ (cũ)")
    file: str
    document: str  # sub-document title from the manifest
    date: str
    status: str
    section: str
    line: int
    quote: str  # the sentence or table line that states the figure
    measure: str = ""  # "chỉ tiêu" (target), "thực hiện" (achieved) or "so sánh" (ratio to target)
    group: str = ""  # folded indicator key shared by the rows of one group
    disagrees: bool = False
    note: str = ""  # which other documents give another value
    # Typed reading of the statement, for answers and conflicts (ingest.periods, ingest.scope).
    span: Period = Period()  # the period as years
    stage: str = ""  # actual, estimate, target, plan or ratio (ingest.periods.STATUSES)
    chunk: str = ""  # id of the chunk that states it
    context: str = ""  # the clause or the table path around the figure: what it is about
    cell: bool = False  # the whole value of a table cell (its column says what it is), not a sentence
    # What a listed figure is a part of, named by its list's head: "Cơ cấu GRDP" of "công nghiệp và
    # xây dựng chiếm cao hơn 35%"; part of the indicator, not of what the label says alone.
    whole: str = ""

    @property
    def value_key(self) -> str:
        return value_key(self.value)


@dataclass(frozen=True)
class FigureQuery:
    numbers: frozenset[str] = frozenset()  # canonical value keys
    indicator: str = ""  # match key of the words, "" when only numbers were typed
    years: frozenset[str] = frozenset()  # years typed next to an indicator


EVERY = FigureQuery()  # no filter: every figure of a chunk


# --- keys -------------------------------------------------------------------------------

def value_key(value: str) -> str:
    """Canonical number of a value; tables write "35.000,00" or "100.00" where prose says
    "35.000" and "100": a dot before one or two final digits is a decimal point."""
    found = numbers_in(value)
    if not found:
        return value.strip()
    n = _DOT_DECIMAL.sub(r"\1,\2", found[0])
    return n.rstrip("0").rstrip(",") if "," in n else n


def value_range(value: str) -> tuple[float, float] | None:
    """The number a value states, as (low, high): "104-106" → (104, 106), "< 0,5" → (0.5, 0.5)."""
    found = list(NUMBER_SPAN.finditer(value))
    try:
        numbers = [float(value_key(m.group(0)).replace(",", ".")) for m in found[:2]]
    except ValueError:
        return None  # "1.1.2" is a list number, not a figure
    if not numbers:
        return None
    if len(numbers) == 2 and _RANGE_DASH.fullmatch(value[found[0].end():found[1].start()]):
        return min(numbers), max(numbers)
    return numbers[0], numbers[0]


def match_key(text: str) -> str:
    """Folded, variant-free form for indicator matching: 'bác sỹ trên 10.000 dân' → 'bac si/van dan'."""
    folded = fold(key(strip_markup(text)))
    folded = re.sub(r"\s*/\s*|\s+tren\s+", "/", folded)
    folded = re.sub(r"[^\w/%]+", " ", folded)
    return " ".join(folded.split())


def group_key(label: str) -> str:
    k = match_key(label)
    k = re.sub(r"^(?:\d+ )*(?:so )?", "", k)  # "12. Số bác sĩ" and "bác sĩ" measure the same
    k = re.sub(r"\s*\b\d+\b\s*/?\s*$|\s+\d+(?:\s+\d+)*(?=\s|$)", " ", k)  # "… cho 96.232/" names no figure
    k = " ".join(k.split())
    if "/" in k:
        k = re.sub(r"^ti le ", "", k)  # "tỷ lệ bác sĩ/vạn dân" is the ratio "bác sĩ/vạn dân"
    return k.strip()


def _wanted(value: str, q: FigureQuery) -> bool:
    return not q.numbers or value_key(value) in q.numbers


def statements_of(chunk: Chunk, entries: dict[str, FileEntry], q: FigureQuery = EVERY,
                  notes: dict[int, str] | None = None) -> list[FigureStatement]:
    """The figures a chunk states that the query asks for (every figure by default); `notes` gives
    a footnote line of the chunk the clause citing it (ingest.footnotes.cited_by)."""
    if chunk.kind == "table_header":
        return []
    return _table_rows(chunk, q, entries) if chunk.row else _prose_rows(chunk, q, entries, notes or {})


def _table_rows(chunk: Chunk, q: FigureQuery, entries: dict[str, FileEntry]) -> list[FigureStatement]:
    row = chunk.row
    head = " › ".join(row.path)
    if not row.cells or (q.indicator and q.indicator not in match_key(head)):
        return []
    unit = next((c.value for c in row.cells if fold(c.column).startswith(_UNIT_COLUMNS)), "")
    label = _clean_label(row.label)
    # "- Công nghiệp, xây dựng" under "1. Tốc độ tăng trưởng GRDP": the sector's growth, a part of its parent row.
    parent = row.path[-2] if len(row.path) >= 2 and row.path[-1] == row.label else ""
    whole = _clean_label(parent) if _SUB_ROW.match(row.label) and _NUMBERED_ROW.match(parent) else ""
    rows = []
    quote = chunk.text.replace("\t", " | ").strip(" |")
    for cell in row.cells:
        column, value = cell.column, cell.value
        if fold(column).startswith(_UNIT_COLUMNS):
            continue
        # Some tables have one column per locality ("Cần Thơ", "Sóc Trăng", …).
        place = column if places(column) else ""
        context = place or head
        if len(value) > _FIGURE_CELL_CHARS:
            # A cell of sentences ("Kế hoạch vốn năm 2024: 30 tỷ đồng; giải ngân …") is read as prose.
            rows += _cell_sentences(chunk, entries, q, value, f"{head} › {column}", place)
            continue
        if not _FIGURE_CELL.match(value) or not figure_numbers(value):
            # Text cells, and years ("2021-2025", "2026 - 2030, giai đoạn 2 đến năm 2045" in a
            # "thời hạn" column), are no figures.
            continue
        if q.numbers and not any(value_key(m.group(0)) in q.numbers for m in NUMBER_SPAN.finditer(value)):
            continue
        period = column if YEAR_SPAN.search(column) else _join(column, _years_text(head))
        # A target cell may carry its own deadline: ">=0,78 (đến năm 2030)".
        span = period_in(value) or period_in(period)
        # "2.520 triệu USD" in a table without a unit column: the cell writes its unit after its last number.
        written = value.split("(")[0]
        last = [m.end() for m in NUMBER_SPAN.finditer(written)][-1:]
        mention = _Mention(label or head, value, unit or (_unit_after(written, last[0]) if last else ""), period,
                           measure_of(column, column=True), span, column_status(column) or column_status(head),
                           whole=whole)
        rows.append(replace(_row(chunk, entries, mention, chunk.line_start, quote, context, head), cell=True))
    return rows


def _cell_sentences(chunk: Chunk, entries: dict[str, FileEntry], q: FigureQuery, text: str,
                    about: str, place: str) -> list[FigureStatement]:
    """The figures of a cell written in sentences, of the place the clause names, else of `place`
    (the cell's column in a table with a column per locality: "Có 75/80 xã đạt chuẩn nông thôn
    mới" under "Sóc Trăng" is Sóc Trăng's), else of the headings."""
    rows = []
    clauses = text.split(";")
    for i, clause in enumerate(clauses):
        for mention in _clause_mentions(clause, q, clauses[i - 1] if i else "", about):
            if not mention.period:
                period = _years_text(about)
                mention = mention._replace(period=period, span=period_in(period))
            rows.append(_row(chunk, entries, mention, chunk.line_start, clause.strip(),
                             clause if places(clause) or not place else place, f"{about} {clause}"))
    return rows


def _prose_rows(chunk: Chunk, q: FigureQuery, entries: dict[str, FileEntry],
                notes: dict[int, str]) -> list[FigureStatement]:
    rows = []
    lead_in = ""
    for offset, raw in enumerate(chunk.text.split("\n")):
        line = NOTE_NUMBER.sub("", strip_markup(raw))
        if not line:
            continue
        # "dự kiến các chỉ tiêu đến năm 2030 như sau:" then "- Tổng sản phẩm … (GRDP - giá hiện hành):
        # 593.335 tỷ đồng": the lead-in says of each item under it when, how it stands and by whose count.
        bullet = bool(_SUB_ROW.match(line))
        lead_in = lead_in if bullet else (line if line.endswith(":") else "")
        under = lead_in if bullet else ""
        told = next((c for c in status_cues(under) if c != ACTUAL), "")
        # "<sup>31</sup> Trong đó, năm 2022 đạt 2.285,7 triệu USD": a footnote is about what the clause
        # citing it measures ("tổng kim ngạch xuất khẩu, dịch vụ và thu ngoại tệ").
        about = notes.get(chunk.line_start + offset, "")
        measured = _measured_by(about) if about else ""
        # "<sup>31</sup> Hàng năm tai nạn giao thông được kiềm chế. Năm 2021, số vụ giảm 38,4%, …": in a
        # footnote, a terse list of figures, a sentence stating none names what those after it are of.
        note = NOTE.match(raw) is not None
        topic = ""
        for sentence in sentences(line):
            whole, head, listed = _list_head(sentence)
            clauses = listed.split(";")
            # "GRDP năm 2020 đạt 2,47%, …; năm 2021 đạt 3,08%, …": a clause naming no indicator
            # continues the one the clause before it measured, down the chain.
            before = ""
            for n, clause in enumerate(clauses):
                # The sub-document title ("Báo cáo kết quả thực hiện Nghị quyết …") says nothing
                # about whether one figure is a target: only the headings below it do.
                headings = " ".join(chunk.section[1:])
                mentions = _clause_mentions(head + clause if n == 0 else clause, q, before, headings)
                if whole:
                    # A listed item is a part of the whole, unless its own label names it already.
                    mentions = [m if fold(whole) in fold(m.label) else m._replace(whole=whole) for m in mentions]
                elif measured:
                    # "năm 2022 đạt 2.285,7 triệu USD", labelled by its unit alone: a part of what the
                    # clause citing the footnote measures.
                    mentions = [m._replace(whole=measured) if _only_unit(m) else m for m in mentions]
                before = mentions[0].label if mentions else clause
                for mention in mentions:
                    if not _wanted(mention.value, q):
                        continue
                    if told and not set(status_cues(mention.cue)) - {ACTUAL}:
                        # Its own words say no more than "tăng", "đạt": the lead-in's status holds.
                        mention = mention._replace(stage=told)
                    if not mention.period:
                        # "<sup>[5]</sup> … Ký kết … 220.000 tỷ đồng", cited by "Tổ chức Hội nghị xúc tiến
                        # đầu tư năm 2022 …<sup>[5]</sup>": a footnote's figure is of the year its citing clause says.
                        period = _years_text(under) or _one_period(about) or _years_text(chunk.section_path)
                        mention = mention._replace(period=period, span=_span(under, period))
                    rows.append(_row(chunk, entries, mention, chunk.line_start + offset, sentence.strip(), sentence,
                                     _join(about, under, topic, clause)))
            if note and not figure_numbers(sentence):
                topic = sentence.strip()
    return rows


# What a percentage is of: a growth rate ("tốc độ tăng", "tăng trưởng") or a share of a whole
# ("tỷ trọng", "cơ cấu", "chiếm"). The same sector has both, in rows side by side.
QUANTITIES = {"tăng trưởng": re.compile(r"\btoc do tang\b|\btang truong\b|\btang binh quan\b"),
              "tỷ trọng": re.compile(r"\bt[yi] trong\b|\bco cau\b|\bchiem\b")}


# "Cơ cấu GRDP đến năm 2030 dự kiến: nông nghiệp chiếm thấp hơn 16%; công nghiệp …": the words
# before the colon name what each item after it is a part of.
_LIST_COLON = re.compile(r":\s+")
_HEAD_WORDS = 12
# A head names a measured whole ("Cơ cấu GRDP", "Tỷ lệ học sinh đi học đúng độ tuổi"), not a
# topic ("Tổ chức bộ máy tiếp tục được tinh gọn: cấp tỉnh giảm 07/31 …").
_MEASURED_HEAD = re.compile(r"|".join(p.pattern for p in QUANTITIES.values())
                            + r"|\bgrdp\b|\btong san pham\b|\bt[yi] le\b|\bbinh quan dau nguoi\b")
# Where a list head stops naming what is measured and starts saying when or how.
_HEAD_END = re.compile(r"\s(?:đến|tới|trong|vào)?\s*năm\s+\d{4}|\sgiai đoạn\s|\sdự kiến|\sphấn đấu|\sđạt\b|\snhư sau",
                       re.IGNORECASE)


def _measured_by(clause: str) -> str:
    """What the clause citing a footnote measures: the label of its last figure, else nothing."""
    mentions = _clause_mentions(clause, EVERY, "", "")
    return mentions[-1].label if mentions else ""


def _only_unit(m: _Mention) -> bool:
    """A label that says nothing but the figure's unit ("triệu USD")."""
    return not set(fold(m.label).split()) - set(fold(m.unit).split())


def _list_head(sentence: str) -> tuple[str, str, str]:
    """(the whole, the head with its colon, the items) when a sentence's figures are listed after a
    colon under words that name what they are parts of ("Cơ cấu tổng sản phẩm trên địa bàn (GRDP)");
    ("", "", sentence) otherwise."""
    colon = _LIST_COLON.search(sentence)
    if not colon or figure_numbers(sentence[:colon.start()]):
        return "", "", sentence
    named = sentence[:colon.start()]
    end = _HEAD_END.search(named)
    whole = _clean_label(named[:end.start()] if end else named)
    if not _MEASURED_HEAD.search(fold(whole)) or len(whole.split()) > _HEAD_WORDS \
            or not figure_numbers(sentence[colon.end():]):
        return "", "", sentence
    return whole, named + ": ", sentence[colon.end():]


class _Mention(NamedTuple):
    label: str
    value: str
    unit: str
    period: str
    measure: str
    span: Period = Period()
    stage: str = ""  # from a column header; prose statements get theirs from `cue`
    cue: str = ""  # the words that say how the figure stands ("phấn đấu đến năm 2030 đạt")
    whole: str = ""


def _span(clause: str, period: str) -> Period:
    """The period as years; a year after "đến (năm)" is a deadline."""
    span = period_in(period)
    if span.kind == "year" and re.search(rf"(?:den|toi)\s+(?:nam\s+)?{span.end}", fold(clause)):
        return Period(span.start, span.end, "by")
    return span


def _clause_mentions(clause: str, q: FigureQuery, previous: str, section: str) -> list[_Mention]:
    """Each figure of a clause that the query asks for; `previous` is what the clause before it
    measured (its text, when it states no figure)."""
    masked = mask_non_figures(clause)
    parts = _subclauses(masked)
    out, previous_end = [], 0
    for i, (start, end) in enumerate(parts):
        if q.indicator and q.indicator not in match_key(clause[start:end]):
            continue
        spans = _figure_spans(masked, start, end, q)
        if not spans and q.indicator and i + 1 < len(parts):
            spans = _figure_spans(masked, *parts[i + 1], q)  # "bác sĩ/vạn dân, đạt 10"
        for s, e in spans:
            unit = _unit_after(clause, e)
            label = _label_of(clause, parts, s, unit, previous, q)
            if len(_clean_label(label).split()) < _MIN_LABEL_WORDS or label == unit or _names_no_thing(label):
                # "75% quần chúng tham gia …": the figure comes first, what it measures after;
                # "200 đại biểu quốc tế": a counted noun is part of what it measures.
                after = _words_after(clause, e, unit if unit == "%" else "")
                label = f"{'' if label == unit else label} {after}".strip() or label
            elif unit == "%" and not _RATE_NAMED.search(fold(label)) and (after := _share_of(clause, e)):
                # "bố trí 3% tổng chi ngân sách cho …": a share is of what is named after it.
                label = f"{label} {after}"
            period = _period_near(masked, s, e) or _date_year_before(clause, s)
            before = clause[_part_start(parts, s):s]
            context = before if "so voi" in fold(before) else f"{section} {before} {period}"
            value = re.sub(r"%(?=\s*[-–])", "", clause[s:e])  # "45% - 50%" is the range "45 - 50" in %
            mention = _Mention(label, value, unit, period, measure_of(context), _span(clause, period),
                               cue=clause[:s])
            if out and _OF_TOTAL.match(masked[previous_end:s]):
                first = out[-1]
                out[-1] = first._replace(unit=first.unit or unit)
                mention = mention._replace(label=first.label)
            out.append(mention)
            previous_end = e
    return out


def _figure_spans(masked: str, start: int, end: int, q: FigureQuery) -> list[tuple[int, int]]:
    spans = []
    for m in NUMBER_SPAN.finditer(masked, start, end):
        value = m.group(0).strip()
        if is_year(value) and not (q.numbers and value_key(value) in q.numbers):
            continue  # a year labels the period; it is a value only when asked for itself
        if _is_year_range_part(masked, m.start(), m.end()):
            continue
        if spans and _RANGE_DASH.fullmatch(masked[spans[-1][1]:m.start()]):
            spans[-1] = (spans[-1][0], m.start() + len(value))  # "35 - 40%" is one value
            continue
        spans.append((m.start(), m.start() + len(value)))
    return spans


def _is_year_range_part(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() and "-" in m.group(0).replace("–", "-")
               for m in YEAR_SPAN.finditer(text))


def _subclauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SUBCLAUSE.finditer(text):
        if _joins_compound(text, m):
            continue
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _joins_compound(text: str, m: re.Match) -> bool:
    """A spaced dash between two numbers joins a range ("35 - 40%", "45% - 50%", "2021 - 2025");
    between two words whose first letters share a case it joins a compound ("chính trị - xã hội",
    "Cần Thơ - Hậu Giang"); a capital after a lower-case word starts a new part ("thành phố - Cơ quan")."""
    if m.group(0).strip() not in ("-", "–"):
        return False
    before, after = text[:m.start()].split()[-1:], text[m.end():m.end() + 1]
    if not before or not after:
        return False
    last, first = before[0][-1], before[0][0]
    if (last.isdigit() or before[0][-2:-1].isdigit() and last == "%") and after.isdigit():
        return True
    return first.isalpha() and after.isalpha() and first.isupper() == after.isupper()


def _part_start(parts: list[tuple[int, int]], pos: int) -> int:
    return next(s for s, e in parts if s <= pos <= e)


def _label_of(clause: str, parts: list[tuple[int, int]], pos: int, unit: str, previous: str,
              q: FigureQuery) -> str:
    """What a figure measures: the words before it, else a ratio unit after it ("19 bác sĩ/vạn dân"),
    else the start of the part or clause before ("Tổng thu ngân sách tăng 15%; … đạt 57.000").
    A bare rate ("tăng bình quân 1,28%/năm") or a lone word is the subject named before it, continued."""
    i = next(k for k, (s, e) in enumerate(parts) if s <= pos <= e)
    label = _clean_label(clause[parts[i][0]:pos])
    # A lone lower-case word continues the phrase before the comma: "có bằng cấp, chứng chỉ 35 - 40%";
    # so does one that ends restating the rate: "tổ chức chính trị, chính trị - xã hội tỷ lệ đạt 74%".
    # Status words alone ("…, dự kiến đạt trên 120 triệu đồng") are no name either.
    fragment = (" " not in label and label.islower()) or _RATE_AT_END.search(fold(label)) is not None \
        or only_status(label)
    if label and not fragment and not _RATE_ONLY.match(fold(label)):
        return label
    if not label and ("/" in unit or (q.indicator and q.indicator in match_key(unit))):
        return unit
    if not label and fold(clause[parts[i][0]:pos]).split()[-1:] == ["co"]:
        return ""  # "hiện có 66 cơ sở giáo dục nghề nghiệp": what is counted comes after the count
    # The first stretch between figures that names something: "Giai đoạn 2022 - 2024, tổng thu
    # ngân sách …" names its indicator after the years. In the clause itself a name in capitals
    # ("PCI năm 2021 hạng 38/63, năm 2022 hạng 12/63") names it before the clause before does.
    stretches = lambda texts: [x for text in texts for x in map(_clean_label, _between_figures(text))
                               if x and not _RATE_ONLY.match(fold(x))]
    here = stretches(clause[s:e] for s, e in (parts[i - 1], parts[0])[: min(i, 2)])
    before = stretches([previous])
    named = lambda xs: next((x for x in xs if len(x.split()) >= _MIN_LABEL_WORDS), None)
    # The nearest one back: "…, SIPAS năm 2021 hạng 50/63, năm 2022 hạng 33/63" after PCI's ranks.
    acronym = next((x for text in (clause[s:e] for s, e in reversed(parts[:i])) for x in stretches([text])
                    if _ACRONYM.fullmatch(x)), None)
    subject = named(here) or acronym or named(before) or next(iter(here + before), "")
    return f"{subject} {label}".strip() or unit


def _names_no_thing(label: str) -> bool:
    """"Thành phố (hiện có 05 khu công nghiệp)", "Đến nay, toàn tỉnh (có 312 trường …)": where and
    when, and what is counted comes after the count."""
    words = fold(_clean_label(label)).split()
    return bool(words) and set(words) <= _WHERE_WHEN


def _between_figures(text: str) -> list[str]:
    """The stretches of a text between its figures, each figure's unit left out with it:
    "… giai đoạn 2021 - 2025 thực hiện 140.000 tỷ đồng" names nothing after "2025"."""
    masked = mask_non_figures(text)
    out, pos = [], 0
    for m in NUMBER_SPAN.finditer(masked):
        out.append(text[pos:m.start()])
        rest = text[m.end():].lstrip()
        unit = _unit_after(text, m.end())
        pos = len(text) - len(rest) + (len(unit) if unit and rest.startswith(unit) else 0)
    return out + [text[pos:]]


def _clean_label(text: str) -> str:
    """The indicator words of a text: enumerators, years, numbers and verb fillers trimmed."""
    words = ENUMERATOR.sub(" ", text).replace(":", " ").split()
    def is_noise(word: str, fillers: set[str]) -> bool:
        bare = word.strip("()[].,;:+-–•*%")
        if not bare or NUMBER_SPAN.fullmatch(bare) is not None:
            return True
        return _written_as(bare, fillers, _FILLERS_MARKED)

    while words and is_noise(words[0], _LEADING_FILLER):
        words.pop(0)
    if len(words) > 2 and key(" ".join(words[-2:])) in _COMPARED:
        del words[-2:]  # "chiếm cao hơn 35%": a bound on the figure, not what it measures
    while words and is_noise(words[-1], _FILLER) and not any(fold(" ".join(words)).endswith(k) for k in _KEEP_AT_END):
        words.pop()
    label = " ".join(words).strip(" ,;:-–")
    tail = _PLACE_TAIL.search(fold(label))
    if tail:
        label = label[: tail.start()].rstrip()
    return label[-100:]


def _words_after(clause: str, end: int, unit: str) -> str:
    rest = clause[end:].lstrip()
    rest = rest[len(unit):] if unit and rest.startswith(unit) else rest
    words = re.split(r"[,;:(.]", rest, maxsplit=1)[0].split()
    return " ".join(words[:whole_words(words, _WORDS_AFTER)])


def _share_of(clause: str, end: int) -> str:
    """The words after a percentage that name what it is a share of ("3% tổng chi ngân sách"); ""
    when a filler, a period, a bound or the whole counted follows ("15% năm 2025", "80% kế hoạch",
    "95% trở lên", "0,74% tổng số hộ")."""
    after = _words_after(clause, end, "%")
    first = after.split()[:1]
    if not first or not first[0][:1].isalpha() or fold(first[0]) in _SHARE_STOP or fold(after).startswith("tong so ") \
            or _written_as(first[0], _FILLER | _UNIT_STOP, _FILLERS_MARKED | _UNIT_STOP_MARKED):
        return ""
    return after


def _written_as(word: str, folded: set[str], marked: set[str]) -> bool:
    """`word` is one of the `folded` words; written with marks, only as `marked` writes it."""
    f = fold(word)
    return f in folded and (f == word.lower() or key(word) in marked)


def _unit_after(clause: str, end: int) -> str:
    rest = clause[end:].lstrip()
    if rest.startswith("%"):
        return "%"
    words = []
    for w in rest.split()[:4]:
        bare = w.strip(",.;:()")
        if not bare or _written_as(bare, _UNIT_STOP, _UNIT_STOP_MARKED) or any(ch.isdigit() for ch in bare) \
                or w.startswith("("):
            break
        words.append(bare)
        if w != bare:
            break
    return " ".join(words)


def _period_near(masked: str, start: int, end: int) -> str:
    """The year or year range of a figure: the one right after it ("8,36 năm 2020 lên 10 vào năm
    2025") when only words stand between, else the last one before it ("Đến năm 2030: … 19");
    never the base of a comparison ("gấp 1,5 lần so với năm 2020")."""
    years = list(YEAR_SPAN.finditer(blank_base_years(masked)))
    for m in years:
        if end <= m.start() <= end + _PERIOD_AFTER and _PLAIN_GAP.match(masked[end:m.start()]):
            return m.group(0)
    before = [m for m in years if m.end() <= start]
    return before[-1].group(0) if before else ""


def _date_year_before(clause: str, start: int) -> str:
    """"Tính đến 30/6/2023, … 2.130 hệ thống": a figure with no year of its own is of its date's."""
    dates = list(FULL_DATE.finditer(clause, 0, start))
    return dates[-1].group(1) if dates else ""


def _periods(text: str) -> list[str]:
    """The years and year spans a text names, as written, in order."""
    return [m.group(0) for m in YEAR_SPAN.finditer(text)]


def _years_text(text: str) -> str:
    found = _periods(text)
    return found[-1] if found else ""


def _one_period(text: str) -> str:
    """The period a text names, when it names one: "giai đoạn 2016 - 2021 và 2022 - 2026" is two."""
    found = _periods(text)
    return found[0] if len(found) == 1 else ""


def quantities_of(text: str) -> frozenset[str]:
    """The QUANTITIES a text names."""
    folded = fold(text)
    return frozenset(name for name, pattern in QUANTITIES.items() if pattern.search(folded))


def measure_of(context: str, column: bool = False) -> str:
    """'chỉ tiêu' for a target, 'thực hiện' for an achieved figure, 'so sánh' for a ratio to target.

    A column header names what it holds first ("Ước thực hiện chỉ tiêu Nghị quyết" is achieved);
    prose states achievements of targets ("phấn đấu … ước đạt 57.000" is a target)."""
    folded = fold(context)
    if "so voi" in folded or "ty le thuc hien" in folded:
        return "so sánh"
    if column and any(w in folded for w in _ACTUAL_WORDS):
        return "thực hiện"
    return "chỉ tiêu" if any(w in folded for w in _TARGET_WORDS) else "thực hiện"


def _join(*parts: str) -> str:
    return " › ".join(p for p in parts if p)


def _row(chunk: Chunk, entries: dict[str, FileEntry], m: _Mention, line: int, quote: str,
         context: str, about: str) -> FigureStatement:
    entry = entries.get(chunk.file)
    date = entry.date_at(line) if entry else ""
    written = written_year(date)
    stage = m.stage or statement_status(m.cue, chunk.section[1:], m.span, written)
    return FigureStatement(
        indicator=m.label.strip(), value=m.value.strip(), unit=m.unit, period=m.period,
        locality=_place(context, chunk, entry, m.span, stage), file=chunk.file,
        document=chunk.subdoc or (entry.title if entry else chunk.file),
        date=date, status=entry.status if entry else "",
        section=chunk.section_path, line=line, quote=quote, measure=m.measure, group=group_key(f"{m.whole} {m.label}"), whole=m.whole,
        span=m.span, stage=stage, chunk=chunk.id, context=about,
    )


def _place(context: str, chunk: Chunk, entry: FileEntry | None, span: Period, stage: str) -> str:
    """The localities a figure is about: named beside it, else in its headings, else the document's scope."""
    # A report written before the merger ("trước hợp nhất" in its scope) speaks of the former
    # city's 2025 too, and of its own time when it names no year; its targets beyond are the
    # ones the merged city took over.
    written_before = entry is not None and written_before_merger(entry.scope)
    if span:
        former = before_merger(span) or (written_before and span.end <= MERGER_YEAR)
    else:
        former = written_before and stage not in (TARGET, PLAN)
    # Under "Kết quả thực hiện Nghị quyết … nhiệm kỳ 2020 - 2025" the city is the former one,
    # whenever the document was written: the innermost heading with a year says.
    heading = next((p for h in reversed(chunk.section) if (p := period_in(h))), Period())
    under_former = before_merger(heading) and not (span and span.end > MERGER_YEAR)
    for text, before in ((context, former), (chunk.subdoc + " " + chunk.section_path, former or under_former),
                         (entry.scope if entry else "", former)):
        found = places(text, before)
        if found:
            return ", ".join(sorted(found))
    return ""
