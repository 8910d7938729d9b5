"""The per-host throttle: request starts at least `delay` apart, at most N at once, per host."""

from __future__ import annotations

import asyncio
import itertools
import time

from wiredesk.sources.collect.throttle import HostThrottle, ThrottleClosed


def _run(
    delays: dict[str, tuple[float, int]], jobs: list[str], hold: float, send_late: float = 0.0
) -> dict[str, list[tuple[float, float, float]]]:
    """(granted, sent, done) per job, by host; `send_late`: time from grant to the real send."""
    throttle = HostThrottle(lambda host: delays[host])
    out: dict[str, list[tuple[float, float, float]]] = {h: [] for h in delays}

    async def job(host: str) -> None:
        async with throttle.slot(host) as ticket:
            await asyncio.sleep(send_late)
            throttle.mark_sent(ticket)
            sent = time.monotonic()
            await asyncio.sleep(hold)
            out[host].append((ticket.granted_at, sent, time.monotonic()))

    async def main() -> None:
        await asyncio.gather(*(job(h) for h in jobs))

    asyncio.run(main())
    return out


def test_starts_are_spaced_per_host_and_hosts_do_not_wait_for_each_other() -> None:
    got = _run({"a": (0.03, 1), "b": (0.0, 1)}, ["a"] * 4 + ["b"] * 4, hold=0.0)
    starts = sorted(g for g, _, _ in got["a"])
    assert all(b - a >= 0.03 for a, b in itertools.pairwise(starts))
    # host b has no delay and does not queue behind host a
    assert min(g for g, _, _ in got["b"]) < starts[1]


def test_delay_counts_from_the_real_send() -> None:
    # each request takes 20 ms to reach the wire; the next start still waits 30 ms after that
    got = _run({"a": (0.03, 2), "b": (0, 1)}, ["a"] * 4, hold=0.0, send_late=0.02)
    sends = sorted(s for _, s, _ in got["a"])
    grants = sorted(g for g, _, _ in got["a"])
    assert all(g >= s + 0.03 for s, g in zip(sends, grants[1:], strict=False))


def test_concurrency_limit() -> None:
    got = _run({"a": (0.0, 2), "b": (0, 1)}, ["a"] * 6, hold=0.03)
    spans = got["a"]
    for granted, _, _ in spans:
        running = sum(1 for g, _, d in spans if g <= granted < d)
        assert running <= 2


def test_defer_and_raise_delay() -> None:
    throttle = HostThrottle(lambda host: (0.0, 1))
    throttle.set_delay("a", 0.5)
    throttle.set_delay("a", 0.1)  # never lowered
    assert throttle.delay("a") == 0.5

    async def main() -> float:
        throttle.defer("b", 0.05)
        start = time.monotonic()
        async with throttle.slot("b"):
            return time.monotonic() - start

    assert asyncio.run(main()) >= 0.05


def test_close_wakes_everyone_waiting_for_a_slot() -> None:
    throttle = HostThrottle(lambda host: (30.0, 1))  # a 30 s delay nobody should wait out

    async def take() -> None:
        async with throttle.slot("a"):
            pass

    async def main() -> list[object]:
        await take()  # the first request starts at once
        waiting = [asyncio.create_task(take()) for _ in range(3)]
        await asyncio.sleep(0.01)
        throttle.close()
        return await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), 10)

    assert all(isinstance(r, ThrottleClosed) for r in asyncio.run(main()))
