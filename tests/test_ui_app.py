"""The Gradio app end to end over HTTP: launched on a free loopback port, driven by gradio_client.

Uses the session-scoped `live_service` fixture (tests/conftest.py): the model and index
load once for the whole run.
"""
from __future__ import annotations


# Gradio and huggingface_hub read these at import; set before anything imports them.
import offline  # noqa: F401  (telemetry off before gradio is imported)

import json
import logging
import re
import time

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

from config import load_config
from tests.apps import launch
from ui.app import build_app
from ui.auth import hash_password
from ui.feedback import FeedbackLog
from ui.format import esc
from ui.handlers import Handlers
from ui.server import login_options, serve

VAN_KIEN = "000_b50851294415a046.txt"
LINE_285 = "(13) Đến năm 2030: phần đầu đạt 19 bác sỹ/vạn dân"
log = logging.getLogger(__name__)


@pytest.fixture(scope="module")
def app_config(tmp_path_factory):
    # Feedback goes to a temporary file; the corpus and index are the real ones.
    return load_config(env={}, data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def app_url(live_service, app_config):
    demo = build_app(live_service, app_config)
    url = launch(demo)
    yield url
    demo.close()


@pytest.fixture()
def client(app_url):
    return Client(app_url, verbose=False)


def last_message(chat: list) -> str:
    content = chat[-1]["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


def cited_spans(sources_html: str) -> list[tuple[str, int, int]]:
    return [(f, int(a), int(b)) for f, a, b in
            re.findall(r'class="hvk-open" data-file="([^"]+)" data-start="(\d+)" data-end="(\d+)"', sources_html)]


def test_endpoints_have_stable_names(client):
    names = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/ask", "/answer", "/view_document", "/figures", "/feedback_correct", "/feedback_wrong",
            "/feedback_wrong_source"} <= names


def test_ask_answers_with_figure_and_citation(client):
    t0 = time.perf_counter()
    box, chat, sources = client.predict("chỉ tiêu bác sỹ/vạn dân 2030?", [], [], api_name="/ask")
    log.info("answer through the UI in %.2f s", time.perf_counter() - t0)
    assert box == ""
    assert chat[0]["role"] == "user" and chat[-1]["role"] == "assistant"
    assert "**19**" in last_message(chat) and "[1]" in last_message(chat)
    assert (VAN_KIEN, 285, 285) in cited_spans(sources)
    assert "<mark>19</mark>" in sources


def test_cited_document_opens_at_the_span(client):
    _, _, sources = client.predict("chỉ tiêu bác sỹ/vạn dân 2030?", [], [], api_name="/ask")
    file, start, end = next(s for s in cited_spans(sources) if s[0] == VAN_KIEN)
    html, citation = client.predict(file, start, end, api_name="/view_document")
    hit = html.split("id='hvk-line-285'>", 1)[1].split("</div>", 1)[0]
    assert "hvk-cited" in hit and esc(LINE_285) in hit
    assert citation.startswith("Theo Dự thảo Báo cáo chính trị Đại hội I") and "dòng 285" in citation


@pytest.mark.parametrize("bad", ["../config.py", "/etc/passwd", "../../etc/passwd", "manifest.json"])
def test_viewer_rejects_unknown_ids(client, bad):
    # Ids are looked up among the served documents, never joined to a path.
    html, citation = client.predict(bad, 1, 1, api_name="/view_document")
    assert "Không có văn bản mã" in html and "hvk-line" not in html and citation == ""


def test_figure_provenance_timeline_and_csv(client):
    timeline, html, download = client.predict("18,02", api_name="/figures")
    assert "002_59c52569d25bb8c2.txt" in html and "003_ca8570c1181f02a1.txt" in html
    # A number typed alone plots the indicator it is stated for.
    assert "<svg" in timeline and "Diễn biến theo năm: bác sĩ/vạn dân" in timeline
    assert "#hvk/003_ca8570c1181f02a1.txt/51/51" in timeline
    path = download if isinstance(download, str) else download.get("value")
    with open(path, encoding="utf-8-sig") as f:
        csv_text = f.read()
    assert csv_text.startswith("chỉ tiêu,khoá chỉ tiêu (chuẩn hoá),giá trị,") and csv_text.count("\n") == 5
    assert "002_59c52569d25bb8c2.txt" in csv_text and "003_ca8570c1181f02a1.txt" in csv_text


def test_opening_the_figures_tab_readies_its_search(live_service, tmp_path):
    """The tab's select event: the passages' match keys and the chart's matplotlib, then a search as usual."""
    handlers = Handlers(live_service, FeedbackLog(tmp_path / "feedback.jsonl"), load_config(env={}))
    handlers.prepare_figures()
    timeline, html, _ = handlers.figures("18,02")
    assert "003_ca8570c1181f02a1.txt" in html and "<svg" in timeline


def test_figures_without_a_query(client):
    timeline, html, download = client.predict("", api_name="/figures")
    assert timeline == "" and "Nhập một số liệu" in html


def test_followup_is_rewritten_and_shown(client):
    _, chat, _ = client.predict("số bác sĩ trên vạn dân của Sóc Trăng năm 2025?", [], [], api_name="/ask")
    _, chat, _ = client.predict("còn Hậu Giang thì sao?", chat, [], api_name="/ask")
    assert len(chat) == 4
    assert "Đã hiểu câu hỏi là: “số bác sĩ trên vạn dân của Hậu Giang năm 2025?”" in last_message(chat)


def test_document_filter_limits_the_search(client):
    _, _, sources = client.predict("chỉ tiêu bác sỹ/vạn dân 2030?", [], [VAN_KIEN], api_name="/ask")
    assert {f for f, _, _ in cited_spans(sources)} == {VAN_KIEN}


def test_not_found_shows_closest_passages(client):
    _, chat, sources = client.predict("GDP bình quân đầu người của Hà Nội?", [], [], api_name="/ask")
    assert "Không tìm thấy" in last_message(chat)
    assert "hvk-notfound" in sources and len(cited_spans(sources)) == 3


def test_empty_question_is_a_warning_not_an_error(client):
    box, chat, _ = client.predict("   ", [], [], api_name="/ask")
    assert box == "" and chat == []


def test_feedback_is_appended(client, app_config):
    client.predict("chỉ tiêu bác sỹ/vạn dân 2030?", [], [], api_name="/ask")
    client.predict(api_name="/feedback_wrong_source")
    lines = app_config.feedback_path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[-1])
    assert record["verdict"] == "nguồn sai" and record["question"] == "chỉ tiêu bác sỹ/vạn dân 2030?"
    assert any(c["file"] == VAN_KIEN and c["line_start"] == 285 for c in record["citations"])
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", record["time"])


