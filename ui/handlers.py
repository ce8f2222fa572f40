"""What the app does on each event. Gradio-facing, small, and free of HTML (see ui.format).

Errors the reader can act on become gr.Warning / gr.Error messages, titled in Vietnamese; anything else is
logged with its traceback and shown as a short message, never as a traceback.
"""
from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

import gradio as gr

from answer import provenance
from answer.provenance import FigureTable
from answer.timeline import build_timeline
from answer.documents import DocumentStore, UnknownDocument
from answer.live import SERVING_HYBRID, LiveService
from answer.service import AnswerService, QuestionError
from answer.types import Answer, Citation, Conflict, Retrieved
from config import Config
from index.store import IndexProblem
from ingest.statements import FigureStatement
from ui import chat
from ui.answer_cache import AnswerCache
from ui import format as fmt
from ui.feedback import VERDICTS, FeedbackLog, answer_state, feedback_record
from ui.followup import rewrite_followup

log = logging.getLogger(__name__)

PENDING = "⏳ Đang tìm…"
SUGGESTIONS = 3
CSV_KEEP_SECONDS = 3600
STREAM_PAUSE = 0.06  # seconds between the partial messages of an answer
KEPT_ANSWERS = 30  # answers kept in the browser's storage
STOPPED = "_(Đã dừng: câu trả lời chưa đầy đủ.)_"
STARTING = "Đang đọc các văn bản để lập chỉ mục; hãy hỏi lại sau vài giây."
STOPPED_EARLY = "_(Đã dừng trước khi có câu trả lời.)_"


def warn(message: str) -> None:
    gr.Warning(message, title="Cảnh báo")


def info(message: str) -> None:
    gr.Info(message, title="Thông báo")


def error(message: str) -> gr.Error:
    return gr.Error(message, title="Lỗi")


def new_session() -> dict:
    """Per-browser-session memory: the last question (for follow-ups) and the answers given."""
    return {"previous": None, "answers": {}, "last": None}


def kept_state(answer: Answer, asked: str) -> dict:
    """What the session (and the browser's storage) keeps of an answer: enough for feedback and its sources."""
    state = answer_state(answer, asked)
    state["retrieved"] = state.get("retrieved", [])[:SUGGESTIONS]
    state.pop("timings", None)
    return state


def answer_from_state(state: dict) -> Answer:
    """An Answer rebuilt from a kept state (which may come back from the browser: every field is checked)."""
    def citation(c: dict) -> Citation:
        return Citation(str(c["file"]), str(c["title"]), str(c.get("date", "")), str(c.get("section", "")),
                        int(c["line_start"]), int(c["line_end"]), str(c.get("quote", "")), str(c.get("status", "")),
                        str(c.get("locator", "")))
    return Answer(
        question=str(state.get("question", "")), answer=str(state.get("answer", "")), found=bool(state.get("found")),
        citations=[citation(c) for c in state.get("citations", [])],
        conflicts=[Conflict(str(k["value"]), citation(k["citation"]), str(k["note"]), bool(k.get("other_status")))
                   for k in state.get("conflicts", [])],
        retrieved=[Retrieved(str(r["file"]), int(r["line_start"]), int(r["line_end"]), float(r.get("score", 0)))
                   for r in state.get("retrieved", [])],
        notes=[str(n) for n in state.get("notes", [])])


