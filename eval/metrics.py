"""Scoring: one ItemScore per (gold item, recorded result), then group summaries.

A passage or citation "hits" when its file is a gold source's file and its line
range, widened by LINE_SLACK on each side, contains the gold line: chunk edges
and the exact line a quote starts on are allowed to drift a little. Only
`sources` are gold; `other_sources` (the conflicting statements) are not.

Unanswerable items are right when refused (found is false); retrieval has no
gold for them, so they are left out of the retrieval denominators.

Conflict recall: of the items with `other_sources`, the share whose answer names
(among its conflicts) a passage holding one of those lines.

The figure check is the evaluation's own: it re-reads the numbers of the shown
answer with its own pattern and looks each up in the cited quotes, so it does not
trust the service's check that suppresses answers.
"""
from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass, field

import re

from eval.dataset import KINDS, QAItem, plain_text
from eval.results import ItemResult, Span

log = logging.getLogger(__name__)

LINE_SLACK = 2
HIT_AT = (1, 5)

# Metric names, as used in failure lists and by --metric.
RETRIEVAL, ANSWER, CITATION, FIGURES, REFUSAL = "retrieval@5", "answer", "citation", "figure-check", "refusal"


@dataclass(frozen=True)
class ItemScore:
    id: str
    kind: str
    answerable: bool
    gold_rank: int | None  # 1-based rank of the first retrieved passage holding a gold line
    hit1: bool | None  # None for unanswerable items
    hit5: bool | None
    rr: float | None  # reciprocal rank, 0 when no gold in the kept passages
    answer_ok: bool
    citation_ok: bool
    combined_ok: bool
    refusal_ok: bool | None  # only for unanswerable items
    false_refusal: bool  # answerable, but the system said "not found"
    figure_violations: tuple[str, ...]  # canonical numbers of the answer found in no cited quote
    failed: tuple[str, ...]  # which metrics this item fails, for the report
    conflict_ok: bool | None = None  # only for items with other_sources: the answer names one
    slots: dict = field(default_factory=dict)  # the question analysis the system reported


def span_hits(span: Span, item: QAItem) -> bool:
    return any(
        s.file == span.file and span.line_start - LINE_SLACK <= s.line <= span.line_end + LINE_SLACK
        for s in item.sources
    )


def gold_rank(result: ItemResult, item: QAItem) -> int | None:
    for rank, span in enumerate(result.retrieved, 1):
        if span_hits(span, item):
            return rank
    return None


# Independent of the service's own number reading: digits with . , or space groups.
_EVAL_NUMBER = re.compile(r"\d+(?:[.,  ]\d+)*")
_EVAL_YEAR = re.compile(r"(?:19|20)\d\d")
_EVAL_LIST_MARK = re.compile(r"\(\d{1,2}\)|^\s*\d{1,2}[.)]\s", re.M)


def _canonical(number: str) -> str:
    digits = number.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
        digits = digits.replace(".", "")
    if "," in digits:
        digits = digits.rstrip("0").rstrip(",")
    return digits


def figure_violations(result: ItemResult) -> tuple[str, ...]:
    """Figures the answer states that no cited quote contains.

    Also grounded: numbers the user typed in the question (echoed back, not invented)
    and numbers in the cited passages' title or section path. A refusal asserts no
    figure, so only found answers are checked."""
    if not result.found:
        return ()
    # One per line: joined by spaces, "… 18,03" and "12. Số …" would read as one number "18,03 12".
    grounds = "\n".join([c.quote for c in result.citations] + [f"{c.title} {c.section}" for c in result.citations]
                       + [result.question])
    known = {_canonical(m.group(0)) for m in _EVAL_NUMBER.finditer(grounds)}
    shown = [m.group(0) for m in _EVAL_NUMBER.finditer(_EVAL_LIST_MARK.sub(" ", plain_text(result.answer)))]
    return tuple(dict.fromkeys(n for n in map(_canonical, shown) if n not in known and not _EVAL_YEAR.fullmatch(n)))


def names_other_source(result: ItemResult, item: QAItem) -> bool:
    return any(s.file == c.file and c.line_start - LINE_SLACK <= s.line <= c.line_end + LINE_SLACK
               for c in result.conflicts for s in item.other_sources)


def score_item(item: QAItem, result: ItemResult) -> ItemScore:
    violations = figure_violations(result)
    if not item.answerable:
        refused = not result.found
        return ItemScore(
            item.id, item.kind, False, None, None, None, None,
            answer_ok=refused, citation_ok=refused, combined_ok=refused, refusal_ok=refused,
            false_refusal=False, figure_violations=violations,
            failed=(() if refused else (REFUSAL,)) + ((FIGURES,) if violations else ()), slots=result.slots,
        )
    rank = gold_rank(result, item)
    conflict_ok = names_other_source(result, item) if item.other_sources else None
    answer_ok = result.found and all(m.matches(result.answer) for m in item.must_match)
    citation_ok = any(span_hits(c.span, item) for c in result.citations)
    hit5 = rank is not None and rank <= 5
    failed = tuple(
        name for name, bad in ((RETRIEVAL, not hit5), (ANSWER, not answer_ok),
                               (CITATION, not citation_ok), (FIGURES, bool(violations))) if bad
    )
    return ItemScore(
        item.id, item.kind, True, rank,
        hit1=rank == 1, hit5=hit5, rr=1.0 / rank if rank else 0.0,
        answer_ok=answer_ok, citation_ok=citation_ok, combined_ok=answer_ok and citation_ok,
        refusal_ok=None, false_refusal=not result.found, figure_violations=violations, failed=failed,
        conflict_ok=conflict_ok, slots=result.slots,
    )


