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


def _ip(host) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host string spells literally; None for a name."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        return ipaddress.ip_address(str(host).strip("[]").split("%")[0])
    except ValueError:
        return None


def is_local_host(host) -> bool:
    if host is None:  # getaddrinfo(None, port) means this machine's own addresses
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if str(host).strip("[]").lower() in _LOCAL_NAMES:
        return True
    ip = _ip(host)
    return ip is not None and ip.is_loopback  # a host name that is not localhost would need DNS: outside


def needs_dns(host) -> bool:
    """A lookup that would ask a name server: any name but localhost. An address literal
    is answered locally; a connection to it is checked when it is made."""
    return not is_local_host(host) and _ip(host) is None


def is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like stay on this machine
        return True
    return is_local_host(address[0])


class NetworkGuard:
    def __init__(self):
        self.blocked: list[str] = []
        self._lock = threading.Lock()
        self._saved = None

    def _refuse(self, what: str, recorded: str) -> None:
        with self._lock:
            self.blocked.append(recorded)
        raise ConnectionRefusedError(f"network guard: {what} refused (tests are offline)")

    def _check(self, address):
        if not is_local(address):
            self._refuse(f"connection to {address!r}", repr(address))

    def _check_name(self, host):
        if needs_dns(host):
            self._refuse(f"name lookup of {host!r}", f"name lookup of {host!r}")

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
