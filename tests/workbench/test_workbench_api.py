"""The workbench over HTTP: explain, diff, merges, shares, frozen sets, and snippet-only reading."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from workbench_testkit import WorkbenchServer, versioned_item

from wiredesk.archive import Archive
from wiredesk.serve.access import sqlite_conn
from wiredesk.serve.auth import create_token
from wiredesk.serve.read_access import SNIPPET_WORDS, clip_parts


@pytest.fixture
def client(wb_live: WorkbenchServer) -> Iterator[httpx.Client]:
    """A client of the shared, open server."""
    with httpx.Client(base_url=wb_live.url, timeout=60) as c:
        yield c


def test_explain_tree_words_and_error_position(client: httpx.Client) -> None:
    r = client.get("/api/explain", params={"q": "polit* AND NOT kabinet"})
    assert r.status_code == 200
    data = r.json()
    assert data["tree"][0] == "AND"
    assert any(w.startswith("polit*") for w in data["words"])
    (expansion,) = data["expansions"]
    assert expansion["pattern"] == "polit*"
    assert {"politie", "politiek"} <= {w["word"] for w in expansion["words"]}
    assert all(w["items"] > 0 for w in expansion["words"])
    r = client.get("/api/explain", params={"q": "politie AND (kabinet"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["column"] == 13
    assert "unbalanced parenthesis" in r.json()["detail"]


def test_diff_and_merges_of_an_item(client: httpx.Client, wb_archive: Path) -> None:
    item = versioned_item(wb_archive)
    diff = client.get(f"/api/items/{item}/diff").json()
    assert diff["versions"][0]["number"] == 1
    assert diff["diffs"][0]["newer"] == 2
    assert diff["diffs"][0]["newer_first_seen"]
    merges = client.get(f"/api/items/{item}/merges").json()
    assert merges["near_duplicate_threshold"] == 0.6
    assert merges["versions"][1]["rule"] in ("near-duplicate", "completes-cut-off")
    assert client.get("/api/items/nope/diff").status_code == 404


def test_shares_json_wide_and_parquet(client: httpx.Client) -> None:
    params = {"q": ["A# politie", "B# kabinet"], "by": "week"}
    data = client.get("/api/shares", params=params).json()
    a = data["series"][0]
    assert a["label"] == "A"
    for b in a["buckets"]:
        assert b["share"] is None or abs(b["share"] - b["count"] / b["all"]) < 1e-9
    wide = client.get("/api/shares", params={**params, "format": "wide"})
    rows = list(csv.reader(io.StringIO(wide.text)))
    assert rows[0] == ["key", "all", "A", "A share", "B", "B share"]
    assert rows[1][0] == "total"
    pq = client.get("/api/shares", params={**params, "format": "parquet"})
    assert pq.status_code == 200
    assert pq.content[:4] == b"PAR1"
    scoped = client.get("/api/shares", params={"q": "*", "no_merge": "true", "wire": "exclude"})
    assert scoped.json()["scope"] == {"merge": False, "wire": "exclude"}
    merged = client.get("/api/units", params={"q": "*", "limit": 5}).json()
    versions = client.get("/api/units", params={"q": "*", "no_merge": "true"}).json()
    assert versions["total"] > merged["total"]
    assert len(merged["units"]) == 5
    assert merged["units"][0]["version"] is None
    assert {u["version"] for u in versions["units"]} >= {1}
    bad = client.get("/api/shares", params={"q": "(oops"})
    assert bad.status_code == 400
    assert bad.json()["column"] == 1


@pytest.fixture(scope="module")
def own_archive(wb_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the archive this module may write to (tokens, frozen sets)."""
    path = tmp_path_factory.mktemp("wbapi") / "a.db"
    shutil.copy(wb_archive, path)
    return path


@pytest.fixture(scope="module")
def secrets(own_archive: Path) -> dict[str, str]:
    """A secret per role."""
    with Archive.open(own_archive) as archive:
        conn = sqlite_conn(archive)
        return {role: create_token(conn, role, role) for role in ("writer", "reader", "snippet")}


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_freeze_over_http(own_archive: Path, secrets: dict[str, str]) -> None:
    with WorkbenchServer(own_archive) as server, httpx.Client(base_url=server.url) as c:
        assert c.post("/api/frozen", params={"q": "politie", "name": "x"}).status_code == 401
        denied = c.post(
            "/api/frozen", params={"q": "politie", "name": "x"}, headers=_auth(secrets["reader"])
        )
        assert denied.status_code == 403
        made = c.post(
            "/api/frozen", params={"q": "politie", "name": "pol"}, headers=_auth(secrets["writer"])
        )
        assert made.status_code == 201
        sid = made.json()["id"]
        empty = c.post(
            "/api/frozen", params={"q": "zzyzxq", "name": "none"}, headers=_auth(secrets["writer"])
        )
        assert empty.status_code == 201
        assert empty.json()["items"] == 0
        listed = c.get("/api/frozen").json()["sets"]
        assert [s["name"] for s in listed] == ["pol", "none"]
        items = c.get(f"/api/frozen/{sid}").json()
        assert items["id"] == sid
        assert len(items["items"]) == made.json()["items"]
        assert c.get("/api/frozen/pol/manifest").json()["checksum"] == made.json()["checksum"]
        counts = c.get("/api/frozen/pol/counts", params={"by": "month"}).json()["counts"]
        assert counts[0]["key"] == "total"
        assert c.get("/api/frozen/none", params={"format": "jsonl"}).text == ""
        assert c.get("/api/frozen/missing").status_code == 404
        page = c.get("/frozen", params={"name": "pol", "by": "month"})
        assert page.status_code == 200
        assert sid in page.text
        assert 'id="frozen-counts"' in page.text
        assert c.get("/frozen", params={"name": "missing"}).status_code == 404


