"""Politeness and robustness against a local server: delay, concurrency, bad answers, redirects."""

from __future__ import annotations

import contextlib
import os
import time
from http.server import BaseHTTPRequestHandler

import pytest
from collect_fixtures import FakeSink, LoopbackTransport, fast_config
from collect_portal import Portal, article_text, build_portal, section_page
from collect_server import PortalServer, Route, gaps, send

from wiredesk.sources.collect.collector import Collector
from wiredesk.sources.collect.state import CollectState

# request starts are measured from the kernel's receive times; the only slack is clock
# granularity (and realtime-vs-monotonic slew over tens of milliseconds)
CLOCK_TOLERANCE = 0.0005


def _run(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
    **overrides: object,
) -> Collector:
    collector = Collector(fast_config(portal, **overrides), sink, state, transport=transport)
    collector.report = collector.run_once()  # type: ignore[attr-defined]
    return collector


def _articles_fetched(portal: Portal, sink: FakeSink) -> None:
    got = sorted(u for u in sink.urls() if "/artikel/" in u)
    assert got == sorted(portal.url(p) for p in portal.articles)


@pytest.mark.parametrize("delay", [0.03, 0.08])
def test_per_host_delay_is_held_between_request_starts(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
    delay: float,
) -> None:
    _run(portal, sink, state, transport, delay=delay)
    _articles_fetched(portal, sink)
    measured = gaps(portal.server.hits)
    assert len(measured) == len(portal.articles) + 3  # robots, 3 sources, articles, - 1
    assert min(measured) >= delay - CLOCK_TOLERANCE, measured


