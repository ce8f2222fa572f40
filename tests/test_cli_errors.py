"""`app.py ask --json`: one JSON object on stdout for every outcome, in the style of
datasette's test_error_shape; `ask -` reads the question from stdin."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import app
from answer.documents import UnknownDocument
from answer.service import QuestionError
from answer.types import Answer
from config import ConfigError
from errors import HvkError
from index.backends import BackendError
from index.embedder import ModelError
from index.ray_encode import RayError
from index.store import IndexBusy, IndexCorrupt, IndexMissing, IndexProblem
from ingest.document import IngestError
from ingest.manifest import ManifestError
from ui.auth import AuthError

REPO = Path(__file__).resolve().parent.parent
ERROR_CLASSES = [QuestionError, UnknownDocument, ConfigError, ModelError, IndexProblem, IndexMissing, IndexCorrupt,
                 IndexBusy, IngestError, ManifestError, AuthError, app.UsageError, BackendError, RayError]


def _subclasses(cls) -> set[type]:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *_subclasses(direct)}}


def _raising(error: Exception):
    def fail(*_args, **_kwargs):
        raise error
    return fail


def _one_json_object(text: str) -> dict:
    decoded, end = json.JSONDecoder().raw_decode(text)
    assert text[end:].strip() == "", f"more than one JSON value on stdout: {text!r}"
    return decoded


def test_every_error_class_is_covered_and_has_its_own_code():
    assert _subclasses(HvkError) == set(ERROR_CLASSES)
    codes = [cls.code for cls in ERROR_CLASSES]
    assert len(set(codes)) == len(codes) and HvkError.code not in codes


@pytest.mark.parametrize("error_class", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_error_shape(error_class, monkeypatch, capsys):
    monkeypatch.setattr("answer.service.open_service", _raising(error_class("thông báo lỗi")))
    status = app.main(["ask", "chỉ tiêu bác sỹ/vạn dân 2030?", "--json"])
    assert status != 0
    assert _one_json_object(capsys.readouterr().out) == {
        "ok": False, "error": {"code": error_class.code, "message": "thông báo lỗi"}}


def test_a_crash_is_still_one_error_object(monkeypatch, capsys):
    monkeypatch.setattr("answer.service.open_service", _raising(ZeroDivisionError("division by zero")))
    assert app.main(["ask", "câu hỏi", "--json"]) == 1
    assert _one_json_object(capsys.readouterr().out)["error"]["code"] == "internal"


def test_without_json_the_error_is_text_on_stderr(monkeypatch, capsys):
    monkeypatch.setattr("answer.service.open_service", _raising(IndexMissing("chưa có")))
    assert app.main(["ask", "câu hỏi"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "Lỗi: chưa có\n"


class _EchoService:
    def answer(self, question, files=None):
        return Answer(question, f"đã hỏi: {question}", True)


def test_success_has_ok_true_and_dash_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr("answer.service.open_service", lambda *a, **k: _EchoService())
    monkeypatch.setattr(sys, "stdin", io.StringIO("chỉ tiêu bác sỹ/vạn dân 2030?\n"))
    assert app.main(["ask", "-", "--json"]) == 0
    result = _one_json_object(capsys.readouterr().out)
    assert result["ok"] is True and result["question"] == "chỉ tiêu bác sỹ/vạn dân 2030?"


def _run(args: list[str], stdin: str = "", **env) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "app.py", *args], cwd=REPO, input=stdin, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})
    return done.returncode, _one_json_object(done.stdout)


@pytest.mark.parametrize("args,stdin,env,code", [
    (["ask", "-", "--json"], "   \n", {}, "question"),  # an empty question fails before the model loads
    (["ask", "--json"], "", {}, "usage"),
    (["ask", "câu hỏi", "--json", "--bogus"], "", {}, "usage"),
    (["ask", "câu hỏi", "--json"], "", {"HVK_PORT": "cổng"}, "config"),
])
def test_real_failures_of_the_command(args, stdin, env, code):
    status, result = _run(args, stdin, **env)
    assert status == 2 and result["ok"] is False and result["error"]["code"] == code and result["error"]["message"]
