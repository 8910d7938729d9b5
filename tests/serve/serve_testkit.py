"""Helpers of the serve tests: archives of generated pages and a live uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn

from wiredesk.archive import Archive
from wiredesk.model import Page, SourceRef
from wiredesk.serve.app import create_app

N_PAGES = 300
SEED = 7
CRAWLED = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)

# A hand-written page whose article body holds markup that must render as text.
SCRIPT_PAGE = (
    "Raadsel rond vreemde code in bericht\n"
    "GOES (ANP) - In het bericht stond <script>window.__pwned = 1</script> en ook "
    "<img src=x onerror=alert(1)> maar dat is gewoon tekst. Zeeuwse raad onderzoekt het.\n"
    "Meer uit Binnenland\n"
    "MIDDELBURG (ANP) - De Zeeuwse raad vergadert over de begroting van de provincie.\n"
    "2 uur geledenVLISSINGEN (ANP) - De veerdienst vaart weer na een storing van een dag.\n"
    "5 uur geleden\n"
)


_TOPICS = (
    (
        "Buitenland",
        "MOSKOU (ANP/RTR)",
        "Poetin",
        "De Russische president Poetin sprak over de oorlog in Oekraïne",
    ),
    (
        "Buitenland",
        "KYIV (ANP/AFP)",
        "Zelensky",
        "President Zelensky vraagt om meer luchtverdediging voor Oekraïne",
    ),
    (
        "Buitenland",
        "WASHINGTON (ANP)",
        "Trump",
        "De Amerikaanse president Trump dreigt met nieuwe heffingen",
    ),
    (
        "Binnenland",
        "DEN HAAG (ANP)",
        "Kabinet",
        "Het kabinet presenteert plannen voor woningbouw en stikstof",
    ),
    (
        "Binnenland",
        "ROTTERDAM (ANP)",
        "Haven",
        "De haven van Rotterdam verwerkte meer containers dan vorig jaar",
    ),
    (
        "Economie",
        "AMSTERDAM (ANP/BLOOMBERG)",
        "Beurs",
        "De beurs in Amsterdam sloot hoger dankzij chipbedrijven",
    ),
    ("Sport", "ALKMAAR (ANP)", "AZ", "AZ won met ruime cijfers van de bezoekers uit Eindhoven"),
)


def _fallback_pages(n: int, seed: int) -> list[Page]:
    """Compact (format B) pages until the team's generator is importable."""
    import random

    rng = random.Random(seed)
    pages = []
    for i in range(n):
        section, dateline, head, text = _TOPICS[i % len(_TOPICS)]
        crawled = CRAWLED - timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 23))
        same = [t for t in _TOPICS if t[0] == section]
        lines = [f"{head} in het nieuws ({i % 40})", f"{dateline} - {text} (bericht {i % 40})."]
        lines.append(f"Meer uit {section}")
        for k, (_, dl, _, tx) in enumerate(same):
            age = f"{k + 1} uur geleden" if k else ""
            lines.append(f"{age}{dl} - {tx}, meldt het persbureau ({(i + k) % 30}).")
        lines.append(f"{len(same) + 1} uur geleden")
        pages.append(
            Page(
                "\n".join(lines).encode("utf-8"),
                SourceRef("generated", f"fallback-{seed}", record_id=str(i)),
                url=f"https://portal.example/{section.lower()}/{i % 40}",
                fetched_at=crawled,
                format="text",
            )
        )
    return pages


def generated_pages(n: int = N_PAGES, seed: int = SEED) -> list[Page]:
    """Pages from `wiredesk generate` (the team's generator), as the ingest reads them."""
    try:
        from wiredesk.generate import generate_pages
    except ImportError:
        return _fallback_pages(n, seed)

    pages = []
    for i, g in enumerate(generate_pages(n, seed=seed)):
        data = getattr(g, "data", None) or g.text.encode("utf-8")
        ref = SourceRef("generated", f"generated-{seed}", record_id=str(i))
        pages.append(Page(data=data, ref=ref, url=g.url, fetched_at=g.fetched_at, format="text"))
    return pages


def special_pages() -> list[Page]:
    """Pages the tests look for by name."""
    return [
        Page(
            SCRIPT_PAGE.encode("utf-8"),
            SourceRef("file", "script-page.txt"),
            url="https://portal.example/binnenland/raadsel-code",
            fetched_at=CRAWLED,
            format="text",
        ),
        Page(
            SCRIPT_PAGE.encode("utf-8"),
            SourceRef("file", "script-page-later.txt"),
            url="https://portal.example/binnenland/raadsel-code",
            fetched_at=CRAWLED + timedelta(hours=3),
            format="text",
        ),
        Page(b"\x00\x01\x02binary", SourceRef("file", "broken.bin"), url=None, fetched_at=CRAWLED),
    ]


def build_archive(path: Path, n: int = N_PAGES, seed: int = SEED) -> Path:
    """An archive of generated pages plus the special pages."""
    with Archive.open(path) as archive:
        archive.ingest_pages([*generated_pages(n, seed), *special_pages()])
    return path


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 in a background thread."""

    def __init__(self, location: Path, log_config: dict[str, object] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(str(location)),
            host="127.0.0.1",
            port=self.port,
            log_level="info",
            log_config=log_config,
            access_log=True,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
