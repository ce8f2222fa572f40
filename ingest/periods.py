"""Periods and statuses of figures: the Vietnamese words for "năm 2024", "nhiệm kỳ 2020–2025",
"đến năm 2030", and for actual, estimated, targeted and planned values.

Used on both sides: a table column header or a sentence gets a period and a status at index
time, and a question gets the period and status it asks about. All matching is on the
diacritic-folded form, so "uoc thuc hien" reads like "ước thực hiện".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalize import fold
from ingest.patterns import ENUMERATOR, NUMBER_SPAN, YEAR, YEAR_DIGITS, is_year, mask_non_figures

ACTUAL, ESTIMATE, TARGET, PLAN, RATIO = "thực hiện", "ước thực hiện", "mục tiêu", "kế hoạch", "so sánh"
STATUSES = (ACTUAL, ESTIMATE, TARGET, PLAN, RATIO)

# Folded cue words of each status. Order matters only within a text: the first cue of a
# column header names what it holds ("Ước thực hiện chỉ tiêu Nghị quyết" is an estimate).
STATUS_WORDS = {
    RATIO: ("so sanh", "so voi chi tieu", "so voi nghi quyet", "so voi nq", "so voi ke hoach", "ty le thuc hien",
            "ti le thuc hien", "/so nq", "/so ke hoach"),
    ESTIMATE: ("uoc", "du uoc", "uoc thuc hien", "uoc tinh", "uoc dat", "uoc th"),
    PLAN: ("ke hoach", "du kien", "lo trinh", "kh"),
    TARGET: ("phan dau", "muc tieu", "chi tieu", "nghi quyet", "nq ", "nq hdnd", "tam nhin", "toi thieu",
             "dinh huong", "dat ra", "giao", "muon",
             # A report's part on the term ahead: "III. NHIỆM VỤ VÀ GIẢI PHÁP", "Phương hướng, nhiệm vụ …".
             "nhiem vu va giai phap", "nhiem vu, giai phap", "phuong huong"),
    ACTUAL: ("thuc hien", "ket qua", "kq", "dat duoc", "da dat", "thuc te", "dat", "tang", "giam"),
}
# How a result stands against its target, as an assessment column writes it ("Không đạt",
# "Chưa đạt NQ", "Vượt", "Cơ bản đạt NQ") and as a question asks for it ("những chỉ tiêu nào chưa đạt").
NOT_MET, EXCEEDED, MET = "không đạt", "vượt", "đạt"
_ASSESSMENT = ((NOT_MET, re.compile(r"\b(?:khong|chua) (?:dat|hoan thanh)\b")),
               (EXCEEDED, re.compile(r"\bvuot\b")),
               (MET, re.compile(r"\bdat\b|\bhoan thanh\b")))
# Longest cue first, so "ước thực hiện" reads as one estimate, not an estimate and a result.
_STATUS_CUE = re.compile("|".join(
    rf"(?<![a-z]){re.escape(w)}(?![a-z])"
    for w in sorted({w.strip() for ws in STATUS_WORDS.values() for w in ws}, key=len, reverse=True)))
_STATUS_OF = {w.strip(): s for s, ws in STATUS_WORDS.items() for w in ws}
# "GRDP (giá so sánh)": at constant prices, a price basis; "bảng so sánh": a table that sets places
# side by side. Neither is a ratio to a target.
_PRICE_BASIS = re.compile(r"\b(?:gia|bang) so sanh\b")
_CUE_REACH = 40  # characters before a figure whose words say how it stands
_FIGURE_CUE = re.compile(r"\bbao nhieu\b|\bmay\b|\bbn\b")
_PHRASE_GAP = 12  # cues this close in a question are one phrase ("kết quả chỉ tiêu Nghị quyết")
# Words of a question that ask for a status but are weak evidence in a passage.
_ASK_WEAK = {"dat", "tang", "giam", "giao", "dat ra"}

# Folded words that open a period phrase: "ước năm 2025", "kế hoạch năm 2027", "đến cuối năm 2030",
# "giai đoạn 2026-2030", "chỉ tiêu NQ nhiệm kỳ 2020-2025".
PERIOD_PHRASE_WORDS = {"nam", "uoc", "ke", "hoach", "kh", "du", "kien", "thuc", "hien", "den", "toi", "vao", "cuoi",
                       "dau", "chi", "tieu", "muc", "nghi", "quyet", "nq", "giai", "doan", "nhiem", "ky", "theo",
                       "ket", "qua", "tinh", "trong", "phan"}
# "nhiệm kỳ 2020 - 2025", "giai đoạn 2021-2025", "2020–2025"
_RANGE = re.compile(rf"({YEAR_DIGITS})\s*[-–]\s*({YEAR_DIGITS})")
# "từ năm 2021 đến năm 2024": a range written out, not a deadline.
_FROM_TO = re.compile(rf"\btu\s+(?:nam\s+)?({YEAR_DIGITS})\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?({YEAR_DIGITS})")
_BY_YEAR = re.compile(rf"(?:den|toi|vao|dat)\s+(?:nam\s+)?({YEAR_DIGITS})")
# "so với năm 2020", and "gấp bao nhiêu lần năm 2020": the year a comparison starts from.
_BASE_YEAR = re.compile(rf"\b(?:so (?:voi )?|lan (?:so (?:voi )?)?)(?:nam |cuoi nam |dau nhiem ky )?{YEAR_DIGITS}")
# …nor is the year of a standard or a price basis: "(tiêu chí 2015)", "theo chuẩn 2021", "giá so sánh 2010".
_BASIS_YEAR = re.compile(rf"\b(?:tieu chi|chuan|gia so sanh)(?: nam)? {YEAR_DIGITS}")
_YEARLY = re.compile(r"\bhang nam\b|\bmoi nam\b|\bbinh quan (?:hang |moi )?nam\b|/\s*nam\b")
# An indicator measured over a term, not at its end: an average, a growth, a sum of its years
# ("tăng bình quân", "%/năm", "trong 5 năm", "lũy kế").
_OVER_TERM = re.compile(r"\bbinh quan\b(?! dau nguoi)|\btang\b|\bgiam\b|\bluy ke\b|\bcong don\b|\btrong \d+ nam\b"
                        r"|\bgiai doan\b|\bhang nam\b|\bmoi nam\b|/\s*nam\b")


@dataclass(frozen=True)
class Period:
    start: int = 0
    end: int = 0
    kind: str = ""  # "year", "range" (a term or stage), "by" (a deadline year), "" when none

    def __bool__(self) -> bool:
        return bool(self.end)

    @property
    def label(self) -> str:
        if not self:
            return ""
        if self.kind == "range":
            return f"giai đoạn {self.start}–{self.end}"
        if self.kind == "by":
            return f"đến năm {self.end}"
        return f"năm {self.end}"

    def overlaps(self, other: "Period") -> bool:
        if not (self and other):
            return False
        if self.kind == other.kind == "range":
            # Consecutive terms ("2020 - 2025", "2025 - 2030") share only the year one hands to the next.
            return self.start < other.end and other.start < self.end
        return self.start <= other.end and other.start <= self.end

    def to_json(self) -> list:
        return [self.start, self.end, self.kind]

    @classmethod
    def from_json(cls, raw: list) -> "Period":
        return cls(*raw)


def written_year(date: str) -> int:
    """The year of an ISO manifest date ("2025-09" → 2025); 0 when the date is unknown."""
    return int(date[:4]) if date[:4].isdigit() else 0


def period_in(text: str) -> Period:
    """The period a text names: the first year range, else a deadline ("đến năm 2030"), else the last
    year; the year a comparison starts from ("so với năm 2020") or of a standard ("tiêu chí 2015")
    is not the period."""
    folded = _BASIS_YEAR.sub(" ", _BASE_YEAR.sub(" ", fold(text)))
    if m := _RANGE.search(folded) or _FROM_TO.search(folded):
        return Period(int(m.group(1)), int(m.group(2)), "range")
    if m := _BY_YEAR.search(folded):
        year = int(m.group(1))
        return Period(year, year, "by")
    years = YEAR.findall(folded)
    if years:
        year = int(years[-1])
        return Period(year, year, "year")
    return Period()


def terms_in(text: str) -> list[Period]:
    """Every year range a text writes ("nhiệm kỳ 2020 - 2025", "từ năm 2021 đến năm 2024")."""
    folded = fold(text)
    return [Period(int(m.group(1)), int(m.group(2)), "range")
            for pattern in (_RANGE, _FROM_TO) for m in pattern.finditer(folded)]


def states_term(asked: Period, stated: list[Period]) -> bool:
    """A range asked is stated by a range within it, give or take its opening year ("2021 - 2025" of
    the term 2020 - 2025): not by the term before ("2020 - 2025" for "2025 - 2030") nor by a longer
    one around it ("nhiệm kỳ 2020 - 2025" for "năm học 2023 - 2024")."""
    return any(asked.overlaps(t) and t.start >= asked.start - 1 and t.end <= asked.end for t in stated)


def names_scenario(text: str) -> bool:
    """A scenario ("Kịch bản tăng trưởng 2 con số", "Các phương án tăng trưởng …") is a
    hypothesis: neither a target nor a result."""
    folded = fold(text)
    return "kich ban" in folded or "phuong an tang truong" in folded


_SET = re.compile(r"\b[đĐ]ặt\b")


def assessment_in(text: str) -> str:
    """NOT_MET, EXCEEDED or MET as the text says it, the most specific first; "" when none.
    "đặt" (to set: "đặt những chỉ tiêu nào") folds as "đạt" does; written with its marks it is none."""
    folded = fold(_SET.sub(" ", text))
    return next((name for name, cue in _ASSESSMENT if cue.search(folded)), "")


def blank_base_years(text: str) -> str:
    """The text with the year a comparison starts from ("so với năm 2020") blanked, positions kept."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    for m in _BASE_YEAR.finditer(folded):
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text


