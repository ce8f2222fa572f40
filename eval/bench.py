"""python -m eval.bench [--quick] [--sizes 1,4,16] [--qa FILE] [--limit N]

Measures, and writes to eval/bench/<YYYY-MM-DD>.md (committed, one file per day:
a second run the same day replaces it):
  first start  `python app.py` over an empty data folder (model conversion included): time
             to the page (HTTP 200), to the first (keyword-only) answer, and to hybrid answers;
  encoders   torch-fp32 beside the configured encoder: passages/s and cosine on a sample,
             then each builds the 1× index: encoding rate, GFLOP/s against the CPU's fp32
             peak, retrieval hit@5 and combined accuracy over the eval questions;
  1× corpus  cold start to first answer, full build with its parse/embed/FAISS/lexical
             parts, no-op re-index, one-file-changed re-index, query latency p50/p95
             over the eval questions, peak RSS, index size on disk;
  serving    `python app.py` over the built 1× index (eval/bench_app.py): time to the page
             and first answer, RSS, and load runs through the HTTP API (20 users on /answer
             and on the streamed /ask, 100 users for a minute), each with the RSS after it;
  N× corpus  the bundled documents replicated N times with perturbed figures
             (eval/synth.py): build time, query latency and peak RSS per size.

Every measurement runs in a fresh subprocess (eval/bench_worker.py), so peak RSS
is per phase and per size, and the cold start includes interpreter start and
imports. Everything is built in a temporary folder (corpus copy + data dir); only
the converted model is shared, through a symlink to the usual model cache, so its
one-time conversion is never inside a timed build.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from config import REPO_ROOT, load_config
from eval.bench_app import BenchError, measure_first_start, measure_serving
from eval.dataset import DEFAULT_QA, load_items
from eval.synth import make_corpus
from eval.table import markdown_table
from index.embedder import ENCODER_TORCH_FP32

log = logging.getLogger("eval.bench")

BENCH_DIR = REPO_ROOT / "eval" / "bench"


@dataclass(frozen=True)
class SizeResult:
    size: int
    files: int
    build: dict  # bench_worker build output
    serve: dict  # bench_worker serve output


def worker(mode: str, result_dir: Path, *args: str) -> dict:
    result = result_dir / f"{mode}-{time.monotonic_ns()}.json"
    t0 = time.time()
    cmd = [sys.executable, "-m", "eval.bench_worker", mode, "--result", str(result), "--t0", repr(t0), *args]
    log.info("worker: %s", " ".join(cmd[3:]))
    # stderr passes through: the worker's logging is the bench's progress display.
    proc = subprocess.run(cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise BenchError(f"bench worker '{mode}' failed with exit code {proc.returncode} (see its log above)")
    return json.loads(result.read_text(encoding="utf-8"))


def size_dirs(tmp: Path, size: int, encoder: str) -> tuple[Path, Path]:
    return tmp / f"corpus-{size}x-{encoder}", tmp / f"data-{size}x-{encoder}"


def measure_size(size: int, qa: Path, limit: int | None, tmp: Path, model_cache: Path, encoder: str,
                 reindex: bool = False) -> SizeResult:
    corpus, data = size_dirs(tmp, size, encoder)
    files = make_corpus(load_config().corpus_dir, corpus, size)
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    common = ["--corpus", str(corpus), "--data", str(data), "--encoder", encoder]
    build = worker("build", tmp, *common, *(["--reindex"] if reindex else []))
    serve = worker("serve", tmp, *common, "--qa", str(qa), *(["--limit", str(limit)] if limit else []))
    log.info("%d×: built in %.1f s, query p50 %.0f ms", size, build["full"]["seconds"], serve["p50_ms"] or 0)
    return SizeResult(size, files, build, serve)


def _git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO_ROOT, capture_output=True,
                               text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty else "")


def _s(x) -> str:
    if x is None:
        return "–"
    return f"{1000 * x:.0f} ms" if x < 1 else f"{x:.1f} s"


def _ms(x) -> str:
    return "–" if x is None else f"{x:.0f} ms"


def _parts(report: dict) -> str:
    t = report["timings"]
    return ", ".join(f"{name} {_s(t.get(key))}" for key, name in
                     (("parse", "parse"), ("lexical", "lexical"), ("catalogue", "catalogue"),
                      ("lexical_publish", "keyword-only index published"), ("model", "model load"),
                      ("embed", "embed"), ("faiss", "FAISS")) if key in t)


def _rate(report: dict) -> str:
    embed = report["timings"].get("embed")
    return f"{report['embedded'] / embed:.1f}" if embed and report["embedded"] else "–"


def _header(results: list[SizeResult], started: datetime, finished: datetime, qa: Path, command: str) -> str:
    config = load_config()
    minutes = (finished - started).total_seconds() / 60
    load = results[0].build.get("load_avg", os.getloadavg()[0])
    busy = " (other work was sharing the CPUs: times are as measured, not best-case)" if load > 0.5 else ""
    shown_qa = qa.relative_to(REPO_ROOT) if qa.is_relative_to(REPO_ROOT) else qa
    return (
        f"# Benchmark {started.date().isoformat()}\n\n"
        f"Measured {started:%Y-%m-%d %H:%M} to {finished:%H:%M} ({minutes:.0f} min) with `{command}`. "
        f"{machine(load)} when the 1× build started{busy}. "
        f"Commit {_git_commit()}. Model `{config.model}`, embed batch {config.embed_batch_size}. "
        f"Latency questions: `{shown_qa}`.\n"
    )


def machine(load: float) -> str:
    return (f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average {load:.1f}")


def peak_gflops() -> float | None:
    """fp32 peak of this CPU: cores × clock × 32 (two 8-wide FMA units, 2 operations each), on AVX2 + FMA."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return None
    flags = next((line for line in info.splitlines() if line.startswith("flags")), "").split()
    clocks = [float(line.split(":")[1]) for line in info.splitlines() if line.startswith("cpu MHz")]
    if "avx2" not in flags or "fma" not in flags or not clocks:
        return None
    return len(clocks) * max(clocks) / 1000 * 32


