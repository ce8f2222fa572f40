"""The eval runner, metrics and report on a hand-made eval set and a fake service (no model)."""
from __future__ import annotations

import json

import pytest

from answer.types import Answer, Citation, Retrieved
from eval.__main__ import main
from eval.dataset import DatasetError, check_items, load_items
from eval.metrics import score_item, score_run, summarize
from eval.results import CitedPassage, ItemResult, Span
from eval.runner import run

F = "003_ca8570c1181f02a1.txt"  # Phụ lục I: the 2024 socio-economic indicator table
G = "002_59c52569d25bb8c2.txt"

ITEMS = [
    {"id": "good", "question": "Tăng trưởng GRDP năm 2024 ước đạt bao nhiêu?", "answer": "5,86%",
     "must_match": ["5,86%"], "sources": [{"file": F, "line": 13, "quote": "5,86"}], "kind": "figure"},
    {"id": "wrong_figure", "question": "Tổng vốn đầu tư trên địa bàn năm 2024 ước bao nhiêu?",
     "answer": "31.500 tỷ đồng", "must_match": [{"pattern": r"31[. ]?500", "regex": True}],
     "sources": [{"file": F, "line": 25, "quote": "31.500,00"}], "kind": "table"},
    {"id": "wrong_citation", "question": "GRDP bình quân đầu người năm 2024?", "answer": "104 triệu đồng",
     "must_match": ["104"], "sources": [{"file": F, "line": 19, "quote": "104"}], "kind": "table"},
    {"id": "refused", "question": "Dân số Cần Thơ năm 2050 là bao nhiêu?", "answer": "", "must_match": [],
     "sources": [], "kind": "unanswerable"},
    {"id": "answered", "question": "Cần Thơ có bao nhiêu sân bay quốc tế năm 2040?", "answer": "",
     "must_match": [], "sources": [], "kind": "unanswerable"},
]

LINE_13 = "1. Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)\t%\t5,75\t7,5-8,0\t5,86"
LINE_25 = "4. Tổng vốn đầu tư trên địa bàn\tTỷ đồng\t28.527,46\t35.000,00\t31.500,00\t90,00\t110,42"


def _cite(file, start, end, quote):
    return Citation(file, "Phụ lục I", "2024-11-15", "Phụ lục I › A", start, end, quote, "chính thức")


def _retrieved(*spans):
    return [Retrieved(f, a, b, 1.0 / k) for k, (f, a, b) in enumerate(spans, 1)]


def good_answers() -> dict[str, Answer]:
    q = {i["id"]: i["question"] for i in ITEMS}
    return {
        "good": Answer(q["good"], "Ước đạt **5,86%** (Nghị quyết giao 7,5-8,0%).", True,
                       [_cite(F, 13, 13, LINE_13)], retrieved=_retrieved((F, 13, 13), (F, 25, 25))),
        # Wrong figure, right line; 32.000 is in no cited quote (35.000 is, as 35.000,00).
        "wrong_figure": Answer(q["wrong_figure"], "Ước đạt **32.000** tỷ đồng, kế hoạch 35.000 tỷ đồng.", True,
                               [_cite(F, 25, 25, LINE_25)], retrieved=_retrieved((F, 1, 5), (F, 24, 26))),
        # Right figure, cited from the wrong place; gold line only reached at rank 6 (17..17 + 2).
        "wrong_citation": Answer(q["wrong_citation"], "Khoảng **104** triệu đồng/người.", True,
                                 [_cite(G, 50, 51, "GRDP bình quân đầu người đạt 104 triệu đồng")],
                                 retrieved=_retrieved(*[(G, k, k) for k in (1, 2, 3, 4, 5)], (F, 17, 17))),
        "refused": Answer(q["refused"], "Không tìm thấy thông tin về dân số năm 2050 trong tài liệu.", False),
        "answered": Answer(q["answered"], "Có **2** sân bay.", True, [_cite(G, 10, 10, "2 sân bay")],
                           retrieved=_retrieved((G, 10, 10))),
    }


