"""Helpers for collector tests: loopback checks, the guarded transport, a fake sink, configs.

Kept out of conftest.py so test modules can import them by a name no other folder uses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

import httpx
from collect_portal import Portal

from wiredesk.model import Page
from wiredesk.sources.collect.config import CollectConfig, SourceConfig

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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


def fast_config(portal: Portal, **overrides: Any) -> CollectConfig:
    """The portal's section page and two feeds, with test-sized delays and timeouts."""
    sources = (
        SourceConfig(
            "binnenland", portal.url("/binnenland"), "page", link_css="a.artikel", poll_every=60.0
        ),
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
