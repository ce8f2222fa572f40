"""Optional LLM answers through an OpenAI-compatible endpoint (llama.cpp server, Ollama, vLLM).

Off unless `llm_base_url` is set. The LLM writes from the same passages the extractive
answer cites; its text must carry [n] markers and pass the same figure check, otherwise
the caller keeps the extractive answer and logs why.
"""
from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request

from answer.figures import unverified_figures
from answer.types import Citation
from config import REPO_ROOT, Config

log = logging.getLogger(__name__)

PROMPTS = REPO_ROOT / "prompts"
_MARKER = re.compile(r"\[(\d{1,2})\]")
NOT_FOUND_TOKEN = "KHÔNG TÌM THẤY"


class LLMRejected(Exception):
    """The LLM's answer cannot be shown; the message says why (logged, then extractive is used)."""


def _template(name: str) -> str:
    return (PROMPTS / name).read_text(encoding="utf-8")


def format_passages(citations: list[Citation]) -> str:
    return "\n\n".join(
        f"[{i}] {c.title} ({c.date}, {c.status}) › {c.section}, {c.place}:\n{c.quote}"
        for i, c in enumerate(citations, start=1)
    )


class LLMWriter:
    def __init__(self, config: Config):
        self.url = config.llm_base_url.rstrip("/") + "/chat/completions"
        self.model = config.llm_model
        self.key = config.llm_api_key
        self.timeout = config.llm_timeout
        self.system = _template("answer_system.vi.txt")
        self.user = _template("answer_user.vi.txt")

    def _complete(self, question: str, citations: list[Citation]) -> str:
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": self.system},
                {"role": "user", "content": self.user.format(question=question, passages=format_passages(citations))},
            ],
        }
        request = urllib.request.Request(self.url, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": f"Bearer {self.key}"} if self.key else {})})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
            return payload["choices"][0]["message"]["content"].strip()
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            raise LLMRejected(f"không gọi được LLM ({e})") from None
        except (KeyError, IndexError, TypeError, ValueError) as e:
            raise LLMRejected(f"LLM trả về dữ liệu không đúng định dạng ({e})") from None

    def write(self, question: str, citations: list[Citation]) -> str:
        """The LLM's answer, checked: it cites with [n] markers and invents no figure."""
        text = self._complete(question, citations)
        if NOT_FOUND_TOKEN in text.upper():
            raise LLMRejected("LLM không tìm thấy câu trả lời trong các đoạn trích")
        markers = {int(m) for m in _MARKER.findall(text)}
        if not markers or not markers <= set(range(1, len(citations) + 1)):
            raise LLMRejected("câu trả lời của LLM không trích nguồn [n] hợp lệ")
        grounds = [c.quote for c in citations] + [f"{c.title} {c.section}" for c in citations] + [question]
        unchecked = unverified_figures(_MARKER.sub(" ", text), grounds)
        if unchecked:
            raise LLMRejected("số liệu của LLM không có trong trích dẫn: " + ", ".join(unchecked))
        return text
