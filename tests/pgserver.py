"""A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks (Debian's packages).

`start_server()` runs `initdb` and `pg_ctl start` in a fresh temporary folder on a free loopback
port, with durability switched off (the data is thrown away). PostgreSQL refuses to run as root,
so when we are root the server runs as the `postgres` system user (`runuser`), in a folder that
user owns. Every failure raises `ServerError` with the reason and the server log's tail, so a
test that needs the server fails with a message a person can act on (never a silent skip).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

SKIP_ENV = "WIREDESK_SKIP_POSTGRES"
SERVER_USER = "postgres"
_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",  # a throwaway server: speed over durability
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "shared_buffers": "128MB",
    "log_min_messages": "warning",
}


class ServerError(RuntimeError):
    """The server could not be started (the message says why and how to fix it)."""


def skip_requested() -> bool:
    """True when the user opted out of PostgreSQL tests (`WIREDESK_SKIP_POSTGRES=1`)."""
    return os.environ.get(SKIP_ENV, "").strip() not in ("", "0")


def find_bindir() -> Path:
    """The newest installed PostgreSQL server's bin folder."""

    def version(initdb: Path) -> int:
        name = initdb.parent.parent.name
        return int(name) if name.isdigit() else 0

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise ServerError(
        "PostgreSQL server binaries (initdb) are not installed: run `bash scripts/system-deps.sh` "
        f"(apt-get install postgresql), or set {SKIP_ENV}=1 to skip the PostgreSQL tests"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running throwaway server; `url(db)` gives a libpq URL, `stop()` removes everything."""

    base: Path
    bindir: Path
    port: int
    as_user: str | None

    @property
    def datadir(self) -> Path:
        """The cluster's data folder."""
        return self.base / "data"

    def url(self, dbname: str = "postgres") -> str:
        """`postgresql://postgres@127.0.0.1:PORT/dbname`."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, prefix: str = "wd") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by `create_database` (closing its sessions)."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        try:
            _run(
                self.as_user,
                [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"],
                timeout=60,
            )
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def _run(as_user: str | None, argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    if as_user is not None:
        argv = ["runuser", "-u", as_user, "--", *argv]
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=timeout, check=False, cwd="/"
    )


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def start_server(parent: str | None = None) -> PgServer:
    """Start a new throwaway server; raises ServerError with the reason when it cannot."""
    bindir = find_bindir()
    as_user: str | None = None
    if os.geteuid() == 0:
        as_user = SERVER_USER
        try:
            import pwd

            account = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise ServerError(
                f"running as root and there is no `{SERVER_USER}` system user to run the server "
                "(install Debian's postgresql package)"
            ) from None
    # /tmp: the `postgres` user must reach the folder (TMPDIR may be private to root), and the
    # server's socket path must stay short.
    base = Path(tempfile.mkdtemp(prefix="wiredesk-pg-", dir=parent or "/tmp"))
    if as_user is not None:
        os.chown(base, account.pw_uid, account.pw_gid)
    datadir = base / "data"
    init = _run(
        as_user,
        [
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
        timeout=120,
    )
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise ServerError(f"initdb failed: {(init.stderr or init.stdout).strip()[-800:]}")
    options = " ".join(f"-c {k}={v}" for k, v in _SETTINGS.items())
    last = ""
    for _ in range(3):  # another process may grab the free port first
        port = free_port()
        log = base / "server.log"
        started = _run(
            as_user,
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(datadir),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "-o",
                f"-p {port} -k {base} {options}",
                "start",
            ],
            timeout=90,
        )
        if started.returncode == 0:
            server = PgServer(base, bindir, port, as_user)
            _wait_ready(server)
            return server
        last = f"{started.stderr.strip()}\n{_log_tail(log)}"
        time.sleep(0.5)
    shutil.rmtree(base, ignore_errors=True)
    raise ServerError(f"pg_ctl start failed on 127.0.0.1: {last.strip()[-1200:]}")


def _wait_ready(server: PgServer, timeout: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(server.url(), connect_timeout=5) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                server.stop()
                raise ServerError(f"the server did not accept connections: {exc}") from exc
            time.sleep(0.2)
