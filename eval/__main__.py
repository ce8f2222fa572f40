"""python -m eval [--qa FILE] [--out DIR] [--compare DIR] [--min-score X] [--metric NAME] [--limit N]

Runs the eval set through the answer service and writes DIR/results.jsonl,
DIR/summary.json, DIR/report.md (see eval/runner.py for the folder layout and
how the previous run is kept). The summary table also goes to stdout.

Exit codes: 0 the run completed; 1 --min-score was given and the chosen metric
(over all items) is below it; 2 the run could not happen (unreadable eval file,
index or model failure, a question that crashed the pipeline).
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Callable

from config import REPO_ROOT, load_config
from eval.dataset import DEFAULT_QA, KINDS, DatasetError, check_items, load_items
from eval.metrics import METRIC_FIELDS, metric_value
from eval.runner import AnswerFailed, run
from eval.table import latency_line, summary_table

log = logging.getLogger("eval")

DEFAULT_OUT = REPO_ROOT / "eval" / "runs" / "latest"
_SHOWN_PROBLEMS = 10


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m eval", description=__doc__.split("\n\n")[1])
    p.add_argument("--qa", type=Path, default=DEFAULT_QA, help="eval set, JSON lines (default %(default)s)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="run folder (default %(default)s)")
    p.add_argument("--compare", type=Path, default=None,
                   help="compare with the run in this folder instead of OUT/previous")
    p.add_argument("--min-score", type=_fraction, default=None,
                   help="exit 1 when --metric over all items is below this fraction (0-1)")
    p.add_argument("--metric", choices=sorted(METRIC_FIELDS), default="combined",
                   help="metric checked by --min-score (default %(default)s)")
    p.add_argument("--limit", type=int, default=None, help="only the first N items (a quick smoke run)")
    p.add_argument("-v", "--verbose", action="store_true")
    return p.parse_args(argv)


def _open_service(config):
    # Imported here so the eval package (and its tests) load without torch or the index.
    from answer.service import open_service

    return open_service(config)


def main(argv: list[str] | None = None, service_factory: Callable | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    config = load_config()
    try:
        items = load_items(args.qa)
    except DatasetError as e:
        log.error("cannot run: %s", e)
        return 2
    if args.limit is not None:
        items = items[: args.limit]

    # A drifted quote or a new kind does not stop the run; they are worth knowing about.
    problems = check_items(items, config.corpus_dir)
    for p in problems[:_SHOWN_PROBLEMS]:
        log.warning("eval set: %s", p)
    if len(problems) > _SHOWN_PROBLEMS:
        log.warning("eval set: %d more problem(s); see python -m eval.dataset %s",
                    len(problems) - _SHOWN_PROBLEMS, args.qa)
    new_kinds = sorted({i.kind for i in items} - set(KINDS))
    if new_kinds:
        log.info("kinds outside the standard set, reported as their own groups: %s", ", ".join(new_kinds))

    try:
        service = (service_factory or _open_service)(config)
    except Exception as e:  # index or model failure: one clear line, no traceback wall
        log.error("cannot run: the answer service did not start: %s: %s", type(e).__name__, e)
        return 2
    try:
        outcome = run(items, service, args.out, qa_path=args.qa, compare_with=args.compare,
                      meta={"model": config.model, "corpus_dir": str(config.corpus_dir)})
    except AnswerFailed as e:
        log.error("cannot run: the pipeline failed on %s", e)
        return 2
    except OSError as e:
        log.error("cannot run: cannot write to %s: %s", args.out, e)
        return 2

    sys.stdout.write(summary_table(outcome.summary) + "\n" + latency_line(outcome.summary)
                     + f"Report: {outcome.report}\n")

    if args.min_score is not None:
        value = metric_value(outcome.summary, args.metric)
        if value is None:
            log.error("%s is not defined for this eval set (no item it applies to)", args.metric)
            return 1
        if value < args.min_score:
            log.error("%s = %.3f is below --min-score %.3f", args.metric, value, args.min_score)
            return 1
        log.info("%s = %.3f meets --min-score %.3f", args.metric, value, args.min_score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
