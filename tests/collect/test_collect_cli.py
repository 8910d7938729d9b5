"""`wiredesk collect` and `wiredesk collect-stats` from the command line; `run_forever`."""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from collect_fixtures import FakeSink, LoopbackTransport, fast_config
from collect_portal import Portal, build_portal
from collect_server import PortalServer

from wiredesk.cli.main import main
from wiredesk.errors import StoreError
from wiredesk.sources.collect.collector import Collector
from wiredesk.sources.collect.config import SourceConfig
from wiredesk.sources.collect.state import CollectState


def _wiredesk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the CLI in this process (the loopback guard applies); (exit code, stdout, stderr)."""
    code = 0
    try:
        main(["--archive", str(tmp_path / "a.db"), *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_usage_and_config_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _wiredesk(tmp_path, capsys, "collect", str(tmp_path / "nope.toml"), "--once")
    assert code == 2
    assert err.strip() == f"wiredesk: {tmp_path / 'nope.toml'}: no such file"
    config = tmp_path / "c.toml"
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/"\nkind = "feed"\n')
    code, _, err = _wiredesk(tmp_path, capsys, "collect", str(config))
    assert code == 2
    assert "exactly one of --once or --forever" in err
    config.write_text('[[sources]]\nurl = "http://127.0.0.1:9/"\n')
    code, _, err = _wiredesk(tmp_path, capsys, "collect", str(config), "--once")
    assert code == 2
    assert err.count("\n") == 1
    assert "link_css or link_pattern" in err


def test_collect_stats_before_and_after_a_run(
    server: PortalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portal = build_portal(server, section=3, rss=2, atom=0, private=1)
    code, out, _ = _wiredesk(tmp_path, capsys, "collect-stats", "--format", "json")
    assert code == 0
    empty = json.loads(out)
    assert empty["fetched"] == empty["new"] == empty["errors"] == 0
    assert empty["last_poll"] is None
    assert "has not run" in _wiredesk(tmp_path, capsys, "collect-stats")[1]
    config = tmp_path / "c.toml"
    config.write_text(
        f'[collector]\ndelay = 0.02\n\n[[sources]]\nurl = "{portal.url("/binnenland")}"\n'
        'link_css = "a.artikel"\n\n'
        f'[[sources]]\nurl = "{portal.url("/feed.rss")}"\nkind = "feed"\n'
    )
    code, _, err = _wiredesk(tmp_path, capsys, "collect", str(config), "--once")
    assert code == 0, err
    assert "fetch 200 " + portal.url("/binnenland") in err
    assert "collect done:" in err
    shown = json.loads(_wiredesk(tmp_path, capsys, "collect-stats", "--format", "json")[1])
    expected = len(portal.section_articles) + len(portal.rss_articles)
    assert shown["new"] == expected + 1
    assert shown["skipped_robots"] == len(portal.private)
    assert shown["errors"] == 0
    assert shown["frontier"] == 0
    assert "skipped robots" in _wiredesk(tmp_path, capsys, "collect-stats")[1]


def test_run_forever_polls_again_when_due_and_stops(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    source = SourceConfig("rss", portal.url("/feed.rss"), "feed", poll_every=0.15)
    collector = Collector(fast_config(portal, sources=(source,)), sink, state, transport=transport)
    polls = portal.server.hits_on

    def stop_when_polled_three_times() -> None:
        while len(polls("/feed.rss")) < 3:
            threading.Event().wait(0.01)
        collector.stop()

    watcher = threading.Thread(target=stop_when_polled_three_times, daemon=True)
    watcher.start()
    report = collector.run_forever()
    watcher.join(5)
    assert report.stopped
    hits = polls("/feed.rss")
    assert [h.status for h in hits[:3]] == [200, 304, 304]
    assert len(sink.pages) == len(portal.rss_articles)


def test_stop_does_not_wait_out_the_host_delay(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    # a 30 s delay: without the wake-up, stopping would take minutes
    collector = Collector(fast_config(portal, delay=30.0), sink, state, transport=transport)

    def stop_after_the_first_request() -> None:
        while not portal.server.hits:
            threading.Event().wait(0.005)
        collector.stop()

    threading.Thread(target=stop_after_the_first_request, daemon=True).start()
    report = collector.run_once()
    assert report.stopped
    assert len(portal.server.hits) == 1  # robots.txt, then nothing more
    assert state.pending_pages() == []


def test_one_collector_per_archive(
    portal: Portal, sink: FakeSink, state: CollectState, transport: LoopbackTransport
) -> None:
    now = datetime.now(UTC)
    held = state.acquire_lease(
        "other", pid=1, host="elsewhere", now=now, ttl=600, alive=lambda pid: True
    )
    assert held is None
    collector = Collector(fast_config(portal), sink, state, transport=transport)
    with pytest.raises(StoreError, match="another collector is running on it"):
        collector.run_once()
    assert portal.server.hits == []
    # a collector on this machine whose process is gone (killed) is taken over at once
    state.release_lease("other")
    state.acquire_lease(
        "dead", pid=2**22 + 7, host=socket.gethostname(), now=now, ttl=600, alive=lambda pid: False
    )
    collector.run_once()
    assert len(sink.pages) == len(portal.articles) + 1
    # and the lease is given back at the end
    again = state.acquire_lease("next", pid=3, host="x", now=now, ttl=1, alive=lambda p: True)
    assert again is None
