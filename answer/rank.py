"""The one place where answer candidates are scored and ordered.

A candidate is a catalogue figure, a sentence or a list heading; each is scored against the
analysed question on one scale: the share of the question's subject it covers (0–1, terms
weighted by rarity), plus bonuses and penalties for how well its locality, period and status
fit what was asked, and for its rank in retrieval. A reranker or an LLM judge plugs in here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answer.question import Question, wanted_places
from ingest.normalize import fold, numbers_in, spelled_out, tokens, with_abbreviations
from ingest.periods import ACTUAL, ESTIMATE, PLAN, RATIO, TARGET, asks_yearly, written_year
from index.catalogue import Words
from ingest.docrefs import names, names_kind, other_congress
from ingest.statements import FigureStatement
from ingest.words import enclosed_words, unwritten

DEFAULT_IDF = 3.0
TERM_YEARS = 5  # a party congress term, and the horizon of the targets it sets
EARLY_MONTHS = 3  # a document written by March reports on the year before
GENERIC_SHARE = 0.3
# How much each fit moves a candidate, in units of subject coverage.
RETRIEVAL_BONUS = 0.15  # the passage retrieval ranked first; less further down
LOCALITY_FIT, LOCALITY_MISFIT, LOCALITY_MISFIT_DEFAULT = 0.15, 0.6, 0.2
PERIOD_EXACT, PERIOD_OVERLAP, PERIOD_MISFIT, PERIOD_MISSING = 0.3, 0.05, 0.6, 0.15
STATUS_FIT, STATUS_NEAR, STATUS_MISFIT = 0.25, 0.05, 0.35
IMPLIED_WEIGHT = 0.5  # a status read from the period alone counts half
RATIO_UNASKED = 0.4  # "đạt 100,18% so với Nghị quyết" answers no question but one about the ratio
LABEL_PRECISION = 0.4  # a row label that is all about the question beats one that is about more
# Folded words that join what a label names and name nothing: "công nghiệp và xây dựng" is all asked.
CONNECTIVES = frozenset({"va", "cua", "cac", "nhung", "voi", "cho"})
UNIT_FIT, UNIT_MISFIT = 0.2, 0.2
# Words of units that measure rather than name what is counted: "tỷ đồng", "triệu USD", "ha", "lần";
# compared as written ("đồng", not "động"), and folded for a unit's first word.
MEASURE_WORDS = {"tỷ", "tỉ", "triệu", "nghìn", "ngàn", "đồng", "usd", "ha", "km", "m2", "tấn", "lần", "mw", "kw"}
MEASURES = {fold(w) for w in MEASURE_WORDS} | {"%"}
# Two sides of one measure: a figure of the one never answers for the other.
OPPOSITES = (("xuất khẩu", "nhập khẩu"), ("thu ngân sách", "chi ngân sách"), ("nông thôn", "thành thị"),
             ("trong nước", "nước ngoài"))
# Each side as written and folded as a padded word (" xuat khau "), both ways round: misfit reads them
# for every record ranked.
_OPPOSITE_SIDES = tuple(((a, f" {fold(a)} "), (b, f" {fold(b)} "))
                        for a, b in (*OPPOSITES, *((b, a) for a, b in OPPOSITES)))
# A misfit's reason when the closest record is of another place than asked.
OTHER_PLACE = "số liệu gần nhất nói về"
YEARLY_FIT = 0.1  # "tăng bình quân bao nhiêu %/năm" asks for a yearly rate, not a total
NEAR_CREDIT, CONTEXT_CREDIT = 0.85, 0.6
DOCUMENT_FIT = 0.3  # the question names the document ("Phụ lục I CTr 12"): a passage in it, or not
KIND_FIT = 0.3  # the question names a kind of document ("theo NQ HĐND"): a record of that kind
OTHER_CONGRESS = 2.0  # a heading names another congress than the one asked about: more than any fit makes up
PHRASE_FIT = 0.2  # "dân số" written as one word, not "người dân" and "số" apart
RECENCY_FIT = 0.2  # the newest document's record leads one that answers as well from an older one
NUMBER_FIT = 0.3  # "Đường tỉnh 917" named: a record that states it, or one that does not
SEMANTIC = 0.3  # the passage most like the question in meaning, against the least
QUANTITY_MISFIT = 0.3  # "tốc độ tăng khu vực dịch vụ" asked, the sector's share stated
# Statuses close enough to stand in for each other when the asked one is not stated.
_NEAR = {ACTUAL: {ESTIMATE}, ESTIMATE: {ACTUAL, PLAN}, TARGET: {PLAN}, PLAN: {TARGET, ESTIMATE}}


@dataclass(frozen=True)
class Scored:
    score: float
    coverage: float  # share of the question's subject weight found in the candidate
    index: int  # the candidate's position in the list it was scored from


def weights(terms, idf: dict[str, float]) -> dict[str, float]:
    return {t: idf.get(t, DEFAULT_IDF) for t in set(terms)}


def question_weights(q: Question, idf: dict[str, float]) -> dict[str, float]:
    """The question's terms by rarity; generic indicator words ("tỷ lệ", "bình quân") count a little,
    so they tell "GRDP bình quân đầu người" from "quy mô GRDP" without making a subject."""
    return {t: w * (1.0 if t in q.subject else GENERIC_SHARE) for t, w in weights(q.terms, idf).items()}


def enclosed(q: Question, w: Words) -> set[str]:
    """Syllables of the question's words that a record writes only after the head of a longer
    term the question does not name: "thất nghiệp" of "bảo hiểm thất nghiệp" (ingest.words)."""
    return {s for word in q.words if word in w.enclosed and word not in enclosed_words(q.text) for s in word}


def coverage(asked: dict[str, float], present: set[str]) -> float:
    total = sum(asked.values())
    return sum(w for t, w in asked.items() if t in present) / total if total else 0.0


def locality_fit(q: Question, places: frozenset[str], wanted: set[str]) -> float:
    """`wanted`: wanted_places(q), worked out once per question."""
    if not places:
        return 0.0
    if wanted & places:
        return LOCALITY_FIT
    return -(LOCALITY_MISFIT if q.localities else LOCALITY_MISFIT_DEFAULT)


def period_fit(q: Question, r: FigureStatement) -> float:
    if not q.period:
        return 0.0
    if not r.span:
        return -PERIOD_MISSING
    if (r.span.start, r.span.end) == (q.period.start, q.period.end):
        return PERIOD_EXACT
    if q.period.kind != "range" and r.span.end == q.period.end and not q.single_year:
        return PERIOD_EXACT / 2  # "năm 2030" asked, "giai đoạn 2026-2030" stated
    return PERIOD_OVERLAP if q.period.overlaps(r.span) and q.period.kind == "range" else -PERIOD_MISFIT


def implied_status(q: Question, now: int) -> str:
    """The status asked, or the one its period implies: a past year asks for what was achieved,
    a year to come for the target."""
    if q.period and now and q.period.start > now and q.status in (ACTUAL, ESTIMATE):
        return TARGET  # "vốn đầu tư thực hiện … đến 2030": a year to come has no result yet
    if q.status or not q.period or not now:
        return q.status
    if q.period.end < now:
        return ACTUAL
    return TARGET if q.period.start > now or q.period.kind == "by" else ""


def document_fit(q: Question, title: str, headings: str) -> float:
    """`title`: the file's and the sub-document's titles; `headings`: the sub-document and its heading path."""
    if not q.document:
        return 0.0
    return DOCUMENT_FIT if names(q.document, title, headings) else -DOCUMENT_FIT


def passage_document_fit(q: Question, chunk, entries: dict, path: tuple[str, ...] | None = None) -> float:
    """document_fit of a passage: its file's and sub-document's titles, and its headings (all of
    them, or the `path` of one list read there). A heading below the title that names another
    congress than the one asked about rules it out; the title may name the congress whose
    resolution it reports on ("Báo cáo kết quả thực hiện Nghị quyết Đại hội XIV")."""
    path = chunk.section if path is None else path
    entry = entries.get(chunk.file)
    title = f"{entry.title if entry else ''} {chunk.subdoc}"
    # "trong dự thảo Nghị quyết Đại hội I": its resolution, not the report that says the same.
    kind = KIND_FIT if names_kind(q.document, f"{title} {' '.join(path)}") else 0.0
    if not q.document:
        return kind
    if other_congress(q.document, " ".join(path[1:])):
        return -OTHER_CONGRESS
    return document_fit(q, title, f"{chunk.subdoc} {' '.join(path)}") + kind


def status_fit(q: Question, stage: str, now: int = 0) -> float:
    asked = implied_status(q, now)
    if stage == RATIO:
        return 0.0 if asked == RATIO else -RATIO_UNASKED
    if not asked:
        return 0.0
    weight = 1.0 if q.status else IMPLIED_WEIGHT
    if stage == asked:
        return weight * STATUS_FIT
    return weight * (STATUS_NEAR if stage in _NEAR.get(asked, ()) else -STATUS_MISFIT)


def _opposite(q: Question, r: FigureStatement) -> str:
    """The opposite of what is asked that a record's label names instead ("nhập khẩu" for "xuất
    khẩu"), as the label writes it; "" when it names what is asked, or neither."""
    asked, label = f" {fold(q.text)} ", f" {fold(r.indicator)} "
    for (_, fa), (b, fb) in _OPPOSITE_SIDES:
        if fa in asked and fb in label and fa not in label:
            return b
    return ""