def over_term(text: str) -> bool:
    """Whether an indicator is measured over a whole term ("Tốc độ tăng GRDP bình quân 5 năm",
    "Số lao động được tạo việc làm trong 5 năm") rather than at its end ("Số bác sĩ/10.000 dân",
    whose term value is its value in the term's last year)."""
    return bool(_OVER_TERM.search(fold(text)))


def asks_yearly(text: str) -> bool:
    """'hằng năm', 'bình quân mỗi năm', '%/năm': a yearly rate over a period."""
    return bool(_YEARLY.search(fold(text)))


def _cue_matches(folded: str, last: int | None = None) -> list[re.Match]:
    """The status cues of a folded text, or of its `last` characters; "giá so sánh" (a price
    basis) and "bảng so sánh" are no cue, however the text is cut."""
    masked = _PRICE_BASIS.sub(lambda m: " " * len(m.group(0)), folded)
    return list(_STATUS_CUE.finditer(masked[-last:] if last else masked))


def status_cues(text: str) -> list[str]:
    """The statuses a text names, in order of appearance."""
    return [_STATUS_OF[m.group(0)] for m in _cue_matches(fold(text) + " ")]


def only_status(text: str) -> bool:
    """"dự kiến", "ước tính": a text of status words only, saying how a figure stands and not
    what it measures."""
    folded = fold(text)
    return bool(folded.strip()) and not _STATUS_CUE.sub(" ", folded).strip()


