"""The service the app answers from, replaced atomically when a background re-index ends.

Requests read `current` once and keep that service for the whole request, so a swap
never mixes two indexes in one answer. Re-index requests that arrive while one runs
are folded into one more pass after it, so an upload during a re-index is not lost and
two re-indexes never run at once (the build lock also guards against other processes).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from answer.service import AnswerService, service_for_current
from config import Config
from index import store
from index.backends import backend_for
from index.build import STAGE_ENCODE, STAGE_MODEL, STAGE_READ, STAGE_WRITE, BuildReport, build_index
from index.embedder import load_embedder, needs_conversion
from index.store import IndexProblem

log = logging.getLogger(__name__)

STAGE_OPEN = "open"
SERVING_NONE, SERVING_LEXICAL, SERVING_HYBRID = "none", "lexical", "hybrid"


STAGES = {
    STAGE_OPEN: "mở chỉ mục",
    STAGE_READ: "đọc văn bản",
    STAGE_MODEL: "chuẩn bị mô hình nhúng (lần đầu: chuyển đổi mô hình, khoảng nửa phút)",
    STAGE_ENCODE: "mã hóa đoạn văn",
    STAGE_WRITE: "ghi chỉ mục",
}


@dataclass(frozen=True)
class ReindexStatus:
    running: bool
    queued: bool
    generation: int  # how many times the serving index has been replaced
    last_report: BuildReport | None
    last_error: str
    stage: str = ""  # a key of STAGES while a pass runs
    percent: int | None = None
    eta_seconds: float | None = None
    serving: str = SERVING_HYBRID  # SERVING_NONE, SERVING_LEXICAL or SERVING_HYBRID

    def progress(self) -> str:
        """The stage, percentage and time left of the running pass, e.g. "mã hóa đoạn văn: 40%, còn khoảng 2 phút"."""
        if not self.stage:
            return ""
        text = STAGES.get(self.stage, self.stage)
        if self.percent is not None:
            text += f": {self.percent}%"
        if self.eta_seconds is not None:
            text += f", còn khoảng {_duration(self.eta_seconds)}"
        return text

    def describe(self) -> str:
        if self.running:
            step = f" ({self.progress()})" if self.stage else ""
            serving = {SERVING_NONE: "câu hỏi được trả lời sau vài giây, khi đọc xong văn bản.",
                       SERVING_LEXICAL: "câu hỏi đang được trả lời bằng tìm kiếm từ khóa; tìm kiếm ngữ nghĩa có khi xong.",
                       SERVING_HYBRID: "câu hỏi vẫn được trả lời từ chỉ mục cũ."}[self.serving]
            return f"Đang lập chỉ mục ở nền{step}; {serving}" + (
                " Có thêm yêu cầu, sẽ chạy tiếp một lượt." if self.queued else "")
        if self.serving == SERVING_NONE:
            return (f"Chưa có chỉ mục nào phục vụ được: {self.last_error}" if self.last_error
                    else "Đang khởi động: câu hỏi được trả lời sau vài giây.")
        if self.last_error:
            return f"Lần lập chỉ mục gần nhất thất bại, chỉ mục cũ vẫn phục vụ: {self.last_error}"
        r = self.last_report
        if r is None or r.unchanged:
            return "Chỉ mục đang phục vụ khớp với kho văn bản."
        skipped = f" Bỏ qua: {'; '.join(r.problems)}." if r.problems else ""
        if r.drafted:
            skipped += f" Mục nháp mới trong manifest (cần kiểm tra): {', '.join(r.drafted)}."
        return (f"Đã lập chỉ mục {r.files} văn bản, {r.chunks} đoạn ({r.embedded} đoạn mã hóa mới) "
                f"trong {r.seconds:.1f} giây.{skipped}")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(5, round(seconds / 5) * 5)} giây"
    return f"{round(seconds / 60)} phút"


class LiveService:
    def __init__(self, config: Config, service: AnswerService | None = None):
        self.config = config
        self._service = service
        self._embedder = service.retriever.embedder if service else None
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._queued = False
        self._generation = 0
        self._report: BuildReport | None = None
        self._error = ""
        self._stage, self._done, self._total, self._stage_started = "", 0, 0, 0.0

    @classmethod
    def start(cls, config: Config) -> "LiveService":
        """Return at once and get ready in the background: the index as it is answers within seconds
        (by keywords until the model is converted); a missing or stale index is built meanwhile.
        Then follow the versions other processes publish."""
        live = cls(config)
        live.reindex()
        if config.follow_seconds > 0:
            threading.Thread(target=live._follow_forever, name="hvk-follow", daemon=True).start()
        return live

    def follow(self) -> bool:
        """Serve the version another process published, if any; True when the index was replaced.

        A replica sharing an engine learns of another's re-index from the engine's alias; with
        the embedded backend, a terminal's `app.py index` on the same data folder is seen too."""
        with self._lock:
            busy = self._worker is not None and self._worker.is_alive()
            service = self._service
        if busy or service is None:
            return False
        backend_for(self.config).sync(self.config.index_dir)
        folder, _ = store.open_current(self.config.index_dir, verify=False)
        if folder == service.retriever.folder:
            return False
        self._serve_current(self._embedder)
        return True

    def _follow_forever(self) -> None:
        while True:
            time.sleep(self.config.follow_seconds)
            try:
                self.follow()
            except Exception:  # a missed look is retried at the next tick; the index in use keeps serving
                log.exception("không đọc được chỉ mục mới từ tiến trình khác")

    @property
    def current(self) -> AnswerService | None:
        """The serving service; None only in the first seconds of a start, before any index can be read."""
        return self._service

    def status(self) -> ReindexStatus:
        with self._lock:
            running = self._worker is not None and self._worker.is_alive()
            percent = eta = None
            if running and self._stage == STAGE_ENCODE and self._total:
                percent = int(100 * self._done / self._total)
                if self._done:
                    elapsed = time.monotonic() - self._stage_started
                    eta = elapsed / self._done * (self._total - self._done)
            if self._service is None:
                serving = SERVING_NONE
            else:
                serving = SERVING_HYBRID if self._service.retriever.dense_ready else SERVING_LEXICAL
            return ReindexStatus(running, self._queued, self._generation, self._report, self._error,
                                 self._stage if running else "", percent, eta, serving)

    def reindex(self) -> ReindexStatus:
        """Start a background re-index, or queue one more pass after the running one."""
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                self._queued = True
            else:
                self._worker = threading.Thread(target=self._run, name="hvk-reindex", daemon=True)
                self._worker.start()
        return self.status()

    def wait(self, timeout: float | None = None) -> ReindexStatus:
        """Block until no re-index runs (for the CLI and tests)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while (worker := self._worker) is not None and worker.is_alive():
            worker.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
            if deadline is not None and time.monotonic() >= deadline:
                break
        return self.status()

    def _run(self) -> None:
        while True:
            self._one_pass()
            with self._lock:
                self._stage = ""
                if not self._queued:
                    return
                self._queued = False

    def _on_stage(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            if stage != self._stage:
                self._stage_started = time.monotonic()
            self._stage, self._done, self._total = stage, done, total

    def _load_embedder(self):
        if self._embedder is None:
            self._on_stage(STAGE_MODEL, 0, 0)
            self._embedder = load_embedder(self.config.model, self.config.model_cache_dir, self.config.encoder)
        return self._embedder

    def _serve_current(self, embedder) -> None:
        """Serve the index `current` points at: by keywords alone while `embedder` is None."""
        service = service_for_current(self.config, embedder)
        with self._lock:
            previous, self._service = self._service, service
            if previous is not None and previous.retriever.folder != service.retriever.folder:
                self._generation += 1
                log.info("chỉ mục mới đang phục vụ (lần thay %d)", self._generation)

    def _one_pass(self) -> None:
        try:
            if self._service is None or not self._service.retriever.dense_ready:
                self._on_stage(STAGE_OPEN, 0, 0)
                try:
                    # Keywords first only while the model is converted; else the model loads in a second or
                    # two, and a keyword-only service built just before would double the memory held.
                    if self._service is None and needs_conversion(self.config.model, self.config.model_cache_dir,
                                                                  self.config.encoder):
                        self._serve_current(None)
                    self._serve_current(self._load_embedder())
                except IndexProblem as e:
                    log.info("%s: lập chỉ mục trước khi phục vụ", e)
            report = build_index(self.config, progress=False, embedder_factory=lambda _: self._load_embedder(),
                                 on_stage=self._on_stage, on_lexical=lambda: self._serve_current(None))
            folder, _ = store.open_current(self.config.index_dir, verify=False)
            current = self._service
            if current is None or folder != current.retriever.folder or not current.retriever.dense_ready:
                self._serve_current(self._load_embedder())
        except Exception as e:  # the old index keeps serving whatever went wrong
            log.exception("lập chỉ mục ở nền thất bại")
            with self._lock:
                self._error = str(e) or type(e).__name__
            return
        with self._lock:
            self._report, self._error = report, ""
