"""The one answer function used by the chat, the CLI and the evaluation.

question → analysis → retrieval → a figure from the catalogue (every copy cited, other
documents' values named), or the rows a results table assesses as asked ("chưa đạt"),
else the items or passage under a heading, else the best
sentence → figure check → Answer, or a refusal that says why. `answer(q)` is
`answer_batch([q])[0]`.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, replace

from answer.accents import Accents
from answer.appendices import (appendices, appendix_asked, appendix_numbered, asks_appendix, asks_content,
                               numbered_otherwise, readable, titled_otherwise)
from answer.assessed import assessed_list
from answer.cite import authority, cite, newest_first
from answer.lookup import FigureLookup, FigureMatch, Misfit, assessment_cells, figure_text
from answer.names import NameIndex
from answer.paraphrases import in_document_words
from answer.rows import RowIndex, row_number
from answer.issued import IssuedIndex, quoted
from answer.question import FIGURE, FIGURES, LIST, ORDINAL, QUESTION_WORDS, STATEMENT, Question, analyse, parts_of_year
from answer.rank import DEFAULT_IDF, OTHER_PLACE, coverage, implied_status, passage_document_fit, undated_fits
from answer.documents import DocumentStore
from answer.extract import (COMPLEMENT_LINES, Unit, asks_list, complement, holds_asked, idf_table, left_out,
                            question_terms, record_answer, score_units, unit_terms)
from answer.sections import list_answer, topic_items
from answer.themes import asked_theme_year, asks_theme, cover_themes, theme_of, year_theme_of, year_themes
from answer.figures import figures_in, highlight, unverified_figures
from answer.llm import LLMRejected, LLMWriter
from answer.types import Answer, Conflict, Retrieved
from config import Config
from errors import HvkError
from index.build import build_index, is_fresh
from index.embedder import load_embedder
from index.retrieve import Retriever
from index.store import IndexBusy
from ingest.manifest import FileEntry
from ingest.chunks import Chunk
from ingest.docrefs import refs_in
from ingest.footnotes import NOTE_NUMBER, notes_cited
from ingest.normalize import clean, fold, key, tokens, unmarked
from ingest.patterns import YEAR_SPAN, years_in
from ingest.periods import states_term, terms_in
from ingest.scope import localities_in
from ingest.structure import heading_of, strip_markup
from ingest.words import folded_dictionary, load_dictionary

log = logging.getLogger(__name__)

NOT_FOUND = "Không tìm thấy trong các văn kiện hiện có thông tin trả lời câu hỏi này."
# Before a second row of the same document naming the project asked with another term or lead.
SAME_DOCUMENT_ROW = "Cùng văn kiện còn ghi:"
OFF_SUBJECT = "số liệu của đoạn gần nhất không nói về nội dung hỏi"
LEXICAL_ONLY = ("Tìm kiếm ngữ nghĩa đang được lập chỉ mục; câu trả lời này chỉ dựa trên tìm kiếm từ khóa "
                "và sẽ đầy đủ hơn khi lập chỉ mục xong.")
# Share of the question's weighted terms the answering sentence must cover; tuned on the
# eval set so that unanswerable questions are refused.
MIN_COVERAGE = 0.47
UNITS_FROM_TOP = 6
LIST_ROWS = 12  # table rows shown for one list question, at the most
NOTE_LOOKUP_CHARS = 60  # of an answer sentence, to find its line and the footnotes it cites
NAMED_FIRST = 3  # passages of the document a question names, put first
SAME_STATEMENT_COVERAGE = 0.8
CONFLICT_MARGIN = 0.15
# A question asks about the place it names; naming none, about the city the newest documents govern.
OTHER_LOCALITY_PENALTY = 0.15
# A table row wins over an almost-as-good sentence only when the question is about a table.
TABLE_MARGIN = 0.15
ROW_NAMED = 0.5  # …or when the question asks what a row's column holds, of the thing the row's label names
# A list whose heading scores below WEAK_LIST loses to a sentence covering FULL_COVERAGE of the question;
# so does a statement under a named heading that covers HEADING_SHORTFALL less of it than that sentence.
WEAK_LIST, FULL_COVERAGE, HEADING_SHORTFALL = 0.3, 0.95, 0.3
HEADING_NAMED = 1.0  # a list score this high has the heading the question names (sections.HEADING_BONUS)
LIST_NAMED = 0.5  # a list whose heading names this much of the question answers before any sentence
# A record this close to the subject that misses the place, period, status or unit asked
# means the corpus has the indicator but not what was asked: refuse, do not guess from sentences.
DECISIVE_COVERAGE = 0.8
# Items listed after a colon or "là": "08 nước: Philippines, Thái Lan, Lào, …", "sản phẩm chủ lực
# là cá tra, cá thát lát, lươn".
_ENUMERATES = re.compile(r"(?::|\blà)\s*[^:,;]{2,}(?:[,;][^:,;]{2,}){2,}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ASKS_TABLE = re.compile(r"bảng|bang\b|phụ lục|phu luc|\bpl\b|ước th|uoc th|thực hiện cả năm|so sánh|so sanh|đvt|cột", re.IGNORECASE)


def _no_figure(asked: Question, text: str, chunk) -> str:
    """Why a passage cannot answer a question that asks for a figure: it states none, or none in
    the unit asked ("bao nhiêu tỷ đồng" answered by a row that names the project and no amount)."""
    # "55 Dự án … vay vốn IBRD": the row's number is no amount; "Chương trình phát triển 1.000 doanh
    # nghiệp" in a row's name is.
    if not set(figures_in(text)) - asked.numbers - set(figures_in(row_number(chunk.row.label) if chunk.row else "")):
        return "đoạn gần nhất không nêu con số nào"
    if asked.unit and asked.unit != "%" and not re.search(_unit_stated(asked), fold(key(text))):
        return "đoạn gần nhất không nêu số liệu theo đơn vị được hỏi"
    return ""


def _unit_stated(asked: Question) -> str:
    """The pattern of a figure in the unit asked ("75 ha", "50 triệu lượt", "… USD/m2" for "bao nhiêu
    USD/m2"): after a figure, since folded "hạ tầng" says "ha" too."""
    per = re.search(rf"\b{re.escape(asked.unit)}\s*/\s*(\w+)", fold(key(asked.text)))
    unit = re.escape(asked.unit) + (rf"\s*/\s*{re.escape(per.group(1))}" if per else "")
    return rf"\d[\d.,/]*\s*(?:(?:nghin|ngan|trieu|ti)\s+)?{unit}\b"


def _unwritten_names(asked: Question, citations) -> str:
    """The proper names of the question that no cited passage writes ("Ô Môn II" asked, a
    passage on "Sông Hậu 1" found): such an answer is about something else. "" when none."""
    if not citations:
        return ""
    cited = fold(" ".join(f"{c.quote} {c.section} {c.title}" for c in citations))
    return _quoted(n for n in asked.names if not re.search(rf"\b{re.escape(fold(n))}\b", cited))


def _unwritten_numbers(asked: Question, citations) -> str:
    """The numbers of a name the question asks about ("SEA Games 33", "Đường tỉnh 918", "Quốc lộ
    61C") that no cited passage writes: an answer about "SEA Games 31" is about something else; a
    count the question names ("3 địa phương", "1 vạn dân") is no name. "" when none."""
    cited = " ".join(f"{c.quote} {c.section}" for c in citations)
    return _quoted(n for n in sorted(asked.numbers) if _ends_name(n, asked.text)
                   and not re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d,]|\.\d)", cited))


