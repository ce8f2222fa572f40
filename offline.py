"""Importing this module turns telemetry, model-hub access and gradio's event analytics off.

Gradio, huggingface_hub and transformers read these variables when they are imported (gradio's
queue when it is made) and contact their servers unless told not to, so every entry point
(app.py, the ui package, the tests) imports this module before any of them.
"""
import os

OFFLINE_ENV = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}
# Gradio's queue keeps the last 10,000 events and, after every one, summarizes them in a pandas
# DataFrame for its monitoring page, which this app never opens: up to 12 ms of CPU an answer,
# growing with the events kept. One event kept, the summary never recomputed.
QUEUE_ANALYTICS_ENV = {
    "GRADIO_ANALYTICS_MAX_EVENTS": "1",
    "GRADIO_ANALYTICS_CACHE_FREQUENCY": str(2**62),
}

for _name, _value in {**OFFLINE_ENV, **QUEUE_ANALYTICS_ENV}.items():
    os.environ.setdefault(_name, _value)