def score_run(items: list[QAItem], results: list[ItemResult]) -> list[ItemScore]:
    """Scores in item order; items without a result are skipped (and logged)."""
    by_id = {r.id: r for r in results}
    scores = []
    for item in items:
        result = by_id.get(item.id)
        if result is None:
            log.warning("no result for item %s", item.id)
            continue
        scores.append(score_item(item, result))
    return scores


@dataclass(frozen=True)
class GroupSummary:
    name: str
    n: int
    n_answerable: int
    n_unanswerable: int
    hit1: float | None  # None when the group has no item the metric applies to
    hit5: float | None
    mrr: float | None
    answer_acc: float | None
    citation_acc: float | None
    combined_acc: float | None
    refusal_acc: float | None
    false_refusals: int
    figure_violations: int  # numbers, summed over items
    conflict_recall: float | None = None  # items with other_sources whose answer names one
    refusal_precision: float | None = None  # of the refusals, the share on unanswerable items


@dataclass(frozen=True)
class Latency:
    n: int
    p50: float | None
    p95: float | None
    max: float | None


@dataclass(frozen=True)
class Summary:
    total: GroupSummary
    kinds: dict[str, GroupSummary]  # known kinds in KINDS order, then unknown ones
    latency: Latency

    def groups(self) -> list[GroupSummary]:
        return [self.total, *self.kinds.values()]

    def to_json(self) -> dict:
        return {"total": asdict(self.total), "kinds": {k: asdict(g) for k, g in self.kinds.items()},
                "latency_ms": asdict(self.latency)}

    @classmethod
    def from_json(cls, raw: dict) -> "Summary":
        return cls(GroupSummary(**raw["total"]), {k: GroupSummary(**g) for k, g in raw["kinds"].items()},
                   Latency(**raw["latency_ms"]))


def _mean(values) -> float | None:
    values = [float(v) for v in values]
    return sum(values) / len(values) if values else None


def summarize_group(name: str, scores: list[ItemScore]) -> GroupSummary:
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    return GroupSummary(
        name=name,
        n=len(scores),
        n_answerable=len(answerable),
        n_unanswerable=len(unanswerable),
        hit1=_mean(s.hit1 for s in answerable),
        hit5=_mean(s.hit5 for s in answerable),
        mrr=_mean(s.rr for s in answerable),
        answer_acc=_mean(s.answer_ok for s in scores),
        citation_acc=_mean(s.citation_ok for s in scores),
        combined_acc=_mean(s.combined_ok for s in scores),
        refusal_acc=_mean(s.refusal_ok for s in unanswerable),
        false_refusals=sum(s.false_refusal for s in answerable),
        figure_violations=sum(len(s.figure_violations) for s in scores),
        conflict_recall=_mean(s.conflict_ok for s in scores if s.conflict_ok is not None),
        refusal_precision=_refusal_precision(scores),
    )


def _refusal_precision(scores: list[ItemScore]) -> float | None:
    refused = [s for s in scores if s.false_refusal or s.refusal_ok]
    return _mean(not s.answerable for s in refused)


SLOTS = ("answer type", "status", "period", "locality")


def slot_groups(scores: list[ItemScore]) -> dict[str, list[GroupSummary]]:
    """For each question-analysis slot, one group per value the system read."""
    out = {}
    for slot in SLOTS:
        values = sorted({s.slots.get(slot, "–") for s in scores})
        out[slot] = [summarize_group(v, [s for s in scores if s.slots.get(slot, "–") == v]) for v in values]
    return out


def kind_order(kinds) -> list[str]:
    """Known kinds in their canonical order, then any new kind alphabetically."""
    present = set(kinds)
    return [k for k in KINDS if k in present] + sorted(present - set(KINDS))


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: always a latency that was actually observed."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency(latencies_ms: list[float]) -> Latency:
    return Latency(len(latencies_ms), percentile(latencies_ms, 50), percentile(latencies_ms, 95),
                   max(latencies_ms) if latencies_ms else None)


def summarize(scores: list[ItemScore], latencies_ms: list[float] = ()) -> Summary:
    kinds = {k: summarize_group(k, [s for s in scores if s.kind == k]) for k in kind_order(s.kind for s in scores)}
    return Summary(summarize_group("total", scores), kinds, latency(list(latencies_ms)))


# --metric name → the GroupSummary field it reads.
METRIC_FIELDS = {
    "combined": "combined_acc",
    "answer": "answer_acc",
    "citation": "citation_acc",
    "hit@1": "hit1",
    "hit@5": "hit5",
    "mrr": "mrr",
    "refusal": "refusal_acc",
    "conflict-recall": "conflict_recall",
}


def metric_value(summary: Summary, metric: str) -> float | None:
    return getattr(summary.total, METRIC_FIELDS[metric])
