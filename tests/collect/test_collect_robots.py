"""robots.txt rules per RFC 9309: cached per host with a TTL; 4xx allows, 5xx/errors disallow."""

from __future__ import annotations

import asyncio

import pytest

from wiredesk.sources.collect.robots import RobotsCache, RobotsFetch, agent_token, robots_url


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _cache(answers: dict[str, RobotsFetch], clock: FakeClock) -> tuple[RobotsCache, list[str]]:
    asked: list[str] = []

    async def fetch(url: str) -> RobotsFetch:
        asked.append(url)
        return answers[url]

    cache = RobotsCache(
        fetch,
        user_agent="wiredesk-collector/0.1 (+https://x.example)",
        ttl=100.0,
        error_ttl=10.0,
        clock=clock,
    )
    return cache, asked


RULES = b"""User-agent: wiredesk-collector
Disallow: /private/
Crawl-delay: 3

User-agent: *
Disallow: /
"""


def test_rules_for_our_agent_and_one_fetch_per_host() -> None:
    clock = FakeClock()
    cache, asked = _cache({"https://a.example/robots.txt": RobotsFetch(200, RULES)}, clock)

    async def go() -> list[str]:
        return [
            await cache.verdict("https://a.example/artikel/1"),
            await cache.verdict("https://a.example/private/2"),
            str(await cache.crawl_delay("https://a.example/")),
        ]

    assert asyncio.run(go()) == ["allow", "disallow", "3.0"]
    assert asked == ["https://a.example/robots.txt"]
    clock.now += 101  # the TTL has passed: asked again
    asyncio.run(cache.verdict("https://a.example/x"))
    assert len(asked) == 2


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (RobotsFetch(404), "allow"),
        (RobotsFetch(410), "allow"),
        (RobotsFetch(401), "allow"),
        (RobotsFetch(429), "unavailable"),
        (RobotsFetch(500), "unavailable"),
        (RobotsFetch(503), "unavailable"),
        (RobotsFetch(None, error="timeout"), "unavailable"),
        (RobotsFetch(200, b"\xff\xfe garbage \x00"), "allow"),
    ],
)
def test_unreachable_robots(answer: RobotsFetch, verdict: str) -> None:
    clock = FakeClock()
    cache, _ = _cache({"https://a.example/robots.txt": answer}, clock)
    assert asyncio.run(cache.verdict("https://a.example/artikel/1")) == verdict


def test_server_error_is_retried_after_the_error_ttl() -> None:
    clock = FakeClock()
    answers = {"https://a.example/robots.txt": RobotsFetch(503)}
    cache, asked = _cache(answers, clock)
    assert asyncio.run(cache.verdict("https://a.example/a")) == "unavailable"
    clock.now += 5
    assert asyncio.run(cache.verdict("https://a.example/a")) == "unavailable"
    assert len(asked) == 1
    answers["https://a.example/robots.txt"] = RobotsFetch(200, b"User-agent: *\nAllow: /\n")
    clock.now += 6
    assert asyncio.run(cache.verdict("https://a.example/a")) == "allow"
    assert len(asked) == 2


def test_concurrent_questions_fetch_once() -> None:
    clock = FakeClock()
    asked: list[str] = []

    async def fetch(url: str) -> RobotsFetch:
        asked.append(url)
        await asyncio.sleep(0.01)
        return RobotsFetch(200, b"User-agent: *\nDisallow: /x\n")

    cache = RobotsCache(fetch, user_agent="wiredesk-collector/0.1", clock=clock)

    async def go() -> list[str]:
        asks = (cache.verdict(f"http://h.example/{i}") for i in range(5))
        return list(await asyncio.gather(*asks))

    assert asyncio.run(go()) == ["allow"] * 5
    assert asked == ["http://h.example/robots.txt"]


def test_helpers() -> None:
    assert robots_url("http://h.example:8080/a/b?c") == "http://h.example:8080/robots.txt"
    assert agent_token("wiredesk-collector/0.1 (+https://x)") == "wiredesk-collector"
