"""Finding article links on section pages, in plain text and in RSS/Atom feeds."""

from __future__ import annotations

from datetime import UTC, datetime

from wiredesk.sources.collect.links import (
    links_from_feed,
    links_from_html,
    links_from_text,
    normalize_url,
)

BASE = "https://portal.example/binnenland?page=2"

SECTION = """<html><head><base href="/nieuws/"></head><body>
<nav><a href="/">Home</a><a href="mailto:a@b.example">Mail</a><a href="javascript:x()">x</a></nav>
<ul class="news">
  <li><a href="artikel/1#reacties">Een</a></li>
  <li><a href="https://portal.example/nieuws/artikel/2">Twee</a></li>
  <li><a href="artikel/1">Een nog eens</a></li>
  <li><a href="HTTPS://Portal.Example:443/nieuws/artikel/3?x=1">Drie</a></li>
</ul>
<div class="teaser"><a href="artikel/4">Vier</a></div>
</body></html>"""


def test_links_by_css_resolve_against_base_and_dedupe() -> None:
    got = links_from_html(SECTION, BASE, css="ul.news a")
    assert got == [
        "https://portal.example/nieuws/artikel/1",
        "https://portal.example/nieuws/artikel/2",
        "https://portal.example/nieuws/artikel/3?x=1",
    ]


def test_css_may_name_a_container() -> None:
    assert links_from_html(SECTION, BASE, css="div.teaser") == [
        "https://portal.example/nieuws/artikel/4"
    ]


def test_links_by_pattern_skip_menus_and_other_schemes() -> None:
    got = links_from_html(SECTION, BASE, pattern=r"/artikel/\d+")
    assert len(got) == 4
    assert all("/artikel/" in u for u in got)


def test_links_in_plain_text() -> None:
    text = "Net binnen\n- Binnenland 9:05 https://portal.example/a/1.\n(https://portal.example/a/2)"
    assert links_from_text(text, BASE, pattern=r"/a/\d") == [
        "https://portal.example/a/1",
        "https://portal.example/a/2",
    ]


def test_normalize_url() -> None:
    assert normalize_url("http://X.example:80/a#b") == "http://x.example/a"
    assert normalize_url("https://x.example") == "https://x.example/"
    assert normalize_url("ftp://x.example/a") is None
    assert normalize_url("http://x.example:99999/") is None
    assert normalize_url("   ") is None


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Een</title><link>https://portal.example/artikel/1</link>
<pubDate>Mon, 05 Jan 2026 12:00:00 GMT</pubDate></item>
<item><title>Geen link</title></item>
<item><title>Twee</title><link>https://portal.example/artikel/2#top</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title><id>x</id><updated>2026-01-05T12:00:00Z</updated>
<entry><title>Een</title><id>1</id><updated>2026-01-05T13:30:00Z</updated>
<link rel="alternate" href="/artikel/7"/><link rel="enclosure" href="/foto.jpg"/></entry>
</feed>"""


def test_rss_links_and_dates() -> None:
    got = links_from_feed(RSS, "https://portal.example/rss")
    assert [g.url for g in got] == [
        "https://portal.example/artikel/1",
        "https://portal.example/artikel/2",
    ]
    assert got[0].updated == datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert got[0].title == "Een"


def test_atom_relative_links_resolve_against_the_feed() -> None:
    got = links_from_feed(ATOM, "https://portal.example/feeds/atom.xml")
    assert [g.url for g in got] == ["https://portal.example/artikel/7"]
    assert got[0].updated == datetime(2026, 1, 5, 13, 30, tzinfo=UTC)


def test_garbage_is_not_a_feed() -> None:
    assert links_from_feed(b"\x00\x01\x02 not xml", "https://portal.example/rss") == []
