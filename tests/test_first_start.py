"""The first start: the page is up while the index builds, answers by keywords meanwhile, then hybrid.

The encoder is a hash-vector stand-in held at a gate, so the build can be watched mid-encoding
without minutes of real encoding."""
from __future__ import annotations

import shutil
import threading
import time

import gradio as gr
import httpx
import pytest
from gradio_client import Client

import answer.live as live_module
from answer.live import SERVING_HYBRID, SERVING_LEXICAL, SERVING_NONE, LiveService
from answer.service import LEXICAL_ONLY
from config import load_config
from index.build import STAGE_ENCODE, is_fresh
from tests.apps import launch
from tests.fakes import REPO, CountingEncoder
from ui.app import build_app
from ui.feedback import FeedbackLog
from ui.handlers import Handlers

QUESTION = "chỉ tiêu bác sỹ/vạn dân 2030?"


class GatedEncoder(CountingEncoder):
    """Encodes passages only once the gate opens; queries at once."""

    def __init__(self):
        super().__init__()
        self.gate = threading.Event()

    def encode(self, texts, prompt_name=None, **kw):
        if prompt_name == "passage":
            assert self.gate.wait(120), "the test never opened the gate"
        return super().encode(texts, prompt_name, **kw)


def _until(condition, timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _chat_text(chat: list) -> str:
    content = chat[-1]["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


@pytest.fixture()
def first_start(tmp_path, monkeypatch):
    """The app started over an empty data folder, its encoder held at the gate."""
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    config = load_config(env={}, corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    encoder = GatedEncoder()
    monkeypatch.setattr(live_module, "load_embedder", lambda *_: encoder)
    live = LiveService.start(config)
    demo = build_app(live, config)
    url = launch(demo)
    yield config, live, encoder, url
    encoder.gate.set()
    live.wait(timeout=120)
    demo.close()


def test_page_answers_by_keywords_during_the_build_then_switches_to_hybrid(first_start):
    config, live, encoder, url = first_start
    assert httpx.get(url, timeout=30).status_code == 200

    _until(lambda: live.status().stage == STAGE_ENCODE, what="the encoding stage")
    status = live.status()
    assert status.running and status.serving == SERVING_LEXICAL
    assert httpx.get(url, timeout=30).status_code == 200  # still up mid-build
    client = Client(url, verbose=False)
    banner = client.predict(api_name="/progress")
    shown = banner["value"] if isinstance(banner, dict) else banner
    assert "mã hóa đoạn văn: 0%" in shown and "tìm kiếm từ khóa" in shown

    _, chat, _ = client.predict(QUESTION, [], [], api_name="/ask")
    assert "19" in _chat_text(chat)  # found by BM25 alone
    assert LEXICAL_ONLY in _chat_text(chat)

    encoder.gate.set()
    final = live.wait(timeout=120)
    assert not final.last_error and not final.running and final.serving == SERVING_HYBRID
    report = final.last_report
    assert report.embedded + report.reused == report.chunks and report.embedded > 2000 and is_fresh(config)
    assert live.current.retriever.dense_ready

    _, chat, _ = Client(url, verbose=False).predict(QUESTION, [], [], api_name="/ask")  # no reload of the app
    assert "19" in _chat_text(chat) and LEXICAL_ONLY not in _chat_text(chat)
    banner = client.predict(api_name="/progress")
    assert not (banner.get("visible", True) if isinstance(banner, dict) else banner)


def test_a_question_before_any_index_is_read_says_to_wait(tmp_path):
    config = load_config(env={}, corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    live = LiveService(config)  # started, nothing read yet
    assert live.status().serving == SERVING_NONE and "vài giây" in live.status().describe()
    handlers = Handlers(live, FeedbackLog(tmp_path / "feedback.jsonl"), config)
    assert handlers.store.files == []
    with pytest.raises(gr.Error, match="hỏi lại sau vài giây"):
        handlers._answer(QUESTION, [])
