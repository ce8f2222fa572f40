"""Pick the sentence, clause, list or table record that answers, scored at sentence level.

A unit scores by the question's terms it covers (weighted by rarity), the years and
figures of the question that it repeats, and whether it states a figure at all when the
question asks for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from answer.figures import common_noun, figures_in
from answer.question import PERCENT_WORDS, QUESTION_WORDS
from index.lexical import IDF_SHIFT
from ingest.chunks import Chunk
from ingest.docrefs import reference_words
from ingest.normalize import fold, numbers_in, tokens, with_abbreviations
from ingest.patterns import sentences, years_in
from ingest.periods import names_scenario, period_in, states_term, terms_in
from ingest.scope import MERGER_WORDS, localities_in, marks_merger
from ingest.tables import Cell, TableRecord, is_numeric

# The sentence picker compares folded syllables, so every question word goes, marks or not.
_FOLDED_QUESTION_WORDS = {fold(w) for w in QUESTION_WORDS}
# "ba khâu đột phá", "bốn trụ cột": the count of what is asked, never what a passage is about.
# Matched with their diacritics, so "Hải", "Bà", "Tám" in names are not taken for numbers.
NUMBER_WORDS = set("một hai ba bốn sáu bảy tám chín mười".split())
_ASKS_FIGURE = re.compile(r"bao nhi[eê]u|m[aấ]y\b|t[iỉ] l[eệ]|bn\b|%|ph[aầ]n tr[aă]m|chỉ tiêu|chi tieu|mục tiêu|muc tieu|số\b|so luong|số lượng", re.IGNORECASE)
_ASKS_LIST = re.compile(r"là gì|la gi|gồm|gom|những gì|nhung gi|(?:các|những) .* nào|(?:cac|nhung) .* nao|kể tên|ke ten|liệt kê|liet ke|nội dung", re.IGNORECASE)
# Prefer the shortest unit that covers the question: a clause over its whole sentence.
LENGTH_PENALTY = 0.0003
RECORD_LABEL_WEIGHT = 0.2
# A passage under a scenario heading answers only a question about the scenario.
SCENARIO_PENALTY = 0.3
# A question joining two things ("… về A và B") whose answer leaves out this share of its weight
# is answered with a second unit, within COMPLEMENT_LINES, that states COMPLEMENT_COVER of the rest.
_JOINED = re.compile(r"\s(?:và|va)\s|,")
COMPLEMENT_SHARE, COMPLEMENT_COVER, COMPLEMENT_LINES = 0.25, 0.6, 20
# A term found only in the section path ("2. Chỉ tiêu cụ thể") counts, a little less.
CONTEXT_CREDIT = 0.8


@dataclass(frozen=True)
class Unit:
    chunk: Chunk
    text: str
    score: float
    coverage: float  # share of the question's weighted terms present in the unit
    sentence: str = ""  # the whole sentence a clause is cut from ("" for a sentence or a record)


def question_terms(question: str) -> list[str]:
    """Folded syllables that carry the question's content.

    Abbreviations stay whole (a passage may spell them out), and localities and years are
    left to their own checks, so "TP Cần Thơ (cũ) năm 2024" adds nothing here."""
    places = {w for p in localities_in(question) for w in fold(p).split()} | (MERGER_WORDS if marks_merger(question) else set())
    years = years_in(question)
    # "Phụ lục IV BC 320" says where to look (service._fit ranks by it), not what is asked.
    where = with_abbreviations(reference_words(question))
    question = PERCENT_WORDS.sub(" ", question)
    return [f for f in (fold(t) for t in tokens(question, expand=False) if t not in NUMBER_WORDS)
            if f not in _FOLDED_QUESTION_WORDS and f not in places and f not in years and f not in where]


def unit_terms(text: str) -> set[str]:
    """Folded syllables of a passage, plus the abbreviations whose expansion it spells out."""
    return with_abbreviations({fold(t) for t in tokens(text)})


def asks_figure(question: str) -> bool:
    return bool(_ASKS_FIGURE.search(question))


def asks_list(question: str) -> bool:
    return bool(_ASKS_LIST.search(question)) and not asks_figure(question)


def split_units(chunk: Chunk) -> list[tuple[str, str]]:
    """(unit, its sentence): sentences, and the ';'-clauses of each; a table record is one unit."""
    if chunk.record:
        return [(chunk.record, chunk.record)]
    units = []
    for line in chunk.content.split("\n"):
        for sentence in sentences(line.strip()):
            if not sentence:
                continue
            clauses = [c.strip() for c in sentence.split("; ") if c.strip()]
            if len(clauses) > 1:
                units.extend((c, sentence) for c in clauses)
            units.append((sentence, sentence))
    return units


def _lead(unit: str, sentence: str) -> str:
    """Keep the frame of a clause ("(13) Đến năm 2030:") so the figure reads in context."""
    if unit == sentence or sentence.startswith(unit) or ":" not in sentence[:60]:
        return unit
    head = sentence.split(":", 1)[0] + ":"
    return f"{head} … {unit}"


VALUE_TERMS = 3  # question words, beyond the row's label, that make a cell's text relevant
# "Làm vào năm nào?" asks for the row's term, "ai chủ trì?" for who leads it, whatever the columns are called.
_COLUMN_ASKED = (
    (re.compile(r"\b(?:khi nao|nam nao|bao gio|luc nao|thoi han|thoi gian|giai doan nao|den nam nao)\b"),
     re.compile(r"\b(?:thoi han|thoi gian)\b")),
    (re.compile(r"\b(?:ai|co quan nao|don vi nao|chu tri)\b"), re.compile(r"\bchu tri\b")),
    (re.compile(r"\bnguon (?:von|luc)\b|\bvon (?:nao|gi|o dau|tu dau)\b|\bbang von\b|\bkinh phi\b"),
     re.compile(r"\bnguon (?:von|luc)\b")),
    # "đã ban hành văn bản nào", "đang ở giai đoạn nào", "tiến độ": what the report says has been done.
    (re.compile(r"\b(?:tinh hinh|tien do|den dau|van ban nao|da ban hanh|dang o giai doan nao|ket qua thuc hien)\b"),
     re.compile(r"\btinh hinh\b")),
    (re.compile(r"\b(?:cap nao|ai|co quan nao) (?:phe duyet|trinh)\b|\bcap (?:trinh|phe duyet)\b"),
     re.compile(r"\bcap (?:trinh|phe duyet)\b")),
    (re.compile(r"\bphoi hop\b"), re.compile(r"\bphoi hop\b")),
)


def asked_columns(question: str) -> list[re.Pattern]:
    """The kinds of column a question asks for by what they hold ("khi nào" → the term)."""
    folded = fold(question)
    return [column for cue, column in _COLUMN_ASKED if cue.search(folded)]


def holds_asked(row: TableRecord, question: str) -> bool:
    """Whether a row has a column of a kind the question asks for: a project's term, lead, funding."""
    asked = asked_columns(question)
    return any(column.search(fold(c.column)) for c in row.cells for column in asked if c.value.strip())


