"""The corpus manifest is part of the index: serving reads the copy the build kept, so
editing corpus/manifest.json changes nothing served until a build, and only
`python app.py index` and uploads write corpus/manifest.json."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import app
from answer.service import open_service, service_for_current
from config import load_config
from index import store
from index.build import build_index, is_fresh
from tests.fakes import CountingEncoder

REPO = Path(__file__).resolve().parent.parent
FILE = "002_59c52569d25bb8c2.txt"
NEW_FILE = "005_bo-sung.txt"
NEW_DOCUMENT = "NGHỊ QUYẾT bổ sung\n1. Mục tiêu\nĐến năm 2030, tỷ lệ đô thị hóa đạt 75,5%.\n"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REPO / "corpus" / FILE, folder / FILE)
    shutil.copy(REPO / "corpus" / "manifest.json", folder / "manifest.json")
    return load_config(env={}, corpus_dir=folder, data_dir=tmp_path / "data")


def _build(config):
    return build_index(config, progress=False, embedder_factory=lambda _: CountingEncoder())


def _state(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, hidden ones included, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _retitle(config, title: str) -> None:
    path = config.corpus_dir / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["files"][FILE]["title"] = title
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")


def test_the_build_keeps_the_manifest_in_the_index_under_its_checksum(corpus):
    _build(corpus)
    folder, manifest = store.open_current(corpus.index_dir)
    assert store.CORPUS_MANIFEST in manifest.checksums
    kept = json.loads((folder / store.CORPUS_MANIFEST).read_text(encoding="utf-8"))
    assert kept["files"][FILE] == json.loads((corpus.corpus_dir / "manifest.json").read_text(encoding="utf-8"))["files"][FILE]
    (folder / store.CORPUS_MANIFEST).write_text("{}", encoding="utf-8")
    with pytest.raises(store.IndexCorrupt):
        store.open_current(corpus.index_dir)


def test_editing_the_manifest_changes_nothing_served_until_a_build(corpus):
    _build(corpus)
    old_title = service_for_current(corpus, CountingEncoder()).entries[FILE].title
    _retitle(corpus, "Tiêu đề đã sửa")
    served = service_for_current(corpus, CountingEncoder())
    assert served.entries[FILE].title == old_title
    assert served.documents.entries[FILE].title == old_title
    assert not is_fresh(corpus)
    _build(corpus)
    assert service_for_current(corpus, CountingEncoder()).entries[FILE].title == "Tiêu đề đã sửa"


def test_ask_and_the_app_do_not_rebuild_for_a_manifest_edit(corpus):
    _build(corpus)
    old_title = service_for_current(corpus, CountingEncoder()).entries[FILE].title
    _retitle(corpus, "Tiêu đề đã sửa")
    encoder = CountingEncoder()
    assert open_service(corpus, embedder=encoder).entries[FILE].title == old_title
    assert is_fresh(corpus, with_manifest=False) and not is_fresh(corpus)


def test_an_index_without_the_copy_is_rebuilt(corpus):
    _build(corpus)
    folder, _ = store.open_current(corpus.index_dir)
    raw = json.loads((folder / store.MANIFEST).read_text(encoding="utf-8"))
    (folder / store.CORPUS_MANIFEST).unlink()
    del raw["checksums"][store.CORPUS_MANIFEST]
    (folder / store.MANIFEST).write_text(json.dumps({**raw, "format": 1}), encoding="utf-8")
    with pytest.raises(store.IndexProblem, match="python app.py index"):
        service_for_current(corpus, CountingEncoder())
    assert not is_fresh(corpus)
    assert open_service(corpus, embedder=CountingEncoder()).entries[FILE].title


def test_a_build_outside_app_py_index_never_writes_under_the_corpus(corpus):
    _build(corpus)
    (corpus.corpus_dir / NEW_FILE).write_text(NEW_DOCUMENT, encoding="utf-8")
    before = _state(corpus.corpus_dir)
    report = _build(corpus)
    assert report.drafted == [NEW_FILE] and _state(corpus.corpus_dir) == before
    folder, _ = store.open_current(corpus.index_dir)
    kept = json.loads((folder / store.CORPUS_MANIFEST).read_text(encoding="utf-8"))["files"]
    assert "_review" in kept[NEW_FILE]  # the draft lives in the index's copy only
    assert is_fresh(corpus)


def test_ask_never_writes_under_the_corpus_even_when_it_builds(corpus, monkeypatch, capsys):
    (corpus.corpus_dir / NEW_FILE).write_text(NEW_DOCUMENT, encoding="utf-8")  # needs a draft entry
    before = _state(corpus.corpus_dir)
    monkeypatch.setenv("HVK_CORPUS_DIR", str(corpus.corpus_dir))
    monkeypatch.setenv("HVK_DATA_DIR", str(corpus.data_dir))
    monkeypatch.setattr("answer.service.load_embedder", lambda *a, **k: CountingEncoder())
    assert app.main(["ask", "tỷ lệ đô thị hóa năm 2030?", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert _state(corpus.corpus_dir) == before
    assert NEW_FILE in {c.file for c in store.read_chunks(store.open_current(corpus.index_dir)[0])}


def test_app_py_index_writes_the_drafts_atomically_then_indexes_them(corpus, monkeypatch, capsys):
    (corpus.corpus_dir / NEW_FILE).write_text(NEW_DOCUMENT, encoding="utf-8")
    monkeypatch.setenv("HVK_CORPUS_DIR", str(corpus.corpus_dir))
    monkeypatch.setenv("HVK_DATA_DIR", str(corpus.data_dir))
    monkeypatch.setattr("index.build._default_embedder", lambda config: CountingEncoder())
    assert app.main(["index"]) == 0
    assert f"mục nháp mới trong {corpus.corpus_dir / 'manifest.json'}: {NEW_FILE}" in capsys.readouterr().out
    written = json.loads((corpus.corpus_dir / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "_review" in written[NEW_FILE] and FILE in written
    assert sorted(p.name for p in corpus.corpus_dir.iterdir()) == sorted([FILE, NEW_FILE, "manifest.json"])  # no temp left
    assert is_fresh(corpus)
    assert service_for_current(corpus, CountingEncoder()).entries[NEW_FILE].title.startswith("NGHỊ QUYẾT")
