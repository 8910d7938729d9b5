"""The polite HTTP fetcher: one URL in, one `FetchResult` out, never an exception.

Every request goes through the same rules: only configured hosts, robots.txt asked first,
the per-host throttle, a User-Agent naming wiredesk and a contact URL, conditional headers,
a size limit enforced while streaming, timeouts, retries with exponential backoff and jitter
on 429/5xx (honouring Retry-After), and redirects followed by hand, each hop checked again.
The network sits behind an `httpx.AsyncBaseTransport`, so tests can put a guard in front.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx

from wiredesk.sources.collect.config import CollectConfig, host_key
from wiredesk.sources.collect.robots import RobotsCache, RobotsFetch
from wiredesk.sources.collect.throttle import HostThrottle, ThrottleClosed, Ticket

log = logging.getLogger("wiredesk.collect")

Outcome = Literal["ok", "not_modified", "skipped_robots", "skipped_offsite", "error"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server told us last time, sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The conditional request headers for these validators."""
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The end of fetching one URL (after redirects and retries)."""

    url: str
    outcome: Outcome
    final_url: str
    status: int | None = None
    # error kind when outcome == "error": http_404, http_5xx, timeout, too_large, network, ...
    error: str | None = None
    detail: str = ""
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None
    elapsed: float = 0.0


class _TooLarge(Exception):
    pass


@dataclass(slots=True)
class _Response:
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: datetime
    elapsed: float


@dataclass(slots=True)
class _Failure:
    kind: str
    detail: str
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)


class Fetcher:
    """Fetches URLs politely; share one per run (it owns the connection pool and the caches)."""

    def __init__(
        self,
        config: CollectConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        counters: Counter[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        rng: random.Random | None = None,
    ) -> None:
        """Create a fetcher.

        Args:
            config: the collector configuration (hosts, politeness, limits).
            transport: the network seam (default: httpx's own); tests wrap it in a guard.
            counters: where request-level counts go (requests, bytes, retries, robots_fetched).
            clock: monotonic seconds for the throttle and robots cache.
            now: the wall clock giving each page its crawl time.
            rng: random source for backoff jitter.
        """
        self.config = config
        self.counters: Counter[str] = counters if counters is not None else Counter()
        self._now = now
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 (jitter, not secrets)
        self.throttle = HostThrottle(self._policy, clock)
        self.robots = RobotsCache(
            self._fetch_robots,
            user_agent=config.user_agent,
            ttl=config.robots_ttl,
            error_ttl=config.robots_error_ttl,
            clock=clock,
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # no proxies or netrc from the environment: only our hosts
            timeout=httpx.Timeout(
                connect=config.connect_timeout,
                read=config.read_timeout,
                write=config.read_timeout,
                pool=None,  # waiting for a pool slot is the throttle's job
            ),
            headers={
                "User-Agent": config.user_agent_header,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,"
                "application/rss+xml,application/atom+xml,application/xml;q=0.8,*/*;q=0.1",
            },
        )
        self._crawl_delay_set: set[str] = set()
        # host -> monotonic time before which it gets no requests (a Retry-After too long to wait)
        self._host_backoff: dict[str, float] = {}
        # set by `stop()` on SIGINT/SIGTERM: requests not yet started are not sent
        self.stopped = False

    def stop(self) -> None:
        """Send no new requests; the ones on the wire finish. Call it on the event loop."""
        self.stopped = True
        self.throttle.close()

    def _policy(self, host: str) -> tuple[float, int]:
        policy = self.config.policy(host)
        return policy.delay, policy.concurrency

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def fetch(
        self, url: str, validators: Validators | None = None, *, check_robots: bool = True
    ) -> FetchResult:
        """Fetch one URL under all the politeness rules; failures come back as data."""
        current = url
        hops = 0
        while True:
            host = host_key(current)
            if urlsplit(current).scheme not in {"http", "https"} or (
                host not in self.config.allowed_hosts
            ):
                if hops == 0:
                    return FetchResult(url, "skipped_offsite", current, detail="host not allowed")
                log.warning("refuse redirect %s -> %s (host not allowed)", url, current)
                return FetchResult(
                    url, "error", current, error="redirect_offsite", detail=f"redirect to {host}"
                )
            until = self._host_backoff.get(host)
            if until is not None and until > self._clock():
                return FetchResult(
                    url,
                    "error",
                    current,
                    error="host_backoff",
                    detail=f"{host} asked us to wait {until - self._clock():.0f} s more",
                )
            if check_robots:
                refused = await self._robots_refusal(url, current)
                if self.stopped:
                    return FetchResult(url, "error", current, error="stopped")
                if refused is not None:
                    return refused
            answer = await self._with_retries(current, validators)
            if isinstance(answer, _Failure):
                return FetchResult(
                    url,
                    "error",
                    current,
                    status=answer.status,
                    error=answer.kind,
                    detail=answer.detail,
                )
            if answer.status in REDIRECT_STATUSES and "location" in answer.headers:
                hops += 1
                if hops > self.config.max_redirects:
                    return FetchResult(
                        url,
                        "error",
                        current,
                        status=answer.status,
                        error="too_many_redirects",
                        detail=f"more than {self.config.max_redirects} redirects",
                    )
                current = urljoin(current, answer.headers["location"]).split("#", 1)[0]
                continue
            return self._result(url, current, answer)

    async def _robots_refusal(self, url: str, current: str) -> FetchResult | None:
        verdict = await self.robots.verdict(current)
        host = host_key(current)
        if host not in self._crawl_delay_set:
            self._crawl_delay_set.add(host)
            crawl_delay = await self.robots.crawl_delay(current)
            if crawl_delay is not None:
                self.throttle.set_delay(host, min(crawl_delay, self.config.max_crawl_delay))
        if verdict == "allow":
            return None
        if verdict == "disallow":
            log.info("skip robots %s", current)
            return FetchResult(url, "skipped_robots", current, detail="disallowed by robots.txt")
        log.info("skip robots-unavailable %s", current)
        return FetchResult(
            url,
            "error",
            current,
            error="robots_unavailable",
            detail="robots.txt unreachable; host treated as disallowed for now",
        )

    def _result(self, url: str, final_url: str, answer: _Response) -> FetchResult:
        headers = answer.headers
        content_type, charset = _content_type(headers.get("content-type"))
        common: dict[str, Any] = {
            "status": answer.status,
            "fetched_at": answer.fetched_at,
            "elapsed": answer.elapsed,
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
        }
        if answer.status == 304:
            return FetchResult(url, "not_modified", final_url, **common)
        if 200 <= answer.status < 300:
            return FetchResult(
                url,
                "ok",
                final_url,
                body=answer.body,
                content_type=content_type,
                charset=charset,
                **common,
            )
        kind = f"http_{answer.status}" if answer.status < 500 else "http_5xx"
        return FetchResult(
            url, "error", final_url, error=kind, detail=f"HTTP {answer.status}", **common
        )

    async def _with_retries(self, url: str, validators: Validators | None) -> _Response | _Failure:
        host = host_key(url)
        attempt = 0
        while True:
            answer = await self._once(url, validators)
            status = answer.status
            retryable = (
                status in RETRY_STATUSES
                if isinstance(answer, _Response)
                else answer.kind in {"timeout", "network"}
            )
            if not retryable:
                return answer
            if attempt >= self.config.retries:
                return answer
            wait = self._backoff(attempt)
            retry_after = _retry_after(answer.headers, self._now())
            if retry_after is not None:
                if retry_after > self.config.max_retry_after:
                    # too long to wait in this run: leave the whole host alone for that long
                    self._host_backoff[host] = self._clock() + retry_after
                    log.warning("back off %s for %.0f s (Retry-After)", host, retry_after)
                    return _Failure(
                        f"http_{status}" if status == 429 else "http_5xx",
                        f"HTTP {status}, Retry-After {retry_after:.0f} s is too long",
                        status,
                        answer.headers,
                    )
                wait = max(wait, retry_after) if status != 429 else retry_after
            attempt += 1
            self.counters["retries"] += 1
            what = str(status) if status is not None else getattr(answer, "kind", "error")
            log.info(
                "retry %s %s in %.2f s (attempt %d of %d)",
                what,
                url,
                wait,
                attempt + 1,
                self.config.retries + 1,
            )
            # the whole host waits: a 429/5xx says the server wants fewer requests from us
            self.throttle.defer(host, wait)

    def _backoff(self, attempt: int) -> float:
        base = min(self.config.max_backoff, self.config.backoff * 2.0**attempt)
        # "equal jitter": at least half the base, so retries from many hosts spread out
        return base / 2 + self._rng.uniform(0, base / 2)

    async def _once(self, url: str, validators: Validators | None) -> _Response | _Failure:
        try:
            return await self._once_throttled(url, validators)
        except ThrottleClosed:
            return _Failure("stopped", "the collector is stopping")

    async def _once_throttled(
        self, url: str, validators: Validators | None
    ) -> _Response | _Failure:
        host = host_key(url)
        headers = validators.headers() if validators else {}
        async with self.throttle.slot(host) as ticket:
            if self.stopped:
                return _Failure("stopped", "the collector is stopping")
            started = self._clock()
            self.counters["requests"] += 1
            try:
                # an overall bound too: a server trickling one byte per read never times out
                async with asyncio.timeout(self.config.connect_timeout + self.config.read_timeout):
                    response = await self._send(url, headers, ticket)
            except TimeoutError:
                return self._fail("timeout", url, started, "no complete answer in time")
            except httpx.TimeoutException as exc:
                return self._fail("timeout", url, started, type(exc).__name__)
            except _TooLarge as exc:
                return self._fail("too_large", url, started, str(exc))
            except httpx.HTTPError as exc:
                return self._fail("network", url, started, f"{type(exc).__name__}: {exc}")
        elapsed = self._clock() - started
        self.counters["bytes"] += len(response.body)
        log.info(
            "fetch %d %s %s %.0f ms",
            response.status,
            url,
            _size(len(response.body)),
            elapsed * 1000,
        )
        response.elapsed = elapsed
        return response

    def _fail(self, kind: str, url: str, started: float, detail: str) -> _Failure:
        log.info("fetch %s %s %.0f ms (%s)", kind, url, (self._clock() - started) * 1000, detail)
        return _Failure(kind, detail)

    async def _send(self, url: str, headers: Mapping[str, str], ticket: Ticket) -> _Response:
        async def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith("send_request_headers.complete"):
                self.throttle.mark_sent(ticket)

        request = self._client.build_request(
            "GET", url, headers=dict(headers), extensions={"trace": trace}
        )
        response = await self._client.send(request, stream=True)
        try:
            fetched_at = self._now()
            self.throttle.mark_sent(ticket)  # transports without tracing: answer implies sent
            declared = response.headers.get("content-length")
            limit = self.config.max_bytes
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise _TooLarge(f"Content-Length {int(declared)} > limit {limit}")
            chunks: list[bytes] = []
            size = 0
            if response.status_code not in REDIRECT_STATUSES and response.status_code != 304:
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        # stop reading at once; decoded size counts, so gzip bombs stop too
                        raise _TooLarge(f"more than {limit} bytes")
                    chunks.append(chunk)
            body = b"".join(chunks)
            return _Response(response.status_code, response.headers, body, fetched_at, 0.0)
        finally:
            await response.aclose()

    async def _fetch_robots(self, url: str) -> RobotsFetch:
        self.counters["robots_fetched"] += 1
        result = await self.fetch(url, check_robots=False)
        if result.outcome == "ok":
            return RobotsFetch(result.status, result.body)
        if result.outcome == "error" and result.status is not None:
            return RobotsFetch(result.status, b"", result.error)
        return RobotsFetch(None, b"", result.error or result.outcome)


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip('"').lower()
    return parts[0].lower() or None, charset


def _retry_after(headers: httpx.Headers, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None if absent/bad."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"
