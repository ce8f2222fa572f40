"""python -m eval [--qa FILE | --split dev|test] [--out DIR] [--compare DIR] [--min-score X] [--metric NAME] [--limit N]

Runs an eval set through the answer service and writes DIR/results.jsonl,
DIR/summary.json, DIR/report.md (see eval/runner.py for the folder layout and
how the previous run is kept). The summary table also goes to stdout.

Without --qa or --split, both splits run, each into DIR/<split>: dev (what is tuned
on) and test (never looked at while tuning); the report of each and the gap between
their combined scores go to stdout.

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
from eval.dataset import KINDS, SPLITS, DatasetError, check_items, load_items
from eval.metrics import METRIC_FIELDS, metric_value
from eval.runner import AnswerFailed, run
from eval.table import latency_line, pct, refusal_line, summary_table

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
    p.add_argument("--qa", type=Path, default=None, help="eval set, JSON lines (default: both splits)")
    p.add_argument("--split", choices=sorted(SPLITS), default=None, help="run one split of the bundled set")
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


def _load(path: Path, limit: int | None, corpus_dir: Path) -> list:
    items = load_items(path)[:limit]
    # A drifted quote or a new kind does not stop the run; they are worth knowing about.
    problems = check_items(items, corpus_dir)
    for p in problems[:_SHOWN_PROBLEMS]:
        log.warning("eval set: %s", p)
    if len(problems) > _SHOWN_PROBLEMS:
        log.warning("eval set: %d more problem(s); see python -m eval.dataset %s",
                    len(problems) - _SHOWN_PROBLEMS, path)
    new_kinds = sorted({i.kind for i in items} - set(KINDS))
    if new_kinds:
        log.info("kinds outside the standard set, reported as their own groups: %s", ", ".join(new_kinds))
    return items


def _below(summary, args, name: str) -> bool:
    value = metric_value(summary, args.metric)
    if value is None:
        log.error("%s%s is not defined for this eval set (no item it applies to)", name, args.metric)
        return True
    if value < args.min_score:
        log.error("%s%s = %.3f is below --min-score %.3f", name, args.metric, value, args.min_score)
        return True
    log.info("%s%s = %.3f meets --min-score %.3f", name, args.metric, value, args.min_score)
    return False


def main(argv: list[str] | None = None, service_factory: Callable | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    config = load_config()
    if args.qa is not None:
        runs = [("", args.qa, args.out)]
    else:
        runs = [(name, path, args.out / name) for name, path in SPLITS.items() if args.split in (None, name)]
    try:
        sets = [(name, path, out, _load(path, args.limit, config.corpus_dir)) for name, path, out in runs]
    except DatasetError as e:
        log.error("cannot run: %s", e)
        return 2

    try:
        service = (service_factory or _open_service)(config)
    except Exception as e:  # index or model failure: one clear line, no traceback wall
        log.error("cannot run: the answer service did not start: %s: %s", type(e).__name__, e)
        return 2
    outcomes = []
    for name, path, out, items in sets:
        try:
            outcome = run(items, service, out, qa_path=path, compare_with=args.compare,
                          meta={"model": config.model, "corpus_dir": str(config.corpus_dir), "split": name})
        except AnswerFailed as e:
            log.error("cannot run: the pipeline failed on %s", e)
            return 2
        except OSError as e:
            log.error("cannot run: cannot write to %s: %s", out, e)
            return 2
        title = f"## {name} ({len(items)} items, {path.name})\n\n" if name else ""
        sys.stdout.write(title + summary_table(outcome.summary) + "\n" + latency_line(outcome.summary)
                         + refusal_line(outcome.summary) + f"Report: {outcome.report}\n\n")
        outcomes.append((name, outcome))
    if len(outcomes) == 2:
        (a, dev), (b, test) = outcomes
        gap = 100 * ((dev.summary.total.combined_acc or 0) - (test.summary.total.combined_acc or 0))
        sys.stdout.write(f"Combined: {a} {pct(dev.summary.total.combined_acc)}, {b} "
                         f"{pct(test.summary.total.combined_acc)} (gap {gap:+.1f} points)\n")

    if args.min_score is not None and any(_below(o.summary, args, f"{n} " if n else "") for n, o in outcomes):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
