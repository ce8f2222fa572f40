"""The benchmark's measurements of `python app.py` as a process, through its HTTP API.

measure_first_start: an empty data folder, as a fresh clone starts: time to the page, to the
    first (keyword-only) answer and to hybrid answers.
measure_serving: an index already built: time to the page and to the first answer, the
    server's RSS, then load runs of eval/load.py, each followed by the RSS and the server's
    CPU time per answer. The load generator runs in this process, on the same 2 cores. The
    users ask the eval questions over and over, so most answers come from the answer cache
    (HVK_ANSWER_CACHE): the bench also runs the 20 users with it off.
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from config import REPO_ROOT, load_config
from eval.load import run_load

log = logging.getLogger("eval.bench")

FIRST_QUESTION = "chỉ tiêu bác sỹ/vạn dân 2030?"
WARM_QUESTIONS = ("ba khâu đột phá là gì?", "tổng thu ngân sách năm 2030?",
                  "tỷ lệ hộ nghèo ước thực hiện 2024 theo phụ lục I?")
# (endpoint, users, seconds): the 20 users on the API's /answer and on the chat's streamed
# /ask, then 100 users for a minute.
LOADS = (("answer", 20, 30), ("ask", 20, 30), ("answer", 100, 60))
UNCACHED_LOADS = (("answer", 20, 30),)


class BenchError(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(check, timeout: float, what: str, pause: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except Exception:  # not up yet: connection refused, app still starting
            pass
        time.sleep(pause)
    raise BenchError(f"no {what} after {timeout:.0f} s")


class App:
    """`python app.py` over a corpus and data folder, on a free port, with a gradio_client Client."""

    def __init__(self, corpus: Path, data: Path, log_path: Path, settings: dict[str, str] | None = None):
        self.url = f"http://127.0.0.1:{_free_port()}"
        env = {**os.environ, "HVK_DATA_DIR": str(data), "HVK_CORPUS_DIR": str(corpus),
               "HVK_PORT": self.url.rsplit(":", 1)[1], "HF_HUB_OFFLINE": "1", **(settings or {})}
        self._log = log_path.open("w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=self._log,
                                     stderr=self._log)
        self.client = None

    def since_start(self) -> float:
        return time.monotonic() - self.started

    def wait_for_page(self) -> float:
        import httpx
        from gradio_client import Client

        _until(lambda: httpx.get(self.url, timeout=5).status_code == 200, 120, "page")
        self.client = Client(self.url, verbose=False)
        return self.since_start()

    def answer(self, question: str = FIRST_QUESTION) -> str | None:
        """The answer's text; None while no index serves yet ("⚠️ …")."""
        chat = self.client.predict(question, [], [], api_name="/answer")[1]
        content = chat[-1]["content"]
        text = content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)
        return text if "⚠️" not in text else None

    def wait_for_hybrid(self, timeout: float) -> float:
        # The banner hides once hybrid search serves; polled slowly, it takes no CPU from a build.
        _until(lambda: not self.client.predict(api_name="/progress").get("visible", True), timeout,
               "end of the build", pause=2.0)
        return self.since_start()

    def memory(self) -> dict:
        """Resident and peak resident MB of the server process."""
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines())
        return {"rss_mb": int(fields["VmRSS"].split()[0]) / 1024, "peak_rss_mb": int(fields["VmHWM"].split()[0]) / 1024}

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self._log.close()


def measure_first_start(tmp: Path) -> dict:
    """`python app.py` as a fresh clone runs it: empty data folder, so the model is converted too."""
    from answer.service import LEXICAL_ONLY

    corpus, data = tmp / "corpus-first", tmp / "data-first"
    shutil.copytree(load_config().corpus_dir, corpus)
    data.mkdir()
    app = App(corpus, data, tmp / "first-start.log")
    try:
        page = app.wait_for_page()
        first = _until(app.answer, 300, "answer")
        first_answer = app.since_start()
        log.info("first start: page %.1f s, first answer %.1f s", page, first_answer)
        hybrid = app.wait_for_hybrid(1800)
        if LEXICAL_ONLY in app.answer():
            raise BenchError("first start: still keyword-only after the build")
        memory = app.memory()
    finally:
        app.stop()
    return {"page_s": page, "first_answer_s": first_answer, "first_answer_lexical": LEXICAL_ONLY in first,
            "hybrid_s": hybrid, **memory}


def measure_serving(corpus: Path, data: Path, qa_questions: list[str], tmp: Path, cache: bool = True) -> dict:
    """`python app.py` over an index already built: cold start, RSS, and the load runs of LOADS
    (UNCACHED_LOADS with the answer cache off)."""
    app = App(corpus, data, tmp / f"serving-cache-{'on' if cache else 'off'}.log",
              None if cache else {"HVK_ANSWER_CACHE": "0"})
    try:
        page = app.wait_for_page()
        first = _until(app.answer, 120, "answer")
        out = {"page_s": page, "first_answer_s": app.since_start(), "first_has_19": "**19**" in first}
        app.wait_for_hybrid(120)
        for question in WARM_QUESTIONS:
            app.answer(question)
        out["after_answers"] = app.memory()
        out["loads"] = []
        for api, users, seconds in LOADS if cache else UNCACHED_LOADS:
            load_avg, cpu = os.getloadavg()[0], app.cpu_seconds()
            report = run_load(app.url, qa_questions, users, seconds, api)
            answers = len(report.latencies_ms)
            out["loads"].append({
                "api": api, "cache": cache, "users": users, "seconds": seconds, "answers": answers,
                "per_s": answers / seconds, "p50_ms": report.percentile(50), "p95_ms": report.percentile(95),
                "errors": len(report.errors), "cpu_ms_per_answer": 1000 * (app.cpu_seconds() - cpu) / max(1, answers),
                "load_avg": load_avg, **app.memory()})
            log.info("load: %s", report.summary())
    finally:
        app.stop()
    return out
