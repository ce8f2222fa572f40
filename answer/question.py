"""What a question asks: its subject terms, locality, period, status and the kind of answer.

`analyse(text)` returns a typed `Question`; the answer step chooses how to answer from it
(a figure from the catalogue, the items of a list, the paragraph under a heading, or the
best sentence) and checks each candidate against it. Works on the folded form, so a
question typed without diacritics reads the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.docrefs import DocRef, reference_words, refs_in
from ingest.normalize import fold, key, numbers_in, syllable_pairs, tokens, unmarked
from ingest.patterns import ROAD, YEAR_SPAN, mask_non_figures, years_in
from ingest.periods import PERIOD_PHRASE_WORDS, Period, asked_status, assessment_in, asks_yearly, period_in
from ingest.statements import quantities_of
from ingest.words import folded_dictionary, words_of
from ingest.scope import (FORMER, MERGED_CITY, MERGER_WORDS, MERGER_YEAR, before_merger, localities_in, marks_merger,
                          places, says_after_merger)

FIGURE, FIGURES, LIST, ORDINAL, NAME, STATEMENT = "figure", "figures", "list", "ordinal", "name", "statement"

# Syllables that shape a question but say nothing about its subject. Matched with their
# diacritics when the question has them: folded, "đó" and "thì" would also drop "đô thị".
QUESTION_WORDS = set(
    "bao nhiêu mấy gì nào là thế sao không có được đạt của và các những cho hỏi biết vậy ạ ơi "
    "thì mà như nêu theo trong về tại với đã sẽ này đó hiện nay giờ khoảng cũ phải tp thành phố "
    "tỉnh năm kể tên liệt gồm bn thứ mức hay xin cuối còn trên dưới lên làm ra mỗi một ở muốn thêm "
    "bị hãy đang tính tới hiện cả riêng chiếm hết vừa rồi vọng ai xong khi".split()
)
# Without diacritics only the syllables that are rarely anything else.
_AMBIGUOUS_FOLDED = {"do", "thi", "the", "ma", "nay", "co", "tinh", "ten"}
_FOLDED_QUESTION_WORDS = {fold(w) for w in QUESTION_WORDS} - _AMBIGUOUS_FOLDED
# Folded question words that are as often a syllable of a content word ("co cau", "xa hoi",
# "thien tai", "dang bo", "moi truong", "thu vien", "nha o"): kept when the dictionary joins them
# with a content syllable.
_FOLDED_IN_WORDS = {"co", "hoi", "tai", "dang", "moi", "con", "muc", "thu", "the", "o", "lam", "bi", "ve", "tren", "khi"}
# Generic words of indicators: a passage that shares only these with the question is no answer.
GENERIC_WORDS = set(
    "ty ti le so luong tong gia tri muc chi tieu tieu ket qua thuc hien uoc ke hoach nghi quyet "
    "phan dau den dat tang giam binh quan toc do nam giai doan nhiem ky thanh pho tinh cac "
    "dong nguoi ty trong phan tram thuc hien phu luc bang kh pl nq kq hdnd ubnd du kien hoan".split()
)
NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
                "chin": 9, "muoi": 10, "nhat": 1}
# "thứ hai", "thứ (2)"; "quan điểm số (2)" numbers an item as a list does, not a document ("số 17/NQ-HĐND");
# a list's own marker quoted: quan điểm “Năm là”.
_ORDINAL = re.compile(r"\bthu\s+\(?(nhat|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi|\d{1,2})\b\)?|\bso\s+\((\d{1,2})\)"
                      r"|[\"“']\s*(mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi)\s+la\s*[\"”']")
_ROMAN = re.compile(r"[IVX]{1,4}")
# Heads of a facility's or a zone's name, folded, longest first: "Khu hành chính", "Nhà máy nhiệt điện".
FACILITY_HEADS = tuple(sorted((tuple(h.split()) for h in (
    "khu", "khu cong nghiep", "cum cong nghiep", "thu vien", "truong", "benh vien", "nha may", "cang", "cau",
    "tru so", "trung tam", "san", "cong vien", "bao tang", "nha hat", "cho", "vuon")), key=len, reverse=True))
_NAME_NUMBER = re.compile(r"\d{1,3}")
FACILITY_WORDS = 3  # lower-case words after the head kept as the name
NOT_FACILITIES = {"khu vuc"}  # "Khu vực I" is a sector
# "ba khâu đột phá", "04 trụ cột", "5 nhiệm vụ": the count of what is listed.
_COUNT = re.compile(r"(?<![\w,.])(0?[1-9]|1[0-9]|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+"
                    r"(khau|tru cot|nhiem vu|giai phap|muc tieu|chuong trinh|dot pha|dinh huong|quan diem|"
                    r"linh vuc|nhom|noi dung|chi tieu|du an|de an|bai hoc|diem|van de|trong tam)")
_ASKS_FIGURE = re.compile(r"bao nhieu|\bmay\b|\bbn\b|%|phan tram|ty le|ti le|ty trong|\bso luong\b|\bmuc\b.*\bbao\b|"
                          r"\bdat\b.*\?|\bla\s*\?$|\bcon so\b|\bgia tri\b")
# What makes a piece of a question ask a figure of its own: "…, tổng vốn bao nhiêu?".
_FIGURE_CUE = r"(?:bao nhiêu|bao nhieu|mấy|may|%|phần trăm|phan tram)"
# "NQ HĐND giao", "được giao": the target set, not "giao" as a subject.
_ASSIGNED = re.compile(r"\b(?:nq|nghi quyet|hdnd|ke hoach|chi tieu|duoc)\s+giao\b")
_ASKS_CLASS = re.compile(r"\b(?:loai|lan thu|khoa) (?:may|nao|gi)\b")
# "những … nào" asks which items; "các … thế nào" asks how they stand, not for a list; "gồm" lists,
# "thu gom" (collect) does not.
# "đã hoàn chỉnh 03 quy hoạch quốc phòng nào": a count before the noun asks for that many items.
_GOM = r"(?<!\bthu )(?<!\bthuu )\bgom\b"  # "thuu": "thu" not written "thứ" (_folded)
# "… các nguồn lực … triển khai giai đoạn nào": the "nào" of a time asks one, whatever "các" came before.
_ONE_TIME = "".join(rf"(?<!\b{w} )" for w in ("the", "giai doan", "thoi gian", "thoi han", "ngay", "thang", "quy")) \
    + r"(?:(?<=\bhang nam )|(?<=\bmoi nam )|(?<!\bnam ))"  # "chỉ tiêu hằng năm nào" asks a list
_ASKS_LIST = re.compile(r"\b(?:nhung|cac)\b.*" + _ONE_TIME + r"\bnao\b|" + _GOM + r"|\bke ten\b|\bliet ke\b|\bbao gom\b|"
                        r"\bnhung(?:\s+\w+){0,3}\s+gi\b|\bcac\b.*\bla gi\b|(?<![\w.,])0?[2-9]\s+(?!nam\b|thang\b|ngay\b)(?:[a-z]+\s+){1,4}nao\b")
# "các nhiệm vụ trọng tâm …?": a question that is only the name of a list asks for its items.
# "những bệnh viện nào", "các khu công nghiệp Vĩnh Thạnh nào": a short noun phrase, no clause.
_LISTED = re.compile(r"\b(?:nhung|cac)\s+((?:\w+\s+){1,6}?)nao\b")
# "những dự án nào về …", "các nhiệm vụ nào liên quan đến …": what the items are about follows.
_ABOUT = re.compile(r"\bnao\s+(?:ve|lien quan (?:den|toi))\s+([^?.]+)")
# "Về du lịch và nông nghiệp, nông thôn, … đề ra những nhiệm vụ gì?": the topic opens the question.
_OPENING_TOPIC = re.compile(r"^\W*ve\s+([^?.]+?),\s+\S.*\s(?:nhung|cac)\s")
# Where a topic ends: the list, the document, the agency or the period named after it.
_ABOUT_ENDS = re.compile(r"\s(?:trong|theo|cua|do|o|tai|giai doan|nhiem ky|den nam|nam \d|thoi ky|duoc)\s")
_NAMES_A_LIST = re.compile(r"\s*(?:cac|nhung)\s+(?!nam\b)")
# "quyết định số mấy", "nghị quyết số bao nhiêu", "phụ lục số mấy": a document's number is a name.
_DOCUMENT_NUMBER = re.compile(r"\b(?:quyet dinh|nghi quyet|chuong trinh|ke hoach|chi thi|ket luan|thong bao|cong van"
                              r"|van ban|thong tu|nghi dinh|phu luc)\s+so\s+(?:may|bao nhieu)\b")
_ASKS_NAME = re.compile(r"\bngay nao\b|\bkhi nao\b|\bso hieu\b|\bky hieu\b|\bai\b|\bco quan nao\b|"
                        r"\bvan ban (?:so )?nao\b|\bten (?:goi )?(?:la )?gi\b|\bthoi han\b")
# "ở đâu", "tại đâu": a place is asked, whatever "đặt" (folded "dat", as "đạt") says.
_ASKS_WHERE = re.compile(r"\b(?:o|tai) dau\b")
# Headings a statement question names: the paragraph under it is the answer.
STATEMENT_HEADINGS = ("muc tieu chung", "muc tieu tong quat", "tam nhin", "chu de", "phuong cham",
                      "quan diem", "khau dot pha", "dot pha")
# "bao nhiêu căn", "mấy xã", "bao nhiêu tỷ đồng": the word after the figure cue names its unit.
_UNIT_ASKED = re.compile(r"(?:bao nhieu|\bmay)\s+(\w+)")
# Units and counted nouns a figure is stated in, folded as the catalogue spells them.
UNIT_WORDS = set("nguoi can ho xa phuong ti trieu nghin ha km tan luot truong giuong dong usd tuoi "
                 "htx doanh cong chi diem bac dai du lan dang".split())
PERCENT_WORDS = re.compile(r"\bph[aầ]n tr[aă]m\b", re.IGNORECASE)
# Headings that say the same under another name: the documents state the long-term vision
# ("Đến năm 2045, …") inside the general goal, and write "mục tiêu chung" or "tổng quát".
HEADING_ALIASES = {
    "tam nhin": ("tam nhin", "muc tieu chung", "muc tieu tong quat"),
    "muc tieu chung": ("muc tieu chung", "muc tieu tong quat"),
    "muc tieu tong quat": ("muc tieu tong quat", "muc tieu chung"),
}

# Headings that say it by being only these words: "1. Mục tiêu" of a year's resolution heads its
# general goal, where "Mục tiêu, nhiệm vụ và giải pháp …" heads much else.
WHOLE_HEADINGS = {"muc tieu chung": ("muc tieu",), "muc tieu tong quat": ("muc tieu",)}


@dataclass(frozen=True)
class Question:
    text: str
    terms: tuple[str, ...]  # folded subject syllables, in question order
    localities: frozenset[str] = frozenset()  # as ingest.scope.places names them
    period: Period = Period()
    yearly: bool = False  # "hằng năm", "bình quân/năm"
    status: str = ""  # one of ingest.periods.STATUSES, "" when not asked
    answer_type: str = FIGURE
    ordinal: int | None = None  # "thứ ba" → 3
    count: int | None = None  # "ba khâu đột phá" → 3
    heading: str = ""  # "tam nhin", "muc tieu chung": a heading the answer sits under
    parts: tuple[str, ...] = ()  # sub-questions, one per asked figure
    unit: str = ""  # "%" or the folded first syllable of the unit asked for ("bao nhiêu căn" → "can")
    single_year: bool = False  # "riêng năm 2024": that year alone, not a stage that ends in it
    assessment: str = ""  # a list of what "không đạt", "vượt" or "đạt" its target (ingest.periods)
    years: frozenset[str] = field(default_factory=frozenset)
    pairs: frozenset[str] = frozenset()  # content syllables side by side ("dan so"): maybe words
    # Typed without marks, "co" and "thi" may be "có" and "thì" as well as "cơ" and "thị": kept
    # as terms, so "do thi" still ranks "đô thị" first, but never a subject of their own.
    unsure: frozenset[str] = frozenset()
    document: DocRef = DocRef()  # "Phụ lục I CTr 12": the document the answer must come from
    numbers: frozenset[str] = frozenset()  # named, not asked: "Đường tỉnh 917", "(6.500 tỷ đồng)"
    # The subject's dictionary words of two or more syllables ("thất nghiệp"): a record with only
    # some of a word's syllables ("thất" of "thất thoát") has not said it (ingest.words.unwritten).
    words: tuple[tuple[str, ...], ...] = ()
    # Proper names ("Ô Môn II", "Xóm Chài"): a passage that never writes one is about something else.
    names: tuple[str, ...] = ()
    # A part of a year ("quý I", "6 tháng đầu năm"), as typed: a passage that never writes it states
    # no figure of it, whatever its year.
    part_of_year: str = ""
    quantities: frozenset[str] = frozenset()  # a growth rate or a share asked (ingest.statements.QUANTITIES)
    # What a list question lists, as folded syllables: "những khu công nghiệp Vĩnh Thạnh nào" →
    # ("khu", "cong", "nghiep", "vinh", "thanh"); empty unless a list is asked that way.
    listed: tuple[str, ...] = ()
    # What the items of a list question are about, one folded phrase each: "những dự án nào về chống
    # chịu biến đổi khí hậu, thoát nước" → ("chong chiu bien doi khi hau", "thoat nuoc").
    about: tuple[str, ...] = ()
    # An opening "Về du lịch và nông nghiệp, … những nhiệm vụ gì": the paragraphs of a list that name
    # them answer (sections.topic_items), never a table's rows, whose lists the "nào về" form names.
    opening_topic: tuple[str, ...] = ()
    # "đặt mục tiêu gì cho …": read as a figure ("đặt" folds to "đạt"), a target if one is stated,
    # else the goal's own words answer.
    goal_or_figure: bool = False

    @property
    def subject(self) -> tuple[str, ...]:
        """The terms that name what is asked about, generic indicator words left out."""
        return tuple(t for t in self.terms if t not in GENERIC_WORDS and t not in self.unsure)

    def slots(self) -> dict[str, str]:
        """The analysis as plain labels, for notes and the evaluation report."""
        period = (self.period.kind or "none") + (", hằng năm" if self.yearly else "")
        return {"period": period, "status": self.status or "none",
                "locality": ", ".join(sorted(self.localities)) or "none", "answer type": self.answer_type}


def number_of(word: str) -> int | None:
    """'hai', 'tư', '6' → the number; None for other words."""
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _ordinal(folded: str, text: str) -> re.Match | None:
    """"thứ hai", "thu ba": an ordinal, unless typed without marks its number word opens a word of
    the dictionary with a content syllable ("thu hai quan" is customs revenue, "thu hải quan")."""
    m = _ORDINAL.search(folded)
    # "tu" is also "tự", "từ", which open many words: "thu tu rut ra" is still "thứ tư".
    if m is None or not unmarked(text) or not m.group(1) or m.group(1).isdigit() or m.group(1) == "tu":
        return m
    following = folded[m.end():].split()[:1]
    word = (m.group(1), *following)
    joined = len(word) == 2 and word in folded_dictionary() \
        and following[0] not in _FOLDED_QUESTION_WORDS | _AMBIGUOUS_FOLDED
    return None if joined else m


def _in_content_words(text: str) -> set[str]:
    """Of the syllables that fold like question words, those the dictionary joins with a content
    syllable in a text typed without marks ("co cau"), and those it joins with each other alone:
    "do thi" may be "đó thì" syllable by syllable, but as one word it is "đô thị"."""
    words = words_of(text)
    return ({s for w in words if not set(w) <= _FOLDED_QUESTION_WORDS for s in w} & _FOLDED_IN_WORDS) \
        | {s for w in words if set(w) <= _AMBIGUOUS_FOLDED for s in w}


def subject_terms(text: str, drop: set[str] = frozenset()) -> tuple[str, ...]:
    """Folded content syllables of a text: question words, years, numbers and `drop` left out."""
    marked = not unmarked(text)
    worded = set() if marked else _in_content_words(text)
    out = []
    for t in tokens(PERCENT_WORDS.sub(" ", text), expand=False):
        f = fold(t)
        if (t in QUESTION_WORDS if marked else f in _FOLDED_QUESTION_WORDS - worded) or f in drop or f[0].isdigit():
            continue
        out.append(f)
    return tuple(out)


def _answer_type(folded: str, ordinal: int | None, count: int | None, heading: str) -> str:
    if ordinal:
        return ORDINAL
    figure_cues = len(re.findall(r"bao nhieu|\bmay\b|\bbn\b", folded))
    if figure_cues >= 2 or (figure_cues and re.search(r"\bva\b.*(?:%|phan tram|bao nhieu)", folded)):
        return FIGURES
    if _ASKS_LIST.search(folded) or (count and re.search(r"\bla gi\b|" + _GOM + r"|\bnao\b", folded)):
        return LIST
    if heading and not figure_cues and not re.search(r"%|\bphan tram\b|\bty le\b", folded):
        return STATEMENT  # "đặt mục tiêu chung gì": the paragraph under that heading
    if _ASKS_CLASS.search(folded) or (not figure_cues and _ASKS_WHERE.search(folded)):
        return NAME  # "cảng biển loại mấy": loại III, a class and no figure; "đặt … ở đâu": a place
    if _DOCUMENT_NUMBER.search(folded):
        return NAME  # "phê duyệt tại quyết định số mấy": the decision's number and date, no figure
    if _ASKS_FIGURE.search(folded) or (re.search(r"\bchi tieu\b", folded) and not heading):
        return FIGURE
    if _NAMES_A_LIST.match(folded):
        return LIST
    if _ASKS_NAME.search(folded):
        return NAME
    return STATEMENT


def _split_parts(text: str) -> tuple[str, ...]:
    """'dân số bao nhiêu và tăng bao nhiêu %' → two sub-questions, each with its own figure cue."""
    pieces = re.split(r"(?:\s*,|\s+(?:và|va))\s+(?=[^,]*?" + _FIGURE_CUE + ")", text)
    parts, lead = [], ""
    for piece in (p.strip(" ,?") for p in pieces):
        # "Theo Phụ lục III BC 320, …" is where to look, and "khu vực công nghiệp, xây dựng … bao
        # nhiêu" one name with a comma in it: neither is a part of its own. "năm 2023 thực hiện và
        # năm 2024 ước đạt bao nhiêu" asks the cue of each period.
        if piece and (not subject_terms(piece, _status_words(piece) | reference_words(piece))
                      or not (re.search(_FIGURE_CUE, piece) or period_in(piece) or asked_status(piece))):
            lead = f"{lead} {piece},".strip()
        elif piece:
            parts.append(f"{lead} {piece}".strip())
            lead = ""
    return tuple(parts)


def _status_words(text: str) -> set[str]:
    """"giao" of "NQ HĐND giao bao nhiêu" asks for the target set, like "chỉ tiêu": no subject (it is
    one in "giao thông")."""
    return {"giao"} if _ASSIGNED.search(fold(text)) else set()


def _split_periods(text: str) -> tuple[str, ...]:
    """'… ước năm 2025 và kế hoạch năm 2027 là bao nhiêu?' → one sub-question per period phrase,
    each with the subject and the rest of the question."""
    spans = list(YEAR_SPAN.finditer(text))
    for a, b in zip(spans, spans[1:]):
        joined = re.fullmatch(r"\s*(?:và|va)\s+(.*?)", text[a.end():b.start()], re.IGNORECASE)
        if not joined or a.group(0) == b.group(0) or not all(
                fold(w) in PERIOD_PHRASE_WORDS for w in joined.group(1).split()):
            continue
        words = text[:a.start()].split()
        k = len(words)
        while k and fold(words[k - 1]) in PERIOD_PHRASE_WORDS:
            k -= 1  # the phrase before the first year belongs to that year only
        prefix, phrase, tail = " ".join(words[:k]), " ".join(words[k:]), text[b.end():]
        return (" ".join(f"{prefix} {phrase} {a.group(0)}{tail}".split()),
                " ".join(f"{prefix} {joined.group(1)}{b.group(0)}{tail}".split()))
    return ()


def _content_pairs(text: str, terms: tuple[str, ...]) -> frozenset[str]:
    """Syllables of the subject written side by side, at least one of them not generic."""
    kept = set(terms)
    return frozenset(p for p in syllable_pairs(text) if set(p.split()) <= kept
                     and any(w not in GENERIC_WORDS for w in p.split()))


def _subject_words(text: str, terms) -> tuple[tuple[str, ...], ...]:
    """The text's dictionary words made of `terms`, at least one syllable not generic."""
    kept = set(terms)
    return tuple(w for w in words_of(text) if set(w) <= kept and any(s not in GENERIC_WORDS for s in w))


