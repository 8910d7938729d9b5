"""Ingest into an SQLite archive with hand-built pages: repeats, versions, links, conflicts."""

from __future__ import annotations

import json
from datetime import timedelta

from store_fakes import T0, article, brief, make_page

from wiredesk.model import Problem, SourceRef
from wiredesk.store.sqlite import SQLiteStore

KROON = (
    "Een kostbare kroon die dieven bij de kraak uit het Louvre probeerden te stelen, wordt "
    "volledig gerestaureerd, heeft het museum aangekondigd. De kroon van keizerin Eugenie, de "
    "vrouw van Napoleon III, viel toen de dieven het museum verlieten."
)
KROON_UPDATE = KROON + " Hij is vrijwel compleet, maar wel ernstig beschadigd."
CUBA = (
    "De humanitaire situatie in Cuba zal verslechteren, of zelfs instorten, als er niet snel "
    "hulp komt, waarschuwen de Verenigde Naties in een rapport dat dinsdag is verschenen."
)
LEAD = (
    "De Russische president Vladimir Poetin heeft zijn Noord-Koreaanse evenknie een auto van "
    "Russische makelij cadeau gedaan als blijk van de groeiende samenwerking."
)
ARTICLE_BODY = (
    LEAD + "\nKim kreeg een auto aangeboden die in Rusland is gemaakt.\nMeer details volgen."
)


def _rows(store: SQLiteStore, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in store.conn.execute(sql)]


def test_same_brief_on_many_pages_is_one_item_with_a_narrowed_interval(store, ingest):
    pages = [
        make_page([brief(KROON, hours=1)], url="https://x.test/1", fetched_at=T0),
        make_page(
            [brief(KROON, hours=2)],
            url="https://x.test/2",
            fetched_at=T0 + timedelta(hours=1, minutes=30),
        ),
        make_page(
            [brief(KROON, hours=1)], url="https://x.test/3", fetched_at=T0 + timedelta(minutes=20)
        ),
    ]
    report = ingest(pages)
    assert report.items_new == 1
    assert report.sightings == 3
    assert store.stats() == {"pages": 3, "items": 1, "sightings": 3, "versions": 1, "problems": 0}
    ((earliest, latest, n, conflict),) = _rows(
        store, "SELECT earliest, latest, n_sightings, conflict FROM items"
    )
    # page 1: [8:00, 9:00]; page 2: [8:30, 9:30]; page 3: [8:20, 9:20] -> [8:30, 9:00]
    assert (earliest, latest, n, conflict) == (
        "2026-02-03T08:30:00+00:00",
        "2026-02-03T09:00:00+00:00",
        3,
        0,
    )
    assert store.check() == []


def test_ingesting_again_changes_nothing(store, ingest):
    pages = [
        make_page([brief(KROON), brief(CUBA, ("NEW YORK",))], url=f"https://x.test/{i}")
        for i in range(3)
    ]
    ingest(pages)
    before = (
        store.stats(),
        _rows(store, "SELECT * FROM items"),
        _rows(store, "SELECT * FROM sightings"),
    )
    again = ingest(pages)
    assert again.pages_skipped == 3
    assert again.sightings == 0
    assert again.items_new == 0
    after = (
        store.stats(),
        _rows(store, "SELECT * FROM items"),
        _rows(store, "SELECT * FROM sightings"),
    )
    assert before == after


def test_wire_update_becomes_a_new_version_of_the_same_item(store, ingest):
    ingest([make_page([brief(KROON)], url="https://x.test/1", fetched_at=T0)])
    item_id = store.conn.execute("SELECT id FROM items").fetchone()[0]
    report = ingest(
        [
            make_page(
                [brief(KROON_UPDATE)], url="https://x.test/2", fetched_at=T0 + timedelta(hours=1)
            )
        ]
    )
    assert report.versions_new == 1
    assert report.items_new == 0
    ((iid, body, n_versions),) = _rows(store, "SELECT id, body, n_versions FROM items")
    assert iid == item_id
    assert body == KROON_UPDATE
    assert n_versions == 2
    detail = store.item(item_id)
    assert detail is not None
    assert [v.rule for v in detail.versions] == ["new", "near-duplicate"]
    assert detail.versions[1].similarity is not None
    assert detail.versions[1].similarity >= 0.5
    assert store.check() == []


