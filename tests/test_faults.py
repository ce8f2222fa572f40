"""Fault injection: a re-index killed (SIGKILL) at each stage leaves the old index serving,
and the next re-index succeeds."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from config import load_config
from index import store
from index.build import build_index, is_fresh
from tests.fakes import CountingEncoder
from tests.fault_build import STAGES

REPO = Path(__file__).resolve().parent.parent
NEW_DOCUMENT = "Nghị quyết bổ sung\n1. Mục tiêu\nĐến năm 2030, tỷ lệ đô thị hóa đạt 75,5%.\n"


@pytest.fixture()
def served(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("002_59c52569d25bb8c2.txt", "003_ca8570c1181f02a1.txt", "manifest.json"):
        shutil.copy(REPO / "corpus" / name, corpus / name)
    config = load_config(env={}, corpus_dir=corpus, data_dir=tmp_path / "data")
    build_index(config, progress=False, embedder_factory=lambda _: CountingEncoder())
    return config


@pytest.mark.parametrize("stage", list(STAGES))
def test_reindex_killed_at_each_stage_leaves_the_old_index_serving(served, stage):
    old_folder, old_manifest = store.open_current(served.index_dir)
    old_chunks = store.read_chunks(old_folder)
    (served.corpus_dir / "005_bo-sung.txt").write_text(NEW_DOCUMENT, encoding="utf-8")

    killed = subprocess.run([sys.executable, "-m", "tests.fault_build", str(served.corpus_dir),
                             str(served.data_dir), stage], cwd=REPO, capture_output=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]

    folder, manifest = store.open_current(served.index_dir)  # verifies every checksum
    assert folder == old_folder and manifest == old_manifest
    assert store.read_chunks(folder) == old_chunks and len(store.read_documents(folder)) == 2
    assert not is_fresh(served)

    report = build_index(served, progress=False, embedder_factory=lambda _: CountingEncoder())
    assert is_fresh(served) and report.files == 3
    folder, _ = store.open_current(served.index_dir)
    assert any("75,5%" in c.text for c in store.read_chunks(folder))
    assert [p.name for p in store.builds_dir(served.index_dir).iterdir()] == [folder.name]  # debris cleared
