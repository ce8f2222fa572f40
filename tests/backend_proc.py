"""One app process of the backend tests, over a Milvus server or a data folder of its own:

    python -m tests.backend_proc build CORPUS DATA [--kill-at-switch]
    python -m tests.backend_proc search DATA QUESTION

`build` indexes CORPUS with the counting encoder (SIGKILLed just before the alias switch
with --kill-at-switch); `search` opens whatever version the engine serves, with no corpus,
and prints {"version": …, "files": […]} of its hits. Settings come from HVK_* variables.
"""
from __future__ import annotations

import offline  # noqa: F401  isort: skip  (an entry point: hub access off before transformers loads)

import json
import os
import signal
import sys
from pathlib import Path

from config import load_config
from index.build import build_index
from index.retrieve import Retriever
from tests.fakes import CountingEncoder


def _die_at_switch() -> None:
    from index.backends import milvus

    def die(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    milvus.MilvusClient.alter_alias = die
    milvus.MilvusClient.create_alias = die


def main(argv: list[str]) -> int:
    if argv[0] == "build":
        if "--kill-at-switch" in argv:
            _die_at_switch()
        config = load_config(corpus_dir=Path(argv[1]), data_dir=Path(argv[2]))
        build_index(config, progress=False, embedder_factory=lambda _: CountingEncoder())
        return 0
    config = load_config(data_dir=Path(argv[1]))
    retriever = Retriever.open(config, CountingEncoder())
    hits = retriever.search(argv[2])
    print(json.dumps({"version": retriever.folder.name, "files": [h.chunk.file for h in hits]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