class FakeService:
    def __init__(self, answers: dict[str, Answer]):
        self.by_question = {a.question: a for a in answers.values()}
        self.calls = 0

    def answer_batch(self, questions):
        self.calls += 1
        return [self.by_question[q] for q in questions]


@pytest.fixture
def qa_file(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS) + "\n", encoding="utf-8")
    return path


def _results(answers) -> list[ItemResult]:
    from eval.results import from_answer

    return [from_answer(k, a, 12.0) for k, a in answers.items()]


def _scores(qa_file):
    items = load_items(qa_file)
    return {s.id: s for s in score_run(items, _results(good_answers()))}, items


# -- metrics ---------------------------------------------------------------------------------


def test_good_answer_is_right_on_every_metric(qa_file):
    s = _scores(qa_file)[0]["good"]
    assert (s.hit1, s.hit5, s.rr, s.gold_rank) == (True, True, 1.0, 1)
    assert s.answer_ok and s.citation_ok and s.combined_ok
    assert s.figure_violations == () and s.failed == ()


def test_wrong_figure_fails_answer_but_not_citation(qa_file):
    s = _scores(qa_file)[0]["wrong_figure"]
    assert not s.answer_ok and s.citation_ok and not s.combined_ok
    assert (s.hit1, s.hit5, s.rr) == (False, True, 0.5)
    assert s.figure_violations == ("32000",)  # 35.000 matches the quote's 35.000,00
    assert set(s.failed) == {"answer", "figure-check"}


def test_wrong_citation_fails_citation_but_not_answer(qa_file):
    s = _scores(qa_file)[0]["wrong_citation"]
    assert s.answer_ok and not s.citation_ok and not s.combined_ok
    assert s.gold_rank == 6 and s.hit5 is False and s.rr == pytest.approx(1 / 6)
    assert s.figure_violations == ()


def test_unanswerable_is_right_only_when_refused(qa_file):
    scores = _scores(qa_file)[0]
    refused, answered = scores["refused"], scores["answered"]
    assert refused.refusal_ok and refused.answer_ok and refused.citation_ok and refused.combined_ok
    assert not answered.refusal_ok and not answered.combined_ok and answered.failed == ("refusal",)
    assert refused.hit5 is None and refused.rr is None  # no retrieval gold for unanswerable items
    # The refusal text mentions 2050, but a refusal asserts no figure.
    assert refused.figure_violations == ()


def test_summary_totals_and_kinds(qa_file):
    scores, items = _scores(qa_file)
    summary = summarize(list(scores.values()), [10.0, 20.0, 30.0, 40.0, 500.0])
    t = summary.total
    assert (t.n, t.n_answerable, t.n_unanswerable) == (5, 3, 2)
    assert t.hit1 == pytest.approx(1 / 3) and t.hit5 == pytest.approx(2 / 3)
    assert t.mrr == pytest.approx((1 + 0.5 + 1 / 6) / 3)  # MRR runs over the top 10, not the top 5
    assert t.combined_acc == pytest.approx(2 / 5)
    assert t.answer_acc == pytest.approx(3 / 5)
    assert t.refusal_acc == 0.5 and t.false_refusals == 0
    assert t.figure_violations == 1
    assert list(summary.kinds) == ["figure", "table", "unanswerable"]
    assert summary.kinds["unanswerable"].hit5 is None
    assert summary.latency.p50 == 30.0 and summary.latency.max == 500.0


def test_mrr_counts_gold_below_top5(qa_file):
    scores, _ = _scores(qa_file)
    assert scores["wrong_citation"].rr == pytest.approx(1 / 6)


def test_false_refusal_counted(qa_file):
    items = load_items(qa_file)
    refused = ItemResult("good", items[0].question, "Không tìm thấy.", False, (), (Span(F, 13, 13),), 5.0)
    s = score_item(items[0], refused)
    assert s.false_refusal and not s.answer_ok and s.hit1
    assert summarize([s]).total.false_refusals == 1