def test_current_version_is_the_one_first_seen_last_whatever_the_order(store, ingest):
    ingest(
        [
            make_page(
                [brief(KROON_UPDATE)], url="https://x.test/2", fetched_at=T0 + timedelta(hours=1)
            )
        ]
    )
    ingest([make_page([brief(KROON)], url="https://x.test/1", fetched_at=T0)])
    ((body, n_versions),) = _rows(store, "SELECT body, n_versions FROM items")
    assert body == KROON_UPDATE
    assert n_versions == 2


def test_different_items_stay_apart(store, ingest):
    ingest([make_page([brief(KROON), brief(CUBA, ("NEW YORK",)), brief(LEAD, ("PYONGYANG",))])])
    assert store.stats()["items"] == 3


def test_brief_links_to_its_article_when_the_brief_comes_first(store, ingest):
    ingest([make_page([brief(LEAD, ("PYONGYANG",))], url="https://x.test/list")])
    report = ingest(
        [
            make_page(
                [article(ARTICLE_BODY, "Poetin doet Kim een auto cadeau", ("PYONGYANG",))],
                url="https://x.test/art",
            )
        ]
    )
    assert report.leads_linked == 1
    rows = _rows(store, "SELECT id, headline, lead_of FROM items ORDER BY rowid")
    brief_row, article_row = rows
    assert brief_row[2] == article_row[0]
    assert brief_row[1] == "Poetin doet Kim een auto cadeau"
    detail = store.item(str(article_row[0]))
    assert detail is not None
    assert detail.led_by == (brief_row[0],)


def test_brief_links_to_its_article_when_the_article_comes_first(store, ingest):
    ingest(
        [
            make_page(
                [article(ARTICLE_BODY, "Poetin doet Kim een auto cadeau", ("PYONGYANG",))],
                url="https://x.test/art",
            )
        ]
    )
    report = ingest(
        [make_page([brief(LEAD, ("PYONGYANG",), ("ANP", "AFP"))], url="https://x.test/list")]
    )
    assert report.leads_linked == 1
    article_row, brief_row = _rows(store, "SELECT id, headline, lead_of FROM items ORDER BY rowid")
    assert brief_row[2] == article_row[0]
    assert brief_row[1] == "Poetin doet Kim een auto cadeau"


def test_contradicting_sighting_is_kept_and_flagged(store, ingest):
    ingest([make_page([brief(KROON, hours=1)], url="https://x.test/1", fetched_at=T0)])
    # Seen a day later as "1 uur geleden": cannot be true together with the first sighting.
    report = ingest(
        [
            make_page(
                [brief(KROON, hours=1)], url="https://x.test/2", fetched_at=T0 + timedelta(days=1)
            )
        ]
    )
    assert report.conflicts == 1
    ((earliest, latest, conflict, n),) = _rows(
        store, "SELECT earliest, latest, conflict, n_sightings FROM items"
    )
    assert conflict == 1
    assert n == 2
    assert (earliest, latest) == ("2026-02-03T08:00:00+00:00", "2026-02-03T09:00:00+00:00")
    flags = _rows(store, "SELECT conflict FROM sightings ORDER BY rowid")
    assert flags == [(0,), (1,)]
    assert store.check() == []


def test_cut_off_copy_is_a_sighting_of_the_whole_text_in_both_orders(tmp_path):
    from store_fakes import fake_reader

    from wiredesk.store.ingest import ingest_pages

    cut = KROON[:120]
    full_page = make_page([brief(KROON)], url="https://x.test/full")
    cut_page = make_page([brief(cut, truncated=True, hours=None)], url="https://x.test/cut")
    results = []
    for name, order in (("a", [full_page, cut_page]), ("b", [cut_page, full_page])):
        s = SQLiteStore(tmp_path / f"{name}.db")
        ingest_pages(s, order, reader=fake_reader)
        results.append((_rows(s, "SELECT body, n_versions, n_sightings FROM items"), s.check()))
        rules = {r[0] for r in s.conn.execute("SELECT rule FROM sightings")}
        assert rules & {"cut-off-prefix", "completes-cut-off"}
        s.close()
    assert results[0] == results[1] == ([(KROON, 1, 2)], [])