def _ends_name(number: str, text: str) -> bool:
    """The number ends a name: it follows a capitalised word inside the question ("SEA Games 33", not
    "Trong 5 năm"), or a road's "tỉnh"/"lộ" ("đường tỉnh 925C"); a date after a comma ("(Cần Thơ,
    9/2025)") names nothing."""
    for m in re.finditer(rf"(\S+)\s+{re.escape(number)}(?![\d.,]\d|/\d)", text):
        word = m.group(1)
        if fold(word.lower()) in ("tinh", "lo") or (m.start() > 0 and word[:1].isupper() and word[-1].isalnum()
                                                     and word.lower() not in QUESTION_WORDS):
            return True
    return False


def _quoted(names) -> str:
    return ", ".join(f"“{n}”" for n in names)


def _not_about(names: tuple[str, ...]) -> str:
    """Why a figure whose clause never writes the names asked does not answer; "" when none is missing."""
    return f"số liệu của đoạn gần nhất không nói về {_quoted(names)}" if names else ""


def _bold(text: str, chunk) -> str:
    """The figures a passage answers with, in bold; a row's numbers ("49", "Cải tạo 05 nút giao")
    name it, and what is asked of it is in its cells."""
    return highlight(text, set(figures_in(text)) - (set(figures_in(chunk.row.label)) if chunk.row else set()))


def _years_stated(text: str) -> set[str]:
    """The years a text gives figures of: a year alone, or a stage's end ("2021 - 2025" ends in a
    level for 2025); the start of "2026 - 2030" states nothing about 2026 alone."""
    return {m.group(0)[-4:] for m in YEAR_SPAN.finditer(text)}


def _year_context(u: Unit) -> str:
    """Where a passage states its years: its text, its headings, its document's title."""
    return f"{u.text} {u.chunk.section_path} {u.chunk.subdoc}"


def _names_subject(asked: Question, label: str) -> bool:
    """Whether a row's label writes at least ROW_NAMED of the question's subject."""
    subject = set(asked.subject)
    return bool(subject) and len(subject & {fold(t) for t in tokens(label)}) >= ROW_NAMED * len(subject)


def _prefer_prose(asked: Question, units: list[Unit]) -> Unit:
    best, question = units[0], asked.text
    # "Thư viện thành phố thực hiện trong giai đoạn nào?": a project's row, almost as good, that names
    # it and has a column for what is asked; a sentence that scores about as well only shares words.
    holding = (u for u in units if u.chunk.row and u.score >= best.score - TABLE_MARGIN
               and holds_asked(u.chunk.row, question) and _names_subject(asked, u.chunk.row.label))
    if (row := next(holding, None)) or not best.chunk.record or _ASKS_TABLE.search(question):
        return row or best
    prose = next((u for u in units if not u.chunk.record and u.score >= best.score - TABLE_MARGIN), None)
    return prose or best


def _inherit(part: Question, whole: Question) -> Question:
    """A sub-question ("và tăng bao nhiêu %") keeps the place, period, status and quantity of the whole."""
    return replace(part, localities=part.localities or whole.localities, period=part.period or whole.period,
                   status=part.status or whole.status, quantities=part.quantities or whole.quantities,
                   terms=part.terms if len(part.subject) >= 1 else whole.terms)


def _date_text(date: tuple[int, int, int] | None) -> str:
    return f" ngày {date[0]:02d}/{date[1]:02d}/{date[2]}" if date else ""


class QuestionError(HvkError, ValueError):
    """A question that cannot be asked as given; the message says why, in Vietnamese."""
    code = "question"


@dataclass(frozen=True)
class PreparedQuestion:
    text: str
    notes: tuple[str, ...]


def prepare_question(raw: str, max_chars: int) -> PreparedQuestion:
    text = " ".join(clean(raw or "").split())
    if not text:
        raise QuestionError("Câu hỏi trống: hãy nhập nội dung cần tra cứu.")
    notes = []
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0]
        notes.append(f"Câu hỏi dài quá {max_chars} ký tự nên chỉ dùng phần đầu.")
    return PreparedQuestion(text, tuple(notes))


