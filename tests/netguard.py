"""A network guard for the whole test run: any name lookup of, or connection to, a
non-loopback host is refused and remembered, so a library that phones home (analytics,
model hubs, version checks) fails the run even if it swallows the error.

Lookups are watched as well as connections: on an offline machine the DNS lookup fails
first and the connection is never attempted, so a connect-only guard sees nothing.
"""
from __future__ import annotations

import ipaddress
import socket
import threading

_LOCAL_NAMES = {"localhost", "localhost.localdomain", ""}


def is_local_host(host) -> bool:
    if host is None:  # getaddrinfo(None, port) means this machine's own addresses
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]")
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name that is not localhost would need DNS: outside


def is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like stay on this machine
        return True
    return is_local_host(address[0])


class NetworkGuard:
    def __init__(self):
        self.blocked: list[str] = []
        self._lock = threading.Lock()
        self._saved = None

    def _refuse(self, what: str) -> None:
        with self._lock:
            self.blocked.append(what)
        raise ConnectionRefusedError(f"network guard: {what} refused (tests are offline)")

    def _check(self, address):
        if not is_local(address):
            self._refuse(f"connection to {address!r}")

    def _check_name(self, host):
        if not is_local_host(host):
            self._refuse(f"name lookup of {host!r}")

    def install(self) -> None:
        guard = self
        saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.gethostbyname,
                 socket.gethostbyname_ex)
        self._saved = saved
        real_connect, real_connect_ex, real_getaddrinfo, real_gethostbyname, real_gethostbyname_ex = saved

        def connect(sock, address):
            guard._check(address)
            return real_connect(sock, address)

        def connect_ex(sock, address):
            guard._check(address)
            return real_connect_ex(sock, address)

        def getaddrinfo(host, *args, **kwargs):
            guard._check_name(host)
            return real_getaddrinfo(host, *args, **kwargs)

        def gethostbyname(host):
            guard._check_name(host)
            return real_gethostbyname(host)

        def gethostbyname_ex(host):
            guard._check_name(host)
            return real_gethostbyname_ex(host)

        socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
        socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex = getaddrinfo, gethostbyname, gethostbyname_ex

    def uninstall(self) -> None:
        if self._saved:
            (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.gethostbyname,
             socket.gethostbyname_ex) = self._saved
            self._saved = None
