"""The web front end (Gradio). Gradio and huggingface_hub read these at import time and
contact servers unless told not to; app.py sets them first, this repeats it for anyone
importing ui modules directly (tests, notebooks)."""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
