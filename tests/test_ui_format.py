"""Pure parts of the UI: HTML of sources/viewer/figures, follow-ups, login hashes, feedback, documents.

No model, no server. Real chunks and documents from the corpus where it matters.
"""
from __future__ import annotations

import json
import threading

import pytest

# Gradio and huggingface_hub read these at import; set before anything imports them.
import offline  # noqa: F401  (telemetry off before gradio is imported)
from answer.cite import cite
from answer.documents import DocumentStore, Passage, UnknownDocument
from answer.provenance import FigureTable, arrange, find_figure
from answer.types import Answer, Citation, Conflict, Retrieved
from ui import format as fmt
from ui.auth import (
    AuthError,
    hash_password,
    load_users,
    make_authenticator,
    verify_password,
)
from ui.feedback import FeedbackLog, feedback_record
from ui.followup import is_followup, rewrite_followup
from ui.server import check_auth, is_loopback
from tests.corpus_files import DOC001

VAN_KIEN = "000_b50851294415a046.txt"
LINE_285 = ("(13) Đến năm 2030: phần đầu đạt 19 bác sỹ/vạn dân; số giường bệnh đến cuối năm 2030 đạt trên "
            "44 giường bệnh/vạn dân")


@pytest.fixture(scope="module")
def chunks(ingest_chunks):
    return [c for name in sorted(ingest_chunks) for c in ingest_chunks[name][0]]


@pytest.fixture(scope="module")
def store(ingest_docs, chunks, ingest_manifest):
    return DocumentStore(list(ingest_docs.values()), chunks, ingest_manifest)


@pytest.fixture(scope="module")
def citation_285(store, ingest_manifest) -> Citation:
    return cite(store.chunk_at(VAN_KIEN, 285), ingest_manifest)


# --- escaping and highlighting ---------------------------------------------------------------

def test_escape_covers_html_and_template_syntax():
    assert fmt.esc("<b>&") == "&lt;b&gt;&amp;"
    assert "{" not in fmt.esc("{{value}} ${value}") and "$" not in fmt.esc("${x}")


def test_highlight_marks_only_the_answering_figures():
    html = fmt.highlight_figures("đạt 19 bác sỹ; 44 giường năm 2030", {"19"})
    assert html == "đạt <mark>19</mark> bác sỹ; 44 giường năm 2030"


