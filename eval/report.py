"""report.md for one run: summary, comparison with the previous run, plot, failures."""
from __future__ import annotations

import re
from pathlib import Path

from eval.compare import Comparison
from eval.dataset import QAItem
from eval.metrics import ItemScore, Summary, slot_groups
from eval.plot import plot_per_kind
from eval.results import RETRIEVED_KEPT, ItemResult
from eval.table import latency_line, markdown_table, pct, refusal_line, slot_tables, summary_table

PLOT_NAME = "per_kind.png"
_TEXT_LIMIT = 400


def _one_line(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= _TEXT_LIMIT else text[:_TEXT_LIMIT] + "…"


def _delta(before: float | None, now: float | None) -> str:
    if before is None or now is None:
        return f"{pct(before)} → {pct(now)}"
    return f"{pct(before)} → {pct(now)} ({100 * (now - before):+.1f})"


def _ids(ids) -> str:
    return ", ".join(f"`{i}`" for i in ids) if ids else "none"


def comparison_section(comparison: Comparison | None, previous_dir: Path) -> str:
    out = ["## Comparison with the previous run\n"]
    if comparison is None:
        out.append(f"No previous run in `{previous_dir}`: nothing to compare with.\n")
        return "\n".join(out)
    out.append(f"Previous run: {comparison.label}. Both sides scored with the current gold, "
               f"over the {comparison.now.total.n} items both runs answered.\n")
    before = {g.name: g for g in comparison.before.groups()}
    rows = []
    for g in comparison.now.groups():
        b = before.get(g.name)
        rows.append((g.name, g.n, _delta(b and b.combined_acc, g.combined_acc), _delta(b and b.hit5, g.hit5)))
    out.append(markdown_table(("kind", "n", "combined", "hit@5"), rows))
    out.append(f"- Regressed (combined right before, wrong now): {_ids(comparison.regressed)}")
    out.append(f"- Retrieval regressed (gold in top 5 before, not now): {_ids(comparison.retrieval_regressed)}")
    out.append(f"- Improved (combined): {_ids(comparison.improved)}")
    out.append(f"- Retrieval improved: {_ids(comparison.retrieval_improved)}")
    if comparison.only_now:
        out.append(f"- New items, not compared: {_ids(comparison.only_now)}")
    if comparison.only_before:
        out.append(f"- Items of the previous run no longer in the set: {_ids(comparison.only_before)}")
    return "\n".join(out) + "\n"


def _severity(score: ItemScore) -> tuple:
    # Most metrics failed first; among equals, gold ranked lowest (or absent) first.
    rank = score.gold_rank if score.gold_rank is not None else (RETRIEVED_KEPT + 1 if score.answerable else 0)
    return (-len(score.failed), -rank, score.id)


def failures_section(items: list[QAItem], results: list[ItemResult], scores: list[ItemScore]) -> str:
    by_item = {i.id: i for i in items}
    by_result = {r.id: r for r in results}
    failing = sorted((s for s in scores if s.failed), key=_severity)
    out = [f"## Failures, worst first ({len(failing)})\n"]
    if not failing:
        out.append("None.\n")
    for s in failing:
        item, result = by_item[s.id], by_result[s.id]
        expected = item.answer if item.answerable else "(no answer in the corpus: should refuse)"
        given = result.answer if result.found else f"(not found) {result.answer}"
        cited = ", ".join(str(c.span) for c in result.citations) or "none"
        gold = ", ".join(f"{src.file}:{src.line}" for src in item.sources) or "none"
        rank = "n/a" if not s.answerable else (f"{s.gold_rank}" if s.gold_rank else f"not in top {RETRIEVED_KEPT}")
        out.append(f"### `{s.id}` ({s.kind}) fails: {', '.join(s.failed)}\n")
        out.append(f"- Question: {_one_line(item.question)}")
        out.append(f"- Expected: {_one_line(expected)}")
        out.append(f"- Given: {_one_line(given)}")
        out.append(f"- Cited: {cited}")
        out.append(f"- Gold: {gold}; gold rank in retrieved: {rank}")
        if s.figure_violations:
            out.append(f"- Figures in no cited quote: {', '.join(s.figure_violations)}")
        out.append("")
    return "\n".join(out) + "\n"


def write_report(out_dir: Path, items: list[QAItem], results: list[ItemResult], scores: list[ItemScore],
                 summary: Summary, comparison: Comparison | None, meta: dict, previous_dir: Path) -> Path:
    plot_per_kind(comparison.now if comparison else summary, comparison.before if comparison else None,
                  out_dir / PLOT_NAME)
    plot_note = ("previous vs now, over the items both runs answered" if comparison
                 else "this run only: no previous run")
    parts = [
        "# Eval report\n",
        f"Run at {meta.get('started_at', '?')} on `{meta.get('qa', '?')}` ({len(items)} items), "
        f"{meta.get('seconds', 0):.0f} s.\n",
        "## Summary\n",
        "Retrieval metrics (hit@k, MRR over the top "
        f"{RETRIEVED_KEPT}) count answerable items only; refusal accuracy counts unanswerable items only. "
        "Figure violations: numbers a found answer states that none of its cited quotes contains "
        "(list markers, numbers from the question and from the cited title/section excepted).\n",
        summary_table(summary),
        latency_line(summary),
        refusal_line(summary),
        "## By question analysis\n",
        slot_tables(slot_groups(scores)),
        comparison_section(comparison, previous_dir),
        f"![Per-kind combined accuracy and hit@5 ({plot_note})]({PLOT_NAME})\n",
        failures_section(items, results, scores),
    ]
    path = out_dir / "report.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
