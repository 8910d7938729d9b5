"""Read a collector configuration (TOML) into a frozen `CollectConfig`.

A configuration names the sources to poll (section/index pages and RSS/Atom feeds), how to find
article links on them, how often to poll each, and the politeness settings (per-host delay and
concurrency, user agent, size limit, timeouts). The hosts the collector may ever contact are
derived from the sources (plus an optional explicit list); nothing outside them is fetched.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from wiredesk.errors import InputError

SourceKind = Literal["page", "feed"]

DEFAULT_CONTACT = "https://github.com/wiredesk/wiredesk"
DEFAULT_DELAY = 1.0
DEFAULT_CONCURRENCY = 1


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """Politeness for one host: minimum seconds between request starts, requests at once."""

    delay: float
    concurrency: int


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One source to poll: a section/index page or a feed, and how to find its article links."""

    name: str
    url: str
    kind: SourceKind = "page"
    # CSS selector for the <a> elements that lead to articles (section pages only)
    link_css: str | None = None
    # regex an absolute article URL must match (search, not fullmatch)
    link_pattern: str | None = None
    # seconds between polls of this source
    poll_every: float = 300.0
    # ingest the source page itself (section pages carry briefs too); feeds never are
    ingest: bool = True

    def matches(self, url: str) -> bool:
        """True when `url` passes this source's link pattern (or it has none)."""
        return self.link_pattern is None or re.search(self.link_pattern, url) is not None


@dataclass(frozen=True, slots=True)
class CollectConfig:
    """Everything the collector needs to know; built by `load_config` or directly in tests."""

    sources: tuple[SourceConfig, ...]
    user_agent: str = "wiredesk-collector/0.1"
    contact: str = DEFAULT_CONTACT
    delay: float = DEFAULT_DELAY
    concurrency: int = DEFAULT_CONCURRENCY
    max_bytes: int = 5_000_000
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 60.0
    # longest Retry-After honoured inside one fetch; longer ones become an error for this run
    max_retry_after: float = 120.0
    robots_ttl: float = 3600.0
    # after a 5xx or unreachable robots.txt the host counts as disallowed for this long
    robots_error_ttl: float = 600.0
    # robots.txt Crawl-delay above this is capped (a typo should not stop collection for days)
    max_crawl_delay: float = 60.0
    # give up on an article after this many failed runs (5xx, timeouts)
    max_attempts: int = 3
    # re-check already fetched articles after this many seconds (None: only on a feed update)
    revisit_after: float | None = None
    extra_hosts: frozenset[str] = frozenset()
    host_policies: Mapping[str, HostPolicy] = field(default_factory=dict)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The only hosts (`host[:port]`, lower case) the collector may ever contact."""
        return frozenset(host_key(s.url) for s in self.sources) | self.extra_hosts

    @property
    def user_agent_header(self) -> str:
        """The User-Agent sent on every request: names wiredesk and a contact URL."""
        return f"{self.user_agent} (+{self.contact})"

    def policy(self, host: str) -> HostPolicy:
        """The delay and concurrency for `host` (a per-host override or the defaults)."""
        return self.host_policies.get(host, HostPolicy(self.delay, self.concurrency))


def host_key(url: str) -> str:
    """`host[:port]` of a URL in lower case, default ports dropped: the unit of politeness."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (parts.scheme, port) in {("http", 80), ("https", 443)}:
        return host
    return f"{host}:{port}"


def load_config(path: str | Path) -> CollectConfig:
    """Read and check a TOML collector configuration.

    Raises:
        InputError: the file is missing, not TOML, or a value is wrong (one line naming it).
    """
    where = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(where, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, f"not valid TOML: {exc}") from None
    return parse_config(raw, where=where)


_TOP_KEYS = {"collector", "sources", "hosts"}
_COLLECTOR_KEYS = {
    "user_agent": str,
    "contact": str,
    "delay": float,
    "concurrency": int,
    "max_bytes": int,
    "connect_timeout": float,
    "read_timeout": float,
    "max_redirects": int,
    "retries": int,
    "backoff": float,
    "max_backoff": float,
    "max_retry_after": float,
    "robots_ttl": float,
    "robots_error_ttl": float,
    "max_crawl_delay": float,
    "max_attempts": int,
    "revisit_after": float,
}
_SOURCE_KEYS = {"name", "url", "kind", "link_css", "link_pattern", "poll_every", "ingest"}


