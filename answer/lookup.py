"""Figure answers from the catalogue: the record that states what was asked, every copy of it,
and every other document that states the same indicator differently.

Conflicts come from the whole catalogue, not from the retrieved passages: a record with
the same indicator, locality, period and status but another value, in another file, is a
disagreement, and the newest or most authoritative document's value leads. An estimate
beside a result, or a target beside an achievement, is not a disagreement but is named
too, as a different status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from answer.cite import authority
from answer.figures import common_noun, figures_in, highlight
from answer.question import Question
from answer.rank import MEASURE_WORDS, Scored, coverage, enclosed, misfit, question_weights, score_figures, undated_fits
from index.catalogue import Catalogue
from ingest.manifest import FileEntry
from ingest.normalize import fold
from ingest.patterns import NUMBER_SPAN
from ingest.periods import ACTUAL, ESTIMATE, PLAN, RATIO, TARGET, assessment_in, over_term, written_year
from ingest.statements import FigureStatement, value_range
from ingest.tables import TableRecord

# Share of the question's subject (its rare, non-generic terms) a record must state.
MIN_COVERAGE = 0.5
MIN_SUBJECT_WORDS = 2
# Records sharing a term held by more records than this are not looked up by that term.
MAX_POSTINGS = 400
# Two labels name the same indicator when they share this share of their syllables.
SAME_LABEL = 0.5
# …or when both labels hold this share of the question's subject: the question names the indicator.
SAME_SUBJECT = 0.75
RIVAL_MARGIN = 0.6
OTHER_STATUSES = 2  # another status's values named beside a figure, at most
# …or when the one, of at least this many syllables, is inside the other.
MIN_CONTAINED_LABEL = 3
# Two values of one indicator, when only their labels' containment says so, are within this factor.
SIZE_FACTOR = 2.0
DIGITS_COMPARED = 6
SENTENCE_WINDOW = 320  # characters of a long sentence shown around the figure
# Cut between words, never inside "2 834" or "2|5,48%": half a number states a figure the document does not.
_WORD_BREAK = re.compile(r"(?<!\d)\s|\s(?!\d)")


@dataclass(frozen=True)
class Misfit:
    reason: str  # what the closest record on the subject states instead of what was asked
    coverage: float


@dataclass(frozen=True)
class FigureMatch:
    lead: FigureStatement
    coverage: float
    score: float
    copies: tuple[FigureStatement, ...]  # every statement of the lead's value, newest document first
    others: tuple["Rival", ...]  # other values for the same indicator, period and locality


@dataclass(frozen=True)
class Rival:
    record: FigureStatement  # another document's value
    against: FigureStatement  # the shown figure it differs from: the lead, or a cell beside it


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


class FigureLookup:
    def __init__(self, catalogue: Catalogue, entries: dict[str, FileEntry], idf: dict[str, float]):
        self.catalogue, self.entries, self.idf = catalogue, entries, idf
        # The year of the newest document: before it a period is past, after it a target.
        self.now = max((written_year(e.date) for e in entries.values()), default=0)
        self.titles = {f: e.title for f, e in entries.items()}
        # Newest or most authoritative file 1.0, oldest 0.0: between records that answer alike, the newer leads.
        order = sorted(entries, key=lambda f: entries[f].authority)
        self.recency = {f: n / (len(order) - 1) if len(order) > 1 else 1.0 for n, f in enumerate(order)}

    def candidates(self, q: Question, retrieved_chunks: list[str]) -> list[int]:
        """Records of the retrieved passages and records sharing a rare subject term, each naming
        some of the subject: "tỷ lệ", "bình quân", "người" alone name none."""
        found: set[int] = set()
        for chunk in retrieved_chunks:
            found.update(self.catalogue.by_chunk.get(chunk, ()))
        subject = set(q.subject)
        found |= self.catalogue.with_terms(subject, MAX_POSTINGS)
        words = self.catalogue.words
        return sorted(i for i in found if not subject or not subject.isdisjoint(words[i].terms)
                      or not subject.isdisjoint(words[i].near))

    def ranked(self, q: Question, retrieved_chunks: list[str], similarity=None) -> list[tuple[Scored, int]]:
        """(score, catalogue index) of the candidate records, best first; `similarity` maps
        chunk ids to the e5 cosine of each with the question."""
        ids = self.candidates(q, retrieved_chunks)
        cat = self.catalogue
        records = [cat.records[i] for i in ids]
        semantic = list(similarity([r.chunk for r in records])) if similarity and records else None
        scored = score_figures(q, records, [cat.words[i] for i in ids], {c: n for n, c in enumerate(retrieved_chunks)},
                               self.idf, self.now, semantic, q.pairs & cat.known_pairs, self.titles, self.recency)
        return [(s, ids[s.index]) for s in scored]

    def best(self, q: Question, retrieved_chunks: list[str], similarity=None) -> FigureMatch | Misfit | None:
        """The best record that fits the question's place, period, status and unit, with its
        copies and rivals; else why the closest record on the subject does not fit; None when
        nothing is close to the subject."""
        subject, words = set(q.subject), self.catalogue.words
        # A label that writes every word of a subject of two or more ("nhà ở xã hội") names it, however
        # common those words are and however many generic words the question adds ("kế hoạch … hoàn thành").
        names_all = lambda i: len(subject) >= MIN_SUBJECT_WORDS and subject <= (words[i].label | words[i].near) - enclosed(q, words[i])
        ranked = [(s, i) for s, i in self.ranked(q, retrieved_chunks, similarity)
                  if s.coverage >= MIN_COVERAGE or names_all(i)]
        records = self.catalogue.records
        fitting = next(((s, i) for s, i in ranked if not misfit(q, records[i], self.now)), None)
        if fitting is None:
            if not ranked:
                return None
            top, i = max(ranked, key=lambda si: si[0].coverage)
            return Misfit(misfit(q, records[i], self.now), top.coverage)
        top, lead_index = fitting
        subject = question_weights(q, self.idf)
        same_as = lambda index: self._same_figure(index, ranked, top.score, subject)
        near = lambda index: [records[i] for i in same_as(index)]

        def split(lead: FigureStatement, same: list[int]) -> tuple[list[int], list[int]]:
            """Of the statements `same` of the lead's indicator: its copies, and the other values, as indices."""
            copies = [i for i in same if same_value(records[i], lead) and records[i].stage == lead.stage]
            others = [i for i in same if not same_value(r := records[i], lead) and _source(r) != _source(lead)
                      and _comparable_stage(r.stage, lead.stage) and not _whole_of(r)]
            return copies, others

        def around(index: int, also: tuple[int, ...] = ()) -> tuple[list[int], list[int]]:
            return split(records[index], list(dict.fromkeys([*also, *same_as(index)])))

        lead = records[lead_index]
        copies, others = around(lead_index)
        # A disagreement: the newest or most authoritative document's value leads.
        # A term's value beside its last year's is named, but fits the question's period less well than the lead.
        # A rival that would not answer the question itself (another unit asked) cannot lead.
        rivals = [i for i in others if records[i].stage == lead.stage and not _term_beside_year(records[i], lead)
                  and not misfit(q, records[i], self.now)]
        if rivals:
            # On a tie the better answer stays. The winner's own indicator says what else disagrees with it:
            # under "Cơ cấu GRDP" the services' share is no rival of the industry's.
            winner = max([lead_index, *rivals], key=lambda i: self._authority(records[i]))
            if winner != lead_index:
                copies, others = around(winner, (lead_index, *copies))
                lead_index, lead = winner, records[winner]
        # Cited or named, never leading: a statement labelled alike anywhere in the corpus, however little
        # of the question it covers ("Tổng thu ngân sách cả nhiệm kỳ" beside "Tổng thu ngân sách nhà nước").
        alike_copies, alike_others = split(lead, self._labelled_alike(lead_index))
        copies += [i for i in alike_copies if i not in copies]
        others += [i for i in alike_others if i not in others]
        copies, others = [records[i] for i in copies], [records[i] for i in others]
        pairs = [Rival(r, lead) for r in others]
        # Another document's target for a result of the same year (or a result for a target) is no
        # disagreement, but one who checks the figure wants it: named with its status after the rivals.
        statuses = [r for r in (records[i] for i in dict.fromkeys([*same_as(lead_index), *self._labelled_alike(lead_index)]))
                    if RATIO not in (r.stage, lead.stage) and not _comparable_stage(r.stage, lead.stage)
                    and not same_value(r, lead) and _source(r) != _source(lead) and not _whole_of(r)
                    and r.unit and lead.unit and _comparable_size(r, lead)]
        # One per document and value: a report's copies of one sentence say it once.
        statuses = list({(*_source(r), r.value_key): r for r in statuses}.values())
        pairs += [Rival(r, lead) for r in statuses[:OTHER_STATUSES]]
        # A cell is shown with its row's other statuses ("Chỉ tiêu 85% · Ước thực hiện 85,58%"):
        # another document's estimate disagrees with the estimate shown, whatever the question led with.
        for i in self._beside_indices(lead):
            cell = records[i]
            pairs += [Rival(r, cell) for r in near(i) if _comparable_stage(r.stage, cell.stage)
                      and not same_value(r, cell) and _source(r) != _source(cell)]
        # Every copy, the newest or most authoritative document first, each document's in reading order.
        copies = sorted({(r.file, r.line): r for r in [lead, *copies]}.values(),
                        key=lambda r: (self._authority(r), -r.line), reverse=True)
        pairs = list({(p.record.file, p.record.line): p for p in pairs}.values())
        return FigureMatch(lead, top.coverage, top.score, tuple(copies), tuple(pairs))

    def _same_figure(self, index: int, ranked: list[tuple[Scored, int]], top: float,
                     subject: dict[str, float]) -> list[int]:
        """The records stating the indicator of record `index` for its place, period and measure.
        Only a record that answers the question about as well as the best (`top`), or one under
        the very same indicator name anywhere in the corpus, can overrule or contradict it."""
        records = self.catalogue.records
        record = records[index]
        near = [i for s, i in ranked if (s.score >= top - RIVAL_MARGIN or self._same_label(index, i))
                and self._same_indicator(index, i, subject)]
        named = self.catalogue.by_group.get(record.group, []) if record.group else []
        return [i for i in dict.fromkeys(near + named) if self._stated_alike(records[i], record)]

    def _labelled_alike(self, index: int) -> list[int]:
        """Records whose labels name the indicator of record `index` (_same_label), of its place,
        period and measure, wherever they are in the corpus."""
        records, record = self.catalogue.records, self.catalogue.records[index]
        return [i for i in sorted(self.catalogue.with_terms(self.catalogue.words[index].label, MAX_POSTINGS))
                if i != index and self._same_label(index, i) and not _numbered_apart(*self._labels(index, i))
                and self._stated_alike(records[i], record)]

    def _stated_alike(self, a: FigureStatement, b: FigureStatement) -> bool:
        """Of one place, period and measure: statements of one indicator that can agree or disagree."""
        return _same_place(a, b) and self._same_period(a, b) and _same_measure(a, b) and _change(a) == _change(b)

    def _beside_indices(self, r: FigureStatement) -> list[int]:
        if not r.cell:
            return []
        return [i for i in self.catalogue.by_chunk.get(r.chunk, ()) if (o := self.catalogue.records[i]).cell
                and o.line == r.line and o.span == r.span and o.stage != r.stage]

    def beside(self, r: FigureStatement) -> tuple[FigureStatement, ...]:
        """A cell's row read across: the target, estimate or ratio of the same period, one each
        ("Chỉ tiêu NQ 80% · Ước thực hiện 93,61% · so với NQ 104%"), for the reader to judge."""
        row = [self.catalogue.records[i] for i in self._beside_indices(r)]
        return tuple({o.stage: o for o in reversed(row)}.values())[::-1]

    def _read_in(self, chunk: str, figures: set[str]) -> list[int]:
        """The records of the figures a passage states, as the catalogue read them there."""
        return [i for i in self.catalogue.by_chunk.get(chunk, ()) if self.catalogue.records[i].value_key in figures]

    def misfit_of(self, q: Question, chunk: str, figures: set[str]) -> str:
        """Why the figures a passage states do not answer: "" unless the catalogue read each of
        them there and each is of another place, period, status or unit than asked."""
        reasons = [misfit(q, self.catalogue.records[i], self.now) for i in self._read_in(chunk, figures)]
        return reasons[0] if reasons and all(reasons) else ""

    def names_subject(self, q: Question, chunk: str, figures: set[str], unread: bool = True) -> bool:
        """Whether a figure a passage states, as the catalogue read it there, names some of the
        question's subject: "75,5 triệu đồng" of "GRDP bình quân đầu người" says nothing of
        "dân số bình quân". `unread` when the catalogue read none of them ("2.", a section number)."""
        subject = set(q.subject)
        found = self._read_in(chunk, figures)
        words = self.catalogue.words
        if not subject or not found:
            return unread
        return any(not subject.isdisjoint(words[i].terms | words[i].near) for i in found)

    def names_unwritten(self, q: Question, chunk: str, figures: set[str]) -> tuple[str, ...]:
        """The proper names the question asks about that the clause of no figure a passage states,
        as the catalogue read it there, writes: "cảng Trần Đề" asked, "nguồn vốn đầu tư trên 340.000
        tỷ đồng" of the province's plan says nothing of the port its sentence names after it. None
        when the question names none, or the catalogue read none of the figures."""
        found = [self.catalogue.records[i] for i in self._read_in(chunk, figures)]
        written = lambda n, r: re.search(rf"\b{re.escape(fold(n))}\b", fold(r.context)) is not None
        if not q.names or not found or any(all(written(n, r) for n in q.names) for r in found):
            return ()
        return tuple(n for n in q.names if not any(written(n, r) for r in found))

    def _labels(self, a: int, b: int) -> tuple[set[str], set[str]]:
        """The labels two records are compared by: items of two lists under one whole ("Cơ cấu GRDP":
        "công nghiệp" and "công nghiệp và xây dựng") by their own words, the whole said by both."""
        wa, wb = self.catalogue.words[a], self.catalogue.words[b]
        # Parts of two wholes ("Kim ngạch nhập khẩu" / "… xuất khẩu, dịch vụ và thu ngoại tệ", each
        # "năm 2022 đạt … triệu USD") are compared whole and all.
        one_whole = _jaccard(wa.label - wa.own, wb.label - wb.own) >= SAME_LABEL
        return (wa.own, wb.own) if one_whole else (wa.label, wb.label)

    def _same_label(self, a: int, b: int) -> bool:
        """Labels this alike name one indicator wherever they stand in the ranking; so does a
        label written out in full inside a longer one ("Dân số bình quân theo số liệu thống kê …")."""
        la, lb = self._labels(a, b)
        if _jaccard(la, lb) >= SAME_LABEL:
            return True
        # The noun a unit counts is part of what is measured: "tạo việc làm mới cho 90.178 lao động"
        # and "Số lao động được tạo việc làm" name one indicator.
        ca, cb = (_counted(self.catalogue.records[i].unit) for i in (a, b))
        if ca and cb and la & lb and _jaccard(la | ca, lb | cb) >= SAME_LABEL:
            return True
        short, long = sorted((la, lb), key=len)
        # Contained, a short label may name a part ("Dự án thành phần" of "… giai đoạn 1"): the values tell.
        return len(short) >= MIN_CONTAINED_LABEL and short <= long \
            and _comparable_size(self.catalogue.records[a], self.catalogue.records[b])

    def _same_indicator(self, a: int, b: int, subject: dict[str, float]) -> bool:
        """Same group key, or labels alike, or both labels naming what the question asks about."""
        cat = self.catalogue
        la, lb = self._labels(a, b)
        if _numbered_apart(la, lb):
            return False
        if cat.records[a].group == cat.records[b].group or self._same_label(a, b):
            return True
        # A one-word subject ("GRDP") names too little to tell "GRDP/người" from "quy mô GRDP".
        return (len(subject) > 1 and _jaccard(la, lb) >= SAME_LABEL / 2
                and min(coverage(subject, la), coverage(subject, lb)) >= SAME_SUBJECT)

    @staticmethod
    def _same_period(a: FigureStatement, b: FigureStatement) -> bool:
        """Stated years agree; a figure stated without a year is of its document's time
        (rank.undated_fits), and an undated target is compared with targets only."""
        if bool(a.span) == bool(b.span):
            return _same_years(a, b) if a.span else a.stage == b.stage
        undated, dated = (a, b) if not a.span else (b, a)
        if not written_year(undated.date):
            return False
        if undated.stage in (TARGET, PLAN) and dated.stage not in (TARGET, PLAN):
            return False
        return undated_fits(dated.span, undated.date, undated.stage)

    def _authority(self, r: FigureStatement) -> tuple[str, int]:
        return authority(self.entries, r.file, r.line)


