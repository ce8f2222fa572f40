"""One benchmark measurement in its own process, so its peak RSS and cold start are its own.

    python -m eval.bench_worker prepare --result R.json
    python -m eval.bench_worker build --corpus DIR --data DIR [--encoder E] [--reindex] --result R.json
    python -m eval.bench_worker serve --corpus DIR --data DIR [--encoder E] --qa FILE --t0 EPOCH [--limit N] --result R.json
    python -m eval.bench_worker backend-build --corpus DIR --data DIR --backend NAME --result R.json
    python -m eval.bench_worker backend-search --corpus DIR --data DIR --backend NAME --qa FILE --result R.json

Results go to a JSON file rather than stdout, which stays free for logging-only output.
Driven by eval/bench.py and eval/bench_backends.py; not meant to be run by hand.
"""
from __future__ import annotations

import time

_T_START = time.time()  # before the heavy imports: cold start includes them

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

log = logging.getLogger("eval.bench_worker")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def dir_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


class HashEncoder:
    """Deterministic unit vectors from a hash of each text, at the bundled model's width: what a
    search backend costs does not depend on what the vectors mean, and real encoding of the
    16× corpus would take hours on 2 cores (its rate is measured by eval.bench)."""

    prompts = {"passage": "passage: ", "query": "query: "}

    def __init__(self, dims: int = 384):
        self.dims = dims

    def get_embedding_dimension(self):
        return self.dims

    def encode(self, texts, prompt_name=None, **_):
        import hashlib

        import numpy as np

        rows = []
        for t in texts:
            seed = int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).standard_normal(self.dims).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows)


def _config(args):
    from config import load_config

    chosen = {key: value for key, value in (("search_backend", args.backend), ("encoder", args.encoder)) if value}
    return load_config(corpus_dir=Path(args.corpus), data_dir=Path(args.data), **chosen)


def _report(report) -> dict:
    return {"files": report.files, "chunks": report.chunks, "embedded": report.embedded,
            "seconds": report.seconds, "timings": dict(report.timings)}