def _folded(text: str) -> str:
    """The folded question, with "máy" (bộ máy, nhà máy) kept apart from the figure cue "mấy", "đất"
    from "đạt", and "thu" (revenue) from the ordinal "thứ", when the question is written with its
    marks: folded, each pair reads alike."""
    folded = fold(text)
    if len(folded) != len(text) or folded == text.lower():
        return folded
    folded = re.sub(r"\bmay\b", lambda m: m.group(0) if text[m.start():m.end()].lower() == "mấy" else "mai",
                    folded)
    # "Kế hoạch sử dụng đất … do cơ quan nào chủ trì?" asks no figure: land ("đất") is not reached ("đạt").
    folded = re.sub(r"\bdat\b", lambda m: "datt" if text[m.start():m.end()].lower() == "đất" else m.group(0), folded)
    # "Thu hải quan" is revenue, not "thứ hai": the ordinal is "thứ" as written.
    return re.sub(r"\bthu\b", lambda m: m.group(0) if text[m.start():m.end()].lower() == "thứ" else "thuu", folded)


def analyse(text: str) -> Question:
    folded = _folded(text)
    period = period_in(text)
    ordinal_m = _ordinal(folded, text)
    count_m = _COUNT.search(folded)
    # "thứ hai" or "số (2)": the cue and the number name a position, not the subject.
    ordinal_words = set(re.findall(r"\w+", ordinal_m.group(0))) if ordinal_m else set()
    ordinal = number_of(next(g for g in ordinal_m.groups() if g)) if ordinal_m else None
    count = number_of(count_m.group(1)) if count_m else None
    asked = places(text, before_merger=before_merger(period) and not says_after_merger(text))
    place_words = {w for p in asked for w in fold(p.replace(" (cũ)", "")).split()} | MERGER_WORDS
    drop = place_words | reference_words(text) | _status_words(text) | ordinal_words | ({count_m.group(1)} if count_m else set())
    terms = subject_terms(text, drop)
    document = refs_in(text)
    heading = next((h for h in STATEMENT_HEADINGS if h in folded), "")
    answer_type = _answer_type(folded, ordinal, count, heading)
    # One subject asked for two periods ("ước năm 2025 và dự kiến năm 2027") before two subjects.
    periods = _split_periods(text) if answer_type in (FIGURE, FIGURES) else ()
    parts = periods or (_split_parts(text) if answer_type == FIGURES else ())
    answer_type = FIGURES if len(parts) >= 2 else (FIGURE if answer_type == FIGURES else answer_type)
    parts = parts if answer_type == FIGURES else ()
    return Question(
        text=text, terms=terms, localities=frozenset(asked), period=period, yearly=asks_yearly(text),
        status=asked_status(text), answer_type=answer_type, ordinal=ordinal, count=count, heading=heading,
        parts=parts, years=frozenset(years_in(text)), unit=_asked_unit(text), pairs=_content_pairs(text, terms),
        words=_subject_words(text, terms),
        document=document, numbers=_named_numbers(text, document, ordinal_m, count_m),
        unsure=frozenset(_AMBIGUOUS_FOLDED & set(terms) - _in_content_words(text)) if unmarked(text) else frozenset(),
        single_year=bool(re.search(r"\brieng (?:trong |cho )?nam\b|\bchi (?:tinh )?(?:trong )?nam\b", folded)),
        assessment=assessment_in(text) if answer_type == LIST else "",
        names=proper_names(text), quantities=quantities_of(text), part_of_year=_part_of_year(text),
        listed=_listed(folded) if answer_type == LIST else (),
        # Folded as the passages are: "bộ máy" is no "bộ mai" here (_folded), nor "thu" "thuu".
        about=_about(fold(key(text))) if answer_type == LIST else (),
        opening_topic=_opening_topic(fold(key(text))) if answer_type == LIST else (),
        goal_or_figure=answer_type == FIGURE and _sets(text) and _answer_type(
            re.sub(r"\bdat\b", "datt", folded), ordinal, count, heading) == STATEMENT,
    )


