"""The Gradio app: chat with sources, the document viewer, figure provenance, adding documents.

`build_app(service, config)` lays out four tabs and wires them to ui.handlers. Endpoints
have stable api_name values (ask, view_document, figures, feedback_*) for gradio_client.
Launch options (theme, css, Vietnamese built-in strings, no footer) are in `launch_options()`:
Gradio 6 takes them in launch().
"""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from answer.documents import DocumentStore
from answer.live import LiveService
from config import Config
from ui import format as fmt
from ui import styles
from ui.i18n import VI, core_module
from ui.feedback import FeedbackLog
from ui.handlers import Handlers, new_session
from ui.library import LibraryHandlers, LibraryTab, library_tab

TITLE = "Hỏi Văn Kiện"
EXAMPLE_QUESTIONS = (
    "chỉ tiêu bác sỹ/vạn dân 2030?",
    "tỷ lệ hộ nghèo ước thực hiện 2024 theo phụ lục I?",
    "ba khâu đột phá là gì?",
    "tổng thu ngân sách năm 2030?",
)
EXAMPLE_FIGURES = ("18,02", "57.000", "bác sĩ/vạn dân", "tỷ lệ hộ nghèo")
FEEDBACK_BUTTONS = (("✓ Đúng", "đúng", "feedback_correct"), ("✗ Sai", "sai", "feedback_wrong"),
                    ("⚠ Nguồn sai", "nguồn sai", "feedback_wrong_source"))


log = logging.getLogger(__name__)

PROGRESS_SECONDS = 2  # how often an open page refreshes the build progress


def launch_options() -> dict:
    """demo.launch() options: system fonts with Vietnamese letters (the browser fetches no web font,
    and no monospace font is used), Gradio's own strings in Vietnamese, no "Use via API · Built with
    Gradio · Settings" footer, and no run history kept in the browser."""
    fonts = list(styles.FONTS)
    theme = gr.themes.Default(font=fonts, font_mono=fonts)
    return {"theme": theme, "css": styles.APP_CSS, "i18n": gr.I18n(vi=VI), "js": styles.boot_js(core_module()),
            "footer_links": [], "run_history": False}


def browser_secret(config: Config) -> str:
    """The key of the chat kept in the browser: stable across restarts, so a reload after one keeps the chat."""
    path = Path(config.data_dir) / "browser-state.key"
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(24)
        path.write_text(key, encoding="utf-8")
        return key
    except OSError as e:
        log.warning("không lưu được khoá lịch sử trò chuyện ở %s: %s", path, e)
        return secrets.token_urlsafe(24)


@dataclass
class ChatTab:
    chatbot: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    stop: gr.Button
    new_chat: gr.Button
    files: gr.CheckboxGroup
    sources: gr.HTML
    examples: list[gr.Button]
    feedback: list[tuple[gr.Button, str, str]]


@dataclass
class ViewerTab:
    document: gr.Dropdown
    line_from: gr.Number
    line_to: gr.Number
    show: gr.Button
    viewer: gr.HTML
    citation: gr.Textbox
    manifest: gr.Dataframe


@dataclass
class FiguresTab:
    query: gr.Textbox
    search: gr.Button
    examples: list[gr.Button]
    timeline: gr.HTML
    table: gr.HTML
    download: gr.DownloadButton


def _chat_tab(store: DocumentStore, config: Config) -> ChatTab:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="Hỏi đáp", height=560, layout="panel", buttons=["copy"], elem_id="hvk-chat",
                                 autoscroll=False,  # the page's script follows each new answer (styles.CHAT_JS)
                                 feedback_options=[label for _, label, _ in FEEDBACK_BUTTONS],
                                 placeholder="Hỏi về các văn kiện: chỉ tiêu, số liệu, nhiệm vụ, đột phá…")
            with gr.Row():
                # No max_length: the browser would cut a long paste silently; the handler says so instead.
                question = gr.Textbox(show_label=False, placeholder="Nhập câu hỏi rồi nhấn Enter…", scale=5,
                                      lines=1, max_lines=6, autofocus=True)
                send = gr.Button("Hỏi", variant="primary", scale=1, min_width=80)
                stop = gr.Button("■ Dừng", variant="stop", scale=1, min_width=80, visible=False)
            with gr.Row(elem_classes="hvk-examples"):
                examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLE_QUESTIONS]
            with gr.Row():
                gr.Markdown("Câu trả lời mới nhất:")
                feedback = [(gr.Button(text, size="sm"), verdict, api) for text, verdict, api in FEEDBACK_BUTTONS]
                new_chat = gr.Button("Cuộc hội thoại mới", size="sm", variant="secondary")
            with gr.Accordion("Chỉ tìm trong một số văn bản", open=False):
                files = gr.CheckboxGroup(choices=store.choices(), value=[], show_label=False,
                                         info="Không chọn văn bản nào nghĩa là tìm trong tất cả.")
        with gr.Column(scale=2, elem_classes="hvk-side"):
            gr.Markdown("#### Nguồn của câu trả lời đang chọn")
            sources = gr.HTML(fmt.EMPTY_SOURCES_HTML, elem_id="hvk-sources", css_template=styles.SOURCES_CSS,
                              js_on_load=styles.CHAT_JS)
    return ChatTab(chatbot, question, send, stop, new_chat, files, sources, examples, feedback)


