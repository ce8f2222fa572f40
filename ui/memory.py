"""Memory that answering freed, handed back to the system while the app serves.

glibc's malloc keeps what a thread frees in that thread's arena, for its next allocations, and
gradio answers on a pool of threads: under load the serving process grew by 20-35 MB every 30 s
of 20 users (377 → 516 MB in four such runs), all of it free memory inside the arenas, not
objects. malloc_trim hands the free pages back; trimmed every few seconds, the process stays
within a few MB of its size before each run, and a trim costs a few ms (other threads keep
answering: ctypes releases the interpreter lock while it runs).
"""
from __future__ import annotations

import ctypes
import logging
import threading
import time

log = logging.getLogger(__name__)

TRIM_SECONDS = 5.0


def _find_malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None  # not glibc: its malloc does not keep freed memory this way, or cannot be asked for it


_MALLOC_TRIM = _find_malloc_trim()


def release_free_memory() -> bool:
    """Hand the free memory of every malloc arena back to the system; False where malloc cannot."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True


def _release_forever(every: float) -> None:
    while True:
        time.sleep(every)
        release_free_memory()


def keep_releasing(every: float = TRIM_SECONDS) -> bool:
    """Release free memory every `every` seconds, in a background thread, for as long as the process runs."""
    if _MALLOC_TRIM is None:
        log.info("không có malloc_trim: bộ nhớ đã giải phóng không được trả lại hệ thống")
        return False
    threading.Thread(target=_release_forever, args=(every,), name="hvk-release-memory", daemon=True).start()
    return True