def misfit(q: Question, r: FigureStatement, now: int) -> str:
    """Why a record on the asked subject still does not answer: another place, period, status
    or unit than the question names; "" when it fits. A missing year is no misfit, unless one
    year alone is asked."""
    if q.localities:
        named = {p.replace(" (cũ)", "") for p in q.localities}
        if not named & {p.replace(" (cũ)", "") for p in r.locality.split(", ")}:
            return f"{OTHER_PLACE} {r.locality or 'nơi khác'}"
    # "riêng năm 2027" asks for that year's own figure: a target of no year is the term's.
    if period_fit(q, r) < -PERIOD_MISSING or (q.period and not r.span and (
            q.single_year or not undated_fits(q.period, r.date, r.stage))):
        return f"số liệu gần nhất thuộc {r.span.label or 'kỳ khác'}"
    if status_fit(q, r.stage, now) < 0:
        return f"số liệu gần nhất là số {r.stage}"
    if q.unit and unit_fit(q, r) < 0 and (q.unit != "%" or r.unit) and not _counts_alike(q, r):
        return f"số liệu gần nhất tính theo {r.unit or 'đơn vị khác'}"
    if other := _opposite(q, r):
        return f"số liệu gần nhất nói về {other}"
    return ""


def undated_fits(period, date: str, stage: str) -> bool:
    """A figure or passage stated without a year is of its document's `date`: a target looks one
    term ahead of the year written, a result or estimate is of that year, or of the year before
    when the document was written early in the next ("2025-02": the results of 2024). Asked of
    no status, a period that ends after the document was written is one it can only look ahead to."""
    written = written_year(date)
    if not written:
        return True
    if stage in (TARGET, PLAN) or (not stage and period.end > written):
        return written < period.end <= written + TERM_YEARS
    month = int(date[5:7]) if date[5:7].isdigit() else 1
    return (written - 1 if month <= EARLY_MONTHS else written) <= period.end <= written


