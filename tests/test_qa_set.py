"""The committed eval set is well-formed, agrees with the corpus and covers what it should."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from config import load_config
from eval.dataset import DEFAULT_QA, KINDS, SPLITS, check_items, load_items
from ingest.document import corpus_files
from ingest.normalize import fold

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



def test_the_dev_split_typed_without_marks_keeps_every_gold_answer():
    from eval.unmarked import unmarked

    lines = SPLITS["dev"].read_text(encoding="utf-8").splitlines()
    originals = {json.loads(line)["id"]: json.loads(line) for line in lines}
    folded = unmarked(lines)
    assert len(folded) > len(lines) // 2
    assert folded[0]["question"] == "chi tieu bac sy/van dan 2030?"
    for item in folded:
        original = originals[item["id"]]
        assert item["question"] != original["question"] and item["question"] == fold(original["question"])
        assert {k: v for k, v in item.items() if k != "question"} == {k: v for k, v in original.items() if k != "question"}
    # The split's own items typed without marks have nothing to drop.
    assert not {i["id"] for i in folded} & {k for k, v in originals.items() if v["kind"] == "no_diacritics"}
