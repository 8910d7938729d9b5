"""The enrichment routes and pages over a live server: entities, stories, places, the map."""

from __future__ import annotations

import httpx

from wiredesk.serve.map_svg import MapPoint, display_name, map_svg


def _first_entity(client: httpx.Client) -> dict[str, object]:
    r = client.get("/api/entities", params={"limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["status"]["available"]
    assert body["status"]["annotated"] > 0
    assert body["total"] >= len(body["entities"]) > 0
    counts = [e["items"] for e in body["entities"]]
    assert counts == sorted(counts, reverse=True)
    entity: dict[str, object] = body["entities"][0]
    return entity


def test_entities_list_filter_and_detail(client: httpx.Client) -> None:
    top = _first_entity(client)
    r = client.get(f"/api/entities/{top['id']}", params={"by": "month", "latest": 3})
    assert r.status_code == 200
    detail = r.json()
    assert detail["name"] == top["name"]
    assert detail["items"] == top["items"]
    assert sum(b["count"] for b in detail["counts"]) <= detail["items"]
    assert len(detail["latest"]) == 3
    assert all(len(h["body"]) <= 200 for h in detail["latest"])
    # The entity's own query finds exactly its items.
    found = client.get("/api/search", params={"q": detail["query"], "limit": 1}).json()
    assert found["total"] == detail["items"]
    assert top["id"] not in {c["id"] for c in detail["co_mentioned"]}
    name_part = str(top["name"]).split()[0].lower()
    listed = client.get("/api/entities", params={"q": name_part}).json()
    assert top["id"] in {e["id"] for e in listed["entities"]}
    assert client.get("/api/entities/person:nobody-at-all").status_code == 404


def test_entity_aliases_in_queries_and_counts(client: httpx.Client) -> None:
    r = client.get("/api/entities", params={"q": "poetin"}).json()
    if not r["entities"]:
        return  # the generated archive names no Putin (depends on the generator)
    totals = {
        q: client.get("/api/search", params={"q": q, "limit": 1}).json()["total"]
        for q in ("entity:poetin", "entity:Putin", "entity:POETIN", 'entity:"Vladimir Poetin"')
    }
    assert len(set(totals.values())) == 1
    assert next(iter(totals.values())) > 0
    counted = client.get("/api/count", params={"q": "*", "by": "entity"}).json()
    keys = {b["key"] for b in counted["series"][0]["buckets"]}
    assert "person:vladimir-poetin" in keys


def test_stories_and_story_timeline(client: httpx.Client) -> None:
    r = client.get("/api/stories", params={"min_items": 2, "limit": 5})
    assert r.status_code == 200
    stories = r.json()["stories"]
    assert stories
    assert all(s["items"] >= 2 for s in stories)
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert len(story["items"]) == stories[0]["items"]
    times = [i["published"]["latest"] for i in story["items"] if i["published"]["latest"]]
    assert times == sorted(times)
    assert any(s["current"] for s in story["storyline_stories"])
    found = client.get("/api/search", params={"q": f"story:{story['id']}", "limit": 1}).json()
    assert found["total"] == len(story["items"])
    assert client.get("/api/stories/story-999999").status_code == 404


def test_places_map_and_country_counts(client: httpx.Client) -> None:
    places = client.get("/api/places").json()["places"]
    assert places
    assert {"as_written", "name", "country", "lat", "lon", "id", "items"} <= set(places[0])
    unresolved = client.get("/api/places", params={"unresolved": "true"}).json()["places"]
    assert all(p["id"] is None for p in unresolved)
    points = client.get("/api/map").json()["places"]
    assert points
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in points)
    by_country = client.get("/api/count", params={"q": "*", "by": "country"}).json()
    nl = next(b for b in by_country["series"][0]["buckets"] if b["key"] == "NL")
    assert client.get("/api/search", params={"q": "country:NL"}).json()["total"] == nl["count"]
    assert (
        client.get("/api/search", params={"q": "country:Nederland"}).json()["total"] == nl["count"]
    )


def test_item_annotations_and_pages(client: httpx.Client) -> None:
    top = _first_entity(client)
    detail = client.get(f"/api/entities/{top['id']}", params={"latest": 1}).json()
    item_id = detail["latest"][0]["id"]
    notes = client.get(f"/api/items/{item_id}/annotations").json()
    assert top["id"] in {e["id"] for e in notes["entities"]}
    page = client.get(f"/items/{item_id}").text
    assert "In this item" in page
    assert f"/entities/{top['id']}".replace(":", "%3A") in page
    assert f"/stories/{notes['story']}" in page
    for path in (
        "/entities",
        f"/entities/{top['id']}",
        "/stories",
        f"/stories/{notes['story']}",
        "/map",
        "/map?region=europe",
        "/map?region=nowhere",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
        if path.startswith("/map") or path.startswith("/entities/"):
            assert "<svg" in r.text, path  # the map, the entity's chart
    assert client.get("/entities/org:nothing-here").status_code == 404


def test_map_svg_escapes_and_sizes() -> None:
    svg = map_svg(
        [
            MapPoint("<Big>", "NL", 52.1, 4.3, 100, "/?place=x&y"),
            MapPoint("Small", None, -33.9, 151.2, 1, "/s"),
        ]
    )
    assert "<Big>" not in svg
    assert "&lt;Big&gt;" in svg
    assert "&amp;y" in svg
    assert svg.count("<circle") == 2
    assert display_name("KOMSOMOLSK AAN DE AMOER") == "Komsomolsk aan de Amoer"
    assert display_name("'S-HERTOGENBOSCH") == "'s-Hertogenbosch"
    assert display_name("Den Haag") == "Den Haag"


def test_search_page_facets_narrow_by_entity_and_country(client: httpx.Client) -> None:
    page = client.get("/", params={"q": "*"}).text
    assert "Dateline countries" in page
    assert "entity%3A%22" in page  # a facet link narrows the query to one entity
    assert "entity:poetin" in client.get("/help").text
