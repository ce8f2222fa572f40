"""The "Thêm văn bản" tab: admins add documents, the index is rebuilt in the background.

Only logged-in users named in HVK_ADMINS may upload. Each file is checked completely
(name, size, content type, parse) before it enters the corpus; the chat keeps answering
from the old index until the new one is swapped in.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from answer.live import LiveService
from config import Config
from ingest.document import SUFFIXES, IngestError
from ingest.intake import add_to_corpus
from ui import format as fmt
from ui.handlers import error

log = logging.getLogger(__name__)


NOT_LOGGED_IN = ("🔒 **Chưa đăng nhập bằng tài khoản quản trị**: không thêm được văn bản. Đăng nhập bằng một "
                 "tài khoản có tên trong HVK_ADMINS (cần đặt HVK_AUTH_FILE hoặc HVK_USERS) để dùng mục này.")


def not_admin(user: str) -> str:
    return f"🔒 **Tài khoản “{user}” không có quyền thêm văn bản** (không có tên trong HVK_ADMINS)."


@dataclass
class LibraryTab:
    notice: gr.Markdown
    files: gr.File
    add: gr.Button
    result: gr.Markdown
    status: gr.Markdown
    refresh: gr.Button
    timer: gr.Timer


def library_tab() -> LibraryTab:
    # Disabled until the page's load event finds a logged-in admin (LibraryHandlers.access).
    notice = gr.Markdown(NOT_LOGGED_IN, elem_classes="hvk-library-notice")
    gr.Markdown("Thêm văn kiện mới (.docx, .pdf, .txt, .md). Chỉ tài khoản quản trị đã đăng nhập được thêm. "
                "Trong lúc lập chỉ mục lại, hỏi đáp vẫn dùng chỉ mục cũ; văn bản mới có mặt khi lập chỉ mục xong.")
    files = gr.File(label="Tệp văn bản", file_count="multiple", file_types=sorted(SUFFIXES), type="filepath",
                    interactive=False)
    add = gr.Button("Thêm vào kho và lập chỉ mục", variant="primary", interactive=False)
    result = gr.Markdown()
    with gr.Row():
        status = gr.Markdown()
        refresh = gr.Button("Cập nhật trạng thái", size="sm", scale=0, min_width=160)
    return LibraryTab(notice, files, add, result, status, refresh, gr.Timer(5))


class LibraryHandlers:
    def __init__(self, live: LiveService, config: Config, title: str):
        self.live = live
        self.config = config
        self.title = title

    def _require_admin(self, request: gr.Request | None) -> str:
        user = getattr(request, "username", None) if request else None
        if not user:
            raise error("Cần đăng nhập bằng tài khoản quản trị để thêm văn bản.")
        if user not in self.config.admin_users:
            raise error(f"Tài khoản “{user}” không có quyền thêm văn bản (HVK_ADMINS).")
        return user

    def access(self, request: gr.Request):
        """Page load: the form is usable only by a logged-in admin; anyone else is told why at the top."""
        user = getattr(request, "username", None) if request else None
        if user and user in self.config.admin_users:
            return (gr.update(value=f"Đăng nhập: **{fmt.esc(user)}** (quản trị).", visible=True),
                    gr.update(interactive=True), gr.update(interactive=True))
        message = not_admin(fmt.esc(user)) if user else NOT_LOGGED_IN
        return gr.update(value=message, visible=True), gr.update(interactive=False), gr.update(interactive=False)

    def upload(self, paths: list[str] | None, request: gr.Request) -> tuple[str, str]:
        """Add every acceptable file, refuse the others with their reason, then re-index."""
        user = self._require_admin(request)
        if not paths:
            raise error("Chưa chọn tệp nào.")
        added, refused = [], []
        for path in paths:
            name = Path(path).name
            try:
                doc = add_to_corpus(self.config, name, Path(path).read_bytes())
            except IngestError as e:
                refused.append(str(e))
                continue
            except OSError as e:
                log.exception("không lưu được tệp tải lên %s", name)
                refused.append(f"{name}: không lưu được ({e.strerror})")
                continue
            added.append(doc.file + (f" ({'; '.join(doc.notes)})" if doc.notes else ""))
            log.info("%s thêm văn bản %s", user, doc.file)
        if added:
            self.live.reindex()
        return fmt.upload_report(added, refused), self.live.status().describe()

    def status(self, seen: int):
        """The re-index status; the document pickers are refreshed once a new index serves."""
        status = self.live.status()
        if status.generation == seen or self.live.current is None:
            return status.describe(), seen, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        store = self.live.current.documents
        return (status.describe(), status.generation, fmt.app_header(self.title, len(store.files)),
                gr.update(choices=store.choices()), gr.update(choices=store.choices()),
                fmt.manifest_rows(store.entries))