def spread(values: list[float]) -> list[float]:
    """Values rescaled to 0–1 over the candidates: e5 cosines bunch in a narrow band."""
    low, high = min(values, default=0.0), max(values, default=0.0)
    return [(v - low) / (high - low) if high > low else 0.0 for v in values]


def _counts_per(unit: str, label: str) -> bool:
    """"mấy bác sĩ" is asked of "Số bác sĩ/vạn dân" (stated "18,02", unit "1/10.000"): a ratio
    per population counts the noun before its "/" or "trên"."""
    return re.search(rf"\b{re.escape(unit)}\b[\w ]{{0,12}}(?:/| tren )", fold(label)) is not None


def number_fit(q: Question, r: FigureStatement) -> float:
    """The numbers a question names its subject with, stated with the record or not."""
    if not q.numbers:
        return 0.0
    stated = q.numbers & _numbers_of(r.quote, r.indicator, r.context)
    return NUMBER_FIT if stated == q.numbers else -NUMBER_FIT if not stated else 0.0


# A record's texts never change: read once, however many questions score it.
@lru_cache(maxsize=65536)
def _numbers_of(*texts: str) -> frozenset[str]:
    return frozenset(numbers_in(" ".join(texts)))


def _counts_alike(q: Question, r: FigureStatement) -> bool:
    """Both count things: "bao nhiêu cán bộ" may be stated "6.816 người". Only a measure ("%",
    "tỷ đồng", "ha") asked or stated tells a figure of another kind."""
    stated = fold(r.unit).split()[:1]
    return q.unit not in MEASURES and bool(stated) and stated[0] not in MEASURES and "%" not in r.value


