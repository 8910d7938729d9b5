"""The collector against a local portal: finds and ingests every new item, politely, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from collect_fixtures import FakeSink, LoopbackTransport, fast_config
from collect_portal import Portal, atom_feed
from collect_server import PortalServer, Route

from wiredesk.sources.collect.collector import Collector
from wiredesk.sources.collect.state import CollectState


def _collector(
    portal: Portal,
    sink: FakeSink,
    state: CollectState,
    transport: LoopbackTransport,
    **overrides: object,
) -> Collector:
    return Collector(fast_config(portal, **overrides), sink, state, transport=transport)


def test_collects_every_new_article_once(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    report = _collector(portal, sink, state, transport).run_once()

    got = sink.urls()
    expected = [portal.url(p) for p in portal.articles]
    assert sorted(u for u in got if "/artikel/" in u) == sorted(expected)
    assert len(got) == len(set(got))
    # the section page is a portal page too (it carries briefs); feeds are not ingested
    assert portal.url("/binnenland") in got
    assert not any(u.endswith((".rss", ".atom")) for u in got)
    # every page keeps its real crawl time and the format the server named
    for page in sink.pages:
        assert page.fetched_at is not None
        assert page.fetched_at.tzinfo is not None
        assert page.format in {"text", "html"}
        assert page.ref.kind == "http"
    # each article fetched exactly once; robots.txt once; nothing private; nothing elsewhere
    server = portal.server
    for path in portal.articles:
        assert len(server.hits_on(path)) == 1, path
    assert len(server.hits_on("/robots.txt")) == 1
    assert not any(p.startswith("/private/") for p in server.paths())
    assert all(u.startswith(portal.server.base) for u in transport.requests)
    c = report.counters
    assert c["new"] == len(portal.articles) + 1
    assert c["skipped_robots"] == len(portal.private)
    assert c["skipped_offsite"] == 1
    assert c["fetched"] == len(portal.articles) + 3


def test_user_agent_names_wiredesk_and_a_contact(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    _collector(portal, sink, state, transport).run_once()
    agents = {h.headers.get("User-Agent") for h in portal.server.hits}
    assert agents == {"wiredesk-collector/0.1 (+https://example.org/wiredesk-tests)"}


def test_second_run_asks_conditionally_and_ingests_nothing(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    _collector(portal, sink, state, transport).run_once()
    first = len(sink.pages)
    later = datetime.now(UTC) + timedelta(hours=1)
    again = Collector(
        fast_config(portal, revisit_after=1.0), sink, state, transport=transport, now=lambda: later
    )
    report = again.run_once()

    assert len(sink.pages) == first  # nothing re-ingested
    server = portal.server
    for path in ["/binnenland", "/feed.rss", "/feed.atom", *portal.articles]:
        second = server.hits_on(path)[-1]
        assert second.status == 304, path
        assert second.headers.get("If-None-Match"), path
    assert report.counters["unchanged"] == len(portal.articles) + 3
    assert report.counters["new"] == 0


def test_changed_article_is_fetched_and_ingested_again(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    _collector(portal, sink, state, transport).run_once()
    path = portal.atom_articles[0]
    route = portal.server.routes[path]
    route.body = route.body + b"\nCorrectie: een later toegevoegde zin.\n"
    # the feed says the entry was updated after we fetched it
    updated = {path: datetime.now(UTC) + timedelta(minutes=5)}
    portal.server.routes["/feed.atom"].body = atom_feed(portal, updated).encode()
    later = datetime.now(UTC) + timedelta(hours=1)
    report = Collector(
        fast_config(portal), sink, state, transport=transport, now=lambda: later
    ).run_once()

    assert report.counters["changed"] == 1
    assert sink.urls().count(portal.url(path)) == 2
    assert sink.pages[-1].data.endswith(b"zin.\n")
    others = [p for p in portal.articles if p != path]
    assert all(len(portal.server.hits_on(p)) == 1 for p in others)


def test_same_content_without_validators_is_not_ingested_twice(
    server: PortalServer, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    from collect_portal import build_portal

    portal = build_portal(server)
    for route in server.routes.values():
        route.validators = False  # a server without ETag/Last-Modified: the hash decides
    _collector(portal, sink, state, transport).run_once()
    first = len(sink.pages)
    later = datetime.now(UTC) + timedelta(hours=1)
    report = Collector(
        fast_config(portal, revisit_after=1.0), sink, state, transport=transport, now=lambda: later
    ).run_once()
    assert len(sink.pages) == first
    assert report.counters["unchanged"] == len(portal.articles) + 3


def test_sources_not_due_are_not_polled(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    _collector(portal, sink, state, transport).run_once()
    before = len(portal.server.hits)
    report = _collector(portal, sink, state, transport).run_once()
    assert len(portal.server.hits) == before
    assert report.counters["sources_polled"] == 0


def test_max_pages_stops_and_the_next_run_continues(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    config = fast_config(portal)
    Collector(config, sink, state, transport=transport, max_pages=5).run_once()
    article_hits = [p for p in portal.server.paths() if p.startswith("/artikel/")]
    assert len(article_hits) == 2  # 3 sources + 2 articles
    Collector(config, sink, state, transport=transport).run_once()
    got = sorted(u for u in sink.urls() if "/artikel/" in u)
    assert got == sorted(portal.url(p) for p in portal.articles)


def test_page_with_bad_link_selector_finds_nothing_but_does_not_fail(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    from wiredesk.sources.collect.config import SourceConfig

    source = SourceConfig("leeg", portal.url("/binnenland"), link_css="a.bestaat-niet")
    report = Collector(
        fast_config(portal, sources=(source,)), sink, state, transport=transport
    ).run_once()
    assert report.counters["links_new"] == 0
    assert sink.urls() == [portal.url("/binnenland")]


def test_text_section_page_links_by_pattern(
    server: PortalServer, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    from collect_portal import article_text

    from wiredesk.sources.collect.config import SourceConfig

    server.add("/robots.txt", Route(b"", "text/plain"))
    for i in (1, 2):
        server.add(f"/a/{i}", Route(article_text(i).encode(), "text/plain"))
    listing = (
        f"Net binnen\n- Binnenland 9:05 {server.url('/a/1')}\n- Goes 8:40 {server.url('/a/2')}.\n"
    )
    server.add("/regio", Route(listing.encode(), "text/plain; charset=utf-8"))
    source = SourceConfig("regio", server.url("/regio"), link_pattern=r"/a/\d+$")
    from collect_portal import Portal

    portal = Portal(server)
    Collector(fast_config(portal, sources=(source,)), sink, state, transport=transport).run_once()
    expected = [server.url("/a/1"), server.url("/a/2"), server.url("/regio")]
    assert sorted(sink.urls()) == sorted(expected)
