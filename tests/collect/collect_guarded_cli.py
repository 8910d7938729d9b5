"""Run the wiredesk CLI in a subprocess that cannot open a connection outside loopback."""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any


def _loopback(host: object) -> bool:
    if host in {"127.0.0.1", "localhost", "::1"}:
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


def install() -> None:
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and not _loopback(address[0]):
            raise OSError(f"refused: {address!r} is outside loopback")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(host):
            raise OSError(f"refused: resolving {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


if __name__ == "__main__":
    install()
    from wiredesk.cli.main import main

    main(sys.argv[1:])
