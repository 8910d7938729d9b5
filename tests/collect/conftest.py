"""Fixtures for collector tests: a local portal server, a loopback-only guard, fast configs."""

from __future__ import annotations

import ipaddress
import socket
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from collect_portal import Portal, build_portal
from collect_server import PortalServer

from wiredesk.model import Page
from wiredesk.sources.collect.config import CollectConfig, SourceConfig
from wiredesk.sources.collect.state import CollectState

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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


class LoopbackTransport(httpx.AsyncBaseTransport):
    """The transport seam in tests: refuses any non-loopback host and records every request."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if not _is_loopback(host):
            raise AssertionError(f"collector tried to fetch {request.url} outside loopback")
        self.requests.append(str(request.url))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class FakeSink:
    """Stands in for the Archive: keeps every page handed to it."""

    def __init__(self) -> None:
        self.pages: list[Page] = []

    def ingest_pages(self, pages: Iterable[Page], /) -> dict[str, int]:
        batch = list(pages)
        self.pages.extend(batch)
        return {"pages": len(batch)}

    def urls(self) -> list[str]:
        return [p.url or "" for p in self.pages]


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


def fast_config(portal: Portal, **overrides: Any) -> CollectConfig:
    """The portal's section page and two feeds, with test-sized delays and timeouts."""
    sources = (
        SourceConfig("binnenland", portal.url("/binnenland"), "page", link_css="a.artikel",
                     poll_every=60.0),
        SourceConfig("rss", portal.url("/feed.rss"), "feed", poll_every=60.0),
        SourceConfig("atom", portal.url("/feed.atom"), "feed", poll_every=60.0),
    )
    options: dict[str, Any] = {
        "sources": sources,
        "user_agent": "wiredesk-collector/0.1",
        "contact": "https://example.org/wiredesk-tests",
        "delay": 0.02,
        "concurrency": 1,
        "max_bytes": 200_000,
        "connect_timeout": 2.0,
        "read_timeout": 0.4,
        "retries": 1,
        "backoff": 0.02,
        "max_backoff": 0.1,
        "robots_error_ttl": 60.0,
    }
    options.update(overrides)
    return CollectConfig(**options)
