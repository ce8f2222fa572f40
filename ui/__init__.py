"""The web front end (Gradio)."""
import offline  # noqa: F401  (telemetry and hub access off before gradio is imported)