def change_one_file(corpus: Path) -> dict:
    """A one-figure correction in the middle of the first document: the everyday edit."""
    from eval.synth import perturb_line
    from ingest.document import corpus_files

    path = corpus_files(corpus)[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    for n in range(len(lines) // 2, len(lines)):
        changed = perturb_line(lines[n], 1)
        if changed != lines[n]:
            lines[n] = changed
            path.write_text("\n".join(lines), encoding="utf-8")
            return {"file": path.name, "line": n + 1}
    raise RuntimeError(f"{path.name}: no line with a figure to change")


def do_prepare(args) -> dict:
    """Convert the bundled model once, outside every timed build."""
    from config import load_config
    from index.embedder import BUNDLED_MODEL, ENCODER_ONNX_INT8, ensure_bundled_model, ensure_onnx_int8

    config = load_config()
    # Build data dirs symlink to this folder: it must exist even when no model lives in it.
    config.model_cache_dir.mkdir(parents=True, exist_ok=True)
    if config.model == BUNDLED_MODEL:
        folder = ensure_bundled_model(config.model_cache_dir)
        if config.encoder == ENCODER_ONNX_INT8:
            ensure_onnx_int8(folder)
            return {"model_cache_dir": str(config.model_cache_dir), "encoder": compare_encoders(config)}
    return {"model_cache_dir": str(config.model_cache_dir)}


def compare_encoders(config, count: int = 160) -> dict:
    """Passages/s of fp32 and of the configured encoder, and the cosine between their vectors, on real passages."""
    import numpy as np

    from index.build import chunk_corpus
    from index.embedder import BUNDLED_MODEL, ENCODER_TORCH_FP32, encode_passages, load_embedder

    _, chunks, _ = chunk_corpus(config)
    texts = sorted({c.embed_text for c in chunks})
    texts = [texts[i] for i in np.random.default_rng(0).choice(len(texts), count, replace=False)]
    out = {}
    for name in (ENCODER_TORCH_FP32, config.encoder):
        model = load_embedder(BUNDLED_MODEL, config.model_cache_dir, name)
        t = time.perf_counter()
        out[name] = encode_passages(model, texts, config.embed_batch_size)
        out[f"{name}_per_s"] = count / (time.perf_counter() - t)
    cosines = np.sum(out[ENCODER_TORCH_FP32] * out[config.encoder], axis=1)
    return {"name": config.encoder, "passages": count, "fp32_per_s": out[f"{ENCODER_TORCH_FP32}_per_s"],
            "per_s": out[f"{config.encoder}_per_s"], "cosine_mean": float(cosines.mean()),
            "cosine_min": float(cosines.min())}


def encoder_work(config) -> dict:
    """Tokens and floating-point operations of encoding each distinct passage of the corpus once, as the
    build does: 2 per MatMul weight and token, plus attention's 4 × layers × hidden × tokens² a passage."""
    from index.build import chunk_corpus
    from index.embedder import BUNDLED_DIRNAME, BUNDLED_MODEL, E5_PROMPTS
    from index.tokenizer import UnigramTokenizer

    if config.model != BUNDLED_MODEL:
        return {}
    folder = config.model_cache_dir / BUNDLED_DIRNAME
    shape = json.loads((folder / "config.json").read_text())
    layers, hidden, inner = shape["num_hidden_layers"], shape["hidden_size"], shape["intermediate_size"]
    tokenizer = UnigramTokenizer(folder / "tokenizer.json", shape["max_position_embeddings"])
    _, chunks, _ = chunk_corpus(config)
    lengths = [len(tokenizer.encode(E5_PROMPTS["passage"] + t)) for t in {c.embed_text for c in chunks}]
    weights = layers * (4 * hidden * hidden + 2 * hidden * inner)
    flops = sum(2 * weights * n + 4 * layers * hidden * n * n for n in lengths)
    return {"passages": len(lengths), "tokens": sum(lengths), "flops": flops}


def do_build(args) -> dict:
    from index.build import build_index

    config = _config(args)
    out = {"load_avg": os.getloadavg()[0], "encoder": config.encoder}  # how busy the machine was at the start
    out["full"] = _report(build_index(config, progress=False))
    out["work"] = encoder_work(config)
    if args.reindex:
        out["noop"] = _report(build_index(config, progress=False))
        out["changed_file"] = change_one_file(config.corpus_dir)
        out["one_changed"] = _report(build_index(config, progress=False))
    out["index_mb"] = dir_size_mb(config.index_dir)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def do_serve(args) -> dict:
    from eval.dataset import load_items
    from eval.metrics import percentile, score_run, summarize
    from eval.runner import answer_items

    items = load_items(args.qa)[: args.limit]
    config = _config(args)
    t_imports = time.time()
    from answer.service import open_service

    service = open_service(config)
    t_open = time.time()
    service.answer_batch([items[0].question])
    t_first = time.time()

    results = answer_items(items, service)
    latencies = [r.latency_ms for r in results]
    total = summarize(score_run(items, results)).total
    return {
        "encoder": config.encoder,
        "hit5": total.hit5,
        "combined": total.combined_acc,
        "cold_start_s": t_first - args.t0,
        "startup_s": t_imports - args.t0,  # interpreter, imports, config, eval set
        "open_service_s": t_open - t_imports,  # includes importing the answer pipeline
        "first_answer_s": t_first - t_open,
        "questions": len(latencies),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "max_ms": max(latencies) if latencies else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def do_backend_build(args) -> dict:
    """A full build on hash vectors: parsing, BM25 and the backend's writing, not the encoder."""
    from index.build import build_index

    config = _config(args)
    report = build_index(config, progress=False, embedder_factory=lambda _: HashEncoder())
    timings = report.timings
    return {"chunks": report.chunks, "seconds": report.seconds - timings.get("embed", 0.0),
            "backend_s": timings.get(args.backend, 0.0) + timings.get("publish", 0.0),
            "timings": dict(timings), "peak_rss_mb": peak_rss_mb(), "index_mb": dir_size_mb(config.data_dir)}


def do_backend_search(args) -> dict:
    """Retrieval latency, one question at a time, in a fresh serving process."""
    from eval.dataset import load_items
    from eval.metrics import percentile
    from index.retrieve import Retriever

    questions = [i.question for i in load_items(args.qa)][: args.limit]
    t = time.perf_counter()
    retriever = Retriever.open(_config(args), HashEncoder())
    opened = time.perf_counter() - t
    retriever.search(questions[0])  # the first query warms caches and connections
    latencies = []
    for q in questions:
        vector = retriever.embed(q)  # the encoder's time is not the backend's
        t = time.perf_counter()
        retriever.search(q, vector=vector)
        latencies.append(1000 * (time.perf_counter() - t))
    return {"open_s": opened, "questions": len(latencies), "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95), "peak_rss_mb": peak_rss_mb()}


MODES = {"prepare": do_prepare, "build": do_build, "serve": do_serve, "backend-build": do_backend_build,
         "backend-search": do_backend_search}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench_worker")
    p.add_argument("mode", choices=sorted(MODES))
    p.add_argument("--corpus")
    p.add_argument("--data")
    p.add_argument("--qa")
    p.add_argument("--t0", type=float, default=_T_START, help="epoch seconds when the parent spawned us")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--reindex", action="store_true")
    p.add_argument("--backend", default=None, help="HVK_SEARCH_BACKEND for this measurement")
    p.add_argument("--encoder", help="HVK_ENCODER for this build or serve (default: the configured one)")
    p.add_argument("--result", required=True)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    result = MODES[args.mode](args)
    Path(args.result).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
