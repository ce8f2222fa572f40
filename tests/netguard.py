"""A network guard for the whole test run: any connection to a non-loopback address is
refused and remembered, so a library that phones home (analytics, model hubs, version
checks) fails the run even if it swallows the error."""
from __future__ import annotations

import ipaddress
import socket
import threading

_LOCAL_NAMES = {"localhost", "localhost.localdomain", ""}


def is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like stay on this machine
        return True
    host = str(address[0]).strip("[]")
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name that is not localhost would need DNS: outside


class NetworkGuard:
    def __init__(self):
        self.blocked: list[str] = []
        self._lock = threading.Lock()
        self._saved = None

    def _check(self, address):
        if not is_local(address):
            with self._lock:
                self.blocked.append(repr(address))
            raise ConnectionRefusedError(f"network guard: connection to {address!r} refused (tests are offline)")

    def install(self) -> None:
        guard = self
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        self._saved = (real_connect, real_connect_ex)

        def connect(sock, address):
            guard._check(address)
            return real_connect(sock, address)

        def connect_ex(sock, address):
            guard._check(address)
            return real_connect_ex(sock, address)

        socket.socket.connect, socket.socket.connect_ex = connect, connect_ex

    def uninstall(self) -> None:
        if self._saved:
            socket.socket.connect, socket.socket.connect_ex = self._saved
