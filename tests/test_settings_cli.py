"""`app.py settings`: every setting with its value, secrets masked."""
from __future__ import annotations

import json

import app
from config import load_config

SECRET_KEY = "sk-test-khong-duoc-lo-ra"
USERS = json.dumps({"an": "pbkdf2_sha256$1000$abc$def"})


def test_settings_never_show_a_secret(monkeypatch, capsys):
    monkeypatch.setenv("HVK_LLM_API_KEY", SECRET_KEY)
    monkeypatch.setenv("HVK_USERS", USERS)
    assert app.main(["settings"]) == 0
    out = capsys.readouterr().out
    assert SECRET_KEY not in out and "pbkdf2" not in out
    key_line = next(line for line in out.splitlines() if line.startswith("HVK_LLM_API_KEY "))
    users_line = next(line for line in out.splitlines() if line.startswith("HVK_USERS "))
    assert "(đã đặt, ẩn)" in key_line and "(đã đặt, ẩn)" in users_line


def test_unset_secret_says_so(monkeypatch, capsys):
    monkeypatch.delenv("HVK_LLM_API_KEY", raising=False)
    assert app.main(["settings"]) == 0
    assert "(chưa đặt)" in next(l for l in capsys.readouterr().out.splitlines() if l.startswith("HVK_LLM_API_KEY "))


def test_a_logged_config_hides_secrets():
    config = load_config(env={"HVK_LLM_API_KEY": SECRET_KEY, "HVK_USERS": USERS})
    assert config.llm_api_key == SECRET_KEY
    assert SECRET_KEY not in repr(config) and "pbkdf2" not in repr(config) and "llm_model=" in repr(config)


def test_markdown_lists_defaults_not_current_values(monkeypatch, capsys):
    monkeypatch.setenv("HVK_LLM_API_KEY", SECRET_KEY)
    monkeypatch.setenv("HVK_PORT", "9999")
    assert app.main(["settings", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert SECRET_KEY not in out and "9999" not in out and "| `HVK_PORT` | `7860` |" in out
