"""The ASGI app: JSON API under /api, the web UI, static assets and the no-CDN API docs page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from wiredesk.serve import routes_api, routes_enrich, routes_workbench, web, web_enrich
from wiredesk.serve.access import ArchiveAccess
from wiredesk.serve.headers import SecurityHeaders
from wiredesk.serve.problems import install_problem_handlers
from wiredesk.serve.settings import ServeSettings

STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """\
Search, count and read a wiredesk news archive; ingest pages with a writer token.

Errors are `application/problem+json` (RFC 9457). Reads are open; `POST /api/ingest`
needs `Authorization: Bearer <token>` (create one with `wiredesk token create --name NAME`).
"""


def create_app(archive_location: str, settings: ServeSettings | None = None) -> FastAPI:
    """The wiredesk web app over the archive at `archive_location` (created if missing).

    Args:
        archive_location: an SQLite file (or a URL the store understands).
        settings: limits and the clock; defaults when None.
    """
    settings = settings or ServeSettings()
    access = ArchiveAccess(archive_location)
    access.prepare()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        access.close()

    app = FastAPI(
        title="wiredesk",
        version=_version(),
        description=DESCRIPTION,
        docs_url=None,  # the default pages load JS and CSS from a CDN; /docs is our own page
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.settings = settings
    install_problem_handlers(app, html=web.error_page)
    app.include_router(routes_api.router)
    app.include_router(web.router)
    app.include_router(routes_enrich.router)  # entities, stories, places, map
    app.include_router(web_enrich.router)
    routes_workbench.install(app)  # explain, diffs, shares, frozen sets, read access
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(SecurityHeaders)
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wiredesk")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"
