"""Index lifecycle on a temporary corpus with a counting encoder: incremental re-index,
stale detection, atomic swap under failure, corrupt-index errors, and the lexical scorer."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from config import load_config
from index import store
from index.build import build_index, is_fresh
from index.lexical import BM25Index, lexical_terms
from tests.fakes import CountingEncoder

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("002_59c52569d25bb8c2.txt", "003_ca8570c1181f02a1.txt"):
        shutil.copy(REPO / "corpus" / name, corpus / name)
    shutil.copy(REPO / "corpus" / "manifest.json", corpus / "manifest.json")
    return load_config(env={}, corpus_dir=corpus, data_dir=tmp_path / "data")


def _build(config, encoder):
    return build_index(config, progress=False, embedder_factory=lambda _: encoder)


def test_incremental_reindex_encodes_only_changed_chunks(small_corpus):
    encoder = CountingEncoder()
    first = _build(small_corpus, encoder)
    assert first.embedded == first.chunks == encoder.encoded > 100

    again = _build(small_corpus, encoder)
    assert again.unchanged and encoder.encoded == first.chunks  # nothing re-encoded

    path = small_corpus.corpus_dir / "002_59c52569d25bb8c2.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[106] = lines[106].replace("18,02", "18,50")  # line 107: the doctors target
    path.write_text("\n".join(lines), encoding="utf-8")
    assert not is_fresh(small_corpus)
    changed = _build(small_corpus, encoder)
    assert changed.embedded == 1 and changed.reused == changed.chunks - 1
    assert is_fresh(small_corpus)


def test_stale_index_detected_when_a_file_is_added(small_corpus):
    _build(small_corpus, CountingEncoder())
    assert is_fresh(small_corpus)
    shutil.copy(REPO / "corpus" / "001_20480831de115808.txt", small_corpus.corpus_dir)
    assert not is_fresh(small_corpus)


def test_failed_build_leaves_previous_index_serving(small_corpus):
    _build(small_corpus, CountingEncoder())
    before, manifest_before = store.open_current(small_corpus.index_dir)

    class Exploding(CountingEncoder):
        def encode(self, texts, **kw):
            raise KeyboardInterrupt  # Ctrl-C in the middle of embedding

    (small_corpus.corpus_dir / "new.txt").write_text("Điều 1. Nội dung mới\nTỷ lệ hộ nghèo 0,01%.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        _build(small_corpus, Exploding())
    after, manifest_after = store.open_current(small_corpus.index_dir)
    assert after == before and manifest_after == manifest_before
    # and the next build succeeds
    report = _build(small_corpus, CountingEncoder())
    assert report.files == 3 and is_fresh(small_corpus)


def test_corrupt_index_gives_clear_error(small_corpus):
    _build(small_corpus, CountingEncoder())
    folder, _ = store.open_current(small_corpus.index_dir)
    (folder / "chunks.jsonl").write_text("garbage", encoding="utf-8")
    with pytest.raises(store.IndexCorrupt, match="chunks.jsonl"):
        store.open_current(small_corpus.index_dir)
    assert not is_fresh(small_corpus)  # a corrupt index is stale: the app rebuilds it
    report = _build(small_corpus, CountingEncoder())  # a rebuild repairs it
    assert report.chunks > 0
    store.open_current(small_corpus.index_dir)


def test_missing_index_gives_clear_error(tmp_path):
    with pytest.raises(store.IndexMissing, match="python app.py index"):
        store.open_current(tmp_path / "nothing")


def test_two_builds_never_run_at_once(small_corpus):
    with store.build_lock(small_corpus.index_dir):
        with pytest.raises(store.IndexBusy):
            _build(small_corpus, CountingEncoder())


def test_lexical_terms_fold_keep_exact_and_numbers():
    terms = lexical_terms("Số bác sỹ/vạn dân đạt 18,02; thu 57.000 tỷ")
    assert "bac" in terms and "si" in terms and "van" in terms  # folded, sỹ → sĩ
    assert "bac_si" in terms and "van_dan" in terms  # syllable bigrams
    assert "=bác" in terms and "=vạn" in terms  # exact forms reward diacritics
    assert "18,02" in terms and "57000" in terms  # numbers whole
    assert set(lexical_terms("bac si tren van dan")) <= set(lexical_terms("bác sĩ trên vạn dân"))


def test_bm25_prefers_exact_diacritics_but_matches_folded():
    filler = [f"báo cáo kết quả thực hiện nhiệm vụ năm {2000 + i}" for i in range(40)]
    docs = ["số bác sĩ trên vạn dân đạt 19", "vận dụng dân chủ ở cơ sở", "giường bệnh trên vạn dân"] + filler
    bm25 = BM25Index.build(docs)
    folded = bm25.scores("bac si van dan")
    assert folded.argmax() == 0
    assert bm25.scores("vạn dân")[2] > bm25.scores("vạn dân")[1]


def test_file_title_terms_score_the_whole_file_not_its_cover_page():
    filler = [f"báo cáo kết quả thực hiện nhiệm vụ năm {2000 + i}" for i in range(40)]
    cover = "nghị quyết đại hội đảng bộ lần thứ I nhiệm kỳ 2025 - 2030"
    docs = [cover, "các khâu đột phá: phát triển nguồn nhân lực", "khâu đột phá thứ ba của tỉnh"] + filler
    bm25 = BM25Index.build(docs)
    query = "3 khâu đột phá trong nghị quyết đại hội lần thứ I nhiệm kỳ 2025-2030"
    assert bm25.scores(query).argmax() == 0  # the cover page echoes the question's framing
    title = "Các văn kiện Đại hội Đảng bộ lần thứ I, nhiệm kỳ 2025 - 2030"
    titles = bm25.title_matrix([title, title, "Báo cáo của tỉnh"] + [""] * 40, ["Nghị quyết"] * 43)
    scores = bm25.scores(query, titles)
    assert scores.argmax() == 1  # the passage the question asks for, in the file it names
    assert scores[1] > scores[2]  # the file's title still counts, once per chunk
    assert titles[0, bm25.vocab["nghi"]] == 0  # a sub-document's title stays a body match
