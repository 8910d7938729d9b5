"""A collector killed mid-run (SIGKILL) resumes without duplicate pages, items or sightings;
SIGTERM stops it cleanly. Runs the real CLI in a subprocess against the local portal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from collect_fixtures import LoopbackTransport, fast_config
from collect_portal import Portal, build_portal
from collect_server import PortalServer

from wiredesk.archive import Archive
from wiredesk.sources.collect.collector import Collector, collector_counters

HERE = Path(__file__).resolve().parent
GUARDED_CLI = HERE / "collect_guarded_cli.py"


def _config_file(portal: Portal, path: Path, *, delay: float) -> Path:
    path.write_text(
        f"""
[collector]
user_agent = "wiredesk-collector/0.1"
contact = "https://example.org/wiredesk-tests"
delay = {delay}
read_timeout = 2.0
retries = 1
backoff = 0.05

[[sources]]
name = "binnenland"
url = "{portal.url("/binnenland")}"
link_css = "a.artikel"
poll_every = 3600

[[sources]]
name = "rss"
url = "{portal.url("/feed.rss")}"
kind = "feed"

[[sources]]
name = "atom"
url = "{portal.url("/feed.atom")}"
kind = "feed"
""",
        encoding="utf-8",
    )
    return path


def _cli(archive: Path, *args: str) -> list[str]:
    return [sys.executable, str(GUARDED_CLI), "--archive", str(archive), *args]


def _wait_for(predicate: object, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the collector")
        time.sleep(0.01)


def _article_hits(server: PortalServer) -> int:
    return sum(1 for p in server.paths() if p.startswith("/artikel/"))


def _stats(archive: Path) -> dict[str, int]:
    with Archive.open(archive) as a:
        stats = a.stats()
    return {k: int(stats[k]) for k in ("pages", "items", "sightings", "versions")}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parents[1] / "src"), env.get("PYTHONPATH", "")])
    return env


@pytest.fixture
def big_portal(server: PortalServer) -> Portal:
    return build_portal(server, section=14, rss=3, atom=3)


@pytest.mark.parametrize("kill_after", [6])
def test_killed_collector_resumes_without_duplicates(
    big_portal: Portal, tmp_path: Path, kill_after: int
) -> None:
    server = big_portal.server
    config = _config_file(big_portal, tmp_path / "collect.toml", delay=0.03)
    archive = tmp_path / "resumed.db"
    proc = subprocess.Popen(
        _cli(archive, "collect", str(config), "--once"),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: _article_hits(server) >= kill_after or proc.poll() is not None)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    killed_at = _article_hits(server)
    assert killed_at < len(big_portal.articles)

    done = subprocess.run(
        _cli(archive, "collect", str(config), "--once"),
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    # every article reached the archive, and each article page exactly once
    fetched = [p for p in server.paths() if p.startswith("/artikel/")]
    assert set(fetched) == set(big_portal.articles)
    assert len(fetched) <= len(big_portal.articles) + 1  # at most the page in flight, again

    # an uninterrupted run over the same portal gives the same archive
    reference = tmp_path / "reference.db"
    with Archive.open(reference) as ref:
        config_ = fast_config(big_portal)
        collector = Collector.for_archive(config_, ref, transport=LoopbackTransport())
        collector.run_once()
    assert _stats(archive) == _stats(reference)
    with Archive.open(archive) as a:
        counters = collector_counters(a)
    assert counters["frontier"] == 0
    assert counters["pending"] == 0
    assert counters["new"] == len(big_portal.articles) + 1


def test_sigterm_stops_cleanly_after_the_current_page(big_portal: Portal, tmp_path: Path) -> None:
    server = big_portal.server
    config = _config_file(big_portal, tmp_path / "collect.toml", delay=0.05)
    archive = tmp_path / "a.db"
    proc = subprocess.Popen(
        _cli(archive, "collect", str(config), "--forever"),
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: _article_hits(server) >= 4 or proc.poll() is not None)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr
    assert "SIGTERM: stopping" in stderr
    assert "collect done:" in stderr
    with Archive.open(archive) as a:
        counters = collector_counters(a)
        stats = a.stats()
    assert counters["pending"] == 0
    stopped_at = _article_hits(server)
    # what it did not fetch waits in the frontier for the next run
    assert counters["frontier"] == len(big_portal.articles) - stopped_at
    assert stats["pages"] == counters["new"]
    assert counters["new"] == stopped_at + 1  # every fetched page was ingested (+ section page)