def column_status(header: str) -> str:
    """The status of a table column: its first cue ("Ước thực hiện chỉ tiêu NQ" → estimate)."""
    cues = status_cues(header)
    return cues[0] if cues else ""


def asked_status(question: str) -> str:
    """The status a question asks for, "" when it names none ("đạt", "tăng" say nothing).

    Cues that stand together form one phrase, named by its first cue: "kết quả chỉ tiêu NQ"
    asks what the target came to, "ước thực hiện" for an estimate. The last phrase before
    the figure is asked for ("bao nhiêu") decides; "…, có đạt chỉ tiêu không?" after it does not."""
    folded = fold(question)
    asked_at = _FIGURE_CUE.search(folded)
    cues = [m for m in _cue_matches(folded) if m.group(0) not in _ASK_WEAK]
    if asked_at:
        # After the figure cue, only words of the same clause ("bao nhiêu theo kế hoạch?") count, and
        # not the word it counts: "ban hành bao nhiêu nghị quyết" counts resolutions, asks no target.
        clause_end = folded.find(",", asked_at.end())
        cues = [m for m in cues if (m.start() < asked_at.start() or clause_end < 0 or m.start() < clause_end)
                and m.start() != asked_at.end() + 1]
    phrases: list[list[re.Match]] = []
    for m in cues:
        if phrases and m.start() - phrases[-1][-1].end() <= _PHRASE_GAP:
            phrases[-1].append(m)
        else:
            phrases.append([m])
    return _STATUS_OF[phrases[-1][0].group(0)] if phrases else ""


def _states_figure(heading: str) -> bool:
    """A heading that states a figure (not a year, not its list number) is a statement of its own."""
    return any(not is_year(n) for n in NUMBER_SPAN.findall(ENUMERATOR.sub(" ", mask_non_figures(heading))))


def statement_status(before: str, headings: tuple[str, ...], period: Period, written: int) -> str:
    """The status of a figure stated in prose, from the words just before it, its heading and its period.

    A year after the document was written can only be a target or a plan, whatever the
    verb ("phấn đấu đến năm 2030 ước đạt …"). Otherwise the words right before the figure
    decide ("ước đạt" is an estimate, "đạt" a result), then the nearest heading that says
    ("2. Mục tiêu cụ thể" over "(12) Tỷ lệ giường bệnh …")."""
    near = {_STATUS_OF[m.group(0)] for m in _cue_matches(fold(before) + " ", _CUE_REACH + 1) if m.group(0) not in _ASK_WEAK}
    if period and written and period.start > written:
        return PLAN if PLAN in near else TARGET
    for status in (RATIO, ESTIMATE, TARGET, PLAN, ACTUAL):
        if status in near:
            return status
    if period and written and period.end < written:
        return ACTUAL  # a year already past when the document was written: what it came to
    # "đạt", "tăng" say a figure was reached in a report, but also in a target list ("đạt trên 80%").
    for heading in reversed(headings):
        if _states_figure(heading):
            continue  # "(14) Công nhận 11 xã … (kế hoạch 9 xã)": a statement, its cues its own figures'
        cues = [_STATUS_OF[m.group(0)] for m in _cue_matches(fold(heading)) if m.group(0) not in _ASK_WEAK]
        if cues:
            return cues[0]
    return ACTUAL
