"""The web front end (Gradio)."""
import offline  # noqa: F401  (telemetry and hub access off before gradio is imported)
from ui import gradio_start

gradio_start.install()  # before gradio is imported: see ui/gradio_start.py