def test_bad_pages_keep_raw_input_and_are_listed(store, ingest):
    seen: list[Problem] = []
    bad = make_page([], url="https://x.test/bad", problem="binary")
    good = make_page([brief(KROON)], url="https://x.test/good")
    source_problem = Problem(
        "truncated_record", "crawl.warc.gz@1234", "WARC record is cut off", "source"
    )
    report = ingest([bad, source_problem, good], on_problem=seen.append)
    assert report.pages == 2
    assert report.pages_read == 1
    assert report.pages_with_problems == 1
    assert report.source_problems == 1
    assert [p.code for p in seen] == ["binary", "truncated_record"]
    assert seen[0].input == "crawl.jsonl"  # named after the input, not the reader's guess
    listed = store.problems()
    assert {p.code for p in listed} == {"binary", "truncated_record"}
    raw_sha = store.conn.execute(
        "SELECT raw_sha256 FROM pages WHERE url='https://x.test/bad'"
    ).fetchone()[0]
    assert store.raw_input(raw_sha) == bad.data
    assert store.stats()["problems"] == 2
    # Again: the problems are not recorded twice.
    ingest([bad, source_problem, good])
    assert store.stats()["problems"] == 2
    assert store.check() == []


def test_inputs_done_is_written_with_the_last_page_of_each_input(store, ingest):
    pages = [
        make_page([brief(KROON)], url=f"https://x.test/{i}", location=f"in{i // 3}.jsonl")
        for i in range(7)
    ]
    report = ingest(pages, batch_size=2)
    assert report.inputs_done == 3
    assert _rows(store, "SELECT location, pages FROM inputs_done ORDER BY location") == [
        ("in0.jsonl", 3),
        ("in1.jsonl", 3),
        ("in2.jsonl", 1),
    ]


def test_summary_reads_like_the_issue(store, ingest):
    report = ingest(
        [
            make_page([brief(KROON)], url="https://x.test/1"),
            make_page([], url="https://x.test/b", problem="empty"),
        ]
    )
    text = report.summary()
    assert text.startswith("2 pages: 1 read, 1 with problems, 1 items, 1 new")


def test_show_gives_versions_sightings_and_json(store, ingest):
    ingest(
        [
            make_page(
                [brief(KROON, hours=3)], url="https://x.test/1", location="c.warc.gz", offset=77
            )
        ]
    )
    item_id = store.conn.execute("SELECT id FROM items").fetchone()[0]
    detail = store.item(item_id[:8])
    assert detail is not None
    data = detail.to_json()
    json.dumps(data)
    assert data["sightings"][0]["age"] == "3 uur geleden"
    assert data["sightings"][0]["source"] == "c.warc.gz@77"
    assert store.item("nonexistent") is None


def test_pages_without_crawl_time_have_unknown_intervals(store, ingest):
    ingest([make_page([brief(KROON)], url="https://x.test/1", fetched_at=None)])
    assert _rows(store, "SELECT earliest, latest, first_seen FROM items") == [(None, None, None)]


def test_source_ref_describe_used_for_problem_lines():
    assert SourceRef("warc", "c.warc.gz", 12).describe() == "c.warc.gz@12"


def test_a_parse_pool_gives_the_same_archive(tmp_path):
    from store_fakes import fake_reader

    from wiredesk.store.ingest import ingest_pages

    pages = [
        make_page(
            [brief(KROON, hours=i % 3 + 1), brief(CUBA, ("NEW YORK",))], url=f"https://x.test/{i}"
        )
        for i in range(40)
    ]
    dumps = []
    for workers in (0, 2):
        s = SQLiteStore(tmp_path / f"w{workers}.db")
        ingest_pages(s, pages[:10], reader=fake_reader)
        ingest_pages(s, pages, reader=fake_reader, workers=workers, batch_size=7)
        dumps.append((_rows(s, "SELECT * FROM items"), _rows(s, "SELECT * FROM sightings")))
        s.close()
    assert dumps[0] == dumps[1]