def test_regex_and_bold_markers(qa_file):
    items = {i.id: i for i in load_items(qa_file)}
    r = ItemResult("wrong_figure", "q", "Khoảng **31.500** tỷ", True,
                   (CitedPassage(F, "t", "s", 25, 25, LINE_25),), (), 1.0)
    assert score_item(items["wrong_figure"], r).answer_ok


def test_figure_check_exemptions():
    from eval.metrics import figure_violations

    cite = CitedPassage(F, "Phụ lục I", "Năm 2024", 13, 13, LINE_13)
    text = "(1) Tăng **5,86%** năm 2024;\n2. so với 2023: 5,75%; (2) kế hoạch 9%"
    r = ItemResult("x", "GRDP so với năm 2023?", text, True, (cite,), (), 1.0)
    assert figure_violations(r) == ("9",)  # markers, the question's year and the section's year are fine


def test_new_kind_is_its_own_group(qa_file):
    items = load_items(qa_file)
    item = items[0].__class__(**{**items[0].__dict__, "kind": "multi_hop", "id": "mh"})
    s = score_item(item, _results({"mh": good_answers()["good"]})[0])
    assert list(summarize([s]).kinds) == ["multi_hop"]


# -- dataset loading and checks --------------------------------------------------------------


def test_load_errors_name_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(ITEMS[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: invalid JSON"):
        load_items(bad)
    missing = {k: v for k, v in ITEMS[0].items() if k != "sources"}
    bad.write_text(json.dumps(ITEMS[0]) + "\n" + json.dumps(missing) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:2: missing field\(s\) sources"):
        load_items(bad)


def test_check_items_finds_problems(tmp_path):
    from config import load_config

    broken = [
        dict(ITEMS[0]),
        dict(ITEMS[0], question="again"),  # duplicate id
        {**ITEMS[1], "id": "q2", "kind": "trivia", "sources": [{"file": F, "line": 25, "quote": "99.999"}]},
        {**ITEMS[1], "id": "q3", "sources": [{"file": F, "line": 9999, "quote": "x"}]},
        {**ITEMS[1], "id": "q4", "sources": [{"file": "nope.txt", "line": 1, "quote": "x"}]},
        {**ITEMS[1], "id": "q5", "must_match": ["32.000"]},
        {**ITEMS[3], "id": "q6", "sources": ITEMS[0]["sources"]},
        {**ITEMS[1], "id": "q7", "sources": [], "must_match": []},
    ]
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in broken), encoding="utf-8")
    problems = "\n".join(check_items(load_items(path), load_config().corpus_dir))
    for expected in ("good: duplicate id", "q2: unknown kind 'trivia'", "q2: source", "not an exact substring",
                     "q3: source", "line out of range", "q4: source nope.txt:1: unknown file",
                     "q5: must_match '32.000' does not match", "q6: unanswerable item with sources",
                     "q7: answerable item without sources", "q7: answerable item without must_match"):
        assert expected in problems, expected
    assert len(check_items(load_items(path)[:1], load_config().corpus_dir)) == 0


# -- the runner end to end -------------------------------------------------------------------

REQUIRED_FIELDS = {"id", "question", "answer", "found", "citations", "retrieved", "latency_ms", "conflicts", "slots"}


def test_run_writes_results_report_and_comparison(qa_file, tmp_path):
    items = load_items(qa_file)
    out = tmp_path / "run"
    first = run(items, FakeService(good_answers()), out, qa_path=qa_file)
    assert first.comparison is None

    lines = [json.loads(l) for l in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [l["id"] for l in lines] == [i.id for i in items]
    for line in lines:
        assert set(line) == REQUIRED_FIELDS
        assert all(set(c) == {"file", "title", "section", "line_start", "line_end", "quote"} for c in line["citations"])
        assert all(set(r) == {"file", "line_start", "line_end"} for r in line["retrieved"])
        assert len(line["retrieved"]) <= 10 and line["latency_ms"] >= 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "](per_kind.png)" in report and (out / "per_kind.png").stat().st_size > 1000
    assert report.index("`wrong_figure`") < report.index("`answered`")  # failing 2 metrics before 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["total"]["combined_acc"] == pytest.approx(0.4)

    # Second run: "good" now cites the wrong place and its gold drops out of the top 5.
    answers = good_answers()
    answers["good"] = Answer(answers["good"].question, "Ước đạt **5,86%**.", True, [_cite(G, 1, 1, "5,86%")],
                             retrieved=_retrieved(*[(G, k, k) for k in range(1, 8)]))
    second = run(items, FakeService(answers), out, qa_path=qa_file)
    assert (out / "previous" / "results.jsonl").exists() and (out / "previous" / "summary.json").exists()
    assert second.comparison.regressed == ("good",)
    assert second.comparison.retrieval_regressed == ("good",)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "Regressed (combined right before, wrong now): `good`" in report
    assert "Retrieval regressed (gold in top 5 before, not now): `good`" in report


def test_each_question_timed_on_its_own(qa_file, tmp_path):
    service = FakeService(good_answers())
    run(load_items(qa_file), service, tmp_path / "run")
    assert service.calls == len(ITEMS) + 1  # one batch of one per question, plus the warm-up


def test_min_score_sets_exit_code(qa_file, tmp_path, capsys):
    def factory(config):
        return FakeService(good_answers())

    base = ["--qa", str(qa_file), "--out", str(tmp_path / "run")]
    assert main(base + ["--min-score", "0.9"], service_factory=factory) == 1  # combined = 0.4
    assert main(base + ["--min-score", "0.3"], service_factory=factory) == 0
    assert main(base + ["--min-score", "0.5", "--metric", "answer"], service_factory=factory) == 0  # 0.6
    out = capsys.readouterr().out
    assert "| **total** | 5 |" in out and "combined" in out


def test_cannot_run_exits_2(qa_file, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    assert main(["--qa", str(bad), "--out", str(tmp_path / "r")], service_factory=lambda c: None) == 2

    def broken(config):
        raise RuntimeError("index missing")

    assert main(["--qa", str(qa_file), "--out", str(tmp_path / "r")], service_factory=broken) == 2

    class Crashing:
        def answer_batch(self, questions):
            raise ValueError("boom")

    assert main(["--qa", str(qa_file), "--out", str(tmp_path / "r")], service_factory=lambda c: Crashing()) == 2


# -- the benchmark's pure parts --------------------------------------------------------------


def test_synthetic_copies_change_figures_only(tmp_path):
    from eval.synth import make_corpus, perturb_line
    from ingest.manifest import load_manifest

    assert perturb_line("1. Tăng trưởng\t%\t5,75\t28.527,46", 1) == "1. Tăng trưởng\t%\t5,76\t28.527,47"
    assert perturb_line("1.2. Đến năm 2030 đạt 95%[3].", 2) == "1.2. Đến năm 2032 đạt 97%[3]."
    assert perturb_line("Không có số", 3) == "Không có số"

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("I. MỤC TIÊU\n1. GRDP tăng 8,5%\nđến năm 2030", encoding="utf-8")
    (src / "manifest.json").write_text(json.dumps({"files": {"a.txt": {
        "title": "A", "status": "chính thức", "subdocs": [{"title": "Phần A", "lines": [1, 3]}]}}}), encoding="utf-8")
    assert make_corpus(src, tmp_path / "x4", 4) == 4
    copy = (tmp_path / "x4" / "a__x03.txt").read_text(encoding="utf-8").split("\n")
    assert copy == ["I. MỤC TIÊU", "1. GRDP tăng 8,8%", "đến năm 2033"]
    entries = load_manifest(tmp_path / "x4" / "manifest.json")
    assert entries["a__x03.txt"].subdocs[0].title == "Phần A (bản sao 3)" and entries["a.txt"].title == "A"


def test_bench_report_renders(tmp_path):
    from datetime import datetime

    from eval.bench import SizeResult, parse_sizes, render

    report = {"files": 5, "chunks": 2000, "embedded": 2000, "seconds": 80.0,
              "timings": {"parse": 1.0, "embed": 75.0, "faiss": 2.0, "lexical": 2.0}}
    build = {"encoder": "onnx-int8", "full": report, "noop": {**report, "embedded": 0, "seconds": 0.2, "timings": {}},
             "one_changed": {**report, "embedded": 3, "seconds": 4.0}, "changed_file": {"file": "a.txt", "line": 9},
             "index_mb": 12.5, "peak_rss_mb": 900.0, "work": {"passages": 2000, "tokens": 450_000, "flops": 2.1e13}}
    serve = {"encoder": "onnx-int8", "hit5": 0.9, "combined": 0.8, "cold_start_s": 6.0, "startup_s": 2.0,
             "open_service_s": 3.5, "first_answer_s": 0.5, "questions": 100, "p50_ms": 120.0, "p95_ms": 300.0,
             "max_ms": 450.0, "peak_rss_mb": 700.0}
    fp32 = SizeResult(1, 5, {**build, "encoder": "torch-fp32"}, {**serve, "encoder": "torch-fp32", "hit5": 0.905})
    now = datetime.now().astimezone()
    first = {"page_s": 9.5, "first_answer_s": 14.0, "first_answer_lexical": True, "hybrid_s": 130.0,
             "rss_mb": 650.0, "peak_rss_mb": 700.0}
    encoder = {"name": "onnx-int8", "passages": 400, "per_s": 24.0, "fp32_per_s": 7.0,
               "cosine_mean": 0.9961, "cosine_min": 0.9937}
    load = {"api": "answer", "cache": True, "users": 20, "seconds": 30, "answers": 960, "per_s": 32.0, "p50_ms": 500.0,
            "p95_ms": 900.0, "errors": 0, "cpu_ms_per_answer": 40.0, "load_avg": 1.5, "rss_mb": 550.0,
            "peak_rss_mb": 560.0}
    serving = {"page_s": 3.0, "first_answer_s": 4.5, "first_has_19": True,
               "after_answers": {"rss_mb": 530.0, "peak_rss_mb": 531.0}, "loads": [load, {**load, "cache": False}]}
    text = render([SizeResult(1, 5, build, serve), SizeResult(4, 20, build, serve)], fp32, now, now,
                  tmp_path / "qa.jsonl", "python -m eval.bench --quick", first, encoder, serving)
    assert "Cold start to first answer" in text and "p95 300 ms" in text and "| 4× | 20 |" in text
    assert "keyword-only, with the note" in text and "mean 0.9961, min 0.9937" in text
    assert "parse 1.0 s, lexical 2.0 s, embed 75.0 s, FAISS 2.0 s" in text
    assert "| torch-fp32 | 7.0 |" in text and "| onnx-int8 | 24.0 |" in text and "90.5%" in text
    assert "| 280" in text  # 2.1e13 operations in 75 s of encoding
    assert "| /answer | 20 | 30 s, load average 1.5 before | 32.0 | 500 ms / 900 ms | 0 | 40 | 550 | 560 |" in text
    assert "| /answer, answer cache off | 20 |" in text
    assert parse_sizes("16,1,4") == [1, 4, 16]


def test_figure_check_reads_each_quote_apart():
    from eval.metrics import figure_violations

    # A quote ending in "18,03" and the next starting "12." are not the one number "18,03 12".
    first = CitedPassage(F, "Phụ lục", "Bảng", 13, 13, "12. Số bác sĩ/vạn dân\t\t17\t\tVượt\t18,03")
    second = CitedPassage(F, "Phụ lục", "Bảng", 25, 25, "12. Số bác sỹ/vận dân\t1/10.000\t18,02")
    r = ItemResult("x", "bác sĩ?", "Ước thực hiện: 18,03; năm 2024: 18,02 (1/10.000)", True, (first, second), (), 1.0)
    assert figure_violations(r) == ()