def _gflops(build: dict) -> str:
    embed, flops = build["full"]["timings"].get("embed"), build.get("work", {}).get("flops")
    if not embed or not flops:
        return "–"
    peak = peak_gflops()
    return f"{flops / embed / 1e9:.0f}" + (f" of {peak:.0f}" if peak else "")


def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def encoders_table(encoder: dict | None, ours: SizeResult, fp32: SizeResult) -> str:
    def row(result: SizeResult, sample_rate, cosine) -> tuple:
        b, s = result.build, result.serve
        return (b["encoder"], sample_rate, _rate(b["full"]), _s(b["full"]["timings"].get("embed")), _gflops(b),
                cosine, _pct(s["hit5"]), _pct(s["combined"]), f"{_ms(s['p50_ms'])} / {_ms(s['p95_ms'])}",
                f"{s['peak_rss_mb']:.0f}")

    rows = [row(fp32, f"{encoder['fp32_per_s']:.1f}" if encoder else "–", "1 (reference)"),
            row(ours, f"{encoder['per_s']:.1f}" if encoder else "–",
                f"mean {encoder['cosine_mean']:.4f}, min {encoder['cosine_min']:.4f}" if encoder else "–")]
    return markdown_table(("encoder", f"passages/s, {encoder['passages'] if encoder else '–'}-passage sample",
                           "passages/s, 1× build", "embed", "GFLOP/s of fp32 peak", "cosine vs fp32",
                           "hit@5", "combined", "query p50 / p95", "serving peak RSS MB"), rows)


