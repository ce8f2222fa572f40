"""Offline everywhere: no test and no entry point looks up or contacts a non-loopback host,
even when run without the offline variables that .ci/run exports."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from offline import OFFLINE_ENV
from tests.guarded import MARKER
from tests.netguard import NetworkGuard

REPO = Path(__file__).resolve().parent.parent


def _env_without_offline_settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in OFFLINE_ENV}


@pytest.mark.parametrize("lookup", [
    lambda: socket.getaddrinfo("huggingface.co", 443),
    lambda: socket.gethostbyname("huggingface.co"),
    lambda: socket.gethostbyname_ex("huggingface.co"),
    lambda: socket.create_connection(("huggingface.co", 443), timeout=1),
])
def test_guard_refuses_and_records_name_lookups(lookup):
    guard = NetworkGuard()
    guard.install()
    try:
        with pytest.raises(ConnectionRefusedError, match="huggingface.co"):
            lookup()
        assert socket.getaddrinfo("localhost", 80) and socket.gethostbyname("127.0.0.1") == "127.0.0.1"
        assert socket.getaddrinfo("10.255.255.1", 80)  # an address literal asks no name server
    finally:
        guard.uninstall()
    assert guard.blocked == ["name lookup of 'huggingface.co'"]


def test_gradio_client_tests_make_no_lookup_without_the_ci_variables():
    # The probe imports gradio_client at the top of its module, as the app tests do, and runs
    # under the session's network guard, which fails the run on any refused lookup.
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/probe_gradio_client.py"],
                          cwd=REPO, env=_env_without_offline_settings(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout and "name lookup" not in done.stdout


def _chat_app():
    """A stand-in with the signature of the app's `answer` (and `ask`): (question, chat, files) → (box, chat, sources)."""
    import gradio as gr

    def ask(question, chat, files):
        return "", [*chat, {"role": "user", "content": question}, {"role": "assistant", "content": "đáp"}], ""

    with gr.Blocks() as demo:
        question, chat, files, sources = gr.Textbox(), gr.Chatbot(), gr.CheckboxGroup(choices=["a"]), gr.HTML()
        question.submit(ask, [question, chat, files], [question, chat, sources], api_name="answer")
    return demo


def test_eval_load_makes_no_lookup_without_the_ci_variables():
    from tests.apps import launch

    demo = _chat_app()
    url = launch(demo)
    try:
        done = subprocess.run([sys.executable, "-m", "tests.guarded", "eval.load", "--url", url,
                               "--users", "2", "--seconds", "1"],
                              cwd=REPO, env=_env_without_offline_settings(), capture_output=True, text=True,
                              timeout=120)
    finally:
        demo.close()
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "answers" in done.stdout and "0 errors" in done.stdout
    refused = [line for line in done.stderr.splitlines() if line.startswith(MARKER)]
    assert refused == [MARKER + "[]"]
