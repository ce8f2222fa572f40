"""Run by tests/test_offline.py in a fresh interpreter with the offline variables unset;
not collected by the main run (its name does not start with test_).

It imports gradio_client before anything of the project, as the app tests do, so only
the test session's own start-up (tests/conftest.py) can have turned hub access off.
"""
from __future__ import annotations

import gradio as gr
from gradio_client import Client


def test_gradio_client_round_trip_makes_no_lookup(network_guard):
    from tests.apps import launch

    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        box.submit(lambda text: text.upper(), box, out, api_name="echo")
    url = launch(demo)
    try:
        assert Client(url, verbose=False).predict("xin chào", api_name="/echo") == "XIN CHÀO"
    finally:
        demo.close()
    assert network_guard.blocked == []
