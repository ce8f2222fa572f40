"""python -m eval.bench [--quick] [--sizes 1,4,16] [--qa FILE] [--limit N]

Measures, and writes to eval/bench/<YYYY-MM-DD>.md (committed, one file per day:
a second run the same day replaces it):
  first start  `python app.py` over an empty data folder (model conversion included): time
             to the page (HTTP 200), to the first (keyword-only) answer, and to hybrid answers;
  1× corpus  cold start to first answer, full build with its parse/embed/FAISS/lexical
             parts, no-op re-index, one-file-changed re-index, query latency p50/p95
             over the eval questions, peak RSS, index size on disk;
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
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from config import REPO_ROOT, load_config
from eval.dataset import DEFAULT_QA
from eval.synth import make_corpus
from eval.table import markdown_table

log = logging.getLogger("eval.bench")

BENCH_DIR = REPO_ROOT / "eval" / "bench"


class BenchError(Exception):
    pass


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


def measure_size(size: int, qa: Path, limit: int | None, tmp: Path, model_cache: Path) -> SizeResult:
    corpus, data = tmp / f"corpus-{size}x", tmp / f"data-{size}x"
    files = make_corpus(load_config().corpus_dir, corpus, size)
    data.mkdir()
    (data / "models").symlink_to(model_cache, target_is_directory=True)
    common = ["--corpus", str(corpus), "--data", str(data)]
    build = worker("build", tmp, *common, *(["--reindex"] if size == 1 else []))
    serve = worker("serve", tmp, *common, "--qa", str(qa), *(["--limit", str(limit)] if limit else []))
    log.info("%d×: built in %.1f s, query p50 %.0f ms", size, build["full"]["seconds"], serve["p50_ms"] or 0)
    return SizeResult(size, files, build, serve)


FIRST_QUESTION = "chỉ tiêu bác sỹ/vạn dân 2030?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(check, timeout: float, what: str, pause: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := check():
                return result
        except Exception:  # not up yet: connection refused, app still starting
            pass
        time.sleep(pause)
    raise BenchError(f"first start: no {what} after {timeout:.0f} s")


def measure_first_start(tmp: Path) -> dict:
    """`python app.py` as a fresh clone runs it: empty data folder, so the model is converted too."""
    import httpx
    from gradio_client import Client

    from answer.service import LEXICAL_ONLY

    corpus, data = tmp / "corpus-first", tmp / "data-first"
    shutil.copytree(load_config().corpus_dir, corpus)
    data.mkdir()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HVK_DATA_DIR": str(data), "HVK_CORPUS_DIR": str(corpus), "HVK_PORT": str(port),
           "HF_HUB_OFFLINE": "1"}
    with (tmp / "first-start.log").open("w") as out:
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
        try:
            _until(lambda: httpx.get(url, timeout=5).status_code == 200, 120, "page")
            page = time.monotonic() - t0
            client = Client(url, verbose=False)

            def answer():
                chat = client.predict(FIRST_QUESTION, [], [], api_name="/ask")[1]
                content = chat[-1]["content"]
                text = content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)
                return text if "⚠️" not in text else None  # "⚠️ …": no index served yet

            first = _until(answer, 300, "answer")
            first_answer = time.monotonic() - t0
            log.info("first start: page %.1f s, first answer %.1f s", page, first_answer)
            # The banner hides once hybrid search serves; polled slowly, it takes no CPU from the build.
            _until(lambda: not client.predict(api_name="/progress").get("visible", True), 1800, "end of the build",
                   pause=2.0)
            hybrid = time.monotonic() - t0
            if LEXICAL_ONLY in answer():
                raise BenchError("first start: still keyword-only after the build")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    return {"page_s": page, "first_answer_s": first_answer, "first_answer_lexical": LEXICAL_ONLY in first,
            "hybrid_s": hybrid}


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


def render(results: list[SizeResult], started: datetime, finished: datetime, qa: Path, command: str,
           first: dict, encoder: dict | None) -> str:
    one = next(r for r in results if r.size == 1)
    b, s = one.build, one.serve
    compared = [] if not encoder else [
        (f"Encoder {encoder['name']} vs torch-fp32 ({encoder['passages']} corpus passages)",
         f"{encoder['per_s']:.1f} vs {encoder['fp32_per_s']:.1f} passages/s; cosine mean "
         f"{encoder['cosine_mean']:.4f}, min {encoder['cosine_min']:.4f}")]
    single = compared + [
        ("First start, empty data folder: page up (HTTP 200)", _s(first["page_s"])),
        ("First start: first answer", f"{_s(first['first_answer_s'])} "
                                      f"({'keyword-only, with the note' if first['first_answer_lexical'] else 'hybrid'})"),
        ("First start: hybrid answers (model converted, index built)", _s(first["hybrid_s"])),
        ("Cold start to first answer (fresh process, index already built)",
         f"{_s(s['cold_start_s'])}: interpreter + imports {_s(s['startup_s'])}, "
         f"open_service {_s(s['open_service_s'])}, first answer {_s(s['first_answer_s'])}"),
        ("Full index build", f"{_s(b['full']['seconds'])}: {_parts(b['full'])}; "
                             f"{b['full']['chunks']} chunks, {b['full']['embedded']} encoded, "
                             f"{_rate(b['full'])} chunks/s"),
        ("No-op re-index", f"{_s(b['noop']['seconds'])} ({b['noop']['embedded']} chunk(s) encoded)"),
        ("One file changed, re-index",
         f"{_s(b['one_changed']['seconds'])} ({b['one_changed']['embedded']} chunk(s) encoded; one figure on "
         f"line {b['changed_file']['line']} of {b['changed_file']['file']}): {_parts(b['one_changed'])}"),
        (f"Query latency ({s['questions']} eval questions, one at a time)",
         f"p50 {_ms(s['p50_ms'])}, p95 {_ms(s['p95_ms'])}, max {_ms(s['max_ms'])}"),
        ("Peak RSS", f"indexing process {b['peak_rss_mb']:.0f} MB, serving process {s['peak_rss_mb']:.0f} MB"),
        ("Index size on disk", f"{b['index_mb']:.1f} MB"),
    ]
    rows = [(f"{r.size}×", r.files, r.build["full"]["chunks"], r.build["full"]["embedded"],
             _s(r.build["full"]["seconds"]), _s(r.build["full"]["timings"].get("embed")), _rate(r.build["full"]),
             _ms(r.serve["p50_ms"]), _ms(r.serve["p95_ms"]), f"{r.build['peak_rss_mb']:.0f}",
             f"{r.serve['peak_rss_mb']:.0f}", f"{r.build['index_mb']:.1f}") for r in results]
    return "\n".join([
        _header(results, started, finished, qa, command),
        "## The bundled corpus (1×)\n",
        markdown_table(("Measure", "Value"), single),
        "The first start converts the model; the other builds share one converted beforehand, and *model "
        "load* is loading it. The keyword-only index is published before the model is loaded, so questions "
        "are answered meanwhile. The cold start follows the build, so the OS file cache is warm.\n",
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
    try:
        with tempfile.TemporaryDirectory(prefix="hvk-bench-") as tmp:
            first = measure_first_start(Path(tmp))
            prepared = worker("prepare", Path(tmp))
            model_cache = Path(prepared["model_cache_dir"])
            results = [measure_size(n, args.qa.resolve(), args.limit, Path(tmp), model_cache) for n in sizes]
    except BenchError as e:
        log.error("cannot run: %s", e)
        return 2
    command = " ".join(["python -m eval.bench", *(sys.argv[1:] if argv is None else argv)])
    text = render(results, started, datetime.now().astimezone(), args.qa.resolve(), command, first,
                  prepared.get("encoder"))
    write_report(args.out / f"{started.date().isoformat()}.md", text)
    return 0


def write_report(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    sys.stdout.write(text + f"\nWritten to {path}\n")


if __name__ == "__main__":
    sys.exit(main())
