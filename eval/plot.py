"""One PNG for report.md: per-kind combined accuracy and hit@5, now vs the previous run."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: the runner is used from CI and terminals
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from eval.metrics import Summary  # noqa: E402

PANELS = (("combined_acc", "Combined accuracy (answer + citation)"), ("hit5", "Retrieval hit@5"))


def _values(summary: Summary, names: list[str], field: str) -> np.ndarray:
    groups = {g.name: g for g in summary.groups()}
    out = [getattr(groups[n], field) if n in groups else None for n in names]
    return np.array([np.nan if v is None else 100 * v for v in out])


def plot_per_kind(now: Summary, before: Summary | None, path: Path) -> Path:
    names = [g.name for g in now.groups()]
    x = np.arange(len(names))
    fig, axes = plt.subplots(1, 2, figsize=(max(8, 1.5 * len(names) + 2), 4.2), sharey=True)
    series = [("now", now, "#1f77b4")] if before is None else [("previous", before, "#b0b0b0"), ("now", now, "#1f77b4")]
    width = 0.8 / len(series)
    for ax, (field, title) in zip(axes, PANELS):
        for k, (label, summary, color) in enumerate(series):
            values = _values(summary, names, field)
            offset = (k - (len(series) - 1) / 2) * width
            ok = ~np.isnan(values)  # n/a (e.g. hit@5 of unanswerable items): no bar
            bars = ax.bar(x[ok] + offset, values[ok], width, label=label, color=color)
            ax.bar_label(bars, fmt="%.0f", fontsize=7, padding=1)
        ax.set_title(title, fontsize=10)
        ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
        ax.set_ylim(0, 110)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("%")
    # Above the panels: inside them it would hide the bars at 100%.
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=len(series), fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
