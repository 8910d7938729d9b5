"""Property: the order pages are ingested in does not change the set of items (Hypothesis)."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from store_fakes import T0, article, brief, fake_reader, make_page

from wiredesk.model import Page
from wiredesk.store.ingest import ingest_pages
from wiredesk.store.sqlite import SQLiteStore

BASES = [
    (
        "PARIJS",
        "Een kostbare kroon die dieven bij de kraak uit het Louvre probeerden te stelen "
        "wordt volledig gerestaureerd heeft het museum aangekondigd na lang onderzoek.",
    ),
    (
        "KYIV",
        "Ongeveer 55.000 Oekraiense soldaten zijn sinds het begin van de oorlog tegen Rusland "
        "omgekomen meldt president Zelensky in een interview met een Franse zender.",
    ),
    (
        "MILAAN",
        "De Italiaanse justitie doet onderzoek naar een man van 80 voor zijn rol in het "
        "organiseren van reizen naar Sarajevo in de jaren negentig, meldt Reuters.",
    ),
    (
        "TEHERAN",
        "De Iraanse minister van Buitenlandse Zaken zegt dat vrijdag in Oman gesproken "
        "wordt met de Verenigde Staten over het omstreden kernprogramma van het land.",
    ),
]
UPDATE = " Een woordvoerder bevestigde dat later op de dag."
ARTICLE_TAIL = "\nDe tweede alinea van het volledige artikel vertelt veel meer.\nEn een derde."


def _variants(i: int) -> list[dict[str, object]]:
    place, text = BASES[i]
    return [
        brief(text, (place,), hours=None),
        brief(text + UPDATE, (place,), hours=None),
        brief(text[:80], (place,), hours=None, truncated=True),
        article(text + ARTICLE_TAIL, f"Kop {i}", (place,)),
    ]


@st.composite
def crawls(draw: st.DrawFn) -> list[Page]:
    n = draw(st.integers(min_value=2, max_value=9))
    pages = []
    for p in range(n):
        picks = draw(
            st.lists(
                st.tuples(st.integers(0, len(BASES) - 1), st.integers(0, 3)),
                min_size=1,
                max_size=4,
                unique_by=lambda t: t[0],
            )
        )
        items = [_variants(b)[v] for b, v in picks]
        # distinct crawl times, so "first seen last" never ties
        pages.append(
            make_page(items, url=f"https://x.test/{p}", fetched_at=T0 + timedelta(minutes=p))
        )
    return pages


def _canonical(pages: list[Page]) -> frozenset[tuple[object, ...]]:
    store = SQLiteStore(":memory:")
    try:
        ingest_pages(store, pages, reader=fake_reader, batch_size=3)
        assert store.check() == []
        conn = store.conn
        groups = {}
        for item, url, pos in conn.execute(
            "SELECT s.item, p.url, s.position FROM sightings s JOIN pages p ON p.rowid = s.page"
        ):
            groups.setdefault(item, set()).add((url, pos))
        by_id = {r[0]: r[1] for r in conn.execute("SELECT id, rowid FROM items")}
        out = set()
        for row in conn.execute(
            "SELECT rowid, places, agencies, body, earliest, latest, first_seen, last_seen,"
            " n_versions, n_sightings, lead_of, headline FROM items"
        ):
            versions = frozenset(
                r[0] for r in conn.execute("SELECT body FROM versions WHERE item=?", (row[0],))
            )
            lead = frozenset(groups[by_id[row[10]]]) if row[10] else None
            out.add((frozenset(groups[row[0]]), *row[1:10], versions, lead, row[11]))
        return frozenset(out)
    finally:
        store.close()


@settings(max_examples=40, deadline=None)
@given(crawls(), st.randoms(use_true_random=False))
def test_ingest_order_does_not_change_the_items(pages: list[Page], rnd) -> None:
    shuffled = list(pages)
    rnd.shuffle(shuffled)
    assert _canonical(pages) == _canonical(shuffled)
