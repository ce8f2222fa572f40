"""The committed eval set is well-formed, agrees with the corpus and covers what it should."""
from __future__ import annotations

from collections import Counter

import pytest

from config import load_config
from eval.dataset import DEFAULT_QA, KINDS, check_items, load_items
from ingest.document import corpus_files

if not DEFAULT_QA.exists():
    pytest.skip(f"{DEFAULT_QA} is not written yet", allow_module_level=True)


@pytest.fixture(scope="module")
def items():
    return load_items(DEFAULT_QA)


def test_no_problems(items):
    problems = check_items(items, load_config().corpus_dir)
    assert not problems, "\n".join(problems)


def test_size_and_coverage_of_kinds(items):
    counts = Counter(i.kind for i in items)
    assert len(items) >= 100
    assert not set(KINDS) - set(counts), f"kinds missing: {set(KINDS) - set(counts)}"
    assert counts["unanswerable"] >= 8
    assert counts["conflict"] >= 10
    assert counts["table"] >= 10


def test_every_corpus_file_is_cited(items):
    cited = {s.file for i in items for s in (*i.sources, *i.other_sources)}
    files = {p.name for p in corpus_files(load_config().corpus_dir)}
    assert not files - cited, f"never cited: {sorted(files - cited)}"