def test_snippet_token_never_gets_full_text(own_archive: Path, secrets: dict[str, str]) -> None:
    item = versioned_item(own_archive)
    snip = _auth(secrets["snippet"])
    with WorkbenchServer(own_archive) as server, httpx.Client(base_url=server.url) as c:
        # Under xdist this test may run in another worker than test_freeze_over_http.
        if c.get("/api/frozen/pol").status_code == 404:
            made = c.post(
                "/api/frozen",
                params={"q": "politie", "name": "pol"},
                headers=_auth(secrets["writer"]),
            )
            assert made.status_code == 201
        for path in (f"/api/items/{item}", f"/api/items/{item}/diff", "/api/export",
                     "/api/frozen/pol", f"/items/{item}", f"/items/{item}/diff"):  # fmt: skip
            r = c.get(path, headers=snip)
            assert r.status_code == 403, path
        assert "snippets" in c.get(f"/api/items/{item}", headers=snip).json()["detail"]
        found = c.get("/api/search", params={"q": "politie"}, headers=snip).json()
        assert found["hits"]
        assert all(h["body"] == "" and h["snippet"] for h in found["hits"])
        for h in found["hits"]:  # a window around the match, never the whole text
            words = " ".join(p["text"] for p in h["snippet"]).replace("…", " ").split()
            assert len(words) <= SNIPPET_WORDS
            assert any(p["match"] for p in h["snippet"])
        latest = c.get("/api/latest", headers=snip).json()["items"]
        assert all(h["body"] == "" for h in latest)
        assert c.get("/api/count", params={"q": "politie"}, headers=snip).status_code == 200
        kwic = c.get("/api/kwic", params={"q": "politie", "width": 5}, headers=snip)
        assert kwic.status_code == 200
        wide = c.get("/api/kwic", params={"q": "politie", "width": 40}, headers=snip)
        assert wide.status_code == 403
        assert c.get("/api/shares", params={"q": "politie"}, headers=snip).status_code == 200
        assert c.get("/api/frozen/pol/counts", headers=snip).status_code == 200
        # The same archive read anonymously (open policy) or with a reader token: full text.
        assert c.get(f"/api/items/{item}").status_code == 200
        assert c.get(f"/api/items/{item}", headers=_auth(secrets["reader"])).status_code == 200
        assert c.get("/api/search", params={"q": "x"}, headers=_auth("wd_bad")).status_code == 401


def test_token_and_snippets_policies(own_archive: Path, secrets: dict[str, str]) -> None:
    item = versioned_item(own_archive)
    with (
        WorkbenchServer(own_archive, read_access="token") as server,
        httpx.Client(base_url=server.url) as c,
    ):
        assert c.get("/api/search", params={"q": "politie"}).status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/static/style.css").status_code == 200
        snip = _auth(secrets["snippet"])
        assert c.get("/api/search", params={"q": "politie"}, headers=snip).status_code == 200
        assert c.get(f"/api/items/{item}", headers=snip).status_code == 403
        assert c.get(f"/api/items/{item}", headers=_auth(secrets["reader"])).status_code == 200
    with (
        WorkbenchServer(own_archive, read_access="snippets") as server,
        httpx.Client(base_url=server.url) as c,
    ):
        assert c.get(f"/api/items/{item}").status_code == 403
        assert c.get(f"/items/{item}").status_code == 403
        for q in ("*", "politie"):  # excerpts, or a window around the match
            page = c.get("/", params={"q": q})
            shown = re.findall(r'<p class="snippet">(.*?)</p>', page.text, re.S)
            assert shown
            for text in shown:
                plain = html.unescape(re.sub(r"<[^>]+>", "", text))
                assert len(plain) <= 125 or len(plain.split()) <= SNIPPET_WORDS + 2
        assert "text/html" in c.get(f"/items/{item}").headers["content-type"]
        hits = c.get("/api/search", params={"q": "politie"}).json()["hits"]
        assert all(h["body"] == "" for h in hits)
        assert c.get(f"/api/items/{item}", headers=_auth(secrets["reader"])).status_code == 200


def test_clip_parts_keeps_a_window_around_the_first_match() -> None:
    parts = [(" ".join(f"w{i}" for i in range(40)) + " ", False), ("politie", True), (" na", False)]
    clipped = clip_parts(parts, 10)
    text = "".join(t for t, _ in clipped)
    assert text.startswith("… ")
    assert text.endswith("na")
    assert ("politie", True) in clipped
    assert len(text.replace("…", " ").split()) == 10
    assert clip_parts([("kort", False)], 10) == [("kort", False)]