# Folded Roman numerals that number a sector, a group or an area in an indicator's label.
_ENUMERATORS = frozenset("i ii iii iv v vi vii viii ix x".split())
# The scale a unit's first word gives its figure: "3.335 nghìn người" is "3.335.000 người".
_SCALE = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9, "ti": 1e9}
PERSONS = "nguoi"


@cache
def _measured(unit: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(the measure a unit is in, its scale left out: {"dong"} of "tỷ đồng"; the folded words of
    the noun it counts, in order: ("hop", "tac", "xa"))."""
    # Told apart with their marks: folded, "lao động" would be in "đồng".
    words = re.findall(r"[^\W\d_]+", unit.lower())
    measures = {fold(w) for w in words if w in MEASURE_WORDS} - set(_SCALE)
    return frozenset(measures), tuple(fold(w) for w in words if w not in MEASURE_WORDS)


@cache
def _counted(unit: str) -> frozenset[str]:
    """The folded noun a unit counts ("lao động", "sản phẩm OCOP"), its measure words left out."""
    return frozenset(_measured(unit)[1])


def _numbered_apart(a: set[str], b: set[str]) -> bool:
    """"khu vực II" and "khu vực III" share most of their syllables and are two sectors."""
    return bool((ea := a & _ENUMERATORS) and (eb := b & _ENUMERATORS) and ea != eb)


def amount(r: FigureStatement) -> float | None:
    """The value as a number in its unit's base ("3.335 nghìn người" → 3335000.0); None for a range."""
    found = value_range(r.value)
    if found is None or found[0] != found[1]:
        return None
    first = fold(r.unit).split()[:1]
    return found[0] * _SCALE.get(first[0], 1.0) if first else found[0]


def same_value(a: FigureStatement, b: FigureStatement) -> bool:
    if a.value_key == b.value_key:
        return True
    x, y = amount(a), amount(b)
    return x is not None and y is not None and abs(x - y) <= 1e-9 * max(abs(x), abs(y))


def _comparable_size(a: FigureStatement, b: FigureStatement) -> bool:
    """Two statements of one indicator differ by a revision or a slip ("9,3%" / "10%"), not
    by a factor: "giai đoạn 1" beside "39,17%" is no rival."""
    x, y = amount(a), amount(b)
    if x is None or y is None or x <= 0 or y <= 0:
        return True
    # Separators differ between documents ("3,225" / "3.222 nghìn người"): the digits alone may tell.
    digits = [int(d) for r in (a, b) if (d := re.sub(r"\D", "", r.value)[:DIGITS_COMPARED])]
    close = lambda u, v: max(u, v) <= SIZE_FACTOR * min(u, v)
    return close(x, y) or (len(digits) == 2 and min(digits) > 0 and close(*digits))


def _same_measure(a: FigureStatement, b: FigureStatement) -> bool:
    """A rate in % and an amount ("tăng bình quân 11,55%" beside "140.000 tỷ đồng") never disagree,
    nor do an area and a count ("28,5 ha" / "04 doanh nghiệp"), nor counts of two things ("347 hợp
    tác xã" / "02 khu công nghiệp"); a figure written without its unit may be either."""
    if not (a.unit and b.unit):
        return True
    if ("%" in a.unit + a.value) != ("%" in b.unit + b.value):
        return False
    (ma, ca), (mb, cb) = _measured(a.unit), _measured(b.unit)
    if ma and mb:
        return ma == mb
    if ma or mb:
        # A measure ("28,5 ha") beside a count ("04 doanh nghiệp") is two things; beside a bare scale
        # it is the same one written short ("7.490 tỷ" / "7.491 tỷ đồng").
        return not (cb if ma else ca)
    # A count is of its head noun, the unit's first word: "người" counts any of them ("6.816 người" cán bộ).
    return not (ca and cb) or ca[0] == cb[0] or PERSONS in (ca[0], cb[0])


_OUT_OF = re.compile(r"\s*/\s*\d[\d.,]*")


def _cell_value(r: FigureStatement) -> str:
    # A ratio to the target is not in the row's unit ("100,53", not "100,53 triệu đồng"), but a
    # percentage row's ratio is a percentage too.
    unit = common_noun(r.unit) if r.unit and (r.stage != RATIO or r.unit.startswith("%")) else ""
    unit = "" if "%" in r.value or (r.unit and r.unit in r.value) else unit
    # "18,02 (1/10.000)": a unit that starts with a digit would read as part of the number.
    unit = unit if unit == "%" else (f" ({unit})" if unit[:1].isdigit() else f" {unit}" if unit else "")
    # The unit goes with the number, before a remark: "≥ 50% (đến năm 2030)"; after both ends of a range.
    numbers = list(NUMBER_SPAN.finditer(r.value))
    found = value_range(r.value)
    last = numbers[1] if found and found[0] != found[1] else numbers[0] if numbers else None
    if not last:
        return r.value + unit
    # "11/36 xã": a count out of a whole keeps the unit after the whole.
    end = last.end() + len(m.group(0)) if (m := _OUT_OF.match(r.value, last.end())) else last.end()
    return r.value[:end] + unit + r.value[end:]


def assessment_cells(row: TableRecord | None) -> tuple[str, ...]:
    """The row's verdict on its target, a word and not a figure ("Đánh giá: Vượt"), for the reader."""
    cells = row.cells if row else ()
    return tuple(f"{c.column}: {c.value}" for c in cells
                 if assessment_in(c.value) and not any(ch.isdigit() for ch in c.value))


def _source(r: FigureStatement) -> tuple[str, str]:
    """A report and its appendix, or two provinces' reports bound in one file, are two sources."""
    return r.file, r.document


def _comparable_stage(a: str, b: str) -> bool:
    """Same status, or a result, an estimate and a forecast of the same year side by side."""
    return a == b or {a, b} <= {ACTUAL, ESTIMATE, PLAN}


def _same_place(a: FigureStatement, b: FigureStatement) -> bool:
    return bool(set(a.locality.split(", ")) & set(b.locality.split(", "))) or a.locality == b.locality


def _change(r: FigureStatement) -> bool:
    """A figure a sentence says something grew or fell by ("347 hợp tác xã, tăng 63 hợp tác xã so với
    năm 2020", "tinh giản 2.611 biên chế"): a change, never another value of the level beside it ("giảm
    còn 14.723 biên chế" is a level)."""
    if r.cell or "%" in r.unit + r.value or fold(r.unit).startswith("lan"):
        return False  # "tăng 7,12%", "tăng 1,7 lần": a rate or a multiple, which is what a rate's indicator states
    return re.search(rf"\b(?:tăng|giảm|tinh giản)(?:\s+thêm)?\s+{re.escape(r.value)}(?![\d.,])", r.quote,
                     re.IGNORECASE) is not None


def _whole_of(r: FigureStatement) -> bool:
    """The Y of "X/Y" in a sentence ("tạo việc làm mới cho 96.232/75.000 lao động", "43/51 xã"):
    the target or the whole a count is out of, never another value of the count."""
    return not r.cell and re.search(rf"\d\s*/\s*{re.escape(r.value)}(?!\d)", r.quote) is not None


def _term_beside_year(a: FigureStatement, b: FigureStatement) -> bool:
    return bool(a.span and b.span) and (a.span.kind == "range") != (b.span.kind == "range")


def _same_years(a: FigureStatement, b: FigureStatement) -> bool:
    """The same year, or the same stage of years; "đến năm 2030" and "năm 2030" name one year,
    and the term 2020–2025 is the plan period 2021–2025."""
    ranged = lambda r: r.span.kind == "range"
    if ranged(a) and ranged(b):
        return a.span.end == b.span.end and abs(a.span.start - b.span.start) <= 1
    if ranged(a) or ranged(b):
        # A level's term result is its result in the term's last year: "Số bác sĩ/10.000 dân" of
        # 2020–2025 is the doctors "năm 2025"; an average or a sum over the term is no year's, and
        # a year's target is a yearly plan's, not the term's.
        return a.span.end == b.span.end and not {a.stage, b.stage} & {TARGET, PLAN} \
            and not any(over_term(f"{r.indicator} {r.unit} {r.period}") for r in (a, b))
    return a.span.end == b.span.end


def figure_text(r: FigureStatement, beside: tuple[FigureStatement, ...] = (), remarks: tuple[str, ...] = ()) -> str:
    """The answer sentence for one record, the figure in bold; for a table cell, the cells
    `beside` it (the same row's other statuses of the same period) and its `remarks`
    (assessment_cells) follow, plain."""
    if r.cell:
        shown = f"{r.indicator} — {r.period}: {highlight(_cell_value(r), {r.value_key, *figures_in(r.value)})}"
        return "; ".join([shown, *(f"{b.period}: {_cell_value(b)}" for b in beside), *remarks])
    sentence = r.quote
    if len(sentence) > SENTENCE_WINDOW:
        found = re.search(rf"(?<![\d.,]){re.escape(r.value)}(?![\d])", sentence)
        at = found.start() if found else 0
        start = max(0, at - SENTENCE_WINDOW // 2)
        end = min(len(sentence), start + SENTENCE_WINDOW)
        if start:
            cut = _WORD_BREAK.search(sentence, start, at)
            start = cut.end() if cut else start
        if end < len(sentence):
            # Not finditer(…, end): a lookahead stops at endpos and would cut "2 834" there.
            cuts = [m.start() for m in _WORD_BREAK.finditer(sentence, at) if m.start() < end]
            end = cuts[-1] if cuts else end
        sentence = ("… " if start else "") + sentence[start:end].strip() + (" …" if end < len(sentence) else "")
    return highlight(sentence, {r.value_key, *figures_in(r.value)})