def test_highlight_escapes_before_marking():
    html = fmt.highlight_figures("<script>alert(1)</script> 19 & {{x}}", {"19", "1"})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>19</mark>" in html and "&amp;" in html and "{{" not in html


def test_highlight_matches_canonical_numbers():
    assert "<mark>57.000</mark>" in fmt.highlight_figures("ước đạt 57.000 tỷ đồng", {"57000"})
    assert "<mark>35.000,00</mark>" in fmt.highlight_figures("35.000,00", {"35000"})


def test_answer_figures_come_from_bold_text():
    assert fmt.answer_figures("(13) Đến năm 2030: phần đầu đạt **19** bác sỹ") == {"19"}
    assert fmt.answer_figures("Năm 2024 › Ước: **0,09**; NQ: **0,15**") == {"0,09", "0,15"}
    assert fmt.bold_to_mark("a **<1>** b") == "a <mark>&lt;1&gt;</mark> b"


# --- sources panel -------------------------------------------------------------------------------

def test_citation_card_shows_everything_a_reader_checks(citation_285):
    html = fmt.citation_card(2, citation_285, {"19"})
    for expected in ("[2]", "Dự thảo Báo cáo chính trị Đại hội I", "tháng 9/2025", "dự thảo", "dòng 285",
                     "PHẦN II › III- Mục tiêu › 2. Chỉ tiêu cụ thể", VAN_KIEN, "<mark>19</mark>"):
        assert expected in html
    assert f'data-file="{VAN_KIEN}" data-start="285" data-end="285"' in html
    assert "<mark>44</mark>" not in html


def test_citation_card_escapes_document_text():
    c = Citation("x.txt", "T<i>", "2024-11-15", "A › B", 3, 3, "giá trị <img src=x onerror=alert(1)> là 19", "chính thức")
    html = fmt.citation_card(1, c, {"19"})
    assert "<img" not in html and "&lt;img" in html and "T&lt;i&gt;" in html and "15/11/2024" in html


def test_table_row_citation_shows_column_headers(store, ingest_manifest):
    chunk = store.chunk_at("003_ca8570c1181f02a1.txt", 46)
    assert chunk.record
    html = fmt.citation_card(1, cite(chunk, ingest_manifest), {"0,09"}, chunk.row)
    assert "<th>Năm 2024 › Ước thực hiện cả năm</th><td><mark>0,09</mark></td>" in html
    assert "11. Tỷ lệ hộ nghèo" in html


def test_sources_panel_with_conflict(citation_285):
    other = Citation("004_10fced73fa7337e4.txt", "Báo cáo", "2025-07", "S", 394, 394, "20 bác sĩ", "tài liệu tham khảo")
    answer = Answer("q", "đạt **19** bác sỹ", True, [citation_285],
                    [Conflict("tối thiểu **20** bác sĩ", other, "Báo cáo ghi khác")])
    html = fmt.sources_html(answer)
    assert "hvk-warning" in html and "Các văn kiện ghi khác nhau" in html
    assert "<mark>20</mark>" in html and 'data-start="394"' in html
    assert "1 nguồn trích dẫn" in html and "<mark>19</mark>" in html


def test_another_status_of_the_figure_is_shown_apart_from_disagreements(citation_285):
    target = Citation("000_b50851294415a046.txt", "Dự thảo", "2025-09", "S", 830, 830, "75.000 lao động", "dự thảo")
    answer = Answer("q", "tạo việc làm mới cho **96.232** lao động", True, [citation_285],
                    [Conflict("Chỉ tiêu Nghị quyết: **75.000** lao động", target,
                              "Dự thảo ghi số mục tiêu (khác trạng thái, không phải mâu thuẫn)", other_status=True)])
    html = fmt.sources_html(answer)
    assert "hvk-warning" not in html and "Các văn kiện ghi khác nhau" not in html
    assert "hvk-statuses" in html and "<mark>75.000</mark>" in html and 'data-start="830"' in html


def test_not_found_has_its_own_look_and_suggestions():
    answer = Answer("GDP Hà Nội?", "Không tìm thấy…", False, notes=["Văn kiện không đề cập địa phương được hỏi: Hà Nội."],
                    retrieved=[Retrieved(VAN_KIEN, 922, 933, 1.2)])
    near = [Passage(VAN_KIEN, 922, 933, "Phụ lục", "Phụ lục › A", "GRDP <b>bình quân</b>")]
    html = fmt.sources_html(answer, suggestions=near)
    assert "hvk-notfound" in html and "Không tìm thấy" in html and "Hà Nội" in html
    assert "Các đoạn gần nhất" in html and 'data-start="922" data-end="933"' in html
    assert "<b>bình quân</b>" not in html
    assert "hvk-card" not in html


def test_notices_say_how_a_followup_was_read():
    from ui import chat

    assert chat.notices(None, "số bác sĩ của Sóc Trăng?")[0].startswith("_Đã hiểu câu hỏi là: “số bác sĩ")
    assert chat.notices(None) == []


# --- viewer ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("n,start,end,expected", [
    (1000, 285, 285, (270, 309)),  # 15 before, 40 in all
    (1000, 3, 3, (1, 40)),  # near the top
    (300, 299, 300, (261, 300)),  # near the end: the window moves up
    (30, 10, 12, (1, 30)),  # a short document
    (1000, 100, 200, (85, 205)),  # a long span: all of it and 5 lines after
    (1000, 5000, 5000, (961, 1000)),  # out of range: clamped to the end
])
def test_viewer_window(n, start, end, expected):
    assert fmt.viewer_window(n, start, end) == expected


def test_viewer_shows_numbered_lines_with_the_span_highlighted(store):
    entry = store.entry(VAN_KIEN)
    section = store.chunk_at(VAN_KIEN, 285).section_path
    html = fmt.viewer_html(VAN_KIEN, entry, store.lines(VAN_KIEN), 285, 285, section)
    assert html.count("id='hvk-line-") == 40
    hit = html.split("id='hvk-line-285'>", 1)[1].split("</div>", 1)[0]
    assert "<mark class='hvk-cited'>" in hit and fmt.esc(LINE_285) in hit
    assert "class='hvk-line hvk-hit'" not in html.split("id='hvk-line-284'")[1].split("</div>")[0]
    assert "Dự thảo Báo cáo chính trị Đại hội I <span class='hvk-sep'>›</span> PHẦN II" in html
    assert "Đang xem dòng 270–309" in html


def test_viewer_shows_table_cells_apart(store):
    lines = store.lines("003_ca8570c1181f02a1.txt")
    html = fmt.viewer_html("003_ca8570c1181f02a1.txt", store.entry("003_ca8570c1181f02a1.txt"), lines, 46, 46, "")
    assert "11. Tỷ lệ hộ nghèo<span class='hvk-tab'> │ </span>%" in html


def test_formal_citation(store):
    chunk = store.chunk_at(VAN_KIEN, 285)
    text = fmt.formal_citation(store.entry(VAN_KIEN), chunk.subdoc, chunk.section_path, 285, 285, VAN_KIEN)
    assert text.startswith("Theo Dự thảo Báo cáo chính trị Đại hội I (Dự thảo các văn kiện trình Đại hội")
    assert "tháng 9/2025; dự thảo)" in text
    assert text.endswith(", mục PHẦN II › III- Mục tiêu › 2. Chỉ tiêu cụ thể › (13) Đến năm 2030, dòng 285 "
                         f"[{VAN_KIEN}].")


