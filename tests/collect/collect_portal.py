"""Portal content for collector tests: section pages, article pages, an RSS and an Atom feed.

Article pages come from `wiredesk.generate` when it is there (the portal's own text and HTML
forms); otherwise small pages in the portal's compact text form written here.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from collect_server import PortalServer, Route

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
PLACES = ["DEN HAAG", "AMSTERDAM", "GOES", "PARIJS", "BERLIJN", "MIDDELBURG", "TILBURG"]


@dataclass
class Portal:
    """What a portal built on a server holds: the article paths per source and which are secret."""

    server: PortalServer
    section_articles: list[str] = field(default_factory=list)
    rss_articles: list[str] = field(default_factory=list)
    atom_articles: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    # path -> the parse contract JSON the generator promises for that page (generated pages only)
    expected: dict[str, Any] = field(default_factory=dict)

    @property
    def articles(self) -> list[str]:
        return self.section_articles + self.rss_articles + self.atom_articles

    def url(self, path: str) -> str:
        return self.server.url(path)


POOL_SIZE = 40


@functools.lru_cache(maxsize=1)
def _pool() -> tuple[tuple[str, str, str], ...]:
    """(text, html, expected JSON) of generated article pages, made once per test process."""
    try:
        from wiredesk.generate import generate_pages
    except ImportError:
        return ()
    out = []
    for page in generate_pages(POOL_SIZE * 4, seed=8):
        if page.layout != "broken" and page.text and page.html:
            out.append((page.text, page.html, json.dumps(page.expected)))
        if len(out) == POOL_SIZE:
            break
    return tuple(out)


def _generated(n: int) -> tuple[tuple[str, str, str], ...]:
    """(text, html) for n article pages from the synthetic generator, if it exists."""
    pool = _pool()
    return pool[:n] if len(pool) >= n else ()


def article_text(n: int) -> str:
    """An article page in the portal's compact text form, unique per n."""
    place = PLACES[n % len(PLACES)]
    return (
        f"Bericht nummer {n} over de gemeente\n"
        f"{place} (ANP) - Dit is het bericht met nummer {n}. De gemeente meldt dat het "
        f"onderwerp {n * 7} inwoners raakt, en dat er op dag {n % 28 + 1} een besluit valt.\n"
        f"Meer uit Binnenland\n"
        f"ALKMAAR (ANP) - Een kort bericht dat op veel pagina's staat.\n"
    )


def article_html(n: int) -> str:
    """The same article as an HTML page."""
    lines = article_text(n).splitlines()
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(lines[0])}"
        f"</title></head><body><h1>{html.escape(lines[0])}</h1>{body}</body></html>"
    )


def build_portal(
    server: PortalServer, *, section: int = 6, rss: int = 4, atom: int = 4, private: int = 2
) -> Portal:
    """Fill `server` with a portal: robots.txt, a section page, two feeds, their articles."""
    portal = Portal(server)
    total = section + rss + atom
    generated = _generated(total)
    server.add("/robots.txt", Route(ROBOTS, "text/plain"))
    for i in range(1, total + 1):
        path = f"/artikel/{i}"
        if generated:
            text, page_html, expected = generated[i - 1]
            portal.expected[path] = json.loads(expected)
        else:
            text, page_html = article_text(i), article_html(i)
        if i % 2:
            server.add(path, Route(text.encode(), "text/plain; charset=utf-8"))
        else:
            server.add(path, Route(page_html.encode(), "text/html; charset=utf-8"))
        if i <= section:
            portal.section_articles.append(path)
        elif i <= section + rss:
            portal.rss_articles.append(path)
        else:
            portal.atom_articles.append(path)
    for i in range(1, private + 1):
        path = f"/private/{i}"
        server.add(path, Route(article_text(100 + i).encode(), "text/plain"))
        portal.private.append(path)
    server.add("/binnenland", Route(section_page(portal).encode()))
    server.add("/feed.rss", Route(rss_feed(portal).encode(), "application/rss+xml"))
    server.add("/feed.atom", Route(atom_feed(portal).encode(), "application/atom+xml"))
    return portal


def section_page(portal: Portal, extra_links: tuple[str, ...] = ()) -> str:
    """A section index page linking its articles, the private ones, menus and another host."""
    items = [
        f'<li><a class="artikel" href="{p}">Bericht {p}</a></li>' for p in portal.section_articles
    ]
    items += [f'<li><a class="artikel" href="{p}">Geheim {p}</a></li>' for p in portal.private]
    items += [f'<li><a class="artikel" href="{u}">Extra</a></li>' for u in extra_links]
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Binnenland</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/over-ons'>Over ons</a> "
        "<a href='mailto:redactie@example.org'>Mail</a></nav>"
        "<h1>Binnenland</h1><ul>" + "".join(items) + "</ul>"
        "<a class='artikel' href='http://elders.example/artikel/99'>Elders</a>"
        "</body></html>"
    )


def rss_feed(portal: Portal) -> str:
    """An RSS 2.0 feed of the RSS articles (absolute links)."""
    when = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    items = "".join(
        f"<item><title>Bericht {p}</title><link>{portal.url(p)}</link>"
        f"<guid>{portal.url(p)}</guid>"
        f"<pubDate>{format_datetime(when - timedelta(minutes=i), usegmt=True)}</pubDate></item>"
        for i, p in enumerate(portal.rss_articles)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Portal</title><link>{portal.url('/')}</link><description>Nieuws</description>"
        f"{items}</channel></rss>"
    )


def atom_feed(portal: Portal, updated: dict[str, datetime] | None = None) -> str:
    """An Atom feed of the Atom articles (relative links, resolved against the feed URL)."""
    base = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    updated = updated or {}
    entries = "".join(
        f"<entry><title>Bericht {p}</title><link rel='alternate' href='{p}'/>"
        f"<id>tag:portal,2026:{p}</id>"
        f"<updated>{updated.get(p, base).isoformat().replace('+00:00', 'Z')}</updated></entry>"
        for p in portal.atom_articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f"xml:base='{portal.url('/feed.atom')}'>"
        f"<title>Portal</title><id>tag:portal,2026:feed</id><updated>{base.isoformat()}</updated>"
        f"{entries}</feed>"
    )
