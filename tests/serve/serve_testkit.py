"""Helpers of the serve tests: archives of generated pages and a live uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

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


def generated_pages(n: int = N_PAGES, seed: int = SEED) -> list[Page]:
    """Pages from `wiredesk generate` (the team's generator), as the ingest reads them."""
    from wiredesk.generate import generate_pages

    pages = []
    for i, g in enumerate(generate_pages(n, seed=seed)):
        # The bytes as `wiredesk generate` writes them (cut, BOM, cp1252...): the reader sniffs.
        ref = SourceRef("generated", f"generated-{seed}", record_id=str(i))
        pages.append(Page(data=g.data, ref=ref, url=g.url, fetched_at=g.fetched_at))
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
        if not str(path).startswith("postgresql:"):  # enrichment is SQLite-only so far
            archive.enrich()  # entities, places, stories (as `make run` does after ingest)
    return path


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """uvicorn serving an ASGI app on a free 127.0.0.1 port in a background thread."""

    def __init__(self, app: Any, **config: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, **config)
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
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


class LiveServer(AppServer):
    """The wiredesk app of an archive, served with access logs."""

    def __init__(self, location: Path, log_config: dict[str, object] | None = None) -> None:
        super().__init__(
            create_app(str(location)), log_level="info", log_config=log_config, access_log=True
        )