@pytest.mark.parametrize("line,date", [(11, "29/04/2026"), (96, "20/04/2026"), (460, "20/04/2026")])
def test_each_sub_document_is_dated_by_its_own_line_range(store, ingest_manifest, line, date):
    # Line 11 is the xã's cover letter; 96 is the programme; 460 its Phụ lục I.
    chunk = store.chunk_at(DOC001, line)
    assert fmt.format_date(cite(chunk, ingest_manifest).date) == date
    entry = store.entry(DOC001)
    assert f"; {date}; chính thức)" in fmt.formal_citation(entry, chunk.subdoc, chunk.section_path, line, line, DOC001)
    assert f"· {date} ·" in fmt.viewer_html(DOC001, entry, store.lines(DOC001), line, line, chunk.section_path)


def test_view_request_parsing():
    assert fmt.ViewRequest.parse("a.txt", "285", None) == fmt.ViewRequest("a.txt", 285, 285)
    assert fmt.ViewRequest.parse("a.txt", 10.0, 5) == fmt.ViewRequest("a.txt", 10, 10)
    assert fmt.ViewRequest.parse("a.txt", 0, 0) == fmt.ViewRequest("a.txt", 1, 1)
    with pytest.raises(ValueError):
        fmt.ViewRequest.parse("a.txt", "abc", None)


# --- documents served by id only ----------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["../config.py", "/etc/passwd", "corpus/manifest.json", "manifest.json", "", "000"])
def test_only_indexed_documents_are_served(store, bad):
    with pytest.raises(UnknownDocument, match="Không có văn bản"):
        store.lines(bad)
    assert store.passage(bad, 1, 1) is None


@pytest.mark.parametrize("bad", ["../config.py", "/etc/passwd"])
def test_viewer_handler_rejects_unknown_ids(store, bad, tmp_path):
    from config import load_config
    from ui.handlers import Handlers

    handlers = Handlers(Serving(StubService({}, documents=store)), FeedbackLog(tmp_path / "f.jsonl"), load_config(env={}))
    html, citation = handlers.view(bad, 1, 1)
    assert "Không có văn bản" in html and "hvk-line" not in html and citation == ""
    html, citation = handlers.view(VAN_KIEN, 285, None)
    assert "hvk-cited" in html and citation.endswith(f"dòng 285 [{VAN_KIEN}].")


def test_store_lookups(store):
    assert store.files[0] == VAN_KIEN and len(store.files) == 5
    assert store.lines(VAN_KIEN)[284].startswith("(13) Đến năm 2030")
    assert store.chunk_at(VAN_KIEN, 286).line_start == 285  # a blank line belongs to the chunk before
    passage = store.passage(VAN_KIEN, 285, 285)
    assert passage.title == "Dự thảo Báo cáo chính trị Đại hội I" and passage.text.startswith("(13)")
    assert (f"{store.entries[VAN_KIEN].title} — {VAN_KIEN}", VAN_KIEN) in store.choices()


def test_manifest_rows(ingest_manifest):
    rows = fmt.manifest_rows(ingest_manifest)
    assert len(rows) == 5 and len(rows[0]) == len(fmt.MANIFEST_HEADERS)
    assert rows[3][0] == "003_ca8570c1181f02a1.txt" and rows[3][3] == "15/11/2024" and rows[3][4] == "chính thức"
    assert {r[3] for r in rows} == {"tháng 9/2025", "29/04/2026", "tháng 12/2024", "15/11/2024", "tháng 7/2025"}
    assert "Phụ lục I - Số liệu 17 chỉ tiêu kinh tế - xã hội chủ yếu năm 2024 (dòng 1–65)" in rows[3][5]
    assert rows[1][3] == "29/04/2026" and "Chương trình hành động 12/CTr-UBND (dòng 46–444, 20/04/2026)" in rows[1][5]


# --- figure table ---------------------------------------------------------------------------------------

def test_provenance_table(chunks, ingest_manifest):
    html = fmt.provenance_html("18,02", arrange(find_figure("18,02", chunks, ingest_manifest)))
    assert "4 chỗ nêu “18,02” trong 2 văn bản" in html and "không có chỗ nào các văn bản ghi khác nhau" in html
    assert html.count("<tr>") - 1 == 4 and "<mark>18,02</mark>" in html
    assert "002_59c52569d25bb8c2.txt" in html and "003_ca8570c1181f02a1.txt" in html
    assert "Năm 2024 › Ước thực hiện cả năm" in html and "hvk-disagree'" not in html
    # Result, estimate and target of one table line are labelled, none tinted.
    for kind in ("kết quả", "ước thực hiện", "mục tiêu"):
        assert f">{kind}</span>" in html
    assert "15/11/2024" in html and "tháng 12/2024" in html  # dates written the one way


def test_provenance_table_puts_disagreements_first(chunks, ingest_manifest):
    table = arrange(find_figure("GRDP bình quân đầu người", chunks, ingest_manifest))
    html = fmt.provenance_html("GRDP bình quân đầu người", table)
    first, rest = html.split("Mọi chỗ nêu, theo chỉ tiêu", 1)
    assert "⚠ Các văn bản ghi khác nhau" in first and "đến năm 2030 · Cần Thơ · mục tiêu" in first
    # The programme of 20/4/2026 leads; only the rows of the disagreement are tinted.
    lead = first.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "văn bản mới nhất / chính thức hơn" in lead and "20/04/2026" in lead and DOC001 in lead
    tinted = sum(r.disagrees for r in table.rows)
    assert first.count("<tr class='hvk-disagree'>") == rest.count("<tr class='hvk-disagree'>") == tinted == 4
    assert ">kịch bản</span>" in rest  # the growth scenarios, labelled and not tinted


