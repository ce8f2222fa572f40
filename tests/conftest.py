"""Shared, session-scoped fixtures. Keep additive: other test modules may add their own."""
from __future__ import annotations

# First of all: huggingface_hub, transformers and gradio read the offline settings once, at
# import, and any test module may import them; pytest imports this file before any of them.
import offline  # noqa: F401  isort: skip

from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="session", autouse=True)
def network_guard():
    """Every test runs offline: non-loopback connections are refused, and any attempt fails the run."""
    from tests.netguard import NetworkGuard

    guard = NetworkGuard()
    guard.install()
    yield guard
    guard.uninstall()
    assert guard.blocked == [], f"something tried to reach the network: {guard.blocked}"


# --- ingestion fixtures (tests/test_normalize, test_structure, test_tables, test_chunks, test_document)

@pytest.fixture(scope="session")
def ingest_manifest():
    from ingest.manifest import load_manifest

    return load_manifest(CORPUS_DIR / "manifest.json")


@pytest.fixture(scope="session")
def ingest_docs():
    """{file name: Document} for the five real corpus files, read once."""
    from config import load_config
    from ingest.document import read_corpus

    docs, problems = read_corpus(CORPUS_DIR, load_config(env={}).max_file_bytes)
    assert problems == []
    return {d.file: d for d in docs}


@pytest.fixture(scope="session")
def ingest_raw_lines():
    """{file name: lines} read straight from disk, independent of ingest.document."""
    return {
        p.name: p.read_text(encoding="utf-8").split("\n")
        for p in sorted(CORPUS_DIR.glob("*.txt"))
    }


@pytest.fixture(scope="session")
def ingest_sections(ingest_docs, ingest_manifest):
    """{file name: section path of every line} using the manifest's sub-documents as roots."""
    from ingest.structure import section_paths

    out = {}
    for name, doc in ingest_docs.items():
        roots = [(s.first_line, s.last_line, s.title) for s in ingest_manifest[name].subdocs]
        out[name] = section_paths(doc.lines, roots)
    return out


@pytest.fixture(scope="session")
def ingest_chunks(ingest_docs, ingest_manifest):
    """{file name: (chunks, skipped)} with the configured chunk size, computed once."""
    from config import load_config
    from ingest.chunks import chunk_document

    max_chars = load_config(env={}).chunk_max_chars
    return {
        name: chunk_document(doc, ingest_manifest[name], max_chars)
        for name, doc in ingest_docs.items()
    }


# --- answer service (tests/test_ui_app, tests/test_ui_browser): model + index loaded once per run

@pytest.fixture(scope="session")
def answer_service():
    from config import load_config
    from answer.service import open_service

    return open_service(load_config())


@pytest.fixture(scope="session")
def app_url(live_service, tmp_path_factory):
    """The app on a free loopback port over the real index; feedback goes to a temporary folder."""
    from config import load_config
    from tests.apps import launch
    from ui.app import build_app

    demo = build_app(live_service, load_config(env={}, data_dir=tmp_path_factory.mktemp("data")))
    yield launch(demo)
    demo.close()


@pytest.fixture(scope="session")
def live_service(answer_service):
    """What the app serves from: the session's service, replaceable by a background re-index."""
    from answer.live import LiveService

    return LiveService(answer_service.config, answer_service)
