"""Importing this module turns telemetry and model-hub access off.

Gradio, huggingface_hub and transformers read these variables when they are imported and
contact their servers unless told not to, so every entry point (app.py, the ui package,
the tests) imports this module before any of them.
"""
import os

OFFLINE_ENV = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}

for _name, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_name, _value)
