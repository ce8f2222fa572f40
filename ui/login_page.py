"""The login page in Vietnamese.

Before login Gradio serves a page whose config carries neither the app's translations nor its
start-up script (ui.styles.boot_js), so its login form would read "Login", "username",
"password". This ASGI middleware adds the page a script of its own (ui.styles.login_js) that
switches Gradio's strings to the 'vi' table of ui.i18n. Only the login page is touched: an HTML
page whose config says a login is required.
"""
from __future__ import annotations

from ui.i18n import VI, core_module
from ui.styles import login_js

LOGIN_PAGE = b'"auth_required":true'


def _script() -> bytes:
    module = core_module()
    return f'<script type="module">{login_js(module, VI)}</script>'.encode() if module else b""


class VietnameseLogin:
    """ASGI middleware: the login page gets the script that makes it Vietnamese; every other response passes as is."""

    def __init__(self, app):
        self.app = app
        self.script = _script()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or not self.script:
            return await self.app(scope, receive, send)
        start, body = None, []

        async def rewrite(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start = message  # held until the whole page is read
                    return
            if start is None or message["type"] != "http.response.body":
                return await send(message)
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            if LOGIN_PAGE in page:
                page = page.replace(b"</head>", self.script + b"</head>", 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": headers + [(b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        return await self.app(scope, receive, rewrite)