def _viewer_tab(store: DocumentStore) -> ViewerTab:
    with gr.Row():
        # Documents added while the app runs are not in the choices sent at page load; the
        # handler checks every id against the serving index, so a free value is safe.
        document = gr.Dropdown(choices=store.choices(), value=store.files[0] if store.files else None,
                               label="Văn bản", scale=4, allow_custom_value=True)
        line_from = gr.Number(value=1, label="Từ dòng", precision=0, minimum=1, scale=1)
        line_to = gr.Number(value=1, label="Đến dòng", precision=0, minimum=1, scale=1)
        show = gr.Button("Xem", variant="primary", scale=1, min_width=80)
    viewer = gr.HTML(fmt.message_html("Chọn văn bản và dòng, hoặc bấm “Mở trong văn bản” ở một nguồn trích dẫn."),
                     css_template=styles.VIEWER_CSS, js_on_load=styles.REVEAL_CITED_JS)
    citation = gr.Textbox(label="Trích dẫn chính thức (sao chép để dùng)", buttons=["copy"], interactive=False, lines=2)
    with gr.Accordion("Danh mục văn bản", open=True):
        manifest = gr.Dataframe(value=fmt.manifest_rows(store.entries), headers=fmt.MANIFEST_HEADERS,
                                interactive=False, wrap=True, type="array", max_height=400)
    return ViewerTab(document, line_from, line_to, show, viewer, citation, manifest)


def _figures_tab() -> FiguresTab:
    gr.Markdown("Tìm mọi chỗ trong các văn kiện nêu một **số liệu** (18,02 · 57.000) hoặc một **chỉ tiêu** "
                "(bác sĩ/vạn dân · tỷ lệ hộ nghèo). Biểu đồ cho thấy chỉ tiêu theo năm; bấm một điểm để mở dòng "
                "nguồn. Mỗi số liệu ghi rõ loại: kết quả, ước thực hiện, mục tiêu, kế hoạch, kịch bản. Chỉ tô vàng "
                "chỗ các văn bản ghi khác nhau cho cùng chỉ tiêu, kỳ, địa phương và loại số liệu; các chỗ này đứng "
                "đầu danh sách.")
    with gr.Row():
        query = gr.Textbox(show_label=False, placeholder="Số liệu hoặc chỉ tiêu…", scale=5, max_length=200)
        search = gr.Button("Tra cứu", variant="primary", scale=1, min_width=80)
        download = gr.DownloadButton("Tải CSV", visible=False, scale=1, min_width=80)
    with gr.Row(elem_classes="hvk-examples"):
        examples = [gr.Button(q, size="sm", variant="secondary") for q in EXAMPLE_FIGURES]
    timeline = gr.HTML("", css_template=styles.TIMELINE_CSS, js_on_load=styles.OPEN_BUTTON_JS, elem_id="hvk-timeline")
    table = gr.HTML(fmt.message_html("Kết quả tra cứu sẽ hiện ở đây."), css_template=styles.PROVENANCE_CSS,
                    js_on_load=styles.OPEN_BUTTON_JS, elem_id="hvk-figures")
    return FiguresTab(query, search, examples, timeline, table, download)


def _wire_chat(h: Handlers, chat: ChatTab, session: gr.State, stored: gr.BrowserState) -> None:
    ask_io = dict(inputs=[chat.question, chat.chatbot, chat.files, session],
                  outputs=[chat.question, chat.chatbot, chat.sources, session])
    busy = dict(fn=lambda: (gr.update(visible=False), gr.update(visible=True)), outputs=[chat.send, chat.stop],
                queue=False, api_visibility="private")
    done = dict(fn=h.finished, inputs=[chat.chatbot, session], outputs=[chat.send, chat.stop, stored],
                queue=False, api_visibility="private")
    # One pool for every way of asking in the chat: a streamed answer mostly waits between its messages.
    stream = dict(ask_io, concurrency_limit=h.config.stream_concurrency, concurrency_id="chat-stream")
    # "Dừng" replaces "Hỏi" before the answer starts, never after: run side by side, a quick answer's
    # `done` could land first and leave "Hỏi" hidden for good on a loaded machine.
    runs = [chat.question.submit(**busy).then(h.ask, api_name="ask", **stream),
            chat.send.click(**busy).then(h.ask, api_visibility="private", **stream)]
    # Never shown: its click is the API's /answer, in one message and under the default concurrency,
    # for clients that read only the result.
    gr.Button(visible=False).click(h.answer, api_name="answer", **ask_io)
    for button, text in zip(chat.examples, EXAMPLE_QUESTIONS):
        runs.append(button.click(lambda q=text: q, outputs=chat.question, api_visibility="private", queue=False)
                    .then(**busy).then(h.ask, api_visibility="private", **stream))
    for run in runs:
        run.then(**done)
    chat.stop.click(h.stopped, inputs=[chat.chatbot, session], outputs=[chat.chatbot, chat.send, chat.stop, stored],
                    cancels=runs, queue=False, api_visibility="private")
    fresh = dict(fn=h.new_chat, outputs=[chat.chatbot, session, chat.sources, stored], cancels=runs,
                 api_visibility="private")
    chat.new_chat.click(**fresh).then(**done)
    chat.chatbot.clear(**fresh).then(**done)
    chat.chatbot.select(h.select_answer, inputs=session, outputs=chat.sources, api_visibility="private")
    for button, verdict, api in chat.feedback:
        button.click(lambda s, v=verdict: h.feedback(v, s), inputs=session, api_name=api)
    chat.chatbot.like(h.like, inputs=session, api_visibility="private")