def record_answer(row: TableRecord, question: str, whole: bool = True) -> str:
    """A table row cut to the label and the columns the question is about; when it is about none,
    every column, or (not `whole`: one item of a list) the label alone."""
    terms = set(question_terms(question))
    q_years = years_in(question)

    asked = asked_columns(question)
    label = {fold(t) for t in tokens(row.label)}
    asked_for = lambda cell: any(column.search(fold(cell.column)) for column in asked)

    def relevant(cell: Cell) -> bool:
        col_years = years_in(cell.column)
        if q_years and col_years and not q_years & col_years:
            return False
        # A long cell ("Báo cáo tình hình thực hiện: … Kế hoạch vốn … giải ngân …") is asked for by its words.
        said = terms & {fold(t) for t in tokens(cell.value)} - label
        return (bool(terms & {fold(t) for t in tokens(cell.column)}) or bool(q_years & col_years)
                or asked_for(cell) or len(said) >= VALUE_TERMS)

    unit = [c for c in row.cells if c.column.startswith(("ĐVT", "Đơn vị"))]
    # A table with a column per place ("Cần Thơ", "Sóc Trăng", "Hậu Giang"): the place asked is its column.
    asked_places = localities_in(question)
    chosen = [c for c in row.cells if asked_places & localities_in(c.column)] \
        or [c for c in row.cells if relevant(c) and c not in unit] or [c for c in row.cells if c not in unit and whole]
    if not chosen:
        return row.label
    # The column the question asks for by its kind ("năm nào" → the term) first: a long row is cut.
    chosen.sort(key=lambda c: not asked_for(c))
    if unit:
        measure = common_noun(unit[0].value)
        shown = [_with_unit(c, measure) for c in chosen]
        bare = [c for c, s in zip(chosen, shown) if _pair(c) == s and any(ch.isdigit() for ch in c.value)]
        # Once every figure carries the unit, the ĐVT cell only repeats it.
        return f"{row.label} — " + "; ".join(([] if not bare else [_pair(unit[0])]) + shown)
    return f"{row.label} — " + "; ".join(_pair(c) for c in chosen)


def _pair(cell: Cell) -> str:
    return f"{cell.column}: {cell.value}"


def _with_unit(cell: Cell, unit: str) -> str:
    """'Ước thực hiện cả năm: 99,00' reads '… 99,00%' under ĐVT %, and '… 3 xã' under ĐVT Xã."""
    if not unit or not is_numeric(cell.value) or cell.value.endswith("%"):
        return _pair(cell)
    return f"{cell.column}: {cell.value}{unit if unit == '%' else ' ' + unit}"


