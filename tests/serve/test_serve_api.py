"""The JSON API through the real app (uvicorn on loopback) on an archive of generated pages."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pyarrow.parquet as pq

PROBLEM = "application/problem+json"


def _first_hit(client: httpx.Client, q: str = "*") -> dict[str, object]:
    r = client.get("/api/search", params={"q": q, "limit": 1})
    assert r.status_code == 200, r.text
    hits = r.json()["hits"]
    assert hits
    return dict(hits[0])


def test_stats_has_the_cli_contract_keys(client: httpx.Client) -> None:
    body = client.get("/api/stats").json()
    for key in ("pages", "items", "sightings", "versions", "problems"):
        assert isinstance(body[key], int)
    assert body["items"] > 0
    assert body["pages"] > 0


def test_search_pages_through_all_hits(client: httpx.Client) -> None:
    first = client.get("/api/search", params={"q": "*", "limit": 5, "sort": "newest"}).json()
    assert first["total"] > 5
    assert len(first["hits"]) == 5
    assert first["next_offset"] == 5
    second = client.get(
        "/api/search", params={"q": "*", "limit": 5, "offset": 5, "sort": "newest"}
    ).json()
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in second["hits"])
    hit = first["hits"][0]
    assert hit["url"] == f"/items/{hit['id']}"
    assert set(hit["published"]) == {"earliest", "latest"}


def test_search_snippets_mark_the_matches(client: httpx.Client) -> None:
    body = client.get("/api/search", params={"q": "raadsel OR zeeuwse"}).json()
    assert body["total"] >= 1
    parts = body["hits"][0]["snippet"]
    assert any(p["match"] for p in parts)


def test_search_limit_is_capped(client: httpx.Client) -> None:
    r = client.get("/api/search", params={"q": "*", "limit": 101})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["status"] == 422
    assert "limit" in problem["detail"]


def test_search_filters_narrow(client: httpx.Client) -> None:
    hit = _first_hit(client)
    section = hit["section"]
    assert section
    everything = client.get("/api/search", params={"q": "*"}).json()["total"]
    narrowed = client.get("/api/search", params={"q": "*", "section": section}).json()
    assert 0 < narrowed["total"] <= everything
    assert all(h["section"] == section for h in narrowed["hits"])
    bad = client.get(
        "/api/search", params={"q": "*", "date_from": "2025-02-01", "date_to": "2025-01-01"}
    )
    assert bad.status_code == 400


def test_query_syntax_error_is_400_with_column(client: httpx.Client) -> None:
    r = client.get("/api/search", params={"q": 'poetin AND "open phrase'})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["title"] == "Query syntax error"
    assert isinstance(problem["column"], int)
    assert problem["column"] >= 1
    assert {"type", "title", "status", "detail"} <= set(problem)


def test_count_several_labelled_queries_by_month(client: httpx.Client) -> None:
    r = client.get(
        "/api/count", params={"q": ["Alles# *", "Zeeland# goes OR middelburg"], "by": "month"}
    )
    assert r.status_code == 200, r.text
    series = r.json()["series"]
    assert [s["label"] for s in series] == ["Alles", "Zeeland"]
    everything = series[0]
    assert sum(b["count"] for b in everything["buckets"]) <= everything["total"]
    assert all(len(b["key"]) == 7 for b in everything["buckets"])


def test_count_by_section_and_without_by(client: httpx.Client) -> None:
    by_section = client.get("/api/count", params={"q": "*", "by": "section"}).json()["series"][0]
    assert by_section["buckets"]
    plain = client.get("/api/count", params={"q": "*"}).json()["series"][0]
    assert plain["buckets"] == []
    assert plain["total"] == by_section["total"]


def test_kwic_lines(client: httpx.Client) -> None:
    body = client.get("/api/kwic", params={"q": "raadsel", "width": 4}).json()
    assert body["lines"]
    assert body["lines"][0]["match"].lower().startswith("raadsel")


def test_item_has_versions_and_sightings(client: httpx.Client) -> None:
    hit = _first_hit(client, "raadsel")
    r = client.get(f"/api/items/{hit['id']}")
    assert r.status_code == 200
    item = r.json()
    assert item["id"] == hit["id"]
    assert item["dateline"] == "GOES (ANP) - "
    assert len(item["sightings"]) == 2  # the same page crawled twice
    assert item["versions"]
    assert item["versions"][0]["number"] == 1
    assert {"url", "fetched_at", "position", "role", "age"} <= set(item["sightings"][0])


def test_missing_item_is_a_404_problem(client: httpx.Client) -> None:
    r = client.get("/api/items/does-not-exist")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["status"] == 404


def test_latest_of_a_section(client: httpx.Client) -> None:
    body = client.get("/api/latest", params={"section": "Binnenland", "limit": 3}).json()
    assert 0 < len(body["items"]) <= 3
    assert all(h["section"] == "Binnenland" for h in body["items"])


def test_problems_lists_the_broken_page(client: httpx.Client) -> None:
    problems = client.get("/api/problems").json()["problems"]
    assert any(p["input"] == "broken.bin" for p in problems)


def test_export_csv_streams_the_hits(client: httpx.Client) -> None:
    total = client.get("/api/count", params={"q": "zeeuwse"}).json()["series"][0]["total"]
    with client.stream("GET", "/api/export", params={"format": "csv", "q": "zeeuwse"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        data = b"".join(r.iter_bytes())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows) == total > 0
    assert "id" in rows[0]
    assert "body" in rows[0]


def test_export_jsonl_and_parquet_of_everything(client: httpx.Client) -> None:
    items = client.get("/api/stats").json()["items"]
    r = client.get("/api/export", params={"format": "jsonl"})
    lines = [json.loads(line) for line in r.text.splitlines() if line]
    assert len(lines) == items
    r = client.get("/api/export", params={"format": "parquet"})
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == items


def test_export_with_a_bad_query_is_400_before_streaming(client: httpx.Client) -> None:
    r = client.get("/api/export", params={"format": "csv", "q": "(kim"})
    assert r.status_code == 400
    assert r.json()["column"] >= 1


def test_openapi_lists_the_routes(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/search",
        "/api/count",
        "/api/kwic",
        "/api/items/{item_id}",
        "/api/export",
        "/api/stats",
        "/api/ingest",
    ):
        assert path in spec["paths"]
    assert spec["paths"]["/api/ingest"]["post"]["security"]


def test_docs_page_needs_no_cdn(client: httpx.Client) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    assert "/api/search" in r.text
    for html_path in ("/", "/docs", "/help", "/overview"):
        page = client.get(html_path).text
        assert "cdn." not in page
        assert "https://" not in page.split("<main", 1)[0]


def test_web_pages_show_the_same_data(client: httpx.Client) -> None:
    api = client.get("/api/search", params={"q": "raadsel"}).json()
    page = client.get("/", params={"q": "raadsel"}).text
    assert f"{api['total']}</strong> item" in page
    assert f'href="{api["hits"][0]["url"]}"' in page
    kwic = client.get("/", params={"q": "raadsel", "view": "kwic"}).text
    assert 'class="kwic-match"' in kwic
    bad_date = client.get("/", params={"q": "raadsel", "date_from": "gisteren"})
    assert bad_date.status_code == 200
    assert "is not a date" in bad_date.text
    assert client.get("/", params={"page": 0}, headers={"accept": "text/html"}).status_code == 422
