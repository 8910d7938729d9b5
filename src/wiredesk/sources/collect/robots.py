"""robots.txt: fetched once per host, cached with a TTL, asked before every request.

Unreachable robots.txt follows RFC 9309 and common crawler practice:
- 2xx: the rules apply (parsed with protego);
- 4xx (except 429): there are no rules, everything is allowed;
- 5xx, 429, timeouts, network errors: the whole host counts as disallowed for a while
  (`error_ttl`), then robots.txt is asked again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from protego import Protego

from wiredesk.sources.collect.config import host_key
from wiredesk.sources.collect.throttle import Clock

Verdict = Literal["allow", "disallow", "unavailable"]


@dataclass(frozen=True, slots=True)
class RobotsFetch:
    """What fetching one robots.txt gave: an HTTP status and body, or no status (an error)."""

    status: int | None
    body: bytes = b""
    error: str | None = None


@dataclass(slots=True)
class _Entry:
    rules: Protego | None
    # "rules": apply rules; "allow_all": 4xx; "unavailable": 5xx or unreachable
    mode: Literal["rules", "allow_all", "unavailable"]
    expires: float


RobotsFetcher = Callable[[str], Awaitable[RobotsFetch]]


def robots_url(url: str) -> str:
    """The robots.txt URL that governs `url`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against (`wiredesk-collector`)."""
    return user_agent.split("/", 1)[0].split()[0]


class RobotsCache:
    """Answers "may we fetch this URL?" per robots.txt, fetching each host's file once per TTL."""

    def __init__(
        self,
        fetch: RobotsFetcher,
        *,
        user_agent: str,
        ttl: float = 3600.0,
        error_ttl: float = 600.0,
        clock: Clock = time.monotonic,
    ) -> None:
        """Create the cache.

        Args:
            fetch: fetches one robots.txt URL (through the polite fetcher).
            user_agent: our User-Agent product token or full string.
            ttl: seconds a fetched robots.txt stays valid.
            error_ttl: seconds a host stays disallowed after its robots.txt failed.
            clock: monotonic seconds.
        """
        self._fetch = fetch
        self._agent = agent_token(user_agent)
        self._ttl = ttl
        self._error_ttl = error_ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetches = 0

    async def verdict(self, url: str) -> Verdict:
        """`allow`, `disallow` (a rule forbids it) or `unavailable` (robots.txt failing)."""
        entry = await self._entry(url)
        if entry.mode == "allow_all":
            return "allow"
        if entry.mode == "unavailable" or entry.rules is None:
            return "unavailable"
        return "allow" if entry.rules.can_fetch(url, self._agent) else "disallow"

    async def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of us on this URL's host, if any."""
        entry = await self._entry(url)
        if entry.rules is None:
            return None
        delay = entry.rules.crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    async def _entry(self, url: str) -> _Entry:
        host = host_key(url)
        entry = self._entries.get(host)
        if entry is not None and entry.expires > self._clock():
            return entry
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            # another task may have fetched it while we waited for the lock
            entry = self._entries.get(host)
            if entry is not None and entry.expires > self._clock():
                return entry
            self.fetches += 1
            result = await self._fetch(robots_url(url))
            entry = self._interpret(result)
            self._entries[host] = entry
            return entry

    def _interpret(self, result: RobotsFetch) -> _Entry:
        now = self._clock()
        status = result.status
        if status is not None and 200 <= status < 300:
            text = result.body.decode("utf-8", errors="replace")
            return _Entry(Protego.parse(text), "rules", now + self._ttl)
        if status is not None and 400 <= status < 500 and status != 429:
            return _Entry(None, "allow_all", now + self._ttl)
        if status is not None and 300 <= status < 400:
            # redirects were followed by the fetcher; one left over means too many: RFC 9309
            # lets us treat that like a missing file
            return _Entry(None, "allow_all", now + self._ttl)
        return _Entry(None, "unavailable", now + self._error_ttl)