def _wire_viewer(h: Handlers, viewer: ViewerTab, sources: list[gr.HTML], tabs: gr.Tabs) -> None:
    view_io = dict(inputs=[viewer.document, viewer.line_from, viewer.line_to],
                   outputs=[viewer.viewer, viewer.citation])
    viewer.show.click(h.view, api_name="view_document", **view_io) \
        .then(h.fit_inputs, inputs=[viewer.document, viewer.line_from, viewer.line_to],
              outputs=[viewer.line_from, viewer.line_to], api_visibility="private", queue=False)
    viewer.document.input(lambda f: (1, 1) + h.view(f, 1, 1), inputs=viewer.document,
                          outputs=[viewer.line_from, viewer.line_to, viewer.viewer, viewer.citation],
                          api_visibility="private")
    opened = [tabs, viewer.document, viewer.line_from, viewer.line_to, viewer.viewer, viewer.citation]
    for panel in sources:
        panel.click(h.open_clicked, outputs=opened, api_visibility="private")
    viewer.manifest.select(h.open_manifest_row, outputs=opened[1:], api_visibility="private")


def _wire_figures(h: Handlers, figures: FiguresTab) -> None:
    io = dict(inputs=figures.query, outputs=[figures.timeline, figures.table, figures.download])
    figures.search.click(h.figures, api_name="figures", **io)
    figures.query.submit(h.figures, api_visibility="private", **io)
    for button, text in zip(figures.examples, EXAMPLE_FIGURES):
        button.click(lambda q=text: q, outputs=figures.query, api_visibility="private", queue=False) \
            .then(h.figures, api_visibility="private", **io)


def _wire_library(h: LibraryHandlers, library: LibraryTab, header: gr.Markdown, chat: ChatTab,
                  viewer: ViewerTab, seen: gr.State) -> None:
    library.add.click(h.upload, inputs=library.files, outputs=[library.result, library.status],
                      api_name="add_documents", concurrency_limit=1)
    refresh_io = dict(inputs=seen, outputs=[library.status, seen, header, chat.files, viewer.document, viewer.manifest],
                      api_visibility="private", queue=False)
    library.refresh.click(h.status, **refresh_io)
    library.timer.tick(h.status, **refresh_io)


def build_app(live: LiveService, config: Config) -> gr.Blocks:
    """The whole app over the live service, whose index a background re-index may replace."""
    handlers = Handlers(live, FeedbackLog(config.feedback_path), config)
    # The page comes up before any index is read; the status timer fills the pickers in then.
    store = handlers.store
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        session = gr.State(new_session())
        stored = gr.BrowserState({"chat": [], "session": new_session()}, storage_key="hvk-hoi-dap",
                                 secret=browser_secret(config))
        header = gr.Markdown(fmt.app_header(TITLE, len(store.files)))
        banner = gr.Markdown(**handlers.progress(), elem_id="hvk-progress")
        with gr.Tabs() as tabs:
            with gr.Tab("Hỏi đáp", id="chat"):
                chat = _chat_tab(store, config)
            with gr.Tab("Văn bản", id="viewer"):
                viewer = _viewer_tab(store)
            with gr.Tab("Tra cứu số liệu", id="figures") as figures_tab:
                figures = _figures_tab()
            with gr.Tab("Thêm văn bản", id="library"):
                library = library_tab()
        _wire_chat(handlers, chat, session, stored)
        stored.change(handlers.restore, inputs=[stored, chat.chatbot], outputs=[chat.chatbot, session, chat.sources],
                      api_visibility="private", queue=False)
        _wire_viewer(handlers, viewer, [chat.sources, figures.timeline, figures.table], tabs)
        _wire_figures(handlers, figures)
        figures_tab.select(handlers.prepare_figures, api_visibility="private", queue=False)
        library_handlers = LibraryHandlers(live, config, TITLE)
        # -1: no index served yet, so the first one to serve refreshes the pickers.
        _wire_library(library_handlers, library, header, chat, viewer,
                      gr.State(live.status().generation if live.current else -1))
        gr.Timer(PROGRESS_SECONDS).tick(handlers.progress_update, outputs=banner, api_name="progress", queue=False)
        demo.load(library_handlers.access, outputs=[library.notice, library.files, library.add],
                  api_visibility="private", queue=False)
    return demo
