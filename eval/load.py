"""Load test through the app's HTTP API: N simulated users ask eval questions for a bounded time.

    python -m eval.load --url http://127.0.0.1:7860 [--users 20] [--seconds 30] [--qa eval/qa.jsonl] [--api answer]

Each user keeps one session, as a browser or a gradio_client Client does, and calls an
endpoint through the REST API (POST /gradio_api/call/<api>, then read the event stream
to its end), timing the whole round trip, queueing included: `answer` by default, the one API clients use (the answer in one message), or
`ask`, the chat's own (partial messages while the text streams in, as a browser sees it).
Anything but a completed answer counts as an error.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eval.dataset import DEFAULT_QA, load_items

TIMEOUT_S = 120.0
APIS = ("answer", "ask")


@dataclass
class LoadReport:
    users: int
    seconds: float
    api: str = APIS[0]
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary(self) -> str:
        n = len(self.latencies_ms)
        if not n:
            return f"/{self.api}, {self.users} users, {self.seconds:.0f} s: no request completed, {len(self.errors)} errors"
        return (f"/{self.api}, {self.users} users, {self.seconds:.0f} s: {n} answers ({n / self.seconds:.1f}/s), "
                f"{len(self.errors)} errors; latency ms p50 {self.percentile(50):.0f}, "
                f"p90 {self.percentile(90):.0f}, p95 {self.percentile(95):.0f}, "
                f"p99 {self.percentile(99):.0f}, max {max(self.latencies_ms):.0f}, "
                f"mean {statistics.fmean(self.latencies_ms):.0f}")


def ask_once(client: httpx.Client, url: str, question: str, api: str = APIS[0], session: str | None = None) -> None:
    """One question through the queue; raises on anything but a completed answer."""
    started = client.post(f"{url}/gradio_api/call/{api}", json={"data": [question, [], []], "session_hash": session})
    started.raise_for_status()
    event_id = started.json()["event_id"]
    event = ""
    with client.stream("GET", f"{url}/gradio_api/call/{api}/{event_id}") as stream:
        stream.raise_for_status()
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in {"complete", "error"}:
                if event == "error":
                    raise RuntimeError(f"app error: {line[5:].strip()[:200]}")
                chat = json.loads(line[5:])[1]  # outputs: question box, chat, sources
                if not chat or chat[-1].get("role") != "assistant":
                    raise RuntimeError("no answer in the chat")
                return
    raise RuntimeError(f"stream ended without an answer (last event {event or 'none'})")


def run_load(url: str, questions: list[str], users: int, seconds: float, api: str = APIS[0]) -> LoadReport:
    report = LoadReport(users, seconds, api)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(offset: int) -> None:
        session = uuid.uuid4().hex
        with httpx.Client(timeout=TIMEOUT_S) as client:
            i = offset
            while time.monotonic() < deadline:
                question = questions[i % len(questions)]
                i += users
                t0 = time.perf_counter()
                try:
                    ask_once(client, url, question, api, session)
                except Exception as e:  # every failure is counted, none stops the other users
                    with lock:
                        report.errors.append(f"{question[:40]!r}: {e!r}"[:300])
                    continue
                with lock:
                    report.latencies_ms.append((time.perf_counter() - t0) * 1000)

    threads = [threading.Thread(target=user, args=(k,), daemon=True) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + TIMEOUT_S)
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.load", description="Load test of a running app.")
    p.add_argument("--url", default="http://127.0.0.1:7860")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--qa", type=Path, default=DEFAULT_QA)
    p.add_argument("--api", choices=APIS, default=APIS[0], help="endpoint asked (default %(default)s)")
    args = p.parse_args(argv)
    questions = [item.question for item in load_items(args.qa)]
    report = run_load(args.url.rstrip("/"), questions, args.users, args.seconds, args.api)
    sys.stdout.write(report.summary() + "\n")
    for error in report.errors[:10]:
        sys.stdout.write(f"  {error}\n")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
