"""ui.memory: memory a worker thread freed goes back to the system when released."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui import memory

REPO = Path(__file__).resolve().parent.parent

# A worker thread fills its malloc arena with 2 kB blocks (above pymalloc's, below mmap's sizes) and
# frees all but every 50th, which keeps malloc from giving back the arena's top by itself.
FRAGMENTED_ARENA = """
import threading
from ui import memory

def rss_mb():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024

kept = []
def fill():
    blocks = [bytes(2000) for _ in range(60_000)]
    kept.extend(blocks[::50])
worker = threading.Thread(target=fill)
worker.start()
worker.join()
before = rss_mb()
memory.release_free_memory()
print(before - rss_mb())
"""


@pytest.mark.skipif(not memory.release_free_memory(), reason="malloc cannot be asked to release free memory here")
def test_memory_a_worker_thread_freed_is_released():
    done = subprocess.run([sys.executable, "-c", FRAGMENTED_ARENA], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert float(done.stdout.strip().splitlines()[-1]) > 60  # of the ~115 MB freed
