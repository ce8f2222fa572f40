"""Growing the library while the app serves: an admin uploads a real .docx and a real .pdf
through the HTTP API, a background re-index swaps the index in, and questions answered only
by the new files come back with paragraph and page citations. Meanwhile another user keeps
asking and never sees an error."""
from __future__ import annotations

import json
import threading
import time

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from answer.live import LiveService
from answer.service import service_for_current
from index.build import is_fresh
from tests.apps import launch
from tests.fakes import copy_of_served_corpus, make_docx, make_pdf
from tests.test_loaders import DOCX_BLOCKS, PDF_PAGES
from ui.app import build_app
from ui.auth import hash_password, make_authenticator
from ui.library import LibraryHandlers

ADMIN, READER, PASSWORD = "quantri", "daibieu", "mat-khau-thu"
BEDS = "Số trạm y tế xã đạt chuẩn quốc gia năm 2026 là bao nhiêu?"
CLASSROOMS = "Số phòng học kiên cố năm 2027?"
KNOWN = "chỉ tiêu bác sỹ/vạn dân 2030?"


def last_message(chat: list) -> str:
    content = chat[-1]["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


class Asker(threading.Thread):
    """A reader who keeps asking a known question through the API; records every failure."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.client = Client(url, auth=(READER, PASSWORD), verbose=False)
        self.stop = threading.Event()
        self.answers, self.errors = 0, []

    def run(self):
        while not self.stop.is_set():
            try:
                _, chat, _ = self.client.predict(KNOWN, [], [], api_name="/ask")
                if "**19**" not in last_message(chat):
                    self.errors.append(last_message(chat))
                self.answers += 1
            except Exception as e:  # any failure while the library grows is a defect
                self.errors.append(repr(e))


@pytest.fixture(scope="module")
def library(tmp_path_factory, answer_service):
    config = copy_of_served_corpus(tmp_path_factory.mktemp("library"), admins=ADMIN)
    assert is_fresh(config)
    service = service_for_current(config, answer_service.retriever.embedder)
    live = LiveService(config, service)
    users = {ADMIN: hash_password(PASSWORD, 1000), READER: hash_password(PASSWORD, 1000)}
    demo = build_app(live, config)
    url = launch(demo, auth=make_authenticator(users))
    files = tmp_path_factory.mktemp("uploads")
    (files / "bao-cao-y-te-2026.docx").write_bytes(make_docx(DOCX_BLOCKS))
    (files / "ke-hoach-giao-duc-2027.pdf").write_bytes(make_pdf(PDF_PAGES))
    yield config, live, url, files
    demo.close()


def test_reader_cannot_upload(library):
    _, live, url, files = library
    client = Client(url, auth=(READER, PASSWORD), verbose=False)
    with pytest.raises(AppError, match="không có quyền"):
        client.predict([handle_file(str(files / "bao-cao-y-te-2026.docx"))], api_name="/add_documents")
    assert live.status().generation == 0


def test_admin_adds_docx_and_pdf_while_the_app_keeps_answering(library):
    config, live, url, files = library
    asker = Asker(url)
    asker.start()
    admin = Client(url, auth=(ADMIN, PASSWORD), verbose=False)
    uploads = [handle_file(str(files / n)) for n in ("bao-cao-y-te-2026.docx", "ke-hoach-giao-duc-2027.pdf")]
    result, status = admin.predict(uploads, api_name="/add_documents")
    assert "Đã thêm" in result and "Không nhận" not in result
    assert "bao-cao-y-te-2026.docx" in result and "ke-hoach-giao-duc-2027.pdf" in result
    final = live.wait(timeout=600)
    time.sleep(1)  # let the reader ask at least once against the new index
    asker.stop.set()
    asker.join(timeout=60)
    assert final.generation == 1 and not final.last_error, final.describe()
    assert final.last_report.embedded < 40  # only the new documents' chunks were encoded
    assert asker.answers > 0 and asker.errors == []

    manifest = json.loads((config.corpus_dir / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name in ("bao-cao-y-te-2026.docx", "ke-hoach-giao-duc-2027.pdf"):
        assert "_review" in manifest[name]  # a draft entry a human corrects

    _, chat, sources = admin.predict(CLASSROOMS, [], [], api_name="/ask")
    assert "12.450" in last_message(chat)
    assert "ke-hoach-giao-duc-2027.pdf" in sources and "trang 2" in sources

    _, chat, sources = admin.predict(BEDS, [], [], api_name="/ask")
    assert "83" in last_message(chat)
    assert "bao-cao-y-te-2026.docx" in sources and "bảng 1, hàng 2" in sources

    html, citation = admin.predict("ke-hoach-giao-duc-2027.pdf", 1, 3, api_name="/view_document")
    assert "78,4%" in html and "trang 1" in citation

    # An open page learns of the new index on its next status tick: header and pickers.
    status, seen, header, chat_files, viewer_files, _ = LibraryHandlers(live, config, "Hỏi Văn Kiện").status(0)
    assert seen == 1 and "7 văn kiện" in header and "Đã lập chỉ mục 7 văn bản" in status
    assert "ke-hoach-giao-duc-2027.pdf" in [value for _, value in chat_files["choices"]]


def test_same_name_twice_is_refused_and_changes_nothing(library):
    config, live, url, files = library
    before = (config.corpus_dir / "manifest.json").read_bytes()
    generation = live.wait(timeout=600).generation
    admin = Client(url, auth=(ADMIN, PASSWORD), verbose=False)
    result, _ = admin.predict([handle_file(str(files / "bao-cao-y-te-2026.docx"))], api_name="/add_documents")
    assert "Không nhận" in result and "cùng tên" in result
    assert live.status().generation == generation and live.status().running is False
    assert (config.corpus_dir / "manifest.json").read_bytes() == before


def test_files_dropped_into_the_corpus_are_indexed_by_the_cli(tmp_path):
    import os
    import subprocess
    import sys

    from index import store
    from tests.fakes import REPO

    config = copy_of_served_corpus(tmp_path)
    (config.corpus_dir / "bao-cao-y-te-2026.docx").write_bytes(make_docx(DOCX_BLOCKS))
    (config.corpus_dir / "ghi-chu.md").write_text("# Ghi chú\n\nTỷ lệ che phủ rừng đạt 3,2%.\n", encoding="utf-8")
    env = {**os.environ, "HVK_CORPUS_DIR": str(config.corpus_dir), "HVK_DATA_DIR": str(config.data_dir)}
    done = subprocess.run([sys.executable, "app.py", "index"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Đã lập chỉ mục: 7 tệp" in done.stdout
    assert "mục nháp mới" in done.stdout and "bao-cao-y-te-2026.docx" in done.stdout
    encoded = int(done.stdout.split("mã hóa ", 1)[1].split(" ", 1)[0])
    assert 0 < encoded < 20  # the bundled five reuse their vectors
    folder, _ = store.open_current(config.index_dir)
    assert {"bao-cao-y-te-2026.docx", "ghi-chu.md"} <= {c.file for c in store.read_chunks(folder)}
    again = subprocess.run([sys.executable, "app.py", "index"], cwd=REPO, env=env, capture_output=True,
                           text=True, timeout=600)
    assert "Chỉ mục đã cập nhật" in again.stdout  # nothing changed: nothing re-embedded


def test_app_start_serves_a_stale_index_at_once_and_refreshes_it_in_the_background(tmp_path):
    config = copy_of_served_corpus(tmp_path)
    (config.corpus_dir / "ghi-chu.md").write_text("# Ghi chú\n\nTỷ lệ che phủ rừng đạt 3,2%.\n", encoding="utf-8")
    live = LiveService.start(config)
    deadline = time.monotonic() + 300
    while not (live.current and live.current.retriever.dense_ready) and time.monotonic() < deadline:
        time.sleep(0.05)
    first = live.current
    assert "ghi-chu.md" not in {c.file for c in first.retriever.chunks}  # the old index answers meanwhile
    assert "**19**" in first.answer(KNOWN).answer
    final = live.wait(timeout=600)
    assert final.generation == 1 and not final.last_error
    assert "ghi-chu.md" in {c.file for c in live.current.retriever.chunks}
    assert final.last_report.drafted == ["ghi-chu.md"]


def test_a_running_app_serves_the_index_another_process_published(tmp_path, answer_service):
    from index.build import build_index

    config = copy_of_served_corpus(tmp_path)
    embedder = answer_service.retriever.embedder
    live = LiveService(config, service_for_current(config, embedder))
    assert live.follow() is False  # nothing new yet
    # A maintainer re-indexes from a terminal (or another replica through a shared engine).
    (config.corpus_dir / "ghi-chu.md").write_text("# Ghi chú\n\nTỷ lệ che phủ rừng đạt 3,2%.\n", encoding="utf-8")
    build_index(config, progress=False, embedder_factory=lambda _: embedder)
    assert "ghi-chu.md" not in {c.file for c in live.current.retriever.chunks}
    assert live.follow() is True and live.status().generation == 1
    assert "ghi-chu.md" in {c.file for c in live.current.retriever.chunks}
    assert "3,2" in live.current.answer("tỷ lệ che phủ rừng đạt bao nhiêu?", files={"ghi-chu.md"}).answer
