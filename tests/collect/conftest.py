"""Fixtures for collector tests: a local portal server, a loopback-only guard, fast configs."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from collect_fixtures import FakeSink, LoopbackTransport, _is_loopback
from collect_portal import Portal, build_portal
from collect_server import PortalServer

from wiredesk.sources.collect.state import CollectState


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No collector test may open a connection or resolve a name outside loopback."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_loopback(str(address[0])):
            raise AssertionError(f"test tried to reach {address!r} outside loopback")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(str(host)):
            raise AssertionError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def server() -> Iterator[PortalServer]:
    srv = PortalServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def portal(server: PortalServer) -> Portal:
    return build_portal(server)


@pytest.fixture
def transport() -> LoopbackTransport:
    return LoopbackTransport()


@pytest.fixture
def sink() -> FakeSink:
    return FakeSink()


@pytest.fixture
def state(tmp_path: Path) -> Iterator[CollectState]:
    conn = sqlite3.connect(tmp_path / "state.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    yield CollectState(conn)
    conn.close()