class AnswerService:
    def __init__(self, config: Config, retriever: Retriever, entries: dict[str, FileEntry],
                 llm: LLMWriter | None = None):
        self.config = config
        self.llm = llm
        self.retriever = retriever
        self.entries = entries
        self.documents = DocumentStore(retriever.documents, retriever.chunks, entries)
        self._places: dict[str, set[str]] = {}  # chunk id → the localities it is about
        self.idf = idf_table(retriever.bm25)
        self.figures = FigureLookup(retriever.catalogue, entries, self.idf)
        self.rows = RowIndex(retriever.chunks)
        self.issued = IssuedIndex(retriever.chunks, self.idf)
        self.themes = cover_themes(retriever.chunks)
        self.year_themes = year_themes(retriever.chunks)
        self.appendices, self.contents = appendices(retriever.chunks)
        load_dictionary(), folded_dictionary()  # read now, not on the first question
        self.accents = Accents((c.text for c in retriever.chunks), load_dictionary())
        self.names = NameIndex(c.text for c in retriever.chunks)
        newest = max(entries.values(), key=lambda e: e.authority, default=None)
        self.home = localities_in(newest.scope) if newest else set()

    def answer(self, question: str, files: set[str] | None = None) -> Answer:
        return self.answer_batch([question], files)[0]

    def answer_batch(self, questions: list[str], files: set[str] | None = None) -> list[Answer]:
        return [self._answer_one(q, files) for q in questions]

    def _answer_one(self, raw: str, files: set[str] | None) -> Answer:
        t0 = time.perf_counter()
        q = prepare_question(raw, self.config.max_question_chars)
        reworded = in_document_words(q.text)
        asked = analyse(reworded)
        if unmarked(reworded):
            # Typed without marks, a name may have no capitals to tell it: the corpus's names tell.
            asked = replace(asked, names=tuple(dict.fromkeys(asked.names + self.names.in_text(reworded))))
        # e5 reads a question typed without marks poorly: it reads it with its likeliest marks.
        restored = self.accents.restore(q.text)
        vector = self.retriever.embed(reworded if restored == q.text else in_document_words(restored))
        hits = self.retriever.search(reworded, self.config.top_k, files, vector)
        if asked.document:
            hits = self._named_first(asked, hits, files, vector)
        t1 = time.perf_counter()
        retrieved = [Retrieved(h.chunk.file, h.chunk.line_start, h.chunk.line_end, round(h.score, 4)) for h in hits]
        notes = list(q.notes)
        if not self.retriever.dense_ready:
            notes.append(LEXICAL_ONLY)
        timings = {"retrieve_ms": (t1 - t0) * 1000}
        found, refusal = None, None
        if asked.answer_type in (FIGURE, FIGURES):
            found, refusal = self._figure_answer(asked, hits, files,
                                                 lambda ids: self.retriever.similarity(vector, ids), notes)
        elif asks_appendix(asked) and (appendix := appendix_asked(
                asked, [a for a in self.appendices if not files or a.chunk.file in files], self.idf, self.entries)):
            found = self._appendix(appendix)
        elif asks_content(asked) and (appendix := appendix_numbered(
                asked, [a for a in self.appendices if not files or a.chunk.file in files], self.entries)):
            found = self._appendix(appendix, by_number=True)
        elif year := asked_theme_year(asked):
            theme = year_theme_of(asked, self.year_themes)
            if theme:
                found = (f"“{theme.text}”", [cite(theme.chunk, self.entries)], [])
            else:
                refusal = f"Văn kiện không nêu chủ đề năm {year} của địa phương được hỏi."
        elif asks_theme(asked) and (theme := theme_of(asked, self.themes)):
            found = (f"“{theme.text}”", [cite(theme.chunk, self.entries)], [])
        elif asked.assessment and (listed := assessed_list(asked, [h.chunk for h in hits], self.retriever.chunks)):
            found = (listed.text, [cite(c, self.entries) for c in listed.chunks], [])
        elif asked.answer_type == LIST and (rows := self._led_rows(asked, hits) or self._listed_rows(asked, hits)
                                            or self._numbered_rows(asked, hits) or self._rows_about(asked, hits)):
            found = ("\n".join(record_answer(c.row, q.text, whole=False) for c in rows),
                     [cite(c, self.entries) for c in rows], [])
        elif asked.answer_type == LIST and (topic := topic_items(asked, [h.chunk for h in hits[:UNITS_FROM_TOP]],
                                                                 self.retriever.chunks, self.entries)).chunks:
            found = (topic.text, [cite(c, self.entries) for c in topic.chunks], [])
        elif asked.answer_type in (LIST, ORDINAL) or (asked.answer_type == STATEMENT and asked.heading):
            found = self._under_heading(asked, hits)
        if found is None and asked.goal_or_figure:
            # "đặt mục tiêu gì cho ngành thương mại": no target figure stated, the goal's own sentence answers.
            found, refusal = self._from_sentences(replace(asked, answer_type=STATEMENT), reworded, hits, notes)
        elif found is None:
            found, refusal = self._from_sentences(asked, reworded, hits, notes, refusal)
        if found is not None:
            text, citations, conflicts = self._complemented(asked, found, hits)
            if unwritten := _unwritten_names(asked, citations) or (citations and _unwritten_numbers(asked, citations)):
                refusal = f"Không đưa ra câu trả lời: đoạn trích không nhắc đến {unwritten}."
            elif asked.part_of_year and asked.answer_type in (FIGURE, FIGURES) and not any(
                    parts_of_year(asked.part_of_year) & parts_of_year(c.quote) for c in citations):
                refusal = f"Văn kiện không có số liệu riêng cho {asked.part_of_year}."
        if refusal:
            notes.append(refusal)
            timings["total_ms"] = (time.perf_counter() - t0) * 1000
            return Answer(raw, NOT_FOUND, False, retrieved=retrieved, timings=timings, notes=notes,
                          slots=asked.slots())
        conflicts = conflicts + self._ref_conflicts(text, citations, conflicts, files)
        if self.llm and citations:
            text = self._llm_text(q.text, text, citations, notes, timings)
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        return Answer(raw, text, bool(citations), citations, conflicts, retrieved, timings, notes, asked.slots())

    def _appendix(self, appendix, by_number: bool = False):
        """"… nằm ở phụ lục số mấy": the appendix's heading; a contents line numbering it otherwise is
        named. "Phụ lục 4 là gì" (`by_number`): a contents line titling that number otherwise is named."""
        chunk = appendix.chunk
        lines = (titled_otherwise if by_number else numbered_otherwise)(appendix, self.contents)
        says = "ghi Phụ lục {} với tên khác" if by_number else "đánh số Phụ lục {}"
        others = [Conflict(value=f"Phụ lục {line.number}. {line.title}", citation=cite(line.chunk, self.entries),
                           note=f"{self._describe(line.chunk)} {says.format(line.number)}") for line in lines]
        # "(Phụ lục Báo cáo chính trị)": which document's; not when the sub-document is the appendix itself.
        within = "" if fold(appendix.title) in fold(chunk.subdoc) else f" ({chunk.subdoc})"
        return f"Phụ lục {appendix.number} – {readable(appendix.title)}{within}", [cite(chunk, self.entries)], others

    def _from_sentences(self, asked: Question, reworded: str, hits, notes: list[str], refusal: str | None = None):
        """(found, refusal) from the sentences of the passages found: the best units, composed."""
        # "đặt mục tiêu gì", with no target figure stated, asks for the goal's words, not for figures.
        units = self._fit(asked, score_units(reworded, [h.chunk for h in hits[:UNITS_FROM_TOP]], self.idf,
                                             wants_figure=False if asked.goal_or_figure else None))
        refusal = refusal or self._refusal(asked, units)
        return (None if refusal else self._compose(asked, units, notes)), refusal

    def _figure_answer(self, q: Question, hits, files: set[str] | None, similarity, notes: list[str]):
        """((text, citations, conflicts), None) from the catalogue; (None, refusal) when the figure
        asked about is there but not for the place, period, status or unit asked; (None, None)
        when the catalogue has nothing close to the subject and the sentences may.

        Several asked figures are answered each; one that finds no record is left out, and
        why goes into `notes`."""
        parts = [_inherit(analyse(p), q) for p in q.parts] or [q]
        chunks = [h.chunk.id for h in hits]
        # A search limited to some documents answers, cites and compares within them only.
        within = lambda r: not files or r.file in files
        texts, citations, conflicts, reasons, shown_cells = [], [], [], [], set()
        said_by = []  # the record each text shows
        for part in parts:
            match = self.figures.best(part, chunks, similarity)
            if isinstance(match, FigureMatch) and part.document and not any(
                    self._in_named(part, self.retriever.by_id[r.chunk]) for r in match.copies):
                match = None  # "Dự thảo văn kiện Đại hội XV … đặt mục tiêu gì": not what another document sets
            if not isinstance(match, FigureMatch) or not within(match.lead):
                reason = match.reason if isinstance(match, Misfit) else ""
                notes.append(f"Bảng số liệu: {reason or 'không có số liệu khớp nội dung hỏi'}.")
                reasons.append(reason if isinstance(match, Misfit) and match.coverage >= DECISIVE_COVERAGE
                               and not match.reason.startswith(OTHER_PLACE) else "")
                if part is parts[0]:
                    break  # the first part names the subject; "xếp thứ mấy" after it means its rank
                continue
            # A sentence stating the same value reads better than a table cell, and a copy writing its
            # thousands with dots ("5.127") better than one with spaces ("5 127"); all are cited.
            prose = sorted((r for r in match.copies if within(r) and not r.cell), key=lambda r: " " in r.value)
            shown = prose[0] if prose else match.lead
            if (shown.chunk, shown.period) in shown_cells:
                continue  # "ước bao nhiêu, NQ giao bao nhiêu": the cells shown for the first part hold it
            beside = self.figures.beside(shown)
            shown_cells |= {(r.chunk, r.period) for r in (shown, *beside) if r.cell}
            remarks = assessment_cells(self.retriever.by_id[shown.chunk].row) if shown.cell else ()
            text = figure_text(shown, beside, remarks)
            if text in texts:
                continue  # "một phần và toàn trình" read as two parts: one figure answers both
            said = next((n for n, r in enumerate(said_by)
                         if not r.cell and (r.chunk, r.quote) == (shown.chunk, shown.quote)), None)
            if said is not None:
                # "bao nhiêu hợp tác xã, tăng bao nhiêu": one sentence says both, shown once with both in bold.
                bolded = {k for b in _BOLD.findall(texts[said]) for k in figures_in(b)}
                texts[said] = highlight(texts[said].replace("**", ""), bolded | {shown.value_key})
                continue
            texts.append(text)
            said_by.append(shown)
            citations += [cite(c, self.entries)
                          for c in self._with_heads([self.retriever.by_id[r.chunk] for r in match.copies if within(r)])]
            conflicts += [self._conflict(o.record, o.against) for o in match.others if within(o.record)]
        if not texts:
            return None, (reasons[0] if reasons and all(reasons) else None)
        unique = list({(c.file, c.line_start): c for c in citations}.values())
        return ("\n".join(texts), unique, conflicts), None

    def _with_heads(self, chunks: list) -> list:
        """A row cut by a page break is cited where it goes on and where it begins, which names it."""
        return list({c.id: c for o in chunks for c in (o, self.rows.head(o)) if c}.values())

    def _led_rows(self, asked: Question, hits) -> list:
        """The rows of one task list whose leading agency the question names ("những đề án nào do
        Công an thành phố chủ trì"); the list retrieval ranks first, else the one the question
        names, else the longest. Empty unless it holds two rows or more."""
        groups = self.rows.led_by({fold(t) for t in tokens(asked.text)}, set(asked.pairs))
        if asked.document:
            groups = {w: rows for w, rows in groups.items() if self._in_named(asked, rows[0])}
        if not groups:
            return []
        rank = {(h.chunk.file, h.chunk.subdoc): n for n, h in reversed(list(enumerate(hits)))}
        rows = min(groups.values(), key=lambda rows: (rank.get((rows[0].file, rows[0].subdoc), len(hits)), -len(rows)))
        return rows[:LIST_ROWS] if len(rows) >= 2 else []

    def _listed_rows(self, asked: Question, hits) -> list:
        """"Những bệnh viện nào (trong danh mục tầm nhìn đến 2045)": the rows of one list whose names
        hold what is asked for, when retrieval found one of them; the list whose headings the question
        names most. Empty unless it holds two rows or more."""
        found = {h.chunk.id for h in hits[:UNITS_FROM_TOP]}
        lists = [rows for rows in self.rows.listed_as(asked.listed, {fold(t) for t in tokens(asked.text)})
                 if any(c.id in found for c in rows) and (not asked.document or self._in_named(asked, rows[0]))]
        return lists[0][:LIST_ROWS] if lists and len(lists[0]) >= 2 else []

    def _rows_about(self, asked: Question, hits) -> list:
        """"Những dự án nào về …": the rows of one list whose names say what the question asks them to
        be about, in the list retrieval ranks first. Empty unless it holds two rows or more."""
        if not asked.about:
            return []
        groups = self.rows.about(asked.about)
        if asked.document:
            groups = {w: rows for w, rows in groups.items() if self._in_named(asked, rows[0])}
        found = {h.chunk.id for h in hits[:UNITS_FROM_TOP]}
        lists = [rows for rows in groups.values() if len(rows) >= 2 and any(c.id in found for c in rows)]
        return lists[0][:LIST_ROWS] if lists else []

    def _numbered_rows(self, asked: Question, hits) -> list:
        """"Nhóm nhiệm vụ 4 … gồm những gì": the row that answers best, when it covers the question,
        then the rows numbered under it (4.1, 4.2, …). Empty unless two rows or more are under it."""
        units = score_units(asked.text, [h.chunk for h in hits[:UNITS_FROM_TOP]], self.idf)
        best = max(units, key=lambda u: u.score, default=None)
        if best is None or not best.chunk.row or best.coverage < MIN_COVERAGE:
            return []
        parts = self.rows.numbered_under(best.chunk)
        return [best.chunk, *parts[:LIST_ROWS]] if len(parts) > 1 else []

    def _under_heading(self, asked: Question, hits):
        """"Mục tiêu tổng quát …", "tầm nhìn …": the paragraph under the heading the question names,
        when a heading names it; the question's other words need not be in that paragraph."""
        chunks = [h.chunk for h in hits[:UNITS_FROM_TOP]]
        listed = list_answer(asked, chunks, self.retriever.chunks, self.idf, self.entries)
        if not listed.chunks or listed.score < (HEADING_NAMED if asked.answer_type == STATEMENT else LIST_NAMED):
            return None
        best = max(score_units(asked.text, chunks, self.idf), key=lambda u: u.coverage, default=None) \
            if asked.answer_type == STATEMENT else None
        if best and self._says_less(asked, listed, best):
            return None
        return listed.text, [cite(c, self.entries) for c in listed.chunks], []

    def _says_less(self, asked: Question, listed, best: Unit) -> bool:
        """"Huy động nguồn lực tài chính … theo phương châm gì": a sentence saying all of it ("… theo
        phương châm 'nội lực là căn bản …'") answers, not the paragraph under a heading "Phương châm"
        that says nothing of the rest."""
        if asked.answer_type != STATEMENT or best.coverage < FULL_COVERAGE:
            return False
        asked_terms = {t: self.idf.get(t, DEFAULT_IDF) for t in question_terms(asked.text)}
        # The heading says what the question names it by ("tầm nhìn"), whatever words it is written in.
        said = coverage(asked_terms, unit_terms(" ".join([asked.heading, listed.text, *(c.section_path for c in listed.chunks)])))
        return said < best.coverage - HEADING_SHORTFALL

    def _named_first(self, asked: Question, hits, files: set[str] | None, vector):
        """The passages of the document the question names ("Phụ lục I BC 320") lead, found by a
        search within it: the answer must come from there, and it may rank low among all documents."""
        named = {f for f, e in self.entries.items()
                 if not asked.document.numbers
                 or asked.document.numbers & refs_in(" ".join([e.title, *(d.title for d in e.subdocs)])).numbers}
        within = named & files if files else named
        found = [h for h in self.retriever.search(asked.text, self.config.top_k, within, vector)
                 if self._in_named(asked, h.chunk)]
        lead = found[:NAMED_FIRST]
        ids = {h.chunk.id for h in lead}
        return lead + [h for h in hits if h.chunk.id not in ids]

    def _in_named(self, asked: Question, chunk) -> bool:
        return passage_document_fit(asked, chunk, self.entries) > 0

    def _conflict(self, other, lead) -> Conflict:
        chunk = self.retriever.by_id[other.chunk]
        where = self._describe(chunk)
        if other.stage != lead.stage:
            note = f"{where} ghi số {other.stage} (khác trạng thái, không phải mâu thuẫn)"
        else:
            note = f"{where} ghi khác"
        return Conflict(value=figure_text(other), citation=cite(chunk, self.entries), note=note,
                        other_status=other.stage != lead.stage)

    def _ref_conflicts(self, text: str, citations, conflicts, files: set[str] | None) -> list[Conflict]:
        """A decision or resolution the answer names, written with another number or date elsewhere."""
        shown = {(c.file, c.line_start) for c in citations}
        named = {(k.citation.file, k.citation.line_start) for k in conflicts}
        return [Conflict(value=quoted(r), citation=cite(r.chunk, self.entries),
                         note=f"{self._describe(r.chunk)} ghi {r.other.written}{_date_text(r.other.date)}, "
                              f"câu trả lời ghi {r.shown.written}{_date_text(r.shown.date)}")
                for r in self.issued.rivals(text, shown) if (not files or r.chunk.file in files)
                and (r.chunk.file, r.chunk.line_start) not in named]

    def _llm_text(self, question: str, extractive: str, citations, notes: list[str], timings) -> str:
        """The LLM's wording when it passes its checks; otherwise the extractive answer, and why."""
        t = time.perf_counter()
        try:
            return self.llm.write(question, citations)
        except LLMRejected as e:
            log.warning("LLM answer not used: %s", e)
            notes.append(f"Dùng câu trả lời trích xuất: {e}.")
            return extractive
        finally:
            timings["llm_ms"] = (time.perf_counter() - t) * 1000

    def _fit(self, asked: Question, units: list[Unit]) -> list[Unit]:
        """Passages about another place than the one asked about (or, when the question names
        none, than the city the newest documents govern) rank lower; so do passages outside
        the document the question names."""
        wanted = localities_in(asked.text) or self.home

        def fit(u: Unit) -> float:
            places = self._localities(u.chunk)
            return ((-OTHER_LOCALITY_PENALTY if wanted and places and not places & wanted else 0.0)
                    + passage_document_fit(asked, u.chunk, self.entries))

        ranked = sorted((replace(u, score=u.score + fit(u)) for u in units), key=lambda u: -u.score)
        # A passage not of the year or place asked cannot answer for it (the refusal below says so):
        # one that is, and covers the question, goes first.
        places = localities_in(asked.text)
        if not (asked.years or places):
            return ranked
        states = lambda u: u.coverage >= MIN_COVERAGE and (not asked.years or self._of_years_asked(asked, u)) \
            and self._of_places(places, u.chunk)
        return [u for u in ranked if states(u)] + [u for u in ranked if not states(u)]

    def _of_places(self, places: set[str], chunk) -> bool:
        """The passage, its headings or its document's scope name a place asked (any, when none is)."""
        if not places:
            return True
        entry = self.entries.get(chunk.file)
        return bool(places & localities_in(" ".join([chunk.content, chunk.section_path, chunk.subdoc,
                                                        entry.scope if entry else ""])))

    def _of_years_asked(self, asked: Question, u: Unit) -> bool:
        """The passage states a year asked; or states none and is of its document's time
        ("Đến cuối nhiệm kỳ, …" in a draft of 2025 sets targets for 2030: rank.undated_fits)."""
        context = _year_context(u)
        stated = _years_stated(context) if asked.period.kind == "year" else years_in(context)
        if asked.period.kind == "range" and (spans := terms_in(context)):
            # "… kiểm điểm … nhiệm kỳ 2020 - 2025" in a passage on the congress of 2025 - 2030.
            return states_term(asked.period, spans + terms_in(u.chunk.content))
        if stated or not asked.period:
            return bool(asked.years & stated)
        entry = self.entries.get(u.chunk.file)
        return entry is not None and undated_fits(asked.period, entry.date_at(u.chunk.line_start),
                                                  implied_status(asked, self.figures.now))

    def _refusal(self, asked: Question, units: list[Unit]) -> str | None:
        if not units:
            return "Không có đoạn văn nào liên quan."
        best = units[0]
        asked_places = localities_in(asked.text)
        if not self._of_places(asked_places, best.chunk):
            return "Văn kiện không đề cập địa phương được hỏi: " + ", ".join(sorted(asked_places)) + "."
        if asked.years and not self._of_years_asked(asked, best):
            return "Văn kiện không có số liệu cho năm " + ", ".join(sorted(asked.years)) + "."
        if best.coverage < MIN_COVERAGE:
            return f"Đoạn gần nhất chỉ khớp {best.coverage:.0%} nội dung câu hỏi."
        return None

    def _compose(self, asked: Question, units: list[Unit], notes: list[str]):
        question = asked.text
        best = _prefer_prose(asked, units)
        if asked.answer_type == LIST and not _ENUMERATES.search(best.text):
            # "với những nước nào": the sentence that names them ("với 08 nước: Philippines, Thái Lan, …"),
            # not the one about as good that only says "với các nước".
            best = next((u for u in units if u.score >= best.score - TABLE_MARGIN and _ENUMERATES.search(u.text)), best)
        sectioned = asked.answer_type in (LIST, ORDINAL) or (asked.answer_type == STATEMENT and asked.heading)
        # A table row answers for itself, unless it is a group row: a heading over the rows asked for.
        if (sectioned or asks_list(question)) and (not best.chunk.record or heading_of(best.chunk.text)):
            # Distinct passages: one long passage splits into many units and would crowd out the rest.
            passages = list({u.chunk.id: u.chunk for u in units}.values())[:UNITS_FROM_TOP]
            listed = list_answer(asked, passages, self.retriever.chunks, self.idf, self.entries)
            # A heading that barely names the question loses to a sentence that names all of it
            # ("… với các đặc trưng “Yêu nước, Đoàn kết, …”" is the list, written inline).
            if listed.chunks and not (listed.score < WEAK_LIST and best.coverage >= FULL_COVERAGE) \
                    and not self._says_less(asked, listed, best):
                return listed.text, [cite(c, self.entries) for c in listed.chunks], []
        # A row picked for the column asked is compared with rows of the same project only (rows.rivals).
        groups = [[best]] if best.chunk.row and holds_asked(best.chunk.row, question) \
            else self._statements(best, units, question, lambda u: self._may_rival(asked, u))
        winner = max(groups, key=lambda g: self._authority(g[0].chunk))
        if winner is not groups[0]:
            notes.append("Các văn kiện ghi khác nhau: lấy số liệu của văn kiện mới hơn/chính thức hơn.")
        lead = winner[0]
        if asked.answer_type == LIST and lead.chunk.row and len(alike := self.rows.alike(lead.chunk, set(asked.subject))) > 1:
            # "Những nhà máy điện gió nào": every row of the list named so, each with what was asked of it.
            shown = alike[:LIST_ROWS]
            return ("\n".join(record_answer(c.row, question, whole=False) for c in shown),
                    [cite(c, self.entries) for c in shown], [])
        rivals = self.rows.rivals(lead.chunk)
        newest = max(rivals, key=lambda r: self._authority(r.chunk), default=None)
        if newest and self._authority(newest.chunk) > self._authority(lead.chunk) \
                and holds_asked(newest.chunk.row, question):
            # The same project listed again with another term or lead, and that is what is asked: the
            # newest list's row leads, as a newer figure does; the row found first is named as the other's.
            lead = Unit(newest.chunk, record_answer(newest.chunk.row, question), lead.score, lead.coverage)
            winner, rivals = [lead], self.rows.rivals(newest.chunk)
        listed_in = (lead.chunk.file, lead.chunk.subdoc)
        same_list = lambda rivals: [r for r in rivals if (r.chunk.file, r.chunk.subdoc) == listed_in]
        if itself := same_list(rivals):
            # One list naming a project twice with two terms ("Đến năm 2030" among the tasks to 2030,
            # "2030 - 2045" among those looking to 2045) has no newer text to lead: both rows are the
            # answer, the one listed first leading, as a reader of the list meets them.
            first = min((r.chunk for r in itself), key=lambda c: c.line_start)
            if first.line_start < lead.chunk.line_start:
                lead = Unit(first, record_answer(first.row, question), lead.score, lead.coverage)
                winner, rivals = [lead], self.rows.rivals(first)
                itself = same_list(rivals)
            lead = Unit(lead.chunk, "\n".join([lead.text] + [f"{SAME_DOCUMENT_ROW} {record_answer(r.chunk.row, question)}"
                                                             for r in itself]), lead.score, lead.coverage)
        ordered = newest_first([u.chunk for u in winner], self.entries) + [r.chunk for r in itself]
        citations = [cite(c, self.entries) for c in self._with_heads(ordered)]
        conflicts = [
            Conflict(value=_bold(g[0].text, g[0].chunk), citation=cite(g[0].chunk, self.entries),
                     note=f"{self._describe(g[0].chunk)} ghi khác")
            for g in groups if g is not winner
        ] + [Conflict(value=f"{r.chunk.row.label} — {r.term}", citation=cite(r.chunk, self.entries),
                      note=f"{self._describe(r.chunk)} ghi {r.differs} khác cho cùng dự án, nhiệm vụ")
             for r in rivals if r.chunk.id not in {g[0].chunk.id for g in groups}]
        grounds = [c.quote for c in citations] + [f"{c.title} {c.section}" for c in citations] + [question]
        unchecked = unverified_figures(lead.text, grounds)
        if unchecked:
            notes.append("Không đưa ra câu trả lời vì số liệu không có trong trích dẫn: " + ", ".join(unchecked))
            return NOT_FOUND, [], []
        # A sentence answering a figure question states figures the catalogue has read: when every
        # one of them is of another place, period or status than asked, the sentence does not answer.
        figures = set(figures_in(lead.text))
        reason = (self.figures.misfit_of(asked, lead.chunk.id, figures) or _no_figure(asked, lead.text, lead.chunk)
                  or ("" if self.figures.names_subject(asked, lead.chunk.id, figures) else OFF_SUBJECT)
                  # A row's name and cells are read whole by the citation check (_unwritten_names).
                  or ("" if lead.chunk.row else _not_about(self.figures.names_unwritten(asked, lead.chunk.id, figures)))) \
            if asked.answer_type in (FIGURE, FIGURES) else ""
        if reason:
            notes.append(f"Không đưa ra câu trả lời: {reason}.")
            return NOT_FOUND, [], []
        # Picked by its best clause, a goal ("mục tiêu … là gì") is shown whole: urban and rural alike;
        # so is a list written in one sentence ("3 chỉ tiêu chưa đạt: (1) …; (2) …; (3) …").
        shown = lead.sentence if asked.answer_type in (STATEMENT, LIST) and lead.sentence else lead.text
        if asked.answer_type == LIST:
            # "03 dự án … (PPP)<sup>[29]</sup>": the footnote it cites names them.
            for text, chunk in self._notes_cited(lead.chunk, shown):
                shown = f"{shown}\n{text}"
                if all((c.file, c.line_start) != (chunk.file, chunk.line_start) for c in citations):
                    citations = citations + [cite(chunk, self.entries)]
        if asked.answer_type not in (FIGURE, FIGURES) and (after := self._after_colon(lead.chunk, shown)):
            # "(4) Tăng cường nghiên cứu, ứng dụng …:" announces what it says; the paragraph after it says it.
            more, chunk = after
            shown = f"{shown} {more}"
            if chunk is not lead.chunk:
                citations = citations + [cite(chunk, self.entries)]
        return _bold(shown, lead.chunk), citations, conflicts

    def _notes_cited(self, chunk: Chunk, shown: str) -> list[tuple[str, Chunk]]:
        """(text, chunk) of each footnote the sentence `shown`, in `chunk`, cites."""
        if chunk.kind != "text":
            return []
        lines = self.documents.lines(chunk.file)
        head = " ".join(shown.split())[:NOTE_LOOKUP_CHARS]
        line = next((n for n in range(chunk.line_start, chunk.line_end + 1)
                     if head in " ".join(strip_markup(lines[n - 1]).split())), None)
        if line is None:
            return []
        return [(NOTE_NUMBER.sub("", strip_markup(lines[n - 1])), self.documents.chunk_at(chunk.file, n))
                for n in notes_cited(lines, line, shown)]

    def _after_colon(self, chunk, shown: str):
        """(the paragraph after `shown`, the chunk holding it) when `shown` ends in a colon: the rest of
        its own passage, or else the first paragraph of the passage after it; None otherwise."""
        if not shown.rstrip().endswith(":"):
            return None
        content, said = chunk.content, shown.rstrip()
        at = content.find(said)
        if at < 0:
            return None
        rest = content[at + len(said):].strip()
        if not rest:
            following = [c for c in self.documents.chunks_near(chunk.file, chunk.line_end + 1, COMPLEMENT_LINES)
                         if c.line_start > chunk.line_end and c.kind == chunk.kind]
            if not following:
                return None
            chunk, rest = following[0], following[0].content.strip()
        paragraph = rest.split("\n")[0].strip()
        return (paragraph, chunk) if paragraph else None

    def _complemented(self, asked: Question, found, hits):
        """"… mục tiêu gì về hộ nghèo và xã nông thôn mới kiểu mẫu": an answer that leaves out a part of
        what the question joins gets the unit stating that part from the passages around the answer's
        own (the next target of a numbered list), cited too."""
        text, citations, conflicts = found
        left = left_out(asked.text, text, self.idf) if citations and asked.answer_type in (FIGURE, STATEMENT, LIST) else {}
        if not left:
            return found
        first = citations[0]
        near = self.documents.chunks_near(first.file, first.line_start, COMPLEMENT_LINES)
        # The retrieved passages first, as the sentence scorer ranked them; then the rest around.
        retrieved = [h.chunk for h in hits[:UNITS_FROM_TOP] if h.chunk in near]
        chunks = retrieved + [c for c in near if c not in retrieved]
        second = complement(left, text, first.file, first.line_start, score_units(asked.text, chunks, self.idf))
        if second is None or unverified_figures(second.text, [second.chunk.text, asked.text]):
            return found
        shown = {(c.file, c.line_start) for c in citations}
        extra = [] if (second.chunk.file, second.chunk.line_start) in shown else [cite(second.chunk, self.entries)]
        return f"{text}\n{_bold(second.text, second.chunk)}", citations + extra, conflicts

    def _may_rival(self, asked: Question, u: Unit) -> bool:
        """A sentence with other figures may state otherwise what a figure question asks, or a
        subject its figures are read as measuring ("GRDP bình quân đầu người đến năm 2030?"); the
        section numbers and dates around a goal, a name or a list are no rival values."""
        return asked.answer_type in (FIGURE, FIGURES) or \
            self.figures.names_subject(asked, u.chunk.id, set(figures_in(u.text)), unread=False)

    def _statements(self, best: Unit, units: list[Unit], question: str, may_rival) -> list[list[Unit]]:
        """Near-best units, one per chunk, grouped by the figures they state.

        The first group holds the best unit. A group with other figures for the same
        question is a conflicting statement, when `may_rival` says its unit can be one."""
        groups: list[list[Unit]] = [[best]]
        seen = {best.chunk.id}
        for u in units[1:]:
            if u.chunk.id in seen or u.coverage < SAME_STATEMENT_COVERAGE * best.coverage:
                continue
            figures = set(figures_in(u.text))
            home = next((g for g in groups if figures and figures & set(figures_in(g[0].text))), None)
            if home is not None:
                home.append(u)
            elif figures and u.score >= best.score - CONFLICT_MARGIN and set(figures_in(best.text)) and may_rival(u) \
                    and self._same_subject(best, u, question):
                groups.append([u])
            else:
                continue
            seen.add(u.chunk.id)
        return groups

    def _same_subject(self, a: Unit, b: Unit, question: str) -> bool:
        """Statements compete only about the same table row label, and about the same
        locality when the question names one; a question that names none is about the
        city the newest documents govern, so other localities' figures compete too."""
        if a.chunk.row and b.chunk.row and a.chunk.row.label != b.chunk.row.label:
            return False
        return not localities_in(question) or self._localities(a.chunk) == self._localities(b.chunk)

    def _localities(self, chunk) -> set[str]:
        # Asked for every unit of every candidate passage: computed once per chunk.
        places = self._places.get(chunk.id)
        if places is None:
            entry = self.entries.get(chunk.file)
            places = localities_in(" ".join([chunk.subdoc, chunk.section_path, chunk.content])) \
                or localities_in(entry.scope if entry else "")
            self._places[chunk.id] = places
        return places

    def _authority(self, chunk) -> tuple[str, int]:
        return authority(self.entries, chunk.file, chunk.line_start)

    def _describe(self, chunk) -> str:
        entry = self.entries.get(chunk.file)
        if not entry:
            return chunk.file
        return f"{chunk.subdoc} ({entry.status}, {entry.date_at(chunk.line_start)})"


def service_for_current(config: Config, embedder) -> AnswerService:
    """A service over the serving index as it is; IndexProblem when there is no loadable index."""
    retriever = Retriever.open(config, embedder)
    llm = LLMWriter(config) if config.llm_base_url else None
    return AnswerService(config, retriever, retriever.entries, llm)


def open_service(config: Config, progress: bool = False, embedder=None) -> AnswerService:
    """Load the model and index once; build or refresh the index first when it is stale."""
    embedder = embedder or load_embedder(config.model, config.model_cache_dir, config.encoder)
    if not is_fresh(config, with_manifest=False):
        try:
            build_index(config, progress=progress, embedder_factory=lambda _: embedder)
        except IndexBusy:
            # Another process is re-indexing: serve the current index until its swap.
            log.warning("re-index in progress elsewhere; serving the current index")
    return service_for_current(config, embedder)