def _text(content) -> str | None:
    """A message's text: Gradio 6 hands the chatbot's messages to handlers as lists of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
        return "".join(parts) if parts else None
    return None


def _valid_history(history) -> list[dict]:
    """Text messages of a chat (from the chatbot or the browser's storage), anything else dropped."""
    if not isinstance(history, list):
        return []
    return [{"role": m["role"], "content": _text(m.get("content"))} for m in history
            if isinstance(m, dict) and m.get("role") in ("user", "assistant") and _text(m.get("content")) is not None]


class Handlers:
    def __init__(self, live: LiveService, feedback: FeedbackLog, config: Config):
        self.live = live  # anything with .current: the service a background re-index may replace
        self.feedback_log = feedback
        self.config = config
        self.csv_dir = Path(tempfile.mkdtemp(prefix="hvk-csv-"))
        self.answers = AnswerCache(config.answer_cache)

    @property
    def service(self) -> AnswerService:
        service = self.live.current
        if service is None:
            raise error(STARTING)
        return service

    @property
    def store(self) -> DocumentStore:
        """The documents of the serving index, as indexed; none in the first seconds of a start."""
        service = self.live.current
        return service.documents if service else DocumentStore([], [], {})

    def progress(self) -> dict:
        """The banner over the tabs: the build's stage, percentage and time left; hidden once all is served."""
        status = self.live.status()
        shown = status.running or status.serving != SERVING_HYBRID
        # Nothing in the page when hidden: the library tab states the same status in words.
        return {"value": status.describe() if shown else "", "visible": shown}

    def progress_update(self):
        return gr.update(**self.progress())

    # --- chat ---------------------------------------------------------------------------

    def ask(self, message: str, history: list, files: list[str] | None, session: dict, stream: bool = True):
        """Yield 'Đang tìm…' at once, then the answer text as it comes, then the answer with its sources;
        without `stream`, only the answer with its sources."""
        message = (message or "").strip()
        session = dict(session or new_session())
        history = list(history or [])
        if not message:
            warn("Câu hỏi trống: hãy nhập nội dung cần tra cứu.")
            yield "", history, gr.skip(), session
            return
        limit = self.config.max_question_chars
        cut = chat.cut_note(limit) if len(message) > limit else None
        understood = rewrite_followup(message, session.get("previous"))
        question = understood or message
        scope = [f for f in (files or []) if self.store.has(f)]
        shown = message if not cut else message[:limit].rstrip() + " …"
        history += [{"role": "user", "content": shown}, {"role": "assistant", "content": PENDING}]
        if stream:
            yield "", history, fmt.SEARCHING_HTML, session
        try:
            answer = self._answer(question, scope)
        except gr.Error as e:
            history = history[:-1] + [{"role": "assistant", "content": f"⚠️ {e.message}"}]
            yield "", history, fmt.message_html(e.message, "error"), session
            raise
        extras = dict(understood=understood, cut=cut, scope=[self.store.entry(f).title for f in scope])
        # New objects, not edits: the earlier ones already went out.
        for partial in chat.streaming(answer, **extras) if stream else ():
            history = history[:-1] + [{"role": "assistant", "content": partial}]
            yield "", history, gr.skip(), session
            time.sleep(STREAM_PAUSE)
        records, suggestions = self._evidence(answer)
        reply = chat.message(answer, records=records, suggestions=suggestions, **extras)
        history = history[:-1] + [{"role": "assistant", "content": reply}]
        state = kept_state(answer, message)
        answers = {**session.get("answers", {}), str(len(history) - 1): state}
        session = {**session, "previous": question, "last": state, "answers": answers}
        yield "", history, fmt.sources_html(answer, records, suggestions), session

    def answer(self, message: str, history: list, files: list[str] | None, session: dict):
        """The API's /answer: what ask ends with, in one message. A client that reads only the result
        is spared the partial messages, and the queue slot is not held through their pauses."""
        *_, last = self.ask(message, history, files, session, stream=False)
        return last

    def _answer(self, question: str, files: list[str] | None) -> Answer:
        scope = {f for f in (files or []) if self.store.has(f)} or None
        service = self.service
        t0 = time.perf_counter()
        try:
            answer = self.answers.answer(service, (question, frozenset(scope or ())),
                                         lambda: service.answer(question, scope))
        except QuestionError as e:
            raise error(str(e)) from None
        except IndexProblem as e:
            log.error("chỉ mục lỗi khi trả lời %r: %s", question, e)
            raise error(f"Chỉ mục đang lỗi: {e}") from None
        except Exception:
            log.exception("lỗi khi trả lời %r", question)
            raise error("Có lỗi khi tìm câu trả lời; đã ghi nhật ký. Hãy thử lại.") from None
        log.info("trả lời %r trong %.0f ms (found=%s)", question, (time.perf_counter() - t0) * 1000, answer.found)
        return answer

    def _evidence(self, answer: Answer) -> tuple[dict, list]:
        """Table rows of the citations (shown by their header-paired record) and, when nothing
        answers, the closest passages."""
        records = {}
        for c in answer.citations:
            chunk = self.store.chunk_span(c.file, c.line_start, c.line_end)
            if chunk and chunk.row:
                records[(c.file, c.line_start, c.line_end)] = chunk.row
        suggestions = []
        if not answer.found:
            for r in answer.retrieved[:SUGGESTIONS]:
                passage = self.store.passage(r.file, r.line_start, r.line_end)
                if passage:
                    suggestions.append(passage)
        return records, suggestions

    def sources(self, answer: Answer) -> str:
        """The sources panel of one answer."""
        return fmt.sources_html(answer, *self._evidence(answer))

    def select_answer(self, session: dict, evt: gr.SelectData):
        """A click on a message: the side panel shows that answer's sources."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        answers = (session or {}).get("answers", {})
        state = answers.get(str(index)) or (answers.get(str(index + 1)) if isinstance(index, int) else None)
        if not state:
            return gr.skip()
        try:
            return self.sources(answer_from_state(state))
        except (KeyError, TypeError, ValueError):
            return gr.skip()

    def reset(self) -> tuple[dict, str]:
        return new_session(), fmt.EMPTY_SOURCES_HTML

    def new_chat(self):
        """'Cuộc hội thoại mới': an empty chat, session, panel and stored history."""
        return [], new_session(), fmt.EMPTY_SOURCES_HTML, {"chat": [], "session": new_session()}

    def stopped(self, history: list, session: dict):
        """The stop button: the unfinished answer says it was stopped."""
        history = _valid_history(history)
        if history and history[-1]["role"] == "assistant":
            content = history[-1]["content"]
            if content == PENDING:
                history[-1] = {"role": "assistant", "content": STOPPED_EARLY}
            elif content.endswith(chat.CURSOR):
                history[-1] = {"role": "assistant", "content": content[: -len(chat.CURSOR)] + "\n\n" + STOPPED}
        return history, gr.update(visible=True), gr.update(visible=False), self.stored(history, session)

    def stored(self, history: list, session: dict) -> dict:
        """What the browser keeps across reloads: the chat and the session's recent answers."""
        history = _valid_history(history)[-2 * KEPT_ANSWERS:]
        session = dict(session or new_session())
        answers = session.get("answers", {})
        keep = sorted(answers, key=lambda k: int(k) if str(k).isdigit() else -1)[-KEPT_ANSWERS:]
        session["answers"] = {k: answers[k] for k in keep}
        return {"chat": history, "session": session}

    def finished(self, history: list, session: dict):
        """After an answer: the ask button is back, and the chat is stored in the browser."""
        return gr.update(visible=True), gr.update(visible=False), self.stored(history, session)

    def restore(self, stored: dict | None, shown: list | None = None):
        """Page load: the chat and session from the browser's storage. The stored value is read
        after the page's load event, so this runs on its change, and only while the chat is empty."""
        if shown:
            return gr.skip(), gr.skip(), gr.skip()
        stored = stored if isinstance(stored, dict) else {}
        history = _valid_history(stored.get("chat"))
        session = stored.get("session") if isinstance(stored.get("session"), dict) else new_session()
        session = {"previous": session.get("previous") if isinstance(session.get("previous"), str) else None,
                   "answers": session.get("answers") if isinstance(session.get("answers"), dict) else {},
                   "last": session.get("last") if isinstance(session.get("last"), dict) else None}
        return history, session, fmt.EMPTY_SOURCES_HTML if not history else fmt.CHOOSE_SOURCES_HTML

    # --- feedback -------------------------------------------------------------------------

    def feedback(self, verdict: str, session: dict) -> None:
        """The buttons under the chat: a verdict on the latest answer."""
        last = (session or {}).get("last")
        if not last:
            warn("Chưa có câu trả lời nào để đánh giá.")
            return
        self._record(last, verdict)

    def like(self, session: dict, evt: gr.LikeData) -> None:
        """The flag menu on each answer in the chat (Đúng / Sai / Nguồn sai)."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        state = (session or {}).get("answers", {}).get(str(index))
        verdict = str(evt.liked).lower() if isinstance(evt.liked, str) else ("đúng" if evt.liked else "sai")
        if not state or verdict not in VERDICTS:
            warn("Không xác định được câu trả lời được đánh giá.")
            return
        self._record(state, verdict)

    def _record(self, state: dict, verdict: str) -> None:
        try:
            self.feedback_log.append(feedback_record(state, verdict))
        except OSError as e:
            log.error("không ghi được phản hồi vào %s: %s", self.feedback_log.path, e)
            raise error("Không ghi được phản hồi; đã báo cho quản trị.") from None
        info(f"Đã ghi nhận phản hồi: {verdict}. Cảm ơn!")

    # --- document viewer --------------------------------------------------------------------

    def view(self, file: str, line_from: float | None, line_to: float | None = None) -> tuple[str, str]:
        """The viewer at a document id and lines, and the formal citation to copy."""
        try:
            request = fmt.ViewRequest.parse(file, line_from, line_to)
            lines = self.store.lines(request.file)
        except UnknownDocument as e:
            warn(fmt.esc(str(e)))  # toasts render HTML; the id came from the request
            return fmt.message_html(str(e), "error"), ""
        except (TypeError, ValueError):
            warn("Số dòng không hợp lệ.")
            return fmt.message_html("Số dòng không hợp lệ.", "error"), ""
        entry = self.store.entry(request.file)
        start, end, note = fmt.fit_range(len(lines), line_from, line_to)
        chunk = self.store.chunk_at(request.file, start)
        section = chunk.section_path if chunk else ""
        subdoc = chunk.subdoc if chunk else entry.title
        html = fmt.viewer_html(request.file, entry, lines, start, end, section, note)
        locator = self.store.locate(request.file, start, end)
        return html, fmt.formal_citation(entry, subdoc, section, start, end, request.file, locator)

    def fit_inputs(self, file: str, line_from: float | None, line_to: float | None):
        """After 'Xem': the line inputs show the lines actually shown when the asked range was impossible."""
        try:
            lines = self.store.lines(str(file or ""))
            start, end, note = fmt.fit_range(len(lines), line_from, line_to)
        except (UnknownDocument, TypeError, ValueError):
            return gr.skip(), gr.skip()
        return (start, end) if note else (gr.skip(), gr.skip())

    def open_clicked(self, evt: gr.EventData):
        """A 'Mở trong văn bản' button in the sources panel or the figure table: open the viewer tab."""
        data = getattr(evt, "_data", None) or {}
        try:
            request = fmt.ViewRequest.parse(data.get("file"), data.get("start"), data.get("end"))
        except (TypeError, ValueError):
            return (gr.skip(),) * 6
        if not request.file:
            return (gr.skip(),) * 6
        html, citation = self.view(request.file, request.start, request.end)
        known = self.store.has(request.file)
        return (gr.Tabs(selected="viewer"), request.file if known else gr.skip(), request.start, request.end,
                html, citation)

    def open_manifest_row(self, evt: gr.SelectData):
        """A row of the document list: open that document at its first line."""
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        files = self.store.files
        if not isinstance(row, int) or not 0 <= row < len(files):
            return (gr.skip(),) * 5
        file = files[row]
        html, citation = self.view(file, 1, 1)
        return file, 1, 1, html, citation

    # --- figure provenance ----------------------------------------------------------------------

    def prepare_figures(self) -> None:
        """The figures tab is open: ready its first search while a query is typed. Match keys of every
        passage and the chart's matplotlib are a second of work that neither a start nor an answer waits for."""
        service = self.live.current
        if service is not None:
            provenance.warm_up(service.retriever.chunks)
        import ui.timeline  # noqa: F401

    def figures(self, query: str):
        """Every statement of a figure or indicator: the indicator's timeline, the table (disagreements
        first), and a CSV of the same rows."""
        query = (query or "").strip()[: self.config.max_question_chars]
        if not query:
            warn("Nhập một số liệu hoặc một chỉ tiêu cần tra cứu.")
            return "", fmt.provenance_html("", FigureTable((), ())), gr.DownloadButton(visible=False)
        t0 = time.perf_counter()
        service = self.service
        rows = provenance.find_figure(query, service.retriever.chunks, service.entries)
        table = provenance.arrange(rows)
        # A number typed alone ("18,02") plots the indicator it was found under.
        named = provenance.parse_query(query).indicator or (table.groups[0].indicator if table.groups else "")
        from ui.timeline import timeline_html  # matplotlib: not imported before the first figure search

        chart = timeline_html(build_timeline(service.retriever.catalogue.records, named))
        log.info("tra cứu số liệu %r: %d chỗ, %.0f ms", query, len(rows), (time.perf_counter() - t0) * 1000)
        html = fmt.provenance_html(query, table, truncated=len(rows) >= provenance.DEFAULT_LIMIT)
        if not rows:
            return chart, html, gr.DownloadButton(visible=False)
        return chart, html, gr.DownloadButton(value=self._write_csv(table.rows), visible=True)

    def _write_csv(self, rows: list[FigureStatement]) -> str:
        self._drop_old_csv()
        fd, path = tempfile.mkstemp(prefix="tra-cuu-so-lieu-", suffix=".csv", dir=self.csv_dir)
        # The BOM lets spreadsheet programs read the Vietnamese text as UTF-8.
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            f.write(provenance.to_csv(rows))
        return path

    def _drop_old_csv(self) -> None:
        cutoff = time.time() - CSV_KEEP_SECONDS
        for old in self.csv_dir.glob("*.csv"):
            try:
                if old.stat().st_mtime < cutoff:
                    old.unlink()
            except OSError:
                pass