def _listed(folded: str) -> tuple[str, ...]:
    """The noun phrase between "những"/"các" and "nào": what the question wants listed."""
    m = _LISTED.search(folded)
    return tuple(m.group(1).split()) if m else ()


def _sets(text: str) -> bool:
    """Written with its marks, the question says "đặt" (sets; not "đặt ở", sits) and never "đạt" (reaches)."""
    return not unmarked(text) and re.search(r"\bđặt\b(?!\s+(?:ở|tại)\b)", text.lower()) is not None \
        and re.search(r"\bđạt\b", text.lower()) is None


def _about(folded: str) -> tuple[str, ...]:
    """The topics after "… nào về" or "… nào liên quan đến", up to where the list is said to be or
    when ("trong danh mục …", "giai đoạn 2025 - 2030"), each phrase of "A, B và C" on its own."""
    if m := _ABOUT.search(folded):
        return _phrases(_ABOUT_ENDS.split(m.group(1))[0])
    return ()


def _opening_topic(folded: str) -> tuple[str, ...]:
    """The topics of an opening "Về A và B, … những …", each phrase on its own."""
    m = _OPENING_TOPIC.search(folded)
    return _phrases(m.group(1)) if m else ()


def _phrases(topic: str) -> tuple[str, ...]:
    return tuple(p for part in re.split(r",|;|\bva\b|\bhoac\b", topic) if (p := " ".join(part.split())))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha() and word[1:] == word[1:].lower()