def score_units(question: str, chunks: list[Chunk], idf: dict[str, float], wants_figure: bool | None = None) -> list[Unit]:
    """Every unit of `chunks`, scored against the question and best first. `wants_figure`: whether
    units stating figures are preferred; by default, whether the question's words ask for one."""
    terms = question_terms(question)
    weights = {t: idf.get(t, 3.0) for t in set(terms)}
    bigrams = {f"{a}_{b}" for a, b in zip(terms, terms[1:])}
    total = sum(weights.values()) or 1.0
    q_years = years_in(question)
    # "nhiệm kỳ 2025 - 2030" is not stated by a passage on "2020 - 2025", though both write 2025.
    q_term = period_in(question) if q_years else None
    q_numbers = {n for n in numbers_in(question) if n not in q_years}
    wants_figure = asks_figure(question) if wants_figure is None else wants_figure
    asks_scenario = names_scenario(question)
    units: list[Unit] = []
    for rank, chunk in enumerate(chunks):
        context = unit_terms(" ".join(chunk.section))
        scenario = names_scenario(" ".join(chunk.section))
        for text, sentence in split_units(chunk):
            shown = record_answer(chunk.row, question) if chunk.row else _lead(text, sentence)
            folded = [fold(t) for t in tokens(shown)]
            # A row is judged by all it says (every column's name and value), though it shows fewer.
            present = with_abbreviations(set(folded) | ({fold(t) for t in tokens(text)} if chunk.row else set()))
            covered = sum(w for t, w in weights.items() if t in present)
            in_context = sum(w for t, w in weights.items() if t not in present and t in context)
            coverage = (covered + CONTEXT_CREDIT * in_context) / total
            pair_hits = len(bigrams & {f"{a}_{b}" for a, b in zip(folded, folded[1:])})
            nums = set(numbers_in(text))
            score = coverage + 0.05 * pair_hits - 0.02 * rank - LENGTH_PENALTY * len(shown)
            if q_years:
                where = text + " " + " ".join(chunk.section)
                spans = terms_in(where) if q_term.kind == "range" else []
                states = states_term(q_term, spans) if spans else q_years & years_in(where)
                score += 0.15 if states else -0.15
            if q_numbers and q_numbers & nums:
                score += 0.3
            if wants_figure:
                score += 0.1 if figures_in(text) else -0.2
            if chunk.row:
                score += RECORD_LABEL_WEIGHT * label_precision(chunk.row, set(terms))
            if scenario and not asks_scenario:
                score -= SCENARIO_PENALTY
            units.append(Unit(chunk, shown, score, coverage, sentence if text != sentence and not chunk.row else ""))
    units.sort(key=lambda u: -u.score)
    return units


def left_out(question: str, answer: str, idf: dict[str, float]) -> dict[str, float]:
    """"Mục tiêu gì về hộ nghèo và xã nông thôn mới kiểu mẫu": the question's terms, by weight, that
    an answer leaves out when that is a good part of what a question joins with "và" or a comma;
    empty when it says it all or the question joins nothing."""
    if not _JOINED.search(question):
        return {}
    # Weighed without retrieval's idf shift: "nước sạch" is a part of the question, though common.
    weights = {t: idf.get(t, 3.0) + IDF_SHIFT for t in set(question_terms(question))}
    said = unit_terms(answer)
    left = {t: w for t, w in weights.items() if t not in said}
    return left if sum(left.values()) >= COMPLEMENT_SHARE * (sum(weights.values()) or 1.0) else {}


def complement(left: dict[str, float], answer: str, file: str, line: int, units: list[Unit]) -> Unit | None:
    """The unit near the answer (cited at `file`:`line`) in the same document that states most of
    what it `left` out (left_out), when that is at least COMPLEMENT_COVER of it."""
    plain, need = answer.replace("**", ""), sum(left.values())
    best, best_share = None, COMPLEMENT_COVER
    for u in units:
        if u.chunk.file != file or abs(u.chunk.line_start - line) > COMPLEMENT_LINES or u.text in plain:
            continue
        stated = unit_terms(u.text)
        share = sum(w for t, w in left.items() if t in stated) / need
        if share > best_share or (best is None and share >= best_share):
            best, best_share = u, share
    return best


def label_precision(row: TableRecord, terms: set[str]) -> float:
    """Share of a table row's label that the question names: "Tỷ lệ hộ nghèo" beats
    "Mức giảm tỷ lệ hộ nghèo" for a question about the rate itself."""
    words = [fold(t) for t in tokens(row.label) if not t[0].isdigit()]
    return sum(w in terms for w in words) / len(words) if words else 0.0


def idf_table(bm25) -> dict[str, float]:
    return {term: float(bm25.idf[i]) for term, i in bm25.vocab.items() if not term.startswith("=") and "_" not in term}