def serving_table(serving: dict) -> str:
    after = serving["after_answers"]
    rows = [("—", "—", f"page {_s(serving['page_s'])}, first answer {_s(serving['first_answer_s'])}", "—", "—", "—",
             "—", f"{after['rss_mb']:.0f}", f"{after['peak_rss_mb']:.0f}")]
    rows += [(f"/{r['api']}" + ("" if r["cache"] else ", answer cache off"), r["users"],
              f"{r['seconds']} s, load average {r['load_avg']:.1f} before",
              f"{r['per_s']:.1f}", f"{_ms(r['p50_ms'])} / {_ms(r['p95_ms'])}", r["errors"], f"{r['cpu_ms_per_answer']:.0f}",
              f"{r['rss_mb']:.0f}", f"{r['peak_rss_mb']:.0f}") for r in serving["loads"]]
    return markdown_table(("endpoint", "users", "run", "answers/s", "latency p50 / p95", "errors",
                           "server CPU ms/answer", "RSS MB after", "peak RSS MB"), rows)


def render(results: list[SizeResult], fp32: SizeResult, started: datetime, finished: datetime, qa: Path,
           command: str, first: dict, encoder: dict | None, serving: dict) -> str:
    one = next(r for r in results if r.size == 1)
    b, s = one.build, one.serve
    single = [
        ("First start, empty data folder: page up (HTTP 200)", _s(first["page_s"])),
        ("First start: first answer", f"{_s(first['first_answer_s'])} "
                                      f"({'keyword-only, with the note' if first['first_answer_lexical'] else 'hybrid'})"),
        ("First start: hybrid answers (model converted, index built)",
         f"{_s(first['hybrid_s'])}; the process that built it then holds {first['rss_mb']:.0f} MB "
         f"(peak {first['peak_rss_mb']:.0f} MB)"),
        ("Cold start to first answer (fresh process, index already built, no web app)",
         f"{_s(s['cold_start_s'])}: interpreter + imports {_s(s['startup_s'])}, "
         f"open_service {_s(s['open_service_s'])}, first answer {_s(s['first_answer_s'])}"),
        ("Cold start of `python app.py` to first answer (index already built)",
         f"{_s(serving['first_answer_s'])} (page {_s(serving['page_s'])})"),
        ("Full index build", f"{_s(b['full']['seconds'])}: {_parts(b['full'])}; "
                             f"{b['full']['chunks']} chunks, {b['full']['embedded']} encoded, "
                             f"{_rate(b['full'])} chunks/s"),
        ("No-op re-index", f"{_s(b['noop']['seconds'])} ({b['noop']['embedded']} chunk(s) encoded)"),
        ("One file changed, re-index",
         f"{_s(b['one_changed']['seconds'])} ({b['one_changed']['embedded']} chunk(s) encoded; one figure on "
         f"line {b['changed_file']['line']} of {b['changed_file']['file']}): {_parts(b['one_changed'])}"),
        (f"Query latency ({s['questions']} eval questions, one at a time)",
         f"p50 {_ms(s['p50_ms'])}, p95 {_ms(s['p95_ms'])}, max {_ms(s['max_ms'])}"),
        ("Peak RSS", f"indexing process {b['peak_rss_mb']:.0f} MB, serving process (no web app) "
                     f"{s['peak_rss_mb']:.0f} MB, `python app.py` "
                     f"{max(r['peak_rss_mb'] for r in serving['loads']):.0f} MB after the load runs below"),
        ("Index size on disk", f"{b['index_mb']:.1f} MB"),
    ]
    rows = [(f"{r.size}×", r.files, r.build["full"]["chunks"], r.build["full"]["embedded"],
             _s(r.build["full"]["seconds"]), _s(r.build["full"]["timings"].get("embed")), _rate(r.build["full"]),
             _ms(r.serve["p50_ms"]), _ms(r.serve["p95_ms"]), f"{r.build['peak_rss_mb']:.0f}",
             f"{r.serve['peak_rss_mb']:.0f}", f"{r.build['index_mb']:.1f}") for r in results]
    return "\n".join([
        _header(results, started, finished, qa, command),
        "## Encoders side by side\n",
        "Each encoder builds the 1× index in its own data folder and answers the eval questions over it. "
        "GFLOP/s counts 2 operations per MatMul weight and token plus attention, over the distinct passages "
        "encoded; the peak is the CPU's fp32 FMA peak (cores × clock × 32). int8 MatMuls do twice the operations a cycle on the same AVX2 units, so the int8 peak is twice it.\n",
        encoders_table(encoder, one, fp32),
        "## The bundled corpus (1×)\n",
        markdown_table(("Measure", "Value"), single),
        "The first start converts the model; the other builds share one converted beforehand, and *model "
        "load* is loading it. The keyword-only index is published before the model is loaded, so questions "
        "are answered meanwhile. The cold start follows the build, so the OS file cache is warm.\n",
        "## Serving: `python app.py` over the 1× index, through the HTTP API\n",
        "The first row is the start: page and first answer, then the RSS after four answers. Each load run "
        "(eval/load.py, in the benchmark's process on the same 2 cores) has every user ask the eval questions "
        "in turn, one session each; /answer is the API's answer in one message, /ask the chat's streamed one. "
        "The eval questions repeat, so with the answer cache on most answers come from it; the last row is "
        "a fresh app with the cache off. Server CPU is the app process's own CPU time over the run.\n",
        serving_table(serving),
        "## Scaling on a synthetic corpus\n",
        "Each size replicates every bundled document N times; copy k has every figure's last digit "
        "shifted (outline numbers and footnote marks kept) and its sub-document titles suffixed, so its "
        "passages are new to the encoder (see `eval/synth.py`). Each size is built and queried in its own "
        "processes: peak RSS is per size.\n",
        markdown_table(("size", "files", "chunks", "encoded", "build", "embed", "chunks/s", "query p50",
                        "query p95", "peak RSS build MB", "peak RSS serve MB", "index MB"), rows),
    ])


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes expects numbers like 1,4,16, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("--sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="skip sizes above 4")
    p.add_argument("--sizes", type=parse_sizes, default=[1, 4, 16], help="corpus sizes (default 1,4,16)")
    p.add_argument("--qa", type=Path, default=DEFAULT_QA, help="questions for the latency runs")
    p.add_argument("--limit", type=int, default=None, help="at most N latency questions per size")
    p.add_argument("--out", type=Path, default=BENCH_DIR, help="folder of dated results (default %(default)s)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)

    # 1× always runs: the single-corpus figures (cold start, re-index) come from it.
    sizes = sorted({1, *(s for s in args.sizes if not (args.quick and s > 4))})
    if not args.qa.exists():
        log.error("cannot run: no questions for the latency runs at %s (use --qa)", args.qa)
        return 2
    started = datetime.now().astimezone()
    qa, encoder = args.qa.resolve(), load_config().encoder
    try:
        with tempfile.TemporaryDirectory(prefix="hvk-bench-") as tmp:
            tmp = Path(tmp)
            first = measure_first_start(tmp)
            prepared = worker("prepare", tmp)
            model_cache = Path(prepared["model_cache_dir"])
            results = [measure_size(1, qa, args.limit, tmp, model_cache, encoder, reindex=True)]
            # Right after its build, the file cache warm as a serving machine's would be.
            questions = [i.question for i in load_items(qa)]
            serving = measure_serving(*size_dirs(tmp, 1, encoder), questions, tmp)
            serving["loads"] += measure_serving(*size_dirs(tmp, 1, encoder), questions, tmp, cache=False)["loads"]
            fp32 = measure_size(1, qa, args.limit, tmp, model_cache, ENCODER_TORCH_FP32)
            results += [measure_size(n, qa, args.limit, tmp, model_cache, encoder) for n in sizes if n > 1]
    except BenchError as e:
        log.error("cannot run: %s", e)
        return 2
    command = " ".join(["python -m eval.bench", *(sys.argv[1:] if argv is None else argv)])
    text = render(results, fp32, started, datetime.now().astimezone(), qa, command, first,
                  prepared.get("encoder"), serving)
    write_report(args.out / f"{started.date().isoformat()}.md", text)
    return 0


def write_report(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    sys.stdout.write(text + f"\nWritten to {path}\n")


if __name__ == "__main__":
    sys.exit(main())