def proper_names(text: str) -> tuple[str, ...]:
    """Runs of two or more capitalised syllables past the first word, a Roman numeral closing
    one ("Nhà máy Nhiệt điện Ô Môn II" → "Ô Môn II"); province names are the
    locality slot's, not names. Abbreviations (all capitals) are not names: "KCN", "NQ".
    So is a facility written with its head capitalised: "dự án Khu hành chính thành phố" → "Khu hành chính"."""
    words = re.findall(r"\w+|[^\w\s]", text) + ["."]
    names, run = [], []
    for n, word in enumerate(words):
        roman = _ROMAN.fullmatch(word) is not None  # closes a name, never opens one: "Đại hội I Đảng bộ"
        if n and (run if roman else _capitalised(word)):
            run.append(word)
            continue
        name = " ".join(run)
        if len(run) >= 2 and _NAME_NUMBER.fullmatch(word) and words[n + 1] not in {"/", "-", ".", ","}:
            names.append(f"{name} {word}")  # "cầu Cần Thơ 2", "Trà Nóc 1": a place's name numbers another
        elif len(run) >= 2 and not localities_in(name):
            names.append(name)
        elif len(run) == 1 and (facility := _facility(words, n - 1)):
            names.append(facility)
        run = []
    return tuple(names)


def _facility(words: list[str], at: int) -> str:
    """The facility a capitalised head at `at` opens, with the lower-case words that name it
    (up to FACILITY_WORDS, stopping at a question or generic word); "" when there is none."""
    head = next((h for h in FACILITY_HEADS if [fold(w) for w in words[at:at + len(h)]] == list(h)
                 and all(w.islower() for w in words[at + 1:at + len(h)])), None)
    if not head:
        return ""
    name = words[at:at + len(head)]
    if fold(" ".join(words[at:at + 2])) in NOT_FACILITIES:
        return ""
    for word in words[at + len(head):at + len(head) + FACILITY_WORDS]:
        if not (word.isalpha() and word.islower()) or word in QUESTION_WORDS or fold(word) in GENERIC_WORDS:
            break
        name.append(word)
    return " ".join(name) if len(name) > len(head) else ""


