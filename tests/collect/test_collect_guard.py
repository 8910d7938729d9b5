"""The loopback guard every collector test runs under really refuses the outside world."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from collect_fixtures import LoopbackTransport


def test_sockets_outside_loopback_are_refused() -> None:
    with socket.socket() as sock, pytest.raises(AssertionError, match="outside loopback"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: refused before any packet is sent
    with pytest.raises(AssertionError, match="resolve"):
        socket.getaddrinfo("example.org", 80)


def test_transport_outside_loopback_is_refused() -> None:
    async def go() -> None:
        async with httpx.AsyncClient(transport=LoopbackTransport()) as client:
            await client.get("http://example.org/")

    with pytest.raises(AssertionError, match="outside loopback"):
        asyncio.run(go())