def parse_config(raw: Mapping[str, Any], *, where: str = "config") -> CollectConfig:
    """Check a decoded TOML mapping and build the `CollectConfig` (see `load_config`)."""
    _no_unknown(raw, _TOP_KEYS, where)
    section = raw.get("collector", {})
    if not isinstance(section, dict):
        raise InputError(where, "[collector] must be a table")
    _no_unknown(section, set(_COLLECTOR_KEYS) | {"allowed_hosts"}, f"{where}: [collector]")
    options: dict[str, Any] = {}
    for key, kind in _COLLECTOR_KEYS.items():
        if key in section:
            options[key] = _typed(section[key], kind, f"{where}: collector.{key}")
    for key in ("delay", "backoff", "max_backoff", "robots_ttl", "robots_error_ttl"):
        if options.get(key, 0) < 0:
            raise InputError(f"{where}: collector.{key}", "must not be negative")
    for key in ("concurrency", "max_bytes", "max_attempts"):
        if key in options and options[key] < 1:
            raise InputError(f"{where}: collector.{key}", "must be at least 1")
    for key in ("connect_timeout", "read_timeout"):
        if key in options and options[key] <= 0:
            raise InputError(f"{where}: collector.{key}", "must be positive")
    agent = options.get("user_agent")
    if agent is not None and not re.fullmatch(r"[\x21-\x7e][\x20-\x7e]*", agent):
        raise InputError(f"{where}: collector.user_agent", "must be printable ASCII")
    extra = section.get("allowed_hosts", [])
    if not isinstance(extra, list) or not all(isinstance(h, str) for h in extra):
        raise InputError(f"{where}: collector.allowed_hosts", "must be a list of host names")

    sources_raw = raw.get("sources")
    if not isinstance(sources_raw, list) or not sources_raw:
        raise InputError(where, "no [[sources]]: name at least one section page or feed")
    sources = tuple(_source(s, i, where) for i, s in enumerate(sources_raw, 1))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise InputError(where, "source names must be unique")

    policies: dict[str, HostPolicy] = {}
    hosts = raw.get("hosts", {})
    if not isinstance(hosts, dict):
        raise InputError(where, "[hosts] must be a table of host names")
    delay = float(options.get("delay", DEFAULT_DELAY))
    concurrency = int(options.get("concurrency", DEFAULT_CONCURRENCY))
    for host, policy in hosts.items():
        label = f"{where}: hosts.{host}"
        if not isinstance(policy, dict):
            raise InputError(label, "must be a table with delay and/or concurrency")
        _no_unknown(policy, {"delay", "concurrency"}, label)
        host_delay = _typed(policy.get("delay", delay), float, f"{label}.delay")
        host_conc = _typed(policy.get("concurrency", concurrency), int, f"{label}.concurrency")
        if host_delay < 0 or host_conc < 1:
            raise InputError(label, "delay must be >= 0 and concurrency >= 1")
        policies[host.lower()] = HostPolicy(host_delay, host_conc)

    return CollectConfig(
        sources=sources,
        extra_hosts=frozenset(h.lower() for h in extra),
        host_policies=policies,
        **options,
    )


def _source(raw: Any, index: int, where: str) -> SourceConfig:
    label = f"{where}: sources[{index}]"
    if not isinstance(raw, dict):
        raise InputError(label, "must be a table")
    _no_unknown(raw, _SOURCE_KEYS, label)
    url = raw.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"}:
        raise InputError(label, "url must be an http:// or https:// URL")
    if not urlsplit(url).hostname:
        raise InputError(label, f"url has no host: {url}")
    kind = raw.get("kind", "page")
    if kind not in ("page", "feed"):
        raise InputError(label, f"kind must be 'page' or 'feed', not {kind!r}")
    link_css = raw.get("link_css")
    link_pattern = raw.get("link_pattern")
    if link_css is not None and not isinstance(link_css, str):
        raise InputError(label, "link_css must be a string")
    if link_pattern is not None:
        if not isinstance(link_pattern, str):
            raise InputError(label, "link_pattern must be a string")
        try:
            re.compile(link_pattern)
        except re.error as exc:
            raise InputError(label, f"link_pattern is not a regular expression: {exc}") from None
    if kind == "page" and link_css is None and link_pattern is None:
        # without either every menu link on the page would be crawled
        raise InputError(label, "a page source needs link_css or link_pattern")
    poll_every = _typed(raw.get("poll_every", 300.0), float, f"{label}.poll_every")
    if poll_every <= 0:
        raise InputError(label, "poll_every must be positive")
    ingest = raw.get("ingest", kind == "page")
    if not isinstance(ingest, bool):
        raise InputError(label, "ingest must be true or false")
    name = raw.get("name", f"source{index}")
    if not isinstance(name, str) or not name:
        raise InputError(label, "name must be a non-empty string")
    return SourceConfig(
        name=name,
        url=url,
        kind=kind,
        link_css=link_css,
        link_pattern=link_pattern,
        poll_every=poll_every,
        ingest=ingest and kind == "page",
    )


def _typed(value: Any, kind: type, label: str) -> Any:
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    raise InputError(label, f"must be {'a number' if kind is not str else 'a string'}")


def _no_unknown(raw: Mapping[str, Any], known: set[str], label: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InputError(label, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