def _named_numbers(text: str, document: DocRef, *positions) -> frozenset[str]:
    """The numbers a question names its subject with ("Đường tỉnh 917", "Quốc lộ 91"): not its
    years, dates, document numbers ("CTr 12", "320/BC-UBND") or list positions."""
    roads = " ".join(m.group(0) for m in ROAD.finditer(text))  # no figures, but they name the subject
    found = set(numbers_in(f"{mask_non_figures(text)} {roads}")) - set(years_in(text)) - set(document.numbers) \
        - {str(document.appendix)}
    return frozenset(found - {g for m in positions if m for g in m.groups() if g and g.isdigit()})


_PART_OF_YEAR = re.compile(r"\bquy (?:i{1,3}|iv|[1-4])\b|\b(?:3|6|9) thang(?: (?:dau|cuoi))?(?: nam)?\b")


def parts_of_year(text: str) -> set[str]:
    """"quy i", "6 thang dau nam": the parts of a year a text names, folded."""
    return {m.group(0) for m in _PART_OF_YEAR.finditer(fold(text))}


def _part_of_year(text: str) -> str:
    """The first part of a year a question names, as typed ("quý I")."""
    folded = fold(text)
    found = _PART_OF_YEAR.search(folded)
    if not found:
        return ""
    return text[found.start():found.end()] if len(folded) == len(text) else found.group(0)


