"""This run against the previous one: per-kind deltas and the ids that regressed.

The previous run's recorded *results* are re-scored against the *current* gold,
on the items both runs answered. So a correction to the eval set moves both
sides equally and only changes in the system show up as deltas; items added or
dropped since are listed but not compared.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from eval.dataset import QAItem
from eval.metrics import ItemScore, Summary, score_run, summarize
from eval.results import ItemResult, read_results

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Comparison:
    label: str  # which run we compare with, for the report
    before: Summary  # both over the common items only
    now: Summary
    regressed: tuple[str, ...]  # combined-correct before, not now
    improved: tuple[str, ...]
    retrieval_regressed: tuple[str, ...]  # gold in top 5 before, not now
    retrieval_improved: tuple[str, ...]
    only_now: tuple[str, ...]  # ids without a previous result
    only_before: tuple[str, ...]  # previous ids no longer in the set


def load_previous(run_dir: Path) -> tuple[list[ItemResult], str] | None:
    """Results of the run stored in run_dir and a label for it, or None if there is none."""
    path = run_dir / "results.jsonl"
    if not path.exists():
        return None
    try:
        results = read_results(path)
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.warning("previous run %s unreadable, no comparison: %s", path, e)
        return None
    label = str(run_dir)
    try:
        meta = json.loads((run_dir / "summary.json").read_text(encoding="utf-8")).get("meta", {})
        label += f" (run at {meta.get('started_at', '?')})"
    except (OSError, ValueError):
        pass
    return results, label


def _flips(before: list[ItemScore], now: list[ItemScore], attr: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    was = {s.id: getattr(s, attr) for s in before}
    lost = tuple(s.id for s in now if was.get(s.id) is True and getattr(s, attr) is False)
    won = tuple(s.id for s in now if was.get(s.id) is False and getattr(s, attr) is True)
    return lost, won


def compare(items: list[QAItem], now: list[ItemResult], before: list[ItemResult], label: str) -> Comparison:
    before_ids, now_ids = {r.id for r in before}, {r.id for r in now}
    common = [i for i in items if i.id in before_ids and i.id in now_ids]
    item_ids = {i.id for i in items}
    before_scores, now_scores = score_run(common, before), score_run(common, now)
    regressed, improved = _flips(before_scores, now_scores, "combined_ok")
    r_regressed, r_improved = _flips(before_scores, now_scores, "hit5")
    return Comparison(
        label=label,
        before=summarize(before_scores),
        now=summarize(now_scores),
        regressed=regressed,
        improved=improved,
        retrieval_regressed=r_regressed,
        retrieval_improved=r_improved,
        only_now=tuple(i.id for i in items if i.id in now_ids and i.id not in before_ids),
        only_before=tuple(sorted(before_ids - item_ids)),
    )
