"""The evaluation tools. Every `python -m eval…` entry point imports this package first."""
import offline  # noqa: F401  (hub access off before anything imports transformers or gradio)