def _asked_unit(text: str) -> str:
    folded = fold(key(text))  # the catalogue's spelling: "tỷ" reads "tỉ"
    if re.search(r"%|\bphan tram\b", folded):
        return "%"
    m = _UNIT_ASKED.search(folded)
    return m.group(1) if m and m.group(1) in UNIT_WORDS else ""


def heading_names(heading: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folded heading words that name what a statement question asks for: those a heading
    may say among others, and those a heading says alone (WHOLE_HEADINGS)."""
    if not heading:
        return (), ()
    return HEADING_ALIASES.get(heading, (heading,)), WHOLE_HEADINGS.get(heading, ())


def wanted_places(question: Question) -> set[str]:
    """The localities a record may be about to answer: those named, else the default. The
    city's name alone, of no year or of one up to the merger's, may mean either city: the
    former city's 2025 figures are the merged city's first results."""
    asked = set(question.localities) or {default_locality(question)}
    if (MERGED_CITY in asked and (not question.period or question.period.end <= MERGER_YEAR)
            and not marks_merger(question.text)):
        asked.add(FORMER)
    return asked


def default_locality(question: Question) -> str:
    """The place a question that names none is about: the merged city, or the former one for
    periods before the merger."""
    if before_merger(question.period):
        return FORMER
    return MERGED_CITY