def test_provenance_messages():
    assert "Nhập một số liệu" in fmt.provenance_html("", FigureTable((), ()))
    assert "Không có văn kiện nào nêu “<x>”" not in fmt.provenance_html("<x>", FigureTable((), ()))
    assert "&lt;x&gt;" in fmt.provenance_html("<x>", FigureTable((), ()))


# --- follow-up questions -------------------------------------------------------------------------------

PREVIOUS = "số bác sĩ trên vạn dân của Cần Thơ năm 2025?"


@pytest.mark.parametrize("question,previous,expected", [
    ("còn Sóc Trăng thì sao?", PREVIOUS, "số bác sĩ trên vạn dân của Sóc Trăng năm 2025?"),
    ("năm 2030?", PREVIOUS, "số bác sĩ trên vạn dân của Cần Thơ năm 2030?"),
    ("thế còn Hậu Giang?", PREVIOUS, "số bác sĩ trên vạn dân của Hậu Giang năm 2025?"),
    ("còn ở tỉnh Hậu Giang thì sao ạ?", PREVIOUS, "số bác sĩ trên vạn dân của Hậu Giang năm 2025?"),
    ("Sóc Trăng năm 2020?", PREVIOUS, "số bác sĩ trên vạn dân của Sóc Trăng năm 2020?"),
    ("năm 2025?", "chỉ tiêu bác sỹ/vạn dân 2030?", "chỉ tiêu bác sỹ/vạn dân 2025?"),
    ("thế còn Hậu Giang?", "chỉ tiêu bác sỹ/vạn dân 2030?", "chỉ tiêu bác sỹ/vạn dân 2030 của Hậu Giang?"),
    ("còn Thừa Thiên Huế", PREVIOUS, "số bác sĩ trên vạn dân của Thừa Thiên Huế năm 2025?"),
    ("2020 và 2025?", PREVIOUS, "số bác sĩ trên vạn dân của Cần Thơ năm 2020 và 2025?"),
])
def test_followup_rewrites(question, previous, expected):
    assert rewrite_followup(question, previous) == expected


@pytest.mark.parametrize("question,previous", [
    ("ba khâu đột phá là gì?", PREVIOUS),  # a new question
    ("còn tỷ lệ hộ nghèo thì sao?", PREVIOUS),  # a new indicator, no locality or year
    ("tỷ lệ hộ nghèo Sóc Trăng 2024?", PREVIOUS),  # a full question that names a locality
    ("năm 2025?", None),  # nothing to follow
    ("năm 2025?", "  "),
    ("còn Cần Thơ năm 2025?", PREVIOUS),  # asks the same again
])
def test_not_followups(question, previous):
    assert rewrite_followup(question, previous) is None


def test_followup_detection_is_about_short_questions():
    assert is_followup("còn Sóc Trăng thì sao?")
    assert not is_followup("tỷ lệ hộ nghèo của tỉnh Sóc Trăng năm 2024 theo báo cáo kết quả thực hiện nghị quyết?")


# --- login --------------------------------------------------------------------------------------------

def test_hash_and_verify():
    encoded = hash_password("mật khẩu đúng", iterations=1000)
    algorithm, iterations, salt, digest = encoded.split("$")
    assert algorithm == "pbkdf2_sha256" and iterations == "1000" and len(salt) == 32 and len(digest) == 64
    assert verify_password("mật khẩu đúng", encoded)
    assert not verify_password("mật khẩu sai", encoded)
    assert hash_password("x", 1000) != hash_password("x", 1000)  # salted


@pytest.mark.parametrize("encoded", ["", "plain", "md5$1$a$b", "pbkdf2_sha256$x$a$b", "pbkdf2_sha256$1000$a"])
def test_malformed_hashes_never_verify(encoded):
    assert not verify_password("x", encoded)


def test_users_from_file_and_env(tmp_path):
    users = {"an": hash_password("1", 1000)}
    path = tmp_path / "users.json"
    path.write_text(json.dumps(users), encoding="utf-8")
    assert load_users(str(path)) == users
    assert load_users("", json.dumps(users)) == users
    assert load_users("", "") == {}
    assert load_users(str(path), "{}") == users  # the file wins


@pytest.mark.parametrize("content,message", [
    ("{", "không đọc được"), ('["an"]', "đối tượng JSON"), ('{"an": "plain-password"}', "python -m ui.auth hash"),
])
def test_bad_users_file_is_refused(tmp_path, content, message):
    path = tmp_path / "users.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AuthError, match=message):
        load_users(str(path))


def test_missing_users_file(tmp_path):
    with pytest.raises(AuthError, match="Không thấy"):
        load_users(str(tmp_path / "none.json"))


