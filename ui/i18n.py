"""Gradio's own strings in Vietnamese: the upload box, toasts, chat buttons, the login form.

Gradio ships no Vietnamese and, at page load, picks a locale only among the languages it
ships, so the 'vi' translations given with launch(i18n=gr.I18n(vi=VI)) are switched on by
the page's start-up script (ui.styles.boot_js), which calls the frontend's own changeLocale.
Keys Gradio has and this table lacks fall back to English, so the table covers every string
a reader of this app can see; the browser test checks the visible ones.
"""
from __future__ import annotations

from pathlib import Path

VI: dict = {
    "common": {
        "built_with": "xây dựng bằng", "built_with_gradio": "Xây dựng bằng Gradio", "clear": "Xoá",
        "download": "Tải về", "download_all": "Tải tất cả", "edit": "Sửa", "empty": "Trống", "error": "Lỗi",
        "hosted_on": "Đặt tại", "loading": "Đang tải", "logo": "biểu trưng", "or": "hoặc", "remove": "Bỏ",
        "runs": "Lượt chạy", "settings": "Cài đặt", "share": "Chia sẻ", "submit": "Gửi", "undo": "Hoàn tác",
        "no_devices": "Không thấy thiết bị", "language": "Ngôn ngữ", "display_theme": "Giao diện",
        "progress": "Tiến độ", "run": "Chạy", "back_to_app": "Ứng dụng",
    },
    "upload_text": {
        "click_to_upload": "Bấm để chọn tệp", "drop_file": "Thả tệp vào đây", "drop_csv": "Thả tệp CSV vào đây",
        "drop_image": "Thả ảnh vào đây", "drop_audio": "Thả tệp âm thanh vào đây", "drop_video": "Thả video vào đây",
        "drop_gallery": "Thả tệp vào đây", "paste_clipboard": "Dán từ bộ nhớ tạm",
    },
    "file": {"uploading": "Đang tải lên…"},
    "chatbot": {
        "edit": "Sửa", "retry": "Hỏi lại", "undo": "Hoàn tác", "submit": "Gửi", "cancel": "Huỷ", "like": "Thích",
        "dislike": "Không thích", "clear": "Xoá cuộc hội thoại", "complete": "Xong", "copy_message": "Chép câu trả lời",
        "copied_message": "Đã chép",
    },
    "chat_interface": {"new_chat": "Cuộc hội thoại mới", "message_placeholder": "Nhập câu hỏi…",
                       "chatbot": "Hỏi đáp", "conversation": "Cuộc hội thoại"},
    "blocks": {
        "connection_can_break": "Trên điện thoại, kết nối có thể ngắt khi thẻ này bị ẩn hoặc máy ngủ.",
        "long_requests_queue": "Đang có nhiều yêu cầu chờ xử lý.",
        "lost_connection": "Mất kết nối vì rời trang. Đang kết nối lại…",
        "waiting_for_inputs": "Đang chờ tải tệp lên xong, hãy thử lại.",
    },
    "errors": {
        "connection_lost": "Mất kết nối với máy chủ. Đang thử kết nối lại…",
    },
    "login": {
        "login_to_access": "Đăng nhập để sử dụng", "enter_credentials": "Nhập tên đăng nhập và mật khẩu",
        "incorrect_credentials": "Sai tên đăng nhập hoặc mật khẩu", "username": "tên đăng nhập",
        "password": "mật khẩu", "login": "Đăng nhập",
    },
    "dataframe": {"sort_column": "Sắp xếp cột", "sort_ascending": "Tăng dần", "sort_descending": "Giảm dần",
                  "search": "Tìm", "clear_sort": "Bỏ sắp xếp", "filter": "Lọc", "clear_filter": "Bỏ lọc"},
    "status": {"queue_position": "Đang chờ: {position}/{size}"},
    "dropdown": {"dropdown": "Danh sách chọn"},
    "checkbox": {"checkbox": "Ô chọn", "checkbox_group": "Nhóm ô chọn"},
    "number": {"number": "Số"},
}


def core_module() -> str | None:
    """The file name of the installed Gradio frontend's core module (it exports changeLocale)."""
    import gradio

    assets = Path(gradio.__file__).parent / "templates" / "frontend" / "assets"
    found = sorted(assets.glob("core-*.js"))
    return found[0].name if len(found) == 1 else None
