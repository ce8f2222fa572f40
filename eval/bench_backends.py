"""python -m eval.bench_backends [--sizes 1,4,16] [--backends faiss,milvus] [--qa FILE] [--limit N]

The search backends side by side on the synthetic corpus (eval/synth.py) at each size:
build time without the encoder, the backend's own share of it, retrieval latency p50/p95
one question at a time, and peak RSS of the building and of the serving process. Written
to eval/bench/<YYYY-MM-DD>-backends.md.

Vectors are hash vectors of the model's width (eval.bench_worker.HashEncoder): a backend's
cost does not depend on what they mean, and encoding 16× for real takes hours on 2 cores
(eval.bench measures the encoder). Milvus runs embedded (Milvus Lite in the process), so
its memory is counted with the process that serves.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from config import load_config
from eval.bench import BENCH_DIR, BenchError, _git_commit, machine, parse_sizes, worker, write_report
from eval.dataset import DEFAULT_QA
from eval.synth import make_corpus
from eval.table import markdown_table

log = logging.getLogger("eval.bench_backends")


def measure(size: int, backend: str, qa: Path, limit: int | None, tmp: Path) -> tuple:
    corpus = tmp / f"corpus-{size}x"
    if not corpus.exists():
        make_corpus(load_config().corpus_dir, corpus, size)
    data = tmp / f"data-{size}x-{backend}"
    common = ["--corpus", str(corpus), "--data", str(data), "--backend", backend]
    build = worker("backend-build", tmp, *common)
    search = worker("backend-search", tmp, *common, "--qa", str(qa), *(["--limit", str(limit)] if limit else []))
    log.info("%d× %s: built in %.1f s, search p95 %.0f ms", size, backend, build["seconds"], search["p95_ms"])
    return (f"{size}×", backend, build["chunks"], f"{build['seconds']:.1f} s", f"{build['backend_s']:.1f} s",
            f"{search['open_s']:.1f} s", f"{search['p50_ms']:.0f} ms", f"{search['p95_ms']:.0f} ms",
            f"{build['peak_rss_mb']:.0f}", f"{search['peak_rss_mb']:.0f}", f"{build['index_mb']:.0f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench_backends", description=__doc__.split("\n\n")[1])
    p.add_argument("--sizes", type=parse_sizes, default=[1, 4, 16], help="corpus sizes (default 1,4,16)")
    p.add_argument("--backends", default="faiss,milvus", help="HVK_SEARCH_BACKEND values (default %(default)s)")
    p.add_argument("--qa", type=Path, default=DEFAULT_QA, help="questions for the latency runs")
    p.add_argument("--limit", type=int, default=None, help="at most N latency questions per run")
    p.add_argument("--out", type=Path, default=BENCH_DIR, help="folder of dated results (default %(default)s)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    started, load = datetime.now().astimezone(), os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="hvk-bench-") as tmp:
            rows = [measure(size, backend, args.qa.resolve(), args.limit, Path(tmp))
                    for size in args.sizes for backend in args.backends.split(",")]
    except BenchError as e:
        log.error("cannot run: %s", e)
        return 2
    command = " ".join(["python -m eval.bench_backends", *(sys.argv[1:] if argv is None else argv)])
    text = "\n".join([
        f"# Search backends {started.date().isoformat()}\n",
        f"Measured {started:%Y-%m-%d %H:%M} to {datetime.now():%H:%M} with `{command}`. {machine(load)} at the "
        f"start. Commit {_git_commit()}. Latency questions: `{args.qa.name}`.\n",
        markdown_table(("size", "backend", "chunks", "build (no encoder)", "backend's share", "open", "search p50",
                        "search p95", "peak RSS build MB", "peak RSS serve MB", "data MB"), rows),
    ])
    write_report(args.out / f"{started.date().isoformat()}-backends.md", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
