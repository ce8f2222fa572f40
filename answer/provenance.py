"""Figure provenance: every place in the corpus that states a figure or an indicator.

Staff check a number before quoting it: "18,02" or "bác sĩ/vạn dân" → one row per
statement (value, unit, period, locality, document, section, line, quote), grouped by
indicator, with rows marked where two documents give different values for the same
indicator, year, locality and kind of figure (target or actual).

Numbers compare by their canonical form (ingest.normalize.numbers_in: "57.000" =
"57 000" = "57000"); indicators compare on the diacritic-folded key form, so "bác sỹ/vận
dân", "bác sĩ trên 10.000 dân" and "bac si/van dan" are one indicator. Table rows carry
their column header ("Năm 2024 › Ước thực hiện cả năm") as the period.

The label of a figure stated in prose is found by heuristics (the words before the
number, minus verbs like "đạt", "phấn đấu"); they are good enough to group and are
never used to answer questions.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ingest.scope import localities_in
from ingest.chunks import Chunk
from ingest.manifest import FileEntry
from ingest.normalize import fold, key, numbers_in
from ingest.structure import strip_markup

DEFAULT_LIMIT = 2000

# Same shape as ingest.normalize's number pattern, anchored so that "A1" or "1.1.2" pieces
# are not read as figures; spans are kept so the text around a number can be read.
_NUMBER_SPAN = re.compile(r"(?<![\w,.])\d{1,3}(?:[. ]\d{3})+(?:,\d+)?(?!\d)|(?<![\w,.])\d+(?:[.,]\d+)*")
_ENUMERATOR = re.compile(r"\(\d{1,2}\)|^\s*\d{1,2}(?:\.\d{1,2})*[.)](?=\s)")
# "10.000 dân" in "bác sĩ trên 10.000 dân" is part of the indicator's name, not a figure.
_PER_TEN_THOUSAND = re.compile(r"(?:1/)?10[.\s]?000(?=\s+(?:người\s+)?dân\b)")
_YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")
_YEAR_SPAN = re.compile(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?:\s*[-–]\s*(?:19[5-9]\d|20\d\d))?(?!\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_SUBCLAUSE = re.compile(r",\s+|\s+[-–]\s+|\s*[()]\s*")
# Document numbers ("44-NQ/TW", "320/BC-UBND") are names, not figures.
_DOC_NUMBER = re.compile(r"(?<![\w,.])\d+(?=[/-][A-ZĐ]|\s[A-ZĐ]{2,}[/-])")
# A user typing "18.02" means the decimal "18,02": a dot followed by other than 3 digits.
_DOT_DECIMAL = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2}|\d{4,})(?![\d.,])")

# Words around a figure that say how it is reached, not what it measures.
_FILLER = {
    "dat", "uoc", "phan", "dau", "khoang", "tren", "duoi", "toi", "thieu", "da", "la", "con",
    "tang", "giam", "len", "tu", "bang", "vao", "nam", "den", "duoc", "hon", "gan",
    "co", "moi", "hang", "voi", "chiem", "trong", "do", "thi", "va", "vuot", "binh", "quan",
    "ke", "hoach", "chi", "tieu", "nghi", "quyet", "so", "sanh", "cuoi", "ky", "nhiem", "giai",
    "doan", "khong", "it", "nhat", "ca", "xuong",
}
# At the start of a label only these go: "Giảm tỷ lệ hộ nghèo" and "Tăng trưởng" name indicators.
_LEADING_FILLER = {"dat", "uoc", "phan", "dau", "den", "nam", "trong", "do", "la", "con", "va", "thi",
                   "co", "khoang", "tu", "vao", "hang", "moi", "cuoi", "ky", "nhiem", "giai", "doan",
                   "nghi", "quyet", "ke", "hoach", "chi", "tieu"}
# Indicators ending in filler words: "GRDP bình quân đầu người", "giảm bình quân" (a yearly rate).
_KEEP_AT_END = {"binh quan dau nguoi", "giam binh quan", "tang binh quan"}
_UNIT_STOP = {"nam", "vao", "so", "trong", "va", "cua", "tu", "len", "den", "tang", "giam",
              "dat", "voi", "o", "tai", "theo", "la", "tren", "duoi", "khoang", "vuot", "chiem"}
_PLACE_TAIL = re.compile(r"\s+(?:cua|o|tai|toan)\s+(?:tinh|thanh pho|ca nuoc|vung)$")
_TARGET_WORDS = ("chi tieu", "ke hoach", "nghi quyet", "muc tieu", "phan dau", "toi thieu", "du kien", "den nam")
_ACTUAL_WORDS = ("thuc hien", "uoc", "ket qua", "dat duoc")
_UNIT_COLUMNS = ("dvt", "don vi")


@dataclass(frozen=True)
class ProvenanceRow:
    indicator: str  # what the figure measures, as written
    value: str  # as written in the document
    unit: str
    period: str  # table column header or the year(s) named next to the figure
    locality: str
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

    @property
    def value_key(self) -> str:
        return _value_key(self.value)



@dataclass(frozen=True)
class FigureGroup:
    indicator: str
    key: str
    rows: tuple[ProvenanceRow, ...]

    @property
    def disagreement(self) -> bool:
        return any(r.disagrees for r in self.rows)


@dataclass(frozen=True)
class FigureQuery:
    numbers: frozenset[str]  # canonical value keys
    indicator: str  # match key of the words, "" when only numbers were typed
    years: frozenset[str] = field(default_factory=frozenset)  # years typed next to an indicator


# --- keys -------------------------------------------------------------------------------

def _value_key(value: str) -> str:
    """Canonical number of a value; tables write "35.000,00" where prose says "35.000"."""
    found = numbers_in(value)
    if not found:
        return value.strip()
    n = found[0]
    return n.rstrip("0").rstrip(",") if "," in n else n


def match_key(text: str) -> str:
    """Folded, variant-free form for indicator matching: 'bác sỹ trên 10.000 dân' → 'bac si/van dan'."""
    folded = fold(key(strip_markup(text)))
    folded = re.sub(r"\s*/\s*|\s+tren\s+", "/", folded)
    folded = re.sub(r"[^\w/%]+", " ", folded)
    return " ".join(folded.split())


def group_key(label: str) -> str:
    k = match_key(label)
    k = re.sub(r"^(?:\d+ )*(?:so )?", "", k)  # "12. Số bác sĩ" and "bác sĩ" measure the same
    if "/" in k:
        k = re.sub(r"^ti le ", "", k)  # "tỷ lệ bác sĩ/vạn dân" is the ratio "bác sĩ/vạn dân"
    return k.strip()


def parse_query(query: str) -> FigureQuery:
    """Numbers and the indicator words of a query; years next to words filter the period."""
    text = _DOT_DECIMAL.sub(r"\1,\2", " ".join((query or "").split()))
    numbers = {_value_key(m.group(0)) for m in _NUMBER_SPAN.finditer(text)}
    words = match_key(_NUMBER_SPAN.sub(" ", text))
    words = re.sub(r"\b(?:nam|so lieu|chi tieu)\b", " ", words) if numbers else words
    words = " ".join(words.split())
    years = {n for n in numbers if _YEAR.match(n)}
    if words and years:
        return FigureQuery(frozenset(numbers - years), words, frozenset(years))
    return FigureQuery(frozenset(numbers), words)


# --- finding statements -------------------------------------------------------------------

@lru_cache(maxsize=16384)
def _searchable(search_text: str) -> str:
    return match_key(search_text)


@lru_cache(maxsize=16384)
def _values_of(text: str) -> frozenset[str]:
    return frozenset(_value_key(m.group(0)) for m in _NUMBER_SPAN.finditer(text))


def warm_up(chunks: list[Chunk]) -> None:
    """Compute the per-chunk match keys once (about 2 s for the corpus) so the first query is fast."""
    for chunk in chunks:
        _searchable(chunk.search_text)
        _values_of(chunk.text)


def find_figure(query: str, chunks: list[Chunk], entries: dict[str, FileEntry],
                limit: int = DEFAULT_LIMIT) -> list[ProvenanceRow]:
    """Every statement of the queried number and/or indicator, in corpus order."""
    q = parse_query(query)
    if not q.numbers and not q.indicator:
        return []
    rows: list[ProvenanceRow] = []
    for chunk in chunks:
        if chunk.kind == "table_header":
            continue
        if q.indicator and q.indicator not in _searchable(chunk.search_text):
            continue
        if q.numbers and not q.numbers & _values_of(chunk.text):
            continue
        found = _table_rows(chunk, q, entries) if chunk.record else _prose_rows(chunk, q, entries)
        rows.extend(r for r in found if _in_years(r, q))
        if len(rows) >= limit:
            return rows[:limit]
    return rows


def _in_years(row: ProvenanceRow, q: FigureQuery) -> bool:
    return not q.years or any(y in row.period or y in row.quote for y in q.years)


def _wanted(value: str, q: FigureQuery) -> bool:
    return not q.numbers or _value_key(value) in q.numbers


def _table_rows(chunk: Chunk, q: FigureQuery, entries: dict[str, FileEntry]) -> list[ProvenanceRow]:
    head, sep, pairs = chunk.record.partition(" — ")
    if not sep:
        return []
    if q.indicator and q.indicator not in match_key(head):
        return []
    cells = _cells(pairs)
    unit = next((v for c, v in cells if fold(c).startswith(_UNIT_COLUMNS)), "")
    label = _clean_label(head.split(" › ")[-1])
    rows = []
    for column, value in cells:
        if fold(column).startswith(_UNIT_COLUMNS) or not _NUMBER_SPAN.search(value):
            continue
        if q.numbers and not any(_value_key(m.group(0)) in q.numbers for m in _NUMBER_SPAN.finditer(value)):
            continue
        period = column if _YEAR_SPAN.search(column) else _join(column, _years_text(head))
        # Some tables have one column per locality ("Cần Thơ", "Sóc Trăng", …).
        context = column if localities_in(column) else head
        rows.append(_row(chunk, entries, _Mention(label or head, value, unit or ("%" if "%" in value else ""),
                                                  period, measure_of(column, column=True)),
                         chunk.line_start, chunk.text.replace("\t", " | ").strip(" |"), context))
    return rows


def _cells(pairs: str) -> list[tuple[str, str]]:
    """'Năm 2024 › Ước: 0,09; Ghi chú: Đạt NQ' → [(column, value)]; a '; ' inside a value stays."""
    cells: list[tuple[str, str]] = []
    for part in pairs.split("; "):
        column, colon, value = part.partition(": ")
        if colon:
            cells.append((column.strip(), value.strip()))
        elif cells:
            cells[-1] = (cells[-1][0], cells[-1][1] + "; " + part)
    return cells


def _prose_rows(chunk: Chunk, q: FigureQuery, entries: dict[str, FileEntry]) -> list[ProvenanceRow]:
    rows = []
    for offset, raw in enumerate(chunk.text.split("\n")):
        line = strip_markup(raw)
        if not line:
            continue
        for sentence in _SENTENCE_END.split(line):
            clauses = sentence.split(";")
            for i, clause in enumerate(clauses):
                # The sub-document title ("Báo cáo kết quả thực hiện Nghị quyết …") says nothing
                # about whether one figure is a target: only the headings below it do.
                headings = " ".join(chunk.section[1:])
                for mention in _clause_mentions(clause, q, clauses[i - 1] if i else "", headings):
                    if not _wanted(mention.value, q):
                        continue
                    if not mention.period:
                        mention = mention._replace(period=_years_text(chunk.section_path))
                    rows.append(_row(chunk, entries, mention, chunk.line_start + offset, sentence.strip(), sentence))
    return rows


class _Mention(NamedTuple):
    label: str
    value: str
    unit: str
    period: str
    measure: str


def _clause_mentions(clause: str, q: FigureQuery, previous: str, section: str) -> list[_Mention]:
    """Each figure of a clause that the query asks for; `previous` is the clause before it."""
    masked = _mask_non_figures(clause)
    parts = _subclauses(masked)
    out = []
    for i, (start, end) in enumerate(parts):
        if q.indicator and q.indicator not in match_key(clause[start:end]):
            continue
        spans = _figure_spans(masked, start, end, q)
        if not spans and q.indicator and i + 1 < len(parts):
            spans = _figure_spans(masked, *parts[i + 1], q)  # "bác sĩ/vạn dân, đạt 10"
        for s, e in spans:
            unit = _unit_after(clause, e)
            label = _label_of(clause, parts, s, unit, previous, q)
            period = _period_near(masked, s, e)
            before = clause[_part_start(parts, s):s]
            context = before if "so voi" in fold(before) else f"{section} {before} {period}"
            out.append(_Mention(label, clause[s:e], unit, period, measure_of(context)))
    return out


def _figure_spans(masked: str, start: int, end: int, q: FigureQuery) -> list[tuple[int, int]]:
    spans = []
    for m in _NUMBER_SPAN.finditer(masked, start, end):
        value = m.group(0).strip()
        if _YEAR.match(value) and not (q.numbers and _value_key(value) in q.numbers):
            continue  # a year labels the period; it is a value only when asked for itself
        if _is_year_range_part(masked, m.start(), m.end()):
            continue
        spans.append((m.start(), m.start() + len(value)))
    return spans


def _is_year_range_part(text: str, start: int, end: int) -> bool:
    return any(m.start() <= start and end <= m.end() and "-" in m.group(0).replace("–", "-")
               for m in _YEAR_SPAN.finditer(text))


def _mask_non_figures(text: str) -> str:
    """List marks and the '10.000' of 'vạn dân' blanked out, positions unchanged."""
    blank = lambda m: " " * len(m.group(0))
    return _DOC_NUMBER.sub(blank, _PER_TEN_THOUSAND.sub(blank, _ENUMERATOR.sub(blank, text)))


def _subclauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SUBCLAUSE.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _part_start(parts: list[tuple[int, int]], pos: int) -> int:
    return next(s for s, e in parts if s <= pos <= e)


def _label_of(clause: str, parts: list[tuple[int, int]], pos: int, unit: str, previous: str,
              q: FigureQuery) -> str:
    """What a figure measures: the words before it, else a ratio unit after it ("19 bác sĩ/vạn dân"),
    else the start of the part or clause before ("Tổng thu ngân sách tăng 15%; … đạt 57.000")."""
    i = next(k for k, (s, e) in enumerate(parts) if s <= pos <= e)
    label = _clean_label(clause[parts[i][0]:pos])
    if label:
        return label
    if "/" in unit or (q.indicator and q.indicator in match_key(unit)):
        return unit
    earlier = [clause[s:e] for s, e in (parts[i - 1], parts[0])[: min(i, 2)]] + [previous]
    for text in earlier:
        label = _clean_label(_NUMBER_SPAN.split(_mask_non_figures(text))[0])
        if label:
            return label
    return unit


def _clean_label(text: str) -> str:
    """The indicator words of a text: enumerators, years, numbers and verb fillers trimmed."""
    words = _ENUMERATOR.sub(" ", text).replace(":", " ").split()
    def is_noise(word: str, fillers: set[str]) -> bool:
        bare = word.strip("()[].,;:+-–•*%")
        return not bare or fold(bare) in fillers or _NUMBER_SPAN.fullmatch(bare) is not None

    while words and is_noise(words[0], _LEADING_FILLER):
        words.pop(0)
    while words and is_noise(words[-1], _FILLER) and not any(fold(" ".join(words)).endswith(k) for k in _KEEP_AT_END):
        words.pop()
    label = " ".join(words).strip(" ,;:-–")
    tail = _PLACE_TAIL.search(fold(label))
    if tail:
        label = label[: tail.start()].rstrip()
    return label[-100:]


def _unit_after(clause: str, end: int) -> str:
    rest = clause[end:].lstrip()
    if rest.startswith("%"):
        return "%"
    words = []
    for w in rest.split()[:4]:
        bare = w.strip(",.;:()")
        if not bare or fold(bare) in _UNIT_STOP or any(ch.isdigit() for ch in bare) or w.startswith("("):
            break
        words.append(bare)
        if w != bare:
            break
    return " ".join(words)


def _period_near(masked: str, start: int, end: int) -> str:
    """The year or year range of a figure: the one right after it ("8,36 năm 2020 lên 10 vào năm
    2025") unless another figure comes first, else the last one before it ("Đến năm 2030: … 19")."""
    years = list(_YEAR_SPAN.finditer(masked))
    figures = [m.start() for m in _NUMBER_SPAN.finditer(masked) if not _YEAR.match(m.group(0))]
    for m in years:
        if m.start() >= end and not any(end <= f < m.start() for f in figures):
            return m.group(0)
    before = [m for m in years if m.end() <= start]
    return before[-1].group(0) if before else ""


def _years_text(text: str) -> str:
    found = [m.group(0) for m in _YEAR_SPAN.finditer(text)]
    return found[-1] if found else ""


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
         context: str) -> ProvenanceRow:
    entry = entries.get(chunk.file)
    return ProvenanceRow(
        indicator=m.label.strip(), value=m.value.strip(), unit=m.unit, period=m.period,
        locality=_locality(context, chunk, entry), file=chunk.file,
        document=chunk.subdoc or (entry.title if entry else chunk.file),
        date=entry.date if entry else "", status=entry.status if entry else "",
        section=chunk.section_path, line=line, quote=quote, measure=m.measure, group=group_key(m.label),
    )


