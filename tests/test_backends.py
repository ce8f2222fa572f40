"""The search-backend contract (index.backends), run against FAISS and Milvus on two real
corpus files with a counting encoder: search, the document filter, incremental re-index,
the switch to a new version, a killed build, and two processes sharing one Milvus server."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import load_config
from index import store
from index.backends import BackendError, backend_for
from index.build import build_index, is_fresh
from index.retrieve import Retriever
from tests.fakes import CountingEncoder

REPO = Path(__file__).resolve().parent.parent
FILES = ("002_59c52569d25bb8c2.txt", "003_ca8570c1181f02a1.txt")
DOCTORS = "chỉ tiêu số bác sỹ trên vạn dân năm 2030"  # line 107 of 002 holds it
QUESTIONS = (DOCTORS, "tỷ lệ hộ nghèo giảm", "tốc độ tăng trưởng kinh tế bình quân", "chuyển đổi số")
NEW_DOC = "Điều 1. Quy hoạch cảng hàng không Phù Sa Lam\nSân bay Phù Sa Lam đón 5 triệu khách năm 2030.\n"


def _milvus_installed() -> bool:
    try:
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    except ImportError:
        return False
    return True


needs_milvus = pytest.mark.skipif(not _milvus_installed(), reason="requirements-scale.txt not installed")
BACKENDS = ["faiss", pytest.param("milvus", marks=needs_milvus)]


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (*FILES, "manifest.json"):
        shutil.copy(REPO / "corpus" / name, corpus / name)
    return corpus


def _build(config, encoder=None):
    return build_index(config, progress=False, embedder_factory=lambda _: encoder or CountingEncoder())


@pytest.fixture(params=BACKENDS)
def built(request, tmp_path):
    """A config of the backend under test (Milvus embedded under the data folder) over a built index."""
    config = load_config(env={}, corpus_dir=_corpus(tmp_path), data_dir=tmp_path / "data",
                         search_backend=request.param)
    _build(config)
    return config


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def milvus_server(tmp_path):
    """`milvus-lite server` on loopback: the engine several app processes share."""
    pytest.importorskip("milvus_lite")
    port = _free_port()
    log = (tmp_path / "milvus-server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(tmp_path / "engine"),
                             "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "milvus-server.log").read_text()
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def _proc(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HVK_SEARCH_BACKEND": "milvus", "HVK_SEARCH_URL": url}
    return subprocess.run([sys.executable, "-m", "tests.backend_proc", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_unknown_backend_names_the_valid_ones():
    with pytest.raises(BackendError, match="faiss, milvus"):
        backend_for(load_config(env={}, search_backend="elastic"))


@pytest.mark.parametrize("built", BACKENDS, indirect=True)
def test_search_finds_the_passage_asked_for(built):
    hits = Retriever.open(built, CountingEncoder()).search(DOCTORS, k=5)
    assert any(h.chunk.file == FILES[0] and h.chunk.line_start <= 107 <= h.chunk.line_end for h in hits)


@pytest.mark.parametrize("built", BACKENDS, indirect=True)
def test_document_filter_keeps_recall_within_the_file(built):
    retriever = Retriever.open(built, CountingEncoder())
    for question in QUESTIONS:
        hits = retriever.search(question, k=10, files={FILES[1]})
        assert len(hits) == 10 and {h.chunk.file for h in hits} == {FILES[1]}


@needs_milvus
def test_milvus_ranks_as_faiss_does(tmp_path):
    corpus = _corpus(tmp_path)
    ranked = {}
    for name in ("faiss", "milvus"):
        config = load_config(env={}, corpus_dir=corpus, data_dir=tmp_path / name, search_backend=name)
        _build(config)
        retriever = Retriever.open(config, CountingEncoder())
        ranked[name] = [[(h.chunk.id, round(h.score, 4)) for h in retriever.search(q)] for q in QUESTIONS]
    assert ranked["milvus"] == ranked["faiss"]


@pytest.mark.parametrize("built", BACKENDS, indirect=True)
def test_incremental_reindex_reuses_the_backends_vectors(built):
    if built.search_backend == "milvus":
        # The local copy of the version goes: the vectors can only come back from the engine.
        shutil.rmtree(built.index_dir / "builds")
        (built.index_dir / "current").unlink()
        assert is_fresh(built)  # fetched from the engine, and it matches the corpus
        assert not (store.current_dir(built.index_dir) / "llama").exists()
    path = built.corpus_dir / FILES[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[106] = lines[106].replace("18,02", "18,50")
    path.write_text("\n".join(lines), encoding="utf-8")
    encoder = CountingEncoder()
    report = _build(built, encoder)
    assert report.embedded == encoder.encoded == 1 and report.reused == report.chunks - 1
    hits = Retriever.open(built, CountingEncoder()).search(DOCTORS, k=5)
    assert any("18,50" in h.chunk.text for h in hits)


@pytest.mark.parametrize("built", BACKENDS, indirect=True)
def test_a_reindex_switches_to_the_new_version_in_one_step(built):
    before = Retriever.open(built, CountingEncoder())
    (built.corpus_dir / "004_new.txt").write_text(NEW_DOC, encoding="utf-8")
    _build(built)
    after = Retriever.open(built, CountingEncoder())
    assert after.folder != before.folder
    assert after.search("sân bay Phù Sa Lam", k=1)[0].chunk.file == "004_new.txt"
    assert before.search(DOCTORS, k=5)  # a process still on the old version keeps answering
    if built.search_backend == "milvus":
        from index.backends.milvus import ALIAS, MilvusBackend, collection_of

        client = MilvusBackend.connect(built)._client
        assert client.describe_alias(ALIAS)["collection_name"] == collection_of(after.folder.name)
        (built.corpus_dir / "005_new.txt").write_text(NEW_DOC.replace("Lam", "Lâm"), encoding="utf-8")
        _build(built)
        # The version before the previous one is dropped, with its bundle.
        assert collection_of(before.folder.name) not in client.list_collections()
        assert len([c for c in client.list_collections() if not c.endswith("_bundle")]) == 2


@needs_milvus
def test_a_killed_build_leaves_the_old_version_serving(tmp_path, milvus_server):
    corpus, data = _corpus(tmp_path), tmp_path / "data"
    assert _proc("build", str(corpus), str(data), url=milvus_server).returncode == 0
    (corpus / "004_new.txt").write_text(NEW_DOC, encoding="utf-8")
    killed = _proc("build", str(corpus), str(data), "--kill-at-switch", url=milvus_server)
    assert killed.returncode == -9, killed.stderr
    # A replica with no data of its own is served the old version, complete.
    served = json.loads(_proc("search", str(tmp_path / "replica"), "sân bay Phù Sa Lam", url=milvus_server).stdout)
    assert "004_new.txt" not in served["files"] and served["files"]
    # and the next build succeeds, dropping what the killed one left
    assert _proc("build", str(corpus), str(data), url=milvus_server).returncode == 0
    served = json.loads(_proc("search", str(tmp_path / "replica"), "sân bay Phù Sa Lam", url=milvus_server).stdout)
    assert served["files"][0] == "004_new.txt"


@needs_milvus
def test_two_processes_share_one_engine(tmp_path, milvus_server):
    """A builder and a replica with separate data folders: the replica has no corpus and
    serves whatever version the engine's alias names, old then new."""
    corpus = _corpus(tmp_path)
    builder, replica = tmp_path / "builder", tmp_path / "replica"
    assert _proc("build", str(corpus), str(builder), url=milvus_server).returncode == 0
    first = json.loads(_proc("search", str(replica), DOCTORS, url=milvus_server).stdout)
    assert FILES[0] in first["files"]
    (corpus / "004_new.txt").write_text(NEW_DOC, encoding="utf-8")
    assert _proc("build", str(corpus), str(builder), url=milvus_server).returncode == 0
    second = json.loads(_proc("search", str(replica), "sân bay Phù Sa Lam", url=milvus_server).stdout)
    assert second["version"] != first["version"] and second["files"][0] == "004_new.txt"
    # The manifest travels with the version: the replica's copy names the new file's draft.
    assert "004_new.txt" in store.read_corpus_manifest(replica / "index" / "current")