def test_authenticator():
    check = make_authenticator({"an": hash_password("bí mật", 1000)})
    assert check("an", "bí mật")
    assert not check("an", "sai") and not check("bình", "bí mật") and not check("", "")


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                           ("example.org", False)])
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_non_loopback_needs_users():
    from config import load_config

    with pytest.raises(AuthError, match="chưa cấu hình đăng nhập"):
        check_auth(load_config(env={}, host="0.0.0.0"))
    assert check_auth(load_config(env={})) == {}
    users = {"HVK_USERS": json.dumps({"an": hash_password("1", 1000)})}
    assert set(check_auth(load_config(env=users, host="0.0.0.0"))) == {"an"}


# --- feedback ------------------------------------------------------------------------------------------

def test_feedback_record(citation_285):
    state = Answer("chỉ tiêu bác sỹ/vạn dân 2030?", "đạt **19**", True, [citation_285]).to_dict()
    record = feedback_record(state, "nguồn sai")
    assert record["verdict"] == "nguồn sai" and record["question"] == "chỉ tiêu bác sỹ/vạn dân 2030?"
    assert record["citations"] == [{"file": VAN_KIEN, "line_start": 285, "line_end": 285,
                                    "title": citation_285.title, "section": citation_285.section}]
    assert "T" in record["time"] and record["time"].endswith("+00:00")
    with pytest.raises(ValueError):
        feedback_record(state, "tuyệt")


