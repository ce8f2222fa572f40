"""The summary table, as markdown: the same text goes to stdout and into report.md."""
from __future__ import annotations

from eval.metrics import GroupSummary, Summary

HEADER = ("kind", "n", "hit@1", "hit@5", "MRR", "answer", "citation", "combined",
          "refusal", "false refusals", "figure violations", "conflict recall")
SLOT_HEADER = ("value", "n", "combined", "refusal", "false refusals", "conflict recall")


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown_table(header, rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def summary_table(summary: Summary) -> str:
    rows = []
    for g in summary.groups():
        name = f"**{g.name}**" if g is summary.total else g.name
        rows.append((name, g.n, pct(g.hit1), pct(g.hit5), num(g.mrr), pct(g.answer_acc), pct(g.citation_acc),
                     pct(g.combined_acc), pct(g.refusal_acc), g.false_refusals, g.figure_violations,
                     pct(g.conflict_recall)))
    return markdown_table(HEADER, rows)


def slot_tables(groups: dict[str, list[GroupSummary]]) -> str:
    """One small table per question-analysis slot: how answers fare by what the question was read to ask."""
    out = []
    for slot, rows in groups.items():
        out.append(f"By {slot} (as the question analysis read it):\n")
        out.append(markdown_table(SLOT_HEADER, [(g.name, g.n, pct(g.combined_acc), pct(g.refusal_acc),
                                                 g.false_refusals, pct(g.conflict_recall)) for g in rows]))
    return "\n".join(out)


def refusal_line(summary: Summary) -> str:
    t = summary.total
    return (f"Refusals: recall {pct(t.refusal_acc)} (unanswerable items refused), precision "
            f"{pct(t.refusal_precision)} (refusals that were right), {t.false_refusals} answerable refused\n")


def latency_line(summary: Summary) -> str:
    lat = summary.latency
    return (f"Latency per question (n={lat.n}): p50 {num(lat.p50, 0)} ms, "
            f"p95 {num(lat.p95, 0)} ms, max {num(lat.max, 0)} ms\n")
