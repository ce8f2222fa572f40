"""`app.py index --ray local` encodes on Ray actors and gives the in-process build's index:
the same chunk ids and the same vectors, with the real bundled encoder on real passages."""
from __future__ import annotations

import numpy as np
import pytest

from config import load_config
from index import store
from index.backends.faiss import VECTORS, StoredVectors
from index.build import build_index

pytest.importorskip("ray")

SOURCE = "002_59c52569d25bb8c2.txt"
LINES = 120  # the opening of a real report: its title, preamble and first targets


@pytest.fixture()
def subset(tmp_path):
    real = load_config(env={})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = (real.corpus_dir / SOURCE).read_text(encoding="utf-8").split("\n")[:LINES]
    (corpus / SOURCE).write_text("\n".join(lines), encoding="utf-8")
    return corpus, real.model_cache_dir


def _built(corpus, model_cache, data, ray_address=None):
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)  # the converted model, shared
    config = load_config(env={}, corpus_dir=corpus, data_dir=data)
    report = build_index(config, progress=False, ray_address=ray_address)
    folder, _ = store.open_current(config.index_dir)
    return report, [c.id for c in store.read_chunks(folder)], StoredVectors(folder / VECTORS).rows()


def test_ray_build_matches_the_in_process_build(subset, tmp_path):
    corpus, model_cache = subset
    local, ids, vectors = _built(corpus, model_cache, tmp_path / "in-process")
    on_ray, ray_ids, ray_vectors = _built(corpus, model_cache, tmp_path / "ray", ray_address="local")
    assert on_ray.embedded == local.embedded == len(ids) > 20
    assert ray_ids == ids
    np.testing.assert_allclose(ray_vectors, vectors, atol=1e-5)
