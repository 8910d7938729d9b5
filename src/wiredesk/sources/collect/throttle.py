"""Per-host politeness: a minimum delay between request starts and a concurrency limit.

The delay is counted from the moment the previous request was actually written to the socket
(the fetcher reports it with `Ticket.mark_sent`), not from when it was scheduled, so a server
never sees two request starts from us closer than the delay, whatever the connection setup
costs. Waiting loops until the monotonic clock has passed the target, because asyncio may wake
a timer up to one clock tick early.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

Clock = Callable[[], float]


class ThrottleClosed(Exception):
    """The throttle was closed (the collector is stopping): no new request may start."""


@dataclass(slots=True)
class Ticket:
    """One granted request slot; the fetcher calls `mark_sent` when the request hit the wire."""

    host: str
    granted_at: float
    sent: asyncio.Event = field(default_factory=asyncio.Event)
    sent_at: float | None = None


class _HostGate:
    """The state of one host: a semaphore for concurrency and the earliest next start."""

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = delay
        self.semaphore = asyncio.Semaphore(concurrency)
        self.lock = asyncio.Lock()
        self.next_start = 0.0
        self.previous: Ticket | None = None


class HostThrottle:
    """Grants request slots per host so that starts are >= delay apart and <= N run at once."""

    def __init__(self, policy: Callable[[str], tuple[float, int]], clock: Clock = time.monotonic):
        """Create a throttle.

        Args:
            policy: host -> (minimum seconds between request starts, concurrent requests).
            clock: a monotonic clock (seconds); tests may pass a fake one.
        """
        self._policy = policy
        self._clock = clock
        self._gates: dict[str, _HostGate] = {}
        self._closed = asyncio.Event()

    def close(self) -> None:
        """Refuse every slot from now on; requests waiting for one raise `ThrottleClosed` now."""
        self._closed.set()

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            delay, concurrency = self._policy(host)
            gate = self._gates[host] = _HostGate(delay, concurrency)
        return gate

    def set_delay(self, host: str, delay: float) -> None:
        """Raise the host's delay (e.g. to a robots.txt Crawl-delay); never lowers it."""
        gate = self._gate(host)
        gate.delay = max(gate.delay, delay)

    def delay(self, host: str) -> float:
        """The delay now in force for `host`."""
        return self._gate(host).delay

    def defer(self, host: str, seconds: float) -> None:
        """Start nothing on `host` for `seconds` from now (a 429/503 Retry-After)."""
        gate = self._gate(host)
        gate.next_start = max(gate.next_start, self._clock() + seconds)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[Ticket]:
        """Wait for a request slot on `host`; hold it while the request runs.

        Raises:
            ThrottleClosed: `close()` was called before the slot was granted.
        """
        gate = self._gate(host)
        async with gate.semaphore:
            ticket = await self._start(gate, host)
            try:
                yield ticket
            finally:
                # a request that failed before sending must not block the next one forever
                ticket.sent.set()

    async def _start(self, gate: _HostGate, host: str) -> Ticket:
        async with gate.lock:
            previous = gate.previous
            if previous is not None and not previous.sent.is_set():
                # the next start is counted from the previous request's real send time
                await previous.sent.wait()
            while (wait := gate.next_start - self._clock()) > 0:
                await self._sleep(wait)
            if self._closed.is_set():
                raise ThrottleClosed
            now = self._clock()
            ticket = Ticket(host=host, granted_at=now)
            gate.next_start = max(gate.next_start, now + gate.delay)
            gate.previous = ticket
            return ticket

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up at once when the throttle is closed."""
        if self._closed.is_set():
            raise ThrottleClosed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closed.wait(), seconds)
        if self._closed.is_set():
            raise ThrottleClosed

    def mark_sent(self, ticket: Ticket) -> None:
        """Record that the ticket's request was written; the next start waits delay after it."""
        if ticket.sent_at is not None:
            return
        gate = self._gate(ticket.host)
        now = self._clock()
        ticket.sent_at = now
        gate.next_start = max(gate.next_start, now + gate.delay)
        ticket.sent.set()
