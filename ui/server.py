"""Serving the app: load the service once, require login off loopback, launch."""
from __future__ import annotations

import ipaddress
import logging

from starlette.middleware import Middleware

from config import Config
from ui import memory
from ui.auth import AuthError, load_users, make_authenticator
from ui.login_page import VietnameseLogin
from ui.throttle import ClientAddress, LoginThrottle

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host.strip().lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_auth(config: Config) -> dict[str, str]:
    """The users to require; refuses (AuthError) an address reachable from other machines without any."""
    users = load_users(config.auth_file, config.users)
    if not users and not is_loopback(config.host):
        raise AuthError(
            f"Không chạy trên {config.host} khi chưa cấu hình đăng nhập: văn kiện là tài liệu nội bộ. "
            "Đặt HVK_AUTH_FILE (tệp JSON {\"tên\": \"mã băm\"}, tạo mã băm bằng: python -m ui.auth hash) "
            "hoặc HVK_USERS, hoặc chạy trên 127.0.0.1.")
    return users


def login_options(users: dict[str, str], config: Config) -> dict:
    """demo.launch() arguments for the login: none without users; else a throttled check, the
    middleware that tells it the client address, and the one that makes the login page Vietnamese."""
    if not users:
        return {}
    return {"auth": make_authenticator(users, LoginThrottle.from_config(config)),
            "auth_message": "Hỏi Văn Kiện: đăng nhập để xem văn kiện nội bộ.",
            "app_kwargs": {"middleware": [Middleware(ClientAddress), Middleware(VietnameseLogin)]}}


def serve(config: Config) -> int:
    """Run the app until interrupted; 2 when it must not start."""
    try:
        users = check_auth(config)
    except AuthError as e:
        log.error("%s", e)
        return 2
    # Imported here: gradio reads its telemetry settings at import, after app.py set them.
    from answer.live import LiveService
    from ui.app import build_app, launch_options

    # The port is bound within seconds; the index is read, and built if need be, in the background.
    live = LiveService.start(config)
    demo = build_app(live, config)
    demo.queue(default_concurrency_limit=config.concurrency)
    memory.keep_releasing()
    log.info("Hỏi Văn Kiện: http://%s:%d%s", config.host, config.port, " (cần đăng nhập)" if users else "")
    demo.launch(
        server_name=config.host,
        server_port=config.port,
        **login_options(users, config),
        share=False,
        show_error=False,
        max_file_size=config.max_file_bytes,
        state_session_capacity=config.max_sessions,
        **launch_options(),
    )
    return 0