def _locality(context: str, chunk: Chunk, entry: FileEntry | None) -> str:
    for text in (context, chunk.subdoc + " " + chunk.section_path, entry.scope if entry else ""):
        places = localities_in(text)
        # "Thừa Thiên Huế" also matches "Huế": keep the longest names only.
        places = {p for p in places if not any(p != o and p in o for o in places)}
        if places:
            return ", ".join(sorted(places))
    return ""


# --- grouping ---------------------------------------------------------------------------

def group_rows(rows: list[ProvenanceRow], entries: dict[str, FileEntry] | None = None) -> list[FigureGroup]:
    """Rows grouped by indicator key, each row marked when another document disagrees with it.

    Two rows disagree when they come from different files and give different values for the
    same indicator, year, locality and kind of figure (target, achieved, ratio to target)."""
    buckets: dict[str, list[ProvenanceRow]] = {}
    for r in rows:
        buckets.setdefault(r.group, []).append(r)
    groups = []
    for k, members in buckets.items():
        marked = _mark_disagreements(members)
        marked.sort(key=lambda r: (_sort_year(r), _recency(r, entries), r.file, r.line))
        label = Counter(r.indicator for r in marked if group_key(r.indicator) == k).most_common(1)
        groups.append(FigureGroup(label[0][0] if label else marked[0].indicator, k, tuple(marked)))
    groups.sort(key=lambda g: (-g.disagreement, -len(g.rows), g.key))
    return groups


