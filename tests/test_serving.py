"""The serving process over a built index, as `python app.py` runs it: the bundled model on
onnxruntime alone (PyTorch, transformers and sentence-transformers never loaded), answering
through the HTTP API, with no network attempt."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from gradio_client import Client

from tests.apps import free_port
from tests.guarded import MARKER

REPO = Path(__file__).resolve().parent.parent
KNOWN = "chỉ tiêu bác sỹ/vạn dân 2030?"
BUILD_TIME = ("torch", "transformers", "sentence_transformers", "tokenizers", "onnx", "sklearn", "llama_index")


def _until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_serving_process_answers_without_pytorch(answer_service):
    """answer_service: the session's index is built (and the model exported) before the app starts."""
    url = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, "HVK_PORT": url.rsplit(":", 1)[1]}
    app = subprocess.Popen([sys.executable, "-m", "tests.guarded", "app"], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _until(lambda: httpx.get(url, timeout=5).status_code == 200, 120, "the page")
        client = Client(url, verbose=False)
        _until(lambda: not client.predict(api_name="/progress").get("visible", True), 120, "hybrid search")
        _, chat, _ = client.predict(KNOWN, [], [], api_name="/answer")
        assert "**19**" in " ".join(part["text"] for part in chat[-1]["content"])
        mapped = Path(f"/proc/{app.pid}/maps").read_text()
        assert "onnxruntime" in mapped and "libtorch" not in mapped and "/torch/" not in mapped
    finally:
        app.send_signal(signal.SIGINT)  # gradio closes the server; the guard then reports
        _, stderr = app.communicate(timeout=60)
    refused = [line for line in stderr.splitlines() if line.startswith(MARKER)]
    assert refused == [MARKER + "[]"], stderr[-3000:]


def test_serving_code_imports_no_build_time_library(answer_service):
    """In a fresh interpreter: the app's modules, the encoder loaded, a question answered."""
    code = ("import offline, json, sys\n"
            "import app, ui.app, ui.server\n"
            "from answer.service import open_service\n"
            "from config import load_config\n"
            f"answer = open_service(load_config()).answer({KNOWN!r})\n"
            f"print(json.dumps([answer.answer, sorted(m for m in {BUILD_TIME!r} if m in sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    text, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "19" in text and loaded == []


def _gradio_start(first_import: str) -> tuple[int, bool]:
    """Imported after `first_import`, how many component sources gradio parses to rewrite their type
    stubs, and whether an event (gradio wraps each in a matplotlib backend switch) imports pyplot."""
    code = ("import ast, sys\n"
            "parsed = []\n"
            "real = ast.parse\n"
            "def parse(*args, **kwargs):\n"
            "    parsed.append(sys._getframe(1).f_globals['__name__'])\n"
            "    return real(*args, **kwargs)\n"
            "ast.parse = parse\n"
            f"import {first_import}, gradio\n"
            "with gradio.Blocks():\n"
            "    gradio.Textbox(label='x')\n"
            "with gradio.utils.MatplotlibBackendMananger():\n"
            "    pass\n"
            "print(parsed.count('gradio.component_meta'), 'matplotlib.pyplot' in sys.modules)\n")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    parsed, pyplot = done.stdout.strip().splitlines()[-1].split()
    return int(parsed), pyplot == "True"


def test_gradio_through_ui_rewrites_no_type_stub_and_imports_no_pyplot():
    """Work of gradio's that the app skips (ui/gradio_start.py): half its import, and 0.5 s of the first answer."""
    parsed, pyplot = _gradio_start("offline")
    assert parsed > 0 and pyplot
    assert _gradio_start("ui") == (0, False)
