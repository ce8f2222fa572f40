"""Launching the Gradio app in-process on a free loopback port, for the HTTP-level tests."""
from __future__ import annotations

import socket

import offline  # noqa: F401  (telemetry off before gradio is imported)

import gradio as gr

from ui.app import launch_options


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(demo: gr.Blocks, concurrency: int = 2, **kwargs) -> str:
    """Start the app without blocking; returns its base URL. The caller closes the demo."""
    port = free_port()
    demo.queue(default_concurrency_limit=concurrency)
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True,
                **launch_options(), **kwargs)
    return f"http://127.0.0.1:{port}"