def _comparable(r: ProvenanceRow) -> tuple[str, str, str] | None:
    years = sorted(set(m.group(0) for m in _YEAR_SPAN.finditer(r.period)))
    if not years:
        return None  # without a year two figures may describe different periods
    return (" ".join(years), r.locality, r.measure)


def _mark_disagreements(rows: list[ProvenanceRow]) -> list[ProvenanceRow]:
    by_key: dict[tuple, list[ProvenanceRow]] = {}
    for r in rows:
        k = _comparable(r)
        if k:
            by_key.setdefault(k, []).append(r)
    out = []
    for r in rows:
        others = [s for s in by_key.get(_comparable(r), []) if s.file != r.file and s.value_key != r.value_key]
        if others:
            note = "Khác với: " + "; ".join(f"{s.value} ({s.file}, dòng {s.line})" for s in others[:3])
            out.append(replace(r, disagrees=True, note=note))
        else:
            out.append(r)
    return out


def _sort_year(r: ProvenanceRow) -> str:
    m = _YEAR_SPAN.search(r.period)
    return m.group(0) if m else "9999"


def _recency(r: ProvenanceRow, entries: dict[str, FileEntry] | None) -> str:
    # Newest document first within a year: invert the ISO date's characters.
    date = entries[r.file].date if entries and r.file in entries else r.date
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


# --- export -----------------------------------------------------------------------------

CSV_COLUMNS = ("chỉ tiêu (nhóm)", "chỉ tiêu", "giá trị", "đơn vị", "kỳ/năm", "địa phương", "tệp", "văn bản",
               "ngày", "trạng thái", "mục", "dòng", "trích dẫn", "khác biệt", "ghi chú")


def _safe_cell(text: str) -> str:
    # Spreadsheets run a cell starting with = + - @ as a formula; table labels often start with + or -.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: list[ProvenanceRow] | list[FigureGroup]) -> str:
    """CSV text, one line per row (groups are flattened in order)."""
    flat = [r for g in rows for r in g.rows] if rows and isinstance(rows[0], FigureGroup) else list(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in flat:
        writer.writerow([_safe_cell(str(v)) for v in (
            r.group, r.indicator, r.value, r.unit, r.period, r.locality, r.file, r.document, r.date, r.status,
            r.section, r.line, r.quote, "có" if r.disagrees else "", r.note)])
    return out.getvalue()
