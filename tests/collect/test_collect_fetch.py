"""The polite fetcher on an in-memory transport (no sockets at all): limits, retries, validators."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest

from wiredesk.sources.collect.config import CollectConfig, SourceConfig
from wiredesk.sources.collect.fetch import Fetcher, FetchResult, Validators, _retry_after

Handler = Callable[[httpx.Request], httpx.Response]


def _config(**overrides: object) -> CollectConfig:
    options: dict[str, object] = {
        "sources": (SourceConfig("s", "http://portal.test/sectie", link_pattern="."),),
        "delay": 0.0,
        "retries": 2,
        "backoff": 0.01,
        "max_backoff": 0.02,
        "max_bytes": 1000,
    }
    options.update(overrides)
    return CollectConfig(**options)  # type: ignore[arg-type]


def _fetch(
    handler: Handler, url: str, validators: Validators | None = None, **overrides: object
) -> tuple[FetchResult, list[httpx.Request], Fetcher]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return handler(request)

    async def go() -> tuple[FetchResult, Fetcher]:
        fetcher = Fetcher(_config(**overrides), transport=httpx.MockTransport(record))
        try:
            return await fetcher.fetch(url, validators), fetcher
        finally:
            await fetcher.aclose()

    result, fetcher = asyncio.run(go())
    return result, [r for r in seen if r.url.path != "/robots.txt"], fetcher


def test_ok_page_with_validators_and_crawl_time() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=b"<p>hoi</p>",
            headers={
                "Content-Type": "text/html; charset=ISO-8859-1",
                "ETag": '"v1"',
                "Last-Modified": "Mon, 05 Jan 2026 12:00:00 GMT",
            },
        )

    before = datetime.now(UTC)
    result, requests, _ = _fetch(handler, "http://portal.test/a")
    assert result.outcome == "ok"
    assert result.body == b"<p>hoi</p>"
    assert (result.content_type, result.charset) == ("text/html", "iso-8859-1")
    assert (result.etag, result.last_modified) == ('"v1"', "Mon, 05 Jan 2026 12:00:00 GMT")
    assert result.fetched_at is not None
    assert result.fetched_at >= before
    assert requests[0].headers["User-Agent"].startswith("wiredesk-collector/")
    assert "+https://" in requests[0].headers["User-Agent"]


def test_conditional_request_and_304() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["If-None-Match"] == '"v1"'
        assert request.headers["If-Modified-Since"] == "Mon, 05 Jan 2026 12:00:00 GMT"
        return httpx.Response(304)

    result, _, _ = _fetch(
        handler, "http://portal.test/a", Validators('"v1"', "Mon, 05 Jan 2026 12:00:00 GMT")
    )
    assert result.outcome == "not_modified"


def test_other_hosts_are_never_contacted() -> None:
    result, requests, _ = _fetch(lambda r: httpx.Response(200), "http://elders.test/a")
    assert result.outcome == "skipped_offsite"
    assert requests == []


def test_declared_size_over_the_limit_is_not_read() -> None:
    result, _, _ = _fetch(
        lambda r: httpx.Response(200, content=b"x" * 5000), "http://portal.test/a"
    )
    assert (result.outcome, result.error) == ("error", "too_large")


def test_streamed_size_over_the_limit_stops() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for part in (b"x" * 600, b"y" * 600, b"z" * 600):
            yield part

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks())

    result, _, _ = _fetch(handler, "http://portal.test/a")
    assert result.error == "too_large"


def test_gzip_bomb_counts_decoded_bytes() -> None:
    bomb = gzip.compress(b"a" * 100_000)
    assert len(bomb) < 1000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    result, _, _ = _fetch(handler, "http://portal.test/a")
    assert result.error == "too_large"


def test_5xx_is_retried_then_given_up() -> None:
    result, requests, fetcher = _fetch(lambda r: httpx.Response(502), "http://portal.test/a")
    assert (result.outcome, result.error, result.status) == ("error", "http_5xx", 502)
    assert len(requests) == 3  # retries=2
    assert fetcher.counters["retries"] == 2


def test_429_then_ok() -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200)])
    result, requests, _ = _fetch(lambda r: next(answers), "http://portal.test/a")
    assert result.outcome == "ok"
    assert len(requests) == 2


def test_a_very_long_retry_after_is_an_error_not_a_sleep() -> None:
    result, requests, _ = _fetch(
        lambda r: httpx.Response(503, headers={"Retry-After": "86400"}), "http://portal.test/a"
    )
    assert result.error == "http_5xx"
    assert "Retry-After" in result.detail
    assert len(requests) == 1


def test_404_is_not_retried() -> None:
    result, requests, _ = _fetch(lambda r: httpx.Response(404), "http://portal.test/a")
    assert (result.error, len(requests)) == ("http_404", 1)


def test_redirects_are_followed_and_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oud":
            return httpx.Response(301, headers={"Location": "/nieuw"})
        if request.url.path == "/weg":
            return httpx.Response(302, headers={"Location": "http://elders.test/x"})
        return httpx.Response(200, content=b"ok")

    result, requests, _ = _fetch(handler, "http://portal.test/oud")
    assert (result.outcome, result.final_url) == ("ok", "http://portal.test/nieuw")
    assert result.url == "http://portal.test/oud"
    result, requests, _ = _fetch(handler, "http://portal.test/weg")
    assert result.error == "redirect_offsite"
    assert [r.url.host for r in requests] == ["portal.test"]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        ("Mon, 05 Jan 2026 12:01:00 GMT", 60.0),
        ("soon", None),
        (None, None),
        ("Mon, 05 Jan 2026 11:00:00 GMT", 0.0),
    ],
)
def test_retry_after(value: str | None, seconds: float | None) -> None:
    headers = httpx.Headers({"Retry-After": value} if value else {})
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert _retry_after(headers, now) == seconds


def test_a_long_retry_after_leaves_the_whole_host_alone() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(429, headers={"Retry-After": "3600"})

    async def go() -> list[FetchResult]:
        fetcher = Fetcher(_config(), transport=httpx.MockTransport(handler))
        try:
            return [await fetcher.fetch(f"http://portal.test/{i}") for i in range(3)]
        finally:
            await fetcher.aclose()

    results = asyncio.run(go())
    assert [r.error for r in results] == ["http_429", "host_backoff", "host_backoff"]
    assert seen == ["/robots.txt", "/0"]
