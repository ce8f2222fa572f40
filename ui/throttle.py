"""Bounded login attempts: failures are counted per user and per client address.

After `max_failures` failures within `window` seconds, logins for that user (or from
that address) are refused for `window` seconds; each failure after a refusal doubles
the next one, up to `max_delay`. A refused attempt is answered without hashing the
password, so guessing costs the attacker time and costs the server nothing. A user or
address with no failure for `max_delay` seconds after its last refusal ends starts afresh.

Gradio calls the login check with only (user, password); the client address comes from
`ClientAddress`, an ASGI middleware that keeps it for the request being served. Behind a
reverse proxy on this machine, uvicorn has already replaced it by the X-Forwarded-For
address (see docs/deploy.md).
"""
from __future__ import annotations

import contextvars
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from config import Config

UNKNOWN_ADDRESS = "không rõ"
_address = contextvars.ContextVar("hvk_client_address", default=UNKNOWN_ADDRESS)


def client_address() -> str:
    """The address of the client whose request is being served."""
    return _address.get()


class ClientAddress:
    """ASGI middleware: makes the request's client address known to `client_address()`."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        client = scope.get("client") if scope["type"] == "http" else None
        if not client:
            return await self.app(scope, receive, send)
        token = _address.set(str(client[0]))
        try:
            return await self.app(scope, receive, send)
        finally:
            _address.reset(token)


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)  # within the window
    strikes: int = 0  # refusals so far; each one doubles the next
    locked_until: float = 0.0
    last_failure: float = 0.0


class LoginThrottle:
    def __init__(self, max_failures: int, window: float, max_delay: float, clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.window, self.max_delay = max_failures, window, max_delay
        self.clock = clock
        self._records: dict[tuple[str, str], _Record] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config, clock: Callable[[], float] = time.monotonic) -> "LoginThrottle":
        return cls(config.login_max_failures, config.login_window_seconds, config.login_max_delay_seconds, clock)

    @staticmethod
    def _keys(user: str, address: str) -> tuple[tuple[str, str], ...]:
        return ("user", user), ("address", address)

    def refused_for(self, user: str, address: str) -> float:
        """Seconds until this user may try again from this address; 0 when they may now."""
        now = self.clock()
        with self._lock:
            waits = [r.locked_until - now for k in self._keys(user, address) if (r := self._records.get(k))]
        return max([0.0, *waits])

    def failed(self, user: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            self._forget_quiet(now)
            for key in self._keys(user, address):
                record = self._records.setdefault(key, _Record())
                record.failures = [t for t in record.failures if now - t < self.window] + [now]
                record.last_failure = now
                if record.strikes or len(record.failures) >= self.max_failures:
                    record.strikes += 1
                    record.locked_until = now + min(self.window * 2 ** (record.strikes - 1), self.max_delay)

    def succeeded(self, user: str) -> None:
        # Only the user's count: one good login must not clear an address that guesses at other users.
        with self._lock:
            self._records.pop(("user", user), None)

    def _forget_quiet(self, now: float) -> None:
        """Drop records quiet for max_delay, so the table stays as small as the recent attacks."""
        for key in [k for k, r in self._records.items() if now - max(r.last_failure, r.locked_until) >= self.max_delay]:
            del self._records[key]
