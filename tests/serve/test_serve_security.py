"""Security: writes need tokens, tokens stay out of logs, item HTML is escaped, no 500s."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest
from serve_testkit import SCRIPT_PAGE, LiveServer, build_archive

from wiredesk.archive import Archive
from wiredesk.serve.access import sqlite_conn
from wiredesk.serve.auth import create_token, hash_secret, list_tokens, revoke_token, verify_secret

NEW_PAGE = (
    "Nieuw bericht over de dijkversterking\n"
    "ZIERIKZEE (ANP) - De dijkversterking bij Zierikzee begint volgende week.\n"
    "Meer uit Binnenland\n"
    "TERNEUZEN (ANP) - De kanaalzone krijgt een nieuwe fietsbrug.\n"
    "1 uur geleden\n"
)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A small archive of its own, for tests that write."""
    return build_archive(tmp_path / "fresh.db", n=20, seed=3)


def test_ingest_without_token_is_401(client: httpx.Client) -> None:
    r = client.post(
        "/api/ingest", content=NEW_PAGE.encode(), headers={"content-type": "text/plain"}
    )
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"] == "Bearer"


def test_ingest_with_a_wrong_token_is_401(client: httpx.Client) -> None:
    r = client.post(
        "/api/ingest",
        content=NEW_PAGE.encode(),
        headers={"content-type": "text/plain", "authorization": "Bearer wd_not-a-real-token"},
    )
    assert r.status_code == 401


def test_ingest_a_page_and_a_jsonl_batch(fresh: Path) -> None:
    with Archive.open(fresh) as archive:
        secret = create_token(sqlite_conn(archive), "ingester")
        before = archive.stats()["items"]
    auth = {"authorization": f"Bearer {secret}"}
    with LiveServer(fresh) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        r = c.post(
            "/api/ingest",
            params={
                "url": "https://portal.example/binnenland/dijk",
                "fetched_at": "2025-03-04T12:00:00Z",
            },
            content=NEW_PAGE.encode(),
            headers={**auth, "content-type": "text/plain; charset=utf-8"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["counters"]["items_new"] == 2
        found = c.get("/api/search", params={"q": "dijkversterking"}).json()
        assert found["total"] == 1
        record = {
            "url": "https://portal.example/x",
            "fetched_at": "2025-03-04T13:00:00+00:00",
            "text": NEW_PAGE.replace("Zierikzee", "Zierikzee en Goes"),
        }
        batch = (json.dumps(record) + "\n").encode()
        r = c.post(
            "/api/ingest", content=batch, headers={**auth, "content-type": "application/x-ndjson"}
        )
        assert r.status_code == 200, r.text
        assert r.json()["counters"]["pages"] == 1
        too_big = b"x" * (32 * 1024 * 1024 + 1)
        r = c.post("/api/ingest", content=too_big, headers={**auth, "content-type": "text/plain"})
        assert r.status_code == 413
        r = c.post("/api/ingest", content=b"", headers={**auth, "content-type": "text/plain"})
        assert r.status_code == 400
    with Archive.open(fresh) as archive:
        assert archive.stats()["items"] > before


def test_tokens_are_stored_hashed_and_can_be_revoked(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "t.db") as archive:
        conn = sqlite_conn(archive)
        secret = create_token(conn, "robot")
        stored = conn.execute("SELECT secret_sha256 FROM api_tokens").fetchone()[0]
        assert stored == hash_secret(secret)
        assert secret not in stored
        dump = "\n".join(conn.iterdump())
        assert secret not in dump
        assert verify_secret(conn, secret) is not None
        assert verify_secret(conn, secret + "x") is None
        assert revoke_token(conn, "robot")
        assert verify_secret(conn, secret) is None
        assert list_tokens(conn)[0].revoked_at is not None


def test_tokens_never_reach_the_logs(fresh: Path, caplog: pytest.LogCaptureFixture) -> None:
    with Archive.open(fresh) as archive:
        secret = create_token(sqlite_conn(archive), "logged")
    caplog.set_level(logging.DEBUG)
    with LiveServer(fresh) as server, httpx.Client(base_url=server.url, timeout=30) as c:
        auth = {"authorization": f"Bearer {secret}", "content-type": "text/plain"}
        assert c.post("/api/ingest", content=NEW_PAGE.encode(), headers=auth).status_code == 200
        bad = {"authorization": f"Bearer {secret}tampered", "content-type": "text/plain"}
        assert c.post("/api/ingest", content=NEW_PAGE.encode(), headers=bad).status_code == 401
        c.get("/api/search", params={"q": "dijk"})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "POST /api/ingest" in text  # the access log was captured
    assert secret not in text


def test_script_in_a_body_renders_as_text(client: httpx.Client) -> None:
    hit = client.get("/api/search", params={"q": "raadsel"}).json()["hits"][0]
    assert "<script>" in hit["body"]  # stored as written
    for path in (f"/items/{hit['id']}", "/?q=raadsel", "/?q=zeeuwse", "/overview"):
        page = client.get(path).text
        assert "<script>window.__pwned" not in page, path
        assert "<img src=x" not in page, path
    page = client.get(f"/items/{hit['id']}").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert SCRIPT_PAGE.splitlines()[0] in page


@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE items; --",
        '" OR 1=1 --',
        "items) UNION SELECT * FROM api_tokens --",
        "NEAR(poetin kim)",
        "body:*",
        "{}[]^~",
        "poetin\x00",
        "a" * 1999,
        "((((((((((((((((((((((((((((((poetin))))))))))))))))))))))))))))))",
        "MATCH 'x'",
        "rank:1",
        "-",
        "*:*",
        "published:[2025-13-45 TO *]",
        '"unterminated',
        "\\",
        "ÿ" * 10,
    ],
)
def test_sql_and_fts_fragments_never_500(client: httpx.Client, archive_path: Path, q: str) -> None:
    for path in ("/api/search", "/api/count", "/api/kwic"):
        r = client.get(path, params={"q": q})
        assert r.status_code in (200, 400, 422), (path, r.status_code, r.text)
        if r.status_code != 200:
            assert r.headers["content-type"].startswith("application/problem+json")
    page = client.get("/", params={"q": q})
    assert page.status_code in (200, 422)
    with Archive.open(archive_path, read_only=True) as archive:
        assert archive.stats()["items"] > 0  # the items table is still there


def test_serve_refuses_public_address_without_tokens(tmp_path: Path) -> None:
    from wiredesk.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["--archive", str(tmp_path / "empty.db"), "serve", "--host", "0.0.0.0", "--port", "1"])
    assert exc.value.code == 2


def test_token_cli_prints_the_secret_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wiredesk.cli.main import main

    db = str(tmp_path / "cli.db")
    main(["--archive", db, "token", "create", "--name", "ci"])
    out = capsys.readouterr()
    secret = out.out.strip()
    assert secret.startswith("wd_")
    main(["--archive", db, "token", "list", "--format", "json"])
    listed = capsys.readouterr().out
    assert "ci" in listed
    assert secret not in listed
    main(["--archive", db, "token", "revoke", "ci"])
    with Archive.open(db) as archive:
        assert verify_secret(sqlite_conn(archive), secret) is None


def test_pages_carry_a_content_security_policy(client: httpx.Client) -> None:
    for path in ("/", "/api/stats", "/docs"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