def test_feedback_log_appends_from_many_threads(tmp_path):
    log = FeedbackLog(tmp_path / "new" / "feedback.jsonl")
    state = {"question": "q", "answer": "a", "citations": []}
    threads = [threading.Thread(target=lambda: [log.append(feedback_record(state, "đúng")) for _ in range(25)])
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 and all(json.loads(line)["verdict"] == "đúng" for line in lines)


# --- handlers without a server ----------------------------------------------------------------------------

class Serving:
    """What Handlers read the service from (a LiveService in the app): one fixed service."""

    def __init__(self, service):
        self.current = service


class StubService:
    """Answers from a table; raises what the real service may raise."""

    def __init__(self, answers: dict, error: Exception | None = None, documents=None):
        self.answers, self.error, self.asked, self.documents = answers, error, [], documents

    def answer(self, question, files=None):
        self.asked.append((question, files))
        if self.error:
            raise self.error
        return self.answers[question]


@pytest.fixture()
def handlers_for(store, tmp_path):
    from config import load_config
    from ui.handlers import Handlers

    def make(service):
        service.documents = store
        return Handlers(Serving(service), FeedbackLog(tmp_path / "feedback.jsonl"), load_config(env={}))
    return make


def test_ask_shows_searching_first_then_the_answer(handlers_for, citation_285):
    from ui.handlers import PENDING, new_session

    q = "chỉ tiêu bác sỹ/vạn dân 2030?"
    h = handlers_for(StubService({q: Answer(q, "đạt **19** bác sỹ", True, [citation_285])}))
    steps = list(h.ask(q, [], [VAN_KIEN, "../secret"], new_session()))
    assert len(steps) >= 3  # searching, the text coming in, the answer with its sources
    box, chat, sources, session = steps[0]
    assert chat[-1]["content"] == PENDING and sources == fmt.SEARCHING_HTML
    box, chat, sources, session = steps[-1]
    assert "**19**" in chat[-1]["content"] and "hvk-card" in sources
    assert 'class="hvk-cite" href="#hvk/000_b50851294415a046.txt/285/285"' in chat[-1]["content"]
    assert session["previous"] == q and session["answers"]["1"]["answer"] == "đạt **19** bác sỹ"
    assert h.service.asked == [(q, {VAN_KIEN})]  # unknown ids are dropped from the filter


def test_ask_rewrites_followups(handlers_for, citation_285):
    from ui.handlers import new_session

    full = "số bác sĩ trên vạn dân của Hậu Giang năm 2025?"
    h = handlers_for(StubService({full: Answer(full, "**10** bác sĩ", True, [citation_285])}))
    session = dict(new_session(), previous="số bác sĩ trên vạn dân của Sóc Trăng năm 2025?")
    *_, (box, chat, sources, session) = h.ask("còn Hậu Giang thì sao?", [], [], session)
    assert chat[0]["content"] == "còn Hậu Giang thì sao?"
    assert chat[-1]["content"].startswith(f"_Đã hiểu câu hỏi là: “{full}”_")
    assert session["previous"] == full and session["last"]["asked"] == "còn Hậu Giang thì sao?"


def test_ask_turns_index_errors_into_messages(handlers_for):
    import gradio as gr

    from index.store import IndexProblem
    from ui.handlers import new_session

    h = handlers_for(StubService({}, IndexProblem("chỉ mục hỏng")))
    steps = h.ask("câu hỏi", [], [], new_session())
    next(steps)
    box, chat, sources, session = next(steps)
    assert "chỉ mục hỏng" in chat[-1]["content"] and "hvk-error" in sources
    with pytest.raises(gr.Error):
        next(steps)


def test_ask_hides_unexpected_errors(handlers_for):
    import gradio as gr

    from ui.handlers import new_session

    steps = handlers_for(StubService({}, RuntimeError("secret internals"))).ask("câu hỏi", [], [], new_session())
    next(steps)
    box, chat, sources, session = next(steps)
    assert "secret internals" not in chat[-1]["content"] and "thử lại" in chat[-1]["content"]
    with pytest.raises(gr.Error):
        next(steps)


def test_empty_question_changes_nothing(handlers_for):
    from ui.handlers import new_session

    with pytest.warns(UserWarning):
        steps = list(handlers_for(StubService({})).ask("   ", [], [], new_session()))
    assert len(steps) == 1 and steps[0][1] == []


def test_feedback_from_buttons_and_flags(handlers_for, citation_285):
    import gradio as gr

    from ui.handlers import new_session

    q = "chỉ tiêu bác sỹ/vạn dân 2030?"
    h = handlers_for(StubService({q: Answer(q, "đạt **19**", True, [citation_285])}))
    *_, (_, chat, _, session) = h.ask(q, [], [], new_session())
    h.feedback("đúng", session)
    h.like(session, gr.LikeData(None, {"index": 1, "value": chat[1]["content"], "liked": "Nguồn sai"}))
    records = [json.loads(line) for line in h.feedback_log.path.read_text(encoding="utf-8").splitlines()]
    assert [r["verdict"] for r in records] == ["đúng", "nguồn sai"]
    assert all(r["question"] == q and r["citations"][0]["line_start"] == 285 for r in records)


def test_clicked_source_opens_the_viewer(handlers_for):
    import gradio as gr

    h = handlers_for(StubService({}))
    tabs, file, start, end, html, citation = h.open_clicked(
        gr.EventData(None, {"file": VAN_KIEN, "start": "285", "end": "285"}))
    assert tabs.selected == "viewer" and (file, start, end) == (VAN_KIEN, 285, 285)
    assert "hvk-cited" in html and "dòng 285" in citation
    _, _, _, _, html, citation = h.open_clicked(gr.EventData(None, {"file": "../config.py", "start": 1, "end": 1}))
    assert "Không có văn bản" in html and citation == ""


def test_document_list_row_opens_the_document(handlers_for):
    import gradio as gr

    h = handlers_for(StubService({}))
    file, start, end, html, _ = h.open_manifest_row(gr.SelectData(None, {"index": [3, 1], "value": "x"}))
    assert file == "003_ca8570c1181f02a1.txt" and (start, end) == (1, 1) and "hvk-line-1" in html


# --- chat messages: sentences, [n] links, their own sources ---------------------------------------------

def _cite(file, line, quote, title="Văn bản", date="2025-09", status="dự thảo"):
    return Citation(file, title, date, f"{title} › Mục", line, line, quote, status)


def test_dates_are_written_one_way():
    assert fmt.format_date("2026-04-29") == "29/04/2026" and fmt.format_date("2024-11-15") == "15/11/2024"
    assert fmt.format_date("2025-09") == "tháng 9/2025" and fmt.format_date("") == ""
    assert fmt.dates_vi("Báo cáo (tài liệu tham khảo, 2025-07) ghi khác") == "Báo cáo (tài liệu tham khảo, tháng 7/2025) ghi khác"
    assert fmt.dates_vi("giai đoạn 2025-2030, ngày 2026-04-20") == "giai đoạn 2025-2030, ngày 20/04/2026"


def test_list_numbering_and_table_paths_leave_the_answer_text():
    from ui import chat

    assert chat.strip_numbering("(13) Đến năm 2030: phần đầu đạt **19**") == "Đến năm 2030: phần đầu đạt **19**"
    assert chat.strip_numbering("4.1. Đào tạo nguồn nhân lực") == "Đào tạo nguồn nhân lực"
    assert chat.strip_numbering("**2.1. Mục tiêu tổng quát:** Đến năm 2030") == "**Mục tiêu tổng quát:** Đến năm 2030"
    assert chat.strip_numbering("a) phát triển") == "Phát triển" and chat.strip_numbering("- Tốc độ") == "Tốc độ"
    assert chat.strip_numbering("III- Mục tiêu") == "Mục tiêu" and chat.strip_numbering("**16** (*) Xây dựng") == "Xây dựng"
    assert chat.strip_numbering("57.000 tỷ đồng") == "57.000 tỷ đồng"  # a number, not numbering
    assert chat.untangle_path("Tỷ lệ hộ nghèo — Năm 2024 › Ước thực hiện cả năm: **0,09**%") == \
        "Tỷ lệ hộ nghèo — năm 2024, ước thực hiện cả năm: **0,09**%"


def test_answer_lines_mark_cuts_and_carry_their_citations(citation_285):
    from ui import chat

    whole = Answer("q", LINE_285.replace("19", "**19**", 1) + "; đạt tỷ lệ bao phủ…", True, [citation_285])
    lines = chat.answer_lines(whole)
    assert len(lines) == 1 and lines[0].markers == (1,)
    assert lines[0].text.startswith("Đến năm 2030: phần đầu đạt **19**") and lines[0].text.endswith(" …")
    cut = Answer("q", "(2) Tổng thu ngân sách hằng năm tăng khoảng **15**%", True,
                 [_cite("a.txt", 9, "(2) Tổng thu ngân sách hằng năm tăng khoảng 15%; phấn đấu đến năm 2030 ước đạt 57.000 tỷ đồng.")])
    assert chat.answer_lines(cut)[0].text == "Tổng thu ngân sách hằng năm tăng khoảng **15**% …"
    sentence = Answer("q", "- Tốc độ tăng trưởng đạt **10**%/năm trở lên.", True,
                      [_cite("a.txt", 3, "- Tốc độ tăng trưởng đạt 10%/năm trở lên.\nCâu sau.")])
    assert chat.answer_lines(sentence)[0].text == "Tốc độ tăng trưởng đạt **10**%/năm trở lên."  # whole sentence: no '…'


def test_list_answer_is_a_lead_and_bullets_each_with_its_source():
    from ui import chat

    cites = [_cite("a.txt", 10, "4. Về các khâu đột phá"), _cite("a.txt", 12, "4.1. Đào tạo nguồn nhân lực chất lượng cao."),
             _cite("a.txt", 14, "4.2. Đầu tư hạ tầng giao thông; hạ tầng số")]
    answer = Answer("q", "4. Về các khâu đột phá\n4.1. Đào tạo nguồn nhân lực chất lượng cao.\n4.2. Đầu tư hạ tầng giao thông",
                    True, cites)
    body = chat.body_markdown(chat.answer_lines(answer), answer.citations)
    lead, bullets = body.split("\n\n")
    assert lead.startswith("Về các khâu đột phá: <a class=\"hvk-cite\" href=\"#hvk/a.txt/10/10\"")
    assert bullets.split("\n")[0].startswith("- Đào tạo nguồn nhân lực chất lượng cao. <a class=\"hvk-cite\" href=\"#hvk/a.txt/12/12\"")
    assert bullets.split("\n")[1].startswith("- Đầu tư hạ tầng giao thông … <a") and "(13)" not in body and "4.1" not in body


def test_message_carries_its_own_sources_and_conflicts(citation_285):
    from ui import chat

    other = Citation("004_10fced73fa7337e4.txt", "Báo cáo", "2025-07", "S", 394, 394, "tối thiểu 20 bác sĩ", "tài liệu tham khảo")
    answer = Answer("q", "(13) Đến năm 2030: phần đầu đạt **19** bác sỹ/vạn dân", True, [citation_285],
                    [Conflict("tối thiểu **20** bác sĩ", other, "Báo cáo (tài liệu tham khảo, 2025-07) ghi khác")])
    message = chat.message(answer)
    assert message.count('<details class="hvk-src">') == 1 and "\n\n" not in message.split("<details", 1)[1]
    assert f'href="#hvk/{VAN_KIEN}/285/285"' in message and "[1]</a>" in message
    assert "Nguồn: [1] Dự thảo Báo cáo chính trị Đại hội I, tháng 9/2025" in message
    assert "⚠ Báo cáo (tài liệu tham khảo, tháng 7/2025) ghi khác: **20**" in message
    assert "<mark>19</mark>" in message and "<mark>20</mark>" in message and "data-file" not in message
    assert 'class="hvk-open" href="#hvk/004_10fced73fa7337e4.txt/394/394"' in message


def test_message_says_filter_cut_and_doubt(citation_285):
    from ui import chat

    answer = Answer("q", "đạt **19**", True, [citation_285],
                    notes=["Câu hỏi dài quá 2000 ký tự nên chỉ dùng phần đầu.", "Đoạn gần nhất chỉ khớp 40% nội dung câu hỏi."])
    message = chat.message(answer, scope=["Dự thảo các văn kiện"], cut=chat.cut_note(2000))
    assert "Đang lọc: chỉ tìm trong 1 văn bản đã chọn — Dự thảo các văn kiện" in message
    assert "Câu hỏi dài quá 2.000 ký tự; chỉ dùng phần đầu" in message and "2000 ký tự nên" not in message
    assert "Có thể chưa chính xác: đoạn gần nhất chỉ khớp 40% nội dung câu hỏi" in message
    assert message.index("Đang lọc") < message.index("đạt **19**")
    bare = chat.message(Answer("q", "đạt **19**", True))
    assert "Có thể chưa chính xác: câu trả lời không có trích dẫn nào để đối chiếu" in bare
    assert "Có thể chưa chính xác" not in chat.message(Answer("q", "đạt **19**", True, [citation_285]))


def test_not_found_message_lists_the_closest_passages():
    from ui import chat

    answer = Answer("GDP Hà Nội?", "Không tìm thấy…", False, notes=["Văn kiện không đề cập địa phương được hỏi: Hà Nội."])
    near = [Passage(VAN_KIEN, 922, 933, "Phụ lục", "Phụ lục › A", "GRDP <b>bình quân</b>")]
    message = chat.message(answer, suggestions=near)
    assert "Không tìm thấy" in message and "Hà Nội" in message and "Có thể chưa chính xác" not in message
    assert "Các đoạn gần nhất (1)" in message and f'href="#hvk/{VAN_KIEN}/922/933"' in message and "<b>bình" not in message


def test_streaming_sends_the_text_before_the_sources(citation_285):
    from ui import chat

    answer = Answer("q", LINE_285.replace("19", "**19**", 1), True, [citation_285])
    parts = chat.streaming(answer, scope=["A"])
    assert len(parts) > 2 and all(p.endswith(chat.CURSOR) for p in parts)
    assert all("Đang lọc" in p and "hvk-cite" not in p and "<details" not in p for p in parts)
    assert all(p.count("**") % 2 == 0 for p in parts)
    assert len(parts[0]) < len(parts[-1])


@pytest.mark.parametrize("first,last,expected", [
    (285, 285, (285, 285, False)),
    (5000, 6000, (1853, 1853, True)),
    (0, 3, (1, 3, True)),
    (10, 5, (10, 10, True)),
    (1850, 1900, (1850, 1853, True)),
])
def test_impossible_viewer_ranges_are_said(first, last, expected):
    start, end, note = fmt.fit_range(1853, first, last)
    assert (start, end, bool(note)) == expected
    if note:
        assert note.startswith("Không hiện được") and f"đang hiện {fmt.lines_label(start, end)}" in note


def test_viewer_handler_shows_what_it_shows_instead(handlers_for):
    import gradio as gr

    h = handlers_for(StubService({}))
    n = len(h.store.lines(VAN_KIEN))
    html, citation = h.view(VAN_KIEN, 5000, 6000)
    assert "hvk-range-note" in html and f"văn bản chỉ có {n} dòng" in html and f"dòng {n} [" in citation
    assert h.fit_inputs(VAN_KIEN, 5000, 6000) == (n, n) and h.fit_inputs(VAN_KIEN, 285, 285) == (gr.skip(), gr.skip())


def test_stop_marks_the_unfinished_answer(handlers_for):
    from ui import chat
    from ui.handlers import PENDING, STOPPED, STOPPED_EARLY, new_session

    h = handlers_for(StubService({}))
    history = [{"role": "user", "content": [{"type": "text", "text": "q"}]},
               {"role": "assistant", "content": "Đến năm 2030" + chat.CURSOR}]
    history, *_, stored = h.stopped(history, new_session())
    assert history[-1]["content"] == "Đến năm 2030\n\n" + STOPPED and stored["chat"] == history
    history, *_ = h.stopped([{"role": "user", "content": "q"}, {"role": "assistant", "content": PENDING}], new_session())
    assert history[-1]["content"] == STOPPED_EARLY


def test_chat_survives_a_reload_through_the_browser_storage(handlers_for, citation_285):
    import gradio as gr

    from ui.handlers import new_session

    q = "chỉ tiêu bác sỹ/vạn dân 2030?"
    h = handlers_for(StubService({q: Answer(q, "đạt **19** bác sỹ", True, [citation_285])}))
    *_, (_, chat_, _, session) = h.ask(q, [], [], new_session())
    *_, stored = h.finished(chat_, session)
    history, restored, panel = h.restore(stored, [])
    assert history == chat_ and restored["previous"] == q and "answers" in restored
    assert h.restore(stored, chat_) == (gr.skip(), gr.skip(), gr.skip())  # a chat on screen is left alone
    assert h.restore({"chat": "x", "session": 3}, [])[0] == []  # storage is input: checked
    panel = h.select_answer(restored, gr.SelectData(None, {"index": 1, "value": ""}))
    assert "hvk-card" in panel and "<mark>19</mark>" in panel


def test_long_question_is_cut_and_said(handlers_for, citation_285):
    from ui.handlers import new_session

    long_q = "chỉ tiêu bác sỹ/vạn dân 2030? " * 200
    h = handlers_for(StubService({long_q.strip(): Answer(long_q, "đạt **19**", True, [citation_285],
                                                         notes=["Câu hỏi dài quá 2000 ký tự nên chỉ dùng phần đầu."])}))
    *_, (_, chat_, _, _) = h.ask(long_q, [], [], new_session())
    assert "Câu hỏi dài quá 2.000 ký tự; chỉ dùng phần đầu" in chat_[-1]["content"]
    assert len(chat_[0]["content"]) <= 2002 and chat_[0]["content"].endswith("…")


def test_library_form_is_disabled_without_an_admin(tmp_path):
    import gradio as gr

    from config import load_config
    from ui.library import NOT_LOGGED_IN, LibraryHandlers

    h = LibraryHandlers(None, load_config(env={}, admins="quantri"), "T")
    notice, files, add = h.access(gr.Request(username=None))
    assert notice["value"] == NOT_LOGGED_IN and files["interactive"] is False and add["interactive"] is False
    notice, files, add = h.access(gr.Request(username="daibieu"))
    assert "không có quyền" in notice["value"] and add["interactive"] is False
    notice, files, add = h.access(gr.Request(username="quantri"))
    assert files["interactive"] is True and add["interactive"] is True


def test_gradio_strings_have_vietnamese():
    from ui.i18n import VI, core_module

    assert VI["upload_text"]["drop_file"] == "Thả tệp vào đây" and VI["common"]["error"] == "Lỗi"
    assert core_module() and core_module().startswith("core-")