def test_delay_is_held_with_several_requests_in_flight(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    slow_down(portal.server, portal.articles, 0.08)
    _run(portal, sink, state, transport, delay=0.02, concurrency=3)
    _articles_fetched(portal, sink)
    assert min(gaps(portal.server.hits)) >= 0.02 - CLOCK_TOLERANCE
    assert portal.server.max_in_flight <= 3


def test_concurrency_limit_per_host(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    slow_down(portal.server, portal.articles, 0.1)
    _run(portal, sink, state, transport, delay=0.0, concurrency=2)
    _articles_fetched(portal, sink)
    assert portal.server.max_in_flight == 2


def slow_down(server: PortalServer, paths: list[str], seconds: float) -> None:
    """Make these article routes answer after `seconds`."""
    for path in paths:
        route = server.routes[path]

        def answer(handler: BaseHTTPRequestHandler, _n: int, route: Route = route) -> None:
            time.sleep(seconds)
            send(handler, 200, route.body, Content_Type=route.content_type)

        server.add(path, Route(handler=answer))


def _bad_routes(server: PortalServer) -> dict[str, str]:
    """Paths that answer badly, and the error kind each must be counted as."""

    def too_many(handler: BaseHTTPRequestHandler, n: int) -> None:
        if n == 1:
            send(handler, 429, b"slow down", Content_Type="text/plain", Retry_After="1")
        else:
            send(handler, 200, article_text(429).encode(), Content_Type="text/plain")

    def broken(handler: BaseHTTPRequestHandler, _n: int) -> None:
        send(handler, 500, b"oops", Content_Type="text/plain")

    def slow(handler: BaseHTTPRequestHandler, _n: int) -> None:
        time.sleep(0.7)
        with contextlib.suppress(OSError):  # we gave up waiting long ago
            send(handler, 200, article_text(777).encode(), Content_Type="text/plain")

    def huge_chunked(handler: BaseHTTPRequestHandler, _n: int) -> None:
        handler._hit.status = 200  # type: ignore[attr-defined]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(80):  # 5 MB if nobody stops reading
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            handler.close_connection = True

    server.add("/artikel/x404", Route(b"gone", "text/plain", status=404))
    server.add("/artikel/x429", Route(handler=too_many))
    server.add("/artikel/x500", Route(handler=broken))
    server.add("/artikel/xslow", Route(handler=slow))
    server.add("/artikel/xhuge", Route(b"y" * 1_000_000, "text/plain"))
    server.add("/artikel/xchunked", Route(handler=huge_chunked))
    server.add("/artikel/xbinary", Route(os.urandom(4000), "application/octet-stream"))
    server.add("/artikel/xnul", Route(b"\x00\x01PK\x03\x04" + os.urandom(2000), "text/html"))
    return {
        "/artikel/x404": "http_404",
        "/artikel/x500": "http_5xx",
        "/artikel/xslow": "timeout",
        "/artikel/xhuge": "too_large",
        "/artikel/xchunked": "too_large",
        "/artikel/xbinary": "content_type",
        "/artikel/xnul": "binary",
    }


def test_bad_answers_are_counted_and_collection_goes_on(
    server: PortalServer,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    portal = build_portal(server)
    expected = _bad_routes(server)
    bad = [*expected, "/artikel/x429"]
    server.add("/binnenland", Route(section_page(portal, tuple(bad)).encode()))
    collector = _run(portal, sink, state, transport, read_timeout=0.25, max_bytes=100_000)
    report = collector.report  # type: ignore[attr-defined]

    _articles_fetched_with(portal, sink, ["/artikel/x429"])
    for kind in set(expected.values()):
        assert report.counters[f"errors.{kind}"] == list(expected.values()).count(kind), kind
    # 429 with Retry-After: 1 -> one retry, at least a second later
    hits = server.hits_on("/artikel/x429")
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].at - hits[0].at >= 1.0 - CLOCK_TOLERANCE
    # 500 retried once (retries=1) with backoff, then given up for this run
    assert [h.status for h in server.hits_on("/artikel/x500")] == [500, 500]
    assert report.counters["retries"] >= 3  # 429, 500, slow
    # transient failures stay in the frontier for a later run; final ones do not
    frontier = {row.url for row in state.frontier()}
    assert frontier == {server.url("/artikel/x500"), server.url("/artikel/xslow")}
    # nothing was ever kept of the oversized bodies
    assert all(len(p.data) <= 100_000 for p in sink.pages)


def _articles_fetched_with(portal: Portal, sink: FakeSink, extra: list[str]) -> None:
    got = sorted(u for u in sink.urls() if "/artikel/" in u)
    assert got == sorted(portal.url(p) for p in [*portal.articles, *extra])


def test_redirect_to_another_host_is_refused(
    server: PortalServer,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    other = PortalServer().start()
    try:
        other.add("/robots.txt", Route(b"", "text/plain"))
        other.add("/artikel/1", Route(article_text(1).encode(), "text/plain"))
        portal = build_portal(server)
        server.add(
            "/artikel/weg",
            Route(b"", status=302, headers={"Location": other.url("/artikel/1")}, validators=False),
        )
        server.add(
            "/artikel/elders",
            Route(
                b"", status=301, headers={"Location": "http://elders.example/a"}, validators=False
            ),
        )
        server.add(
            "/artikel/hier",
            Route(b"", status=301, headers={"Location": "/artikel/1"}, validators=False),
        )
        links = ("/artikel/weg", "/artikel/elders", "/artikel/hier")
        server.add("/binnenland", Route(section_page(portal, links).encode()))
        collector = _run(portal, sink, state, transport)
    finally:
        other.stop()
    assert other.hits == []
    assert collector.report.counters["errors.redirect_offsite"] == 2  # type: ignore[attr-defined]
    # a redirect within the host is followed; the page is stored under the URL that was linked
    assert portal.url("/artikel/hier") in sink.urls()
    assert all(u.startswith(server.base) for u in transport.requests)


def test_redirect_loop_is_bounded(
    server: PortalServer,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    portal = build_portal(server)
    server.add(
        "/artikel/rond",
        Route(b"", status=302, headers={"Location": "/artikel/rond"}, validators=False),
    )
    server.add("/binnenland", Route(section_page(portal, ("/artikel/rond",)).encode()))
    collector = _run(portal, sink, state, transport, max_redirects=3)
    assert len(server.hits_on("/artikel/rond")) == 4
    assert collector.report.counters["errors.too_many_redirects"] == 1  # type: ignore[attr-defined]
    _articles_fetched(portal, sink)


def test_robots_txt_server_error_means_disallow_for_a_while(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    portal.server.add("/robots.txt", Route(b"down", "text/plain", status=503))
    collector = _run(portal, sink, state, transport, retries=0)
    assert set(portal.server.paths()) == {"/robots.txt"}
    assert sink.pages == []
    assert collector.report.counters["errors.robots_unavailable"] == 3  # type: ignore[attr-defined]


def test_robots_txt_missing_means_allow_all(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    del portal.server.routes["/robots.txt"]
    collector = _run(portal, sink, state, transport)
    assert collector.report.counters["skipped_robots"] == 0  # type: ignore[attr-defined]
    got = {u for u in sink.urls() if "/private/" in u}
    assert got == {portal.url(p) for p in portal.private}


def test_robots_txt_crawl_delay_is_honoured(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    portal.server.add(
        "/robots.txt",
        Route(b"User-agent: *\nCrawl-delay: 0.06\nDisallow: /private/\n", "text/plain"),
    )
    _run(portal, sink, state, transport, delay=0.01)
    _articles_fetched(portal, sink)
    # the first gap (robots.txt -> first page) is the configured delay; after it, Crawl-delay
    assert min(gaps(portal.server.hits)[1:]) >= 0.06 - CLOCK_TOLERANCE


def test_robots_txt_for_our_agent_only(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
) -> None:
    portal.server.add(
        "/robots.txt",
        Route(
            b"User-agent: wiredesk-collector\nDisallow: /artikel/1\n\nUser-agent: *\nAllow: /\n",
            "text/plain",
        ),
    )
    _run(portal, sink, state, transport)
    assert not [p for p in portal.server.paths() if p.startswith("/artikel/1")]
    assert "/private/1" in portal.server.paths()
