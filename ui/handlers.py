"""What the app does on each event. Gradio-facing, small, and free of HTML (see ui.format).

Errors the reader can act on become gr.Warning / gr.Error messages; anything else is
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
from answer.documents import DocumentStore, UnknownDocument
from answer.live import LiveService
from answer.render import render_markdown
from answer.service import AnswerService, QuestionError
from answer.types import Answer
from config import Config
from index.store import IndexProblem
from ui import format as fmt
from ui.feedback import VERDICTS, FeedbackLog, answer_state, feedback_record
from ui.followup import rewrite_followup

log = logging.getLogger(__name__)

PENDING = "⏳ Đang tìm…"
SUGGESTIONS = 3
CSV_KEEP_SECONDS = 3600


def new_session() -> dict:
    """Per-browser-session memory: the last question (for follow-ups) and the answers given."""
    return {"previous": None, "answers": {}, "last": None}


class Handlers:
    def __init__(self, live: LiveService, feedback: FeedbackLog, config: Config):
        self.live = live  # anything with .current: the service a background re-index may replace
        self.feedback_log = feedback
        self.config = config
        self.csv_dir = Path(tempfile.mkdtemp(prefix="hvk-csv-"))

    @property
    def service(self) -> AnswerService:
        return self.live.current

    @property
    def store(self) -> DocumentStore:
        """The documents of the serving index, as indexed."""
        return self.live.current.documents

    # --- chat ---------------------------------------------------------------------------

    def ask(self, message: str, history: list, files: list[str] | None, session: dict):
        """Yield 'Đang tìm…' at once, then the answer, its sources and the updated session."""
        message = (message or "").strip()
        session = dict(session or new_session())
        history = list(history or [])
        if not message:
            gr.Warning("Câu hỏi trống: hãy nhập nội dung cần tra cứu.")
            yield "", history, gr.skip(), session
            return
        understood = rewrite_followup(message, session.get("previous"))
        question = understood or message
        history += [{"role": "user", "content": message}, {"role": "assistant", "content": PENDING}]
        yield "", history, fmt.SEARCHING_HTML, session
        try:
            answer = self._answer(question, files)
        except gr.Error as e:
            history = history[:-1] + [{"role": "assistant", "content": f"⚠️ {e.message}"}]
            yield "", history, fmt.message_html(e.message, "error"), session
            raise
        # New objects, not edits: the pending ones already went out with the first yield.
        reply = fmt.chat_markdown(render_markdown(answer), understood)
        history = history[:-1] + [{"role": "assistant", "content": reply}]
        state = answer_state(answer, message)
        answers = {**session.get("answers", {}), str(len(history) - 1): state}
        session = {**session, "previous": question, "last": state, "answers": answers}
        yield "", history, self.sources(answer), session

    def _answer(self, question: str, files: list[str] | None) -> Answer:
        scope = {f for f in (files or []) if self.store.has(f)} or None
        t0 = time.perf_counter()
        try:
            answer = self.service.answer(question, scope)
        except QuestionError as e:
            raise gr.Error(str(e)) from None
        except IndexProblem as e:
            log.error("chỉ mục lỗi khi trả lời %r: %s", question, e)
            raise gr.Error(f"Chỉ mục đang lỗi: {e}") from None
        except Exception:
            log.exception("lỗi khi trả lời %r", question)
            raise gr.Error("Có lỗi khi tìm câu trả lời; đã ghi nhật ký. Hãy thử lại.") from None
        log.info("trả lời %r trong %.0f ms (found=%s)", question, (time.perf_counter() - t0) * 1000, answer.found)
        return answer

    def sources(self, answer: Answer) -> str:
        """The sources panel: table rows shown by their header-paired record."""
        records = {}
        for c in answer.citations:
            chunk = self.store.chunk_span(c.file, c.line_start, c.line_end)
            if chunk and chunk.record:
                records[(c.file, c.line_start, c.line_end)] = chunk.record
        suggestions = []
        if not answer.found:
            for r in answer.retrieved[:SUGGESTIONS]:
                passage = self.store.passage(r.file, r.line_start, r.line_end)
                if passage:
                    suggestions.append(passage)
        return fmt.sources_html(answer, records, suggestions)

    def reset(self) -> tuple[dict, str]:
        return new_session(), fmt.EMPTY_SOURCES_HTML

    # --- feedback -------------------------------------------------------------------------

    def feedback(self, verdict: str, session: dict) -> None:
        """The buttons under the chat: a verdict on the latest answer."""
        last = (session or {}).get("last")
        if not last:
            gr.Warning("Chưa có câu trả lời nào để đánh giá.")
            return
        self._record(last, verdict)

    def like(self, session: dict, evt: gr.LikeData) -> None:
        """The flag menu on each answer in the chat (Đúng / Sai / Nguồn sai)."""
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        state = (session or {}).get("answers", {}).get(str(index))
        verdict = str(evt.liked).lower() if isinstance(evt.liked, str) else ("đúng" if evt.liked else "sai")
        if not state or verdict not in VERDICTS:
            gr.Warning("Không xác định được câu trả lời được đánh giá.")
            return
        self._record(state, verdict)

    def _record(self, state: dict, verdict: str) -> None:
        try:
            self.feedback_log.append(feedback_record(state, verdict))
        except OSError as e:
            log.error("không ghi được phản hồi vào %s: %s", self.feedback_log.path, e)
            raise gr.Error("Không ghi được phản hồi; đã báo cho quản trị.") from None
        gr.Info(f"Đã ghi nhận phản hồi: {verdict}. Cảm ơn!")

    # --- document viewer --------------------------------------------------------------------

    def view(self, file: str, line_from: float | None, line_to: float | None = None) -> tuple[str, str]:
        """The viewer at a document id and lines, and the formal citation to copy."""
        try:
            request = fmt.ViewRequest.parse(file, line_from, line_to)
            lines = self.store.lines(request.file)
        except UnknownDocument as e:
            gr.Warning(fmt.esc(str(e)))  # toasts render HTML; the id came from the request
            return fmt.message_html(str(e), "error"), ""
        except (TypeError, ValueError):
            gr.Warning("Số dòng không hợp lệ.")
            return fmt.message_html("Số dòng không hợp lệ.", "error"), ""
        entry = self.store.entry(request.file)
        start = min(request.start, len(lines))
        end = min(request.end, len(lines))
        chunk = self.store.chunk_at(request.file, start)
        section = chunk.section_path if chunk else ""
        subdoc = chunk.subdoc if chunk else entry.title
        html = fmt.viewer_html(request.file, entry, lines, start, end, section)
        locator = self.store.locate(request.file, start, end)
        return html, fmt.formal_citation(entry, subdoc, section, start, end, request.file, locator)

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

    def figures(self, query: str):
        """Every statement of a figure or indicator, grouped, with a CSV of the same rows."""
        query = (query or "").strip()[: self.config.max_question_chars]
        if not query:
            gr.Warning("Nhập một số liệu hoặc một chỉ tiêu cần tra cứu.")
            return fmt.provenance_html("", []), gr.DownloadButton(visible=False)
        t0 = time.perf_counter()
        rows = provenance.find_figure(query, self.service.retriever.chunks, self.service.entries)
        groups = provenance.group_rows(rows, self.service.entries)
        log.info("tra cứu số liệu %r: %d chỗ, %.0f ms", query, len(rows), (time.perf_counter() - t0) * 1000)
        html = fmt.provenance_html(query, groups, truncated=len(rows) >= provenance.DEFAULT_LIMIT)
        if not rows:
            return html, gr.DownloadButton(visible=False)
        return html, gr.DownloadButton(value=self._write_csv(groups), visible=True)

    def _write_csv(self, groups) -> str:
        self._drop_old_csv()
        fd, path = tempfile.mkstemp(prefix="tra-cuu-so-lieu-", suffix=".csv", dir=self.csv_dir)
        # The BOM lets spreadsheet programs read the Vietnamese text as UTF-8.
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            f.write(provenance.to_csv(groups))
        return path

    def _drop_old_csv(self) -> None:
        cutoff = time.time() - CSV_KEEP_SECONDS
        for old in self.csv_dir.glob("*.csv"):
            try:
                if old.stat().st_mtime < cutoff:
                    old.unlink()
            except OSError:
                pass