@lru_cache(maxsize=4096)
def _unit_words(unit: str) -> frozenset[str]:
    return frozenset(with_abbreviations({fold(t) for t in tokens(unit)}))


def unit_fit(q: Question, r: FigureStatement) -> float:
    """The unit asked for ("bao nhiêu căn", "bao nhiêu %") against the unit the figure is stated in."""
    if not q.unit:
        return 0.0
    percent = r.unit.startswith("%") or "%" in r.value
    if q.unit == "%":
        return UNIT_FIT if percent else -UNIT_MISFIT
    stated = _unit_words(r.unit)
    if q.unit in stated or _counts_per(q.unit, r.indicator):
        return UNIT_FIT
    # A bare number in a sentence ("Giai đoạn 1", "kênh Thủy lợi 1") is no amount of money or land;
    # a table cell's unit may be in its column or its title instead.
    bare_in_sentence = not stated and not r.cell and q.unit in MEASURES
    return -UNIT_MISFIT if stated or percent or bare_in_sentence else 0.0


def score_figures(q: Question, records: list[FigureStatement], words: list[Words], retrieval_rank: dict[str, int],
                  idf: dict[str, float], now: int = 0, semantic: list[float] | None = None,
                  pairs: set[str] = frozenset(), titles: dict[str, str] | None = None,
                  recency: dict[str, float] | None = None) -> list[Scored]:
    """Catalogue records scored against the question, best first.

    A subject term in the record's own label counts fully, one in the words right around
    the figure NEAR_CREDIT, one found only further off (the clause, the table's title)
    CONTEXT_CREDIT. `semantic` is the e5 cosine of the question with each record's passage,
    for questions worded unlike the documents; `pairs` are the words of two syllables the
    question names, which the record should write side by side; `titles` are the files' titles,
    `recency` their order from oldest (0) to newest (1)."""
    subject = question_weights(q, idf)
    asked = spelled_out(set(q.terms))  # "THPT" asked, "trung học phổ thông" labelled: all of it is asked
    meaning = spread(semantic) if semantic else [0.0] * len(records)
    wanted = wanted_places(q)
    out = []
    for i, r in enumerate(records):
        w = words[i]
        label, near, terms = w.label, w.near | w.label, w.terms
        gone = (unwritten(q.words, w.spelled) | enclosed(q, w)) if q.words else None
        if gone:
            label, near, terms = label - gone, near - gone, terms - gone
        cov = (coverage(subject, label) * (1 - NEAR_CREDIT) + coverage(subject, near) * (NEAR_CREDIT - CONTEXT_CREDIT)
               + CONTEXT_CREDIT * coverage(subject, terms | near))
        # Of the label's own words: "Cơ cấu GRDP" names the whole of every sector's share alike.
        own = (w.own - gone if gone else w.own) - CONNECTIVES
        precision = len(own & asked) / len(own) if own else 0.0
        rank = retrieval_rank.get(r.chunk)
        phrase = len(pairs & w.pairs) / len(pairs) if pairs else 1.0
        score = (cov + LABEL_PRECISION * precision + SEMANTIC * meaning[i] + PHRASE_FIT * phrase
                 + (RETRIEVAL_BONUS / (1 + rank) if rank is not None else 0.0)
                 + locality_fit(q, w.places, wanted)
                 + period_fit(q, r) + status_fit(q, r.stage, now) + unit_fit(q, r)
                 + (document_fit(q, f"{(titles or {}).get(r.file, '')} {r.document}", f"{r.document} {r.section}")
                    if q.document else 0.0)
                 # "theo NQ HĐND": a record of another kind of document is not where the question looks.
                 + (KIND_FIT if names_kind(q.document, f"{(titles or {}).get(r.file, '')} {r.document} {r.section} {r.period}")
                    else -KIND_FIT if q.document.kinds else 0.0)
                 + (YEARLY_FIT if q.yearly and asks_yearly(r.context) else 0.0) + number_fit(q, r)
                 + RECENCY_FIT * (recency or {}).get(r.file, 0.0)
                 - (QUANTITY_MISFIT if q.quantities and w.quantities and not q.quantities & w.quantities else 0.0))
        out.append(Scored(score, cov, i))
    out.sort(key=lambda s: -s.score)
    return out
