"""Run a re-index and SIGKILL it at one stage: python -m tests.fault_build CORPUS DATA STAGE.

Used by tests/test_faults.py. The kill comes from inside the process at the moment the
named stage starts, so every stage is hit exactly, not by timing luck.
"""
from __future__ import annotations

import offline  # noqa: F401  isort: skip  (an entry point: hub access off before transformers loads)

import os
import signal
import sys
from pathlib import Path

from config import load_config
from index import build, llama, store
from tests.fakes import CountingEncoder


def _die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_on_swap(real_replace):
    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "current":
            _die()
        return real_replace(src, dst, *args, **kwargs)
    return replace


STAGES = {
    "parse": lambda: setattr(build, "read_corpus", _die),
    "manifest": lambda: setattr(build.store, "write_corpus_manifest", _die),
    "embed": lambda: setattr(build, "encode_passages", _die),
    "faiss": lambda: setattr(llama, "write_vector_index", _die),
    "lexical": lambda: setattr(build.BM25Index, "build", staticmethod(_die)),
    "chunks": lambda: setattr(build.store, "write_chunks", _die),
    "seal": lambda: setattr(build.store, "seal", _die),
    "swap": lambda: setattr(store.os, "replace", _kill_on_swap(os.replace)),
}


def main(corpus: str, data: str, stage: str) -> int:
    STAGES[stage]()
    config = load_config(env={}, corpus_dir=Path(corpus), data_dir=Path(data))
    build.build_index(config, progress=False, embedder_factory=lambda _: CountingEncoder())
    return 0  # reached only when the stage was never hit


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