# --- login ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def protected_url(live_service, app_config):
    demo = build_app(live_service, app_config)
    url = launch(demo, **login_options({"an": hash_password("mật khẩu", 1000)}, app_config))  # as ui.server does
    yield url
    demo.close()


def test_login_required_when_configured(protected_url):
    with pytest.raises(AuthenticationError):
        Client(protected_url, verbose=False)
    with pytest.raises(ValueError, match="login"):
        Client(protected_url, auth=("an", "sai"), verbose=False)
    assert httpx.get(protected_url + "/config").status_code == 401
    client = Client(protected_url, auth=("an", "mật khẩu"), verbose=False)
    html, _ = client.predict(VAN_KIEN, 285, 285, api_name="/view_document")
    assert "hvk-cited" in html


def test_only_the_login_page_gets_its_vietnamese_script(protected_url, app_url):
    login = httpx.get(protected_url + "/")
    assert login.status_code == 200 and int(login.headers["content-length"]) == len(login.content)
    assert '"auth_required":true' in login.text and "core.load_translations" in login.text
    assert "tên đăng nhập" in login.text and "mật khẩu" in login.text
    assert "core.load_translations" not in httpx.get(app_url + "/").text


def test_serve_refuses_non_loopback_without_login(monkeypatch, caplog):
    monkeypatch.delenv("HVK_USERS", raising=False)
    t0 = time.perf_counter()
    with caplog.at_level(logging.ERROR, logger="ui.server"):
        assert serve(load_config(env={}, host="0.0.0.0")) == 2
    assert time.perf_counter() - t0 < 1  # refused before loading anything
    assert "chưa cấu hình đăng nhập" in caplog.text and "python -m ui.auth hash" in caplog.text


# --- streaming, limits --------------------------------------------------------------------------------------

def test_answer_streams_before_its_sources(client):
    job = client.submit("chỉ tiêu bác sỹ/vạn dân 2030?", [], [], api_name="/ask")
    final = job.result(timeout=120)
    outputs = job.outputs()
    partial = [last_message(chat) for _, chat, _ in outputs[:-1] if chat and chat[-1]["role"] == "assistant"]
    assert partial[0].startswith("⏳ Đang tìm")
    texts = [p for p in partial if p.endswith("▌")]
    assert len(texts) > 1 and len(texts[0]) < len(texts[-1])  # the text grows in more than one step
    assert all("hvk-cite" not in p and "<details" not in p for p in partial)  # citations come last
    done = last_message(final[1])
    assert "**19**" in done and "hvk-cite" in done and '<details class="hvk-src">' in done and "▌" not in done
    assert done.startswith("Đến năm 2030") and "(13)" not in done.split("<details")[0]


def test_answer_endpoint_gives_the_finished_answer_in_one_message(client):
    job = client.submit("chỉ tiêu bác sỹ/vạn dân 2030?", [], [], api_name="/answer")
    box, chat, sources = job.result(timeout=120)
    assert len(job.outputs()) == 1  # no "Đang tìm…", no partial text
    done = last_message(chat)
    assert box == "" and [m["role"] for m in chat] == ["user", "assistant"]
    assert "**19**" in done and "hvk-cite" in done and '<details class="hvk-src">' in done and "▌" not in done
    assert (VAN_KIEN, 285, 285) in cited_spans(sources)


def test_long_question_is_cut_and_says_so(client):
    question = ("chỉ tiêu bác sỹ/vạn dân 2030 " * 200)[:5000]
    _, chat, _ = client.predict(question, [], [], api_name="/ask")
    assert "Câu hỏi dài quá 2.000 ký tự; chỉ dùng phần đầu" in last_message(chat)
    assert len(chat[0]["content"] if isinstance(chat[0]["content"], str) else last_message(chat[:1])) < 2100


def test_filtered_search_says_so(client):
    _, chat, _ = client.predict("chỉ tiêu bác sỹ/vạn dân 2030?", [], [VAN_KIEN], api_name="/ask")
    assert "Đang lọc: chỉ tìm trong 1 văn bản đã chọn" in last_message(chat)


def test_impossible_viewer_range_says_what_it_shows(client):
    html, citation = client.predict(VAN_KIEN, 5000, 6000, api_name="/view_document")
    assert "Không hiện được dòng 5000–6000" in html and "văn bản chỉ có" in html and "hvk-cited" in html
