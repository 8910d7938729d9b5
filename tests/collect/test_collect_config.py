"""Collector configuration: TOML in, checked CollectConfig out, one clear line on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.errors import InputError
from wiredesk.sources.collect.config import HostPolicy, host_key, load_config, parse_config

EXAMPLE = """
[collector]
user_agent = "wiredesk-collector/0.1"
contact = "https://example.org/about-our-crawler"
delay = 2.5
concurrency = 2
max_bytes = 3_000_000
allowed_hosts = ["static.portal.example"]

[hosts."portal.example"]
delay = 5

[[sources]]
name = "binnenland"
url = "https://portal.example/binnenland"
link_css = "ul.news a"
link_pattern = "/artikel/\\\\d+"
poll_every = 600

[[sources]]
name = "feed"
url = "https://feeds.portal.example:8443/rss.xml"
kind = "feed"
"""


def test_example_config(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(EXAMPLE, encoding="utf-8")
    config = load_config(path)
    assert [s.name for s in config.sources] == ["binnenland", "feed"]
    page, feed = config.sources
    assert page.link_css == "ul.news a"
    assert page.matches("https://portal.example/artikel/12")
    assert not page.matches("https://portal.example/over-ons")
    assert page.poll_every == 600.0
    assert page.ingest
    assert feed.kind == "feed"
    assert not feed.ingest  # feeds are never ingested as pages
    assert config.allowed_hosts == {
        "portal.example",
        "feeds.portal.example:8443",
        "static.portal.example",
    }
    assert config.policy("portal.example") == HostPolicy(5.0, 2)
    assert config.policy("feeds.portal.example:8443") == HostPolicy(2.5, 2)
    assert config.user_agent_header == (
        "wiredesk-collector/0.1 (+https://example.org/about-our-crawler)"
    )


def test_host_key_drops_default_ports_and_case() -> None:
    assert host_key("HTTP://Portal.Example:80/x") == "portal.example"
    assert host_key("https://portal.example:443/") == "portal.example"
    assert host_key("http://127.0.0.1:8080/a") == "127.0.0.1:8080"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "no [[sources]]"),
        ({"sources": [{"url": "ftp://x.example/"}]}, "http:// or https://"),
        ({"sources": [{"url": "https://x.example/"}]}, "link_css or link_pattern"),
        ({"sources": [{"url": "https://x.example/", "kind": "blog"}]}, "kind must be"),
        ({"sources": [{"url": "https://x.example/", "link_pattern": "("}]}, "not a regular"),
        ({"sources": [{"url": "https://x.example/", "kind": "feed", "every": 3}]}, "unknown key"),
        (
            {"collector": {"delay": "slow"}, "sources": [{"url": "https://x/", "kind": "feed"}]},
            "must be a number",
        ),
        (
            {"collector": {"delay": -1}, "sources": [{"url": "https://x/", "kind": "feed"}]},
            "must not be negative",
        ),
        (
            {"collector": {"concurrency": 0}, "sources": [{"url": "https://x/", "kind": "feed"}]},
            "at least 1",
        ),
        (
            {
                "sources": [
                    {"url": "https://x/", "kind": "feed", "name": "a"},
                    {"url": "https://y/", "kind": "feed", "name": "a"},
                ]
            },
            "unique",
        ),
        (
            {"sources": [{"url": "https://x/", "kind": "feed"}], "hosts": {"x": {"delay": -2}}},
            "delay must be",
        ),
    ],
)
def test_bad_config_is_one_clear_line(raw: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_config(raw, where="c.toml")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[collector\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(bad)


def test_docs_example_config_loads() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "collector.md"
    text = docs.read_text(encoding="utf-8")
    start = text.index("```toml\n") + len("```toml\n")
    example = text[start : text.index("```", start)]
    config = parse_config(__import__("tomllib").loads(example), where="docs/collector.md")
    assert config.sources
