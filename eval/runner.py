"""One eval run: every question through the answer service, then scores and report.

Output folder DIR (default eval/runs/latest, git-ignored):
    DIR/results.jsonl   one line per item: what the system answered, cited, retrieved, and how fast
    DIR/summary.json    run metadata, the summary metrics and the per-item scores
    DIR/report.md       summary table, latency, comparison, plot, failures worst-first
    DIR/per_kind.png    the plot embedded in report.md
    DIR/previous/       results.jsonl + summary.json of the run before this one

Previous-run scheme: the previous run lives *inside* DIR, so two output folders
(say a quick run and a full one) never overwrite each other's history. Only
after every question has been answered are DIR/results.jsonl and summary.json
moved to DIR/previous/; a run that crashes half-way leaves the last good run and
its predecessor untouched. `compare_with` points the comparison at any other
run folder instead (a release baseline, say), without changing what is kept.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from eval.compare import Comparison, compare, load_previous
from eval.dataset import QAItem
from eval.metrics import ItemScore, Summary, score_run, summarize
from eval.report import write_report
from eval.results import ItemResult, from_answer, write_results

log = logging.getLogger(__name__)

PREVIOUS = "previous"
KEPT = ("results.jsonl", "summary.json")
PROGRESS_EVERY = 10


class AnswerFailed(Exception):
    """The service raised on a question: the run cannot be trusted, so it stops."""


@dataclass(frozen=True)
class RunOutcome:
    out_dir: Path
    results: list[ItemResult]
    scores: list[ItemScore]
    summary: Summary
    comparison: Comparison | None
    report: Path


def _answer_one(service, item: QAItem):
    try:
        answers = service.answer_batch([item.question])
    except Exception as e:  # any pipeline bug: name the question that triggered it
        raise AnswerFailed(f"item {item.id}: {type(e).__name__}: {e}") from e
    if len(answers) != 1:
        raise AnswerFailed(f"item {item.id}: answer_batch returned {len(answers)} answers for 1 question")
    return answers[0]


def answer_items(items: list[QAItem], service) -> list[ItemResult]:
    """One answer_batch call per question, each timed on its own: the latency a user
    waits for matters more here than batch throughput. One untimed warm-up call first,
    so lazy first-call costs land in the bench's cold-start figure, not in p95."""
    if items:
        _answer_one(service, items[0])
    results = []
    t_run = time.perf_counter()
    for n, item in enumerate(items, 1):
        t = time.perf_counter()
        answer = _answer_one(service, item)
        results.append(from_answer(item.id, answer, 1000 * (time.perf_counter() - t)))
        if n % PROGRESS_EVERY == 0 or n == len(items):
            log.info("answered %d/%d (%.1f s)", n, len(items), time.perf_counter() - t_run)
    return results


def rotate_previous(out_dir: Path) -> None:
    """Move the last run's kept files to out_dir/previous (replacing what was there)."""
    if not (out_dir / "results.jsonl").exists():
        return
    previous = out_dir / PREVIOUS
    previous.mkdir(exist_ok=True)
    for name in KEPT:
        if (out_dir / name).exists():
            os.replace(out_dir / name, previous / name)
        else:  # never pair the new previous results with an older summary
            (previous / name).unlink(missing_ok=True)


def _sha256(path: Path | None) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path and path.exists() else ""


def run(items: list[QAItem], service, out_dir: Path, *, qa_path: Path | None = None,
        compare_with: Path | None = None, meta: dict | None = None) -> RunOutcome:
    out_dir = Path(out_dir)
    started = datetime.now().astimezone()
    t0 = time.perf_counter()
    results = answer_items(items, service)

    out_dir.mkdir(parents=True, exist_ok=True)
    rotate_previous(out_dir)
    previous_dir = Path(compare_with) if compare_with else out_dir / PREVIOUS
    scores = score_run(items, results)
    summary = summarize(scores, [r.latency_ms for r in results])
    previous = load_previous(previous_dir)
    comparison = compare(items, results, *previous) if previous else None

    run_meta = {
        "started_at": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 1),
        "qa": str(qa_path) if qa_path else "",
        "qa_sha256": _sha256(qa_path),
        "items": len(items),
        **(meta or {}),
    }
    write_results(out_dir / "results.jsonl", results)
    summary_json = {"meta": run_meta, **summary.to_json(), "items": [asdict(s) for s in scores]}
    (out_dir / "summary.json").write_text(json.dumps(summary_json, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    report = write_report(out_dir, items, results, scores, summary, comparison, run_meta, previous_dir)
    log.info("wrote %s", report)
    return RunOutcome(out_dir, results, scores, summary, comparison, report)
