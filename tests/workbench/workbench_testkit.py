"""Helpers of the workbench tests: the CLI in-process, a versioned item, a live server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Reuse the serve tests' kit (generated pages, free ports).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "serve"))

from serve_testkit import AppServer


class Cli:
    """Runs `wiredesk` in-process and returns (exit code, stdout, stderr)."""

    def __init__(self, archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.archive = archive
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        from wiredesk.cli.main import main

        self.capsys.readouterr()
        code = 0
        try:
            main(["--archive", str(self.archive), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err


def versioned_item(archive: Path) -> str:
    """The id of an item with more than one version."""
    import sqlite3

    with sqlite3.connect(archive) as conn:
        row = conn.execute(
            "SELECT id FROM items WHERE n_versions > 1 ORDER BY n_versions DESC, id LIMIT 1"
        ).fetchone()
    assert row, "the generated archive has no item with versions"
    return str(row[0])


class WorkbenchServer(AppServer):
    """uvicorn serving wiredesk (with the workbench installed) on a free loopback port."""

    def __init__(self, location: Path, read_access: str = "open") -> None:
        from wiredesk.serve import routes_workbench
        from wiredesk.serve.app import create_app

        app = create_app(str(location))
        if not any(getattr(r, "path", "") == "/api/explain" for r in app.routes):
            routes_workbench.install(app)
        app.state.read_access = read_access
        super().__init__(app, log_level="warning")
