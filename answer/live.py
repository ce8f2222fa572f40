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

from answer.service import AnswerService, open_service, service_for_current
from config import Config
from index import store
from index.build import BuildReport, build_index, is_fresh
from index.embedder import load_embedder
from index.store import IndexProblem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReindexStatus:
    running: bool
    queued: bool
    generation: int  # how many times the serving index has been replaced
    last_report: BuildReport | None
    last_error: str

    def describe(self) -> str:
        if self.running:
            return "Đang lập chỉ mục ở nền; câu hỏi vẫn được trả lời từ chỉ mục cũ." + (
                " Có thêm yêu cầu, sẽ chạy tiếp một lượt." if self.queued else "")
        if self.last_error:
            return f"Lần lập chỉ mục gần nhất thất bại, chỉ mục cũ vẫn phục vụ: {self.last_error}"
        r = self.last_report
        if r is None:
            return "Chỉ mục đang phục vụ khớp với kho văn bản."
        skipped = f" Bỏ qua: {'; '.join(r.problems)}." if r.problems else ""
        if r.drafted:
            skipped += f" Mục nháp mới trong manifest (cần kiểm tra): {', '.join(r.drafted)}."
        return (f"Đã lập chỉ mục {r.files} văn bản, {r.chunks} đoạn ({r.embedded} đoạn mã hóa mới) "
                f"trong {r.seconds:.1f} giây.{skipped}")


class LiveService:
    def __init__(self, config: Config, service: AnswerService):
        self.config = config
        self._service = service
        self._embedder = service.retriever.embedder
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._queued = False
        self._generation = 0
        self._report: BuildReport | None = None
        self._error = ""

    @classmethod
    def open(cls, config: Config, progress: bool = False) -> "LiveService":
        """Serve the current index at once, refreshing it in the background when stale.

        Only when there is no loadable index at all does the first build run before serving.
        """
        embedder = load_embedder(config.model, config.model_cache_dir)
        try:
            service = service_for_current(config, embedder)
        except IndexProblem as e:
            log.warning("%s: lập chỉ mục trước khi phục vụ", e)
            return cls(config, open_service(config, progress=progress, embedder=embedder))
        live = cls(config, service)
        if not is_fresh(config, with_manifest=False):
            log.info("kho văn bản đã đổi: lập chỉ mục lại ở nền, chỉ mục cũ vẫn phục vụ")
            live.reindex()
        return live

    @property
    def current(self) -> AnswerService:
        return self._service

    def status(self) -> ReindexStatus:
        with self._lock:
            running = self._worker is not None and self._worker.is_alive()
            return ReindexStatus(running, self._queued, self._generation, self._report, self._error)

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
                if not self._queued:
                    return
                self._queued = False

    def _one_pass(self) -> None:
        try:
            report = build_index(self.config, progress=False, embedder_factory=lambda _: self._embedder)
            folder, _ = store.open_current(self.config.index_dir, verify=False)
            service = None
            if folder != self._service.retriever.folder:
                service = service_for_current(self.config, self._embedder)
        except Exception as e:  # the old index keeps serving whatever went wrong
            log.exception("lập chỉ mục ở nền thất bại")
            with self._lock:
                self._error = str(e) or type(e).__name__
            return
        with self._lock:
            if service is not None:
                self._service = service
                self._generation += 1
                log.info("chỉ mục mới đang phục vụ (lần thay %d)", self._generation)
            self._report, self._error = report, ""
