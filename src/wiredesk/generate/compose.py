"""Compose one page from the world at a fetch time: pick its article and its list as of then."""

from __future__ import annotations

import functools
import random
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from wiredesk.generate.ages import age_parts
from wiredesk.generate.page_model import IndexView, ItemTruth, ItemView, PageModel
from wiredesk.generate.vocab import MONTHS, PORTAL, WEEKDAYS
from wiredesk.generate.world import Timeline, WireItem, World

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_OFFSETS: dict[timedelta, timezone] = {}


def local_zone(t: int) -> timezone:
    """The portal's fixed UTC offset at t (CET or CEST), as a fixed-offset zone.

    Fixed offsets keep `fetched_at - delta` absolute arithmetic (zoneinfo arithmetic is wall time).
    """
    offset = datetime.fromtimestamp(t, _AMSTERDAM).utcoffset() or timedelta(0)
    zone = _OFFSETS.get(offset)
    if zone is None:
        zone = _OFFSETS[offset] = timezone(offset)
    return zone


@functools.lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """A URL slug: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = []
    dash = False
    for ch in ascii_text:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def article_url(item: WireItem, regional_slug: str | None) -> str:
    """The stable URL of an item's own page (some carry an `-ANP<digits>` suffix)."""
    if regional_slug:
        base = f"{PORTAL}/regio/{regional_slug}"
    else:
        base = f"{PORTAL}/nieuws/{slug(item.section)}"
    tail = f"-ANP{4_200_000 + item.serial * 3}" if item.anp_suffix else ""
    return f"{base}/{item.serial}/{slug(item.headline)}{tail}"


def _view(item: WireItem, role: str, t: int, fetched: datetime, with_age: bool) -> ItemView:
    version = item.version_at(t)
    truth = version.truth
    if truth is None:
        published = datetime.fromtimestamp(item.published, UTC)
        truth = version.truth = ItemTruth(item.wire_id, version.number, item.lead_of, published)
    if with_age:
        text, n, unit = age_parts(t - item.published)
        earliest: datetime | None = fetched - timedelta(seconds=(n + 1) * unit)
        latest: datetime | None = fetched - timedelta(seconds=n * unit)
        age: str | None = text
    else:
        age, earliest, latest = None, None, fetched
    return ItemView(
        role,
        item.headline,
        item.dateline,
        item.places,
        item.agencies,
        version.paragraphs,
        age,
        earliest,
        latest,
        truth,
    )


def _latest(
    timeline: Timeline, t: int, k: int, skip: int = 0, exclude: str | None = None
) -> list[WireItem]:
    end = timeline.count_before(t) - skip
    picked: list[WireItem] = []
    i = end - 1
    while i >= 0 and len(picked) < k:
        item = timeline.items[i]
        if item.wire_id != exclude:
            picked.append(item)
        i -= 1
    return picked


def _pick_main(rng: random.Random, world: World, section: str, t: int) -> WireItem | None:
    timeline = world.articles[section]
    if rng.random() < 0.1 or not timeline.items:
        timeline = world.briefs[section]
    n = timeline.count_before(t)
    if n == 0:
        return None
    if rng.random() < 0.75:
        return timeline.items[n - 1 - min(n - 1, int(rng.expovariate(0.4)))]
    return timeline.items[rng.randrange(n)]


def compose_article(
    rng: random.Random, world: World, t: int, layout: str, regional: bool
) -> PageModel | None:
    """An article page (layout A or B): the article plus `Meer uit <Section>` as of t."""
    specs = [s for s in world.sections.values() if s.regional == regional]
    weights = [max(s.per_day, 0.5) for s in specs]
    spec = rng.choices(specs, weights=weights)[0]
    main = _pick_main(rng, world, spec.name, t)
    if main is None:
        return None
    fetched = datetime.fromtimestamp(t, local_zone(t))
    entries = _latest(world.briefs[spec.name], t, rng.randint(10, 15), exclude=main.wire_id)
    model = PageModel(
        layout=layout,
        url=article_url(main, spec.slug if regional else None),
        fetched_at=fetched,
        section=spec.name,
        page_kind="article",
        main=_view(main, "main", t, fetched, False),
        entries=[_view(item, "list", t, fetched, True) for item in entries],
        regional=regional,
    )
    model.features.update(main.features)
    for item in entries:
        model.features.update(item.features)
    if main.anp_suffix:
        model.features.add("anp_suffix")
    if regional:
        model.features.add("regional_article")
    return model


def date_line(fetched: datetime) -> str:
    """`woensdag 1 januari 2025`: the weekday date line of index pages."""
    return f"{WEEKDAYS[fetched.weekday()]} {fetched.day} {MONTHS[fetched.month - 1]} {fetched.year}"


def compose_section_index(rng: random.Random, world: World, t: int) -> PageModel | None:
    """A section index page (layout C): `…/politiek?page=N` with `ANP `-titled entries."""
    specs = [s for s in world.sections.values() if not s.regional]
    spec = rng.choice(specs)
    page_no = rng.choices((1, 2, 3, 4), weights=(0.5, 0.25, 0.15, 0.1))[0]
    entries = _latest(world.briefs[spec.name], t, 10, skip=(page_no - 1) * 10)
    if not entries:
        return None
    fetched = datetime.fromtimestamp(t, local_zone(t))
    model = PageModel(
        layout="C",
        url=f"{PORTAL}/nieuws/{spec.slug}?page={page_no}",
        fetched_at=fetched,
        section=spec.name,
        page_kind="section",
        main=None,
        entries=[_view(item, "list", t, fetched, True) for item in entries],
        date_line=date_line(fetched),
    )
    for item in entries:
        model.features.update(item.features)
    return model


def compose_regional_index(rng: random.Random, world: World, t: int) -> PageModel | None:
    """A regional index page (layout D): `Net binnen` lines, then agency-less regional briefs."""
    specs = [s for s in world.sections.values() if s.regional]
    spec = rng.choices(specs, weights=[max(s.per_day, 0.5) for s in specs])[0]
    entries = _latest(world.briefs[spec.name], t, rng.randint(8, 12))
    if not entries:
        return None
    fetched = datetime.fromtimestamp(t, local_zone(t))
    index = []
    for item in _latest(world.everything, t, rng.randint(5, 10)):
        local = datetime.fromtimestamp(item.published, local_zone(item.published))
        index.append(IndexView(item.section, f"{local.hour}:{local.minute:02d}", item.headline))
    model = PageModel(
        layout="D",
        url=f"{PORTAL}/regio/{spec.slug}",
        fetched_at=fetched,
        section=spec.name,
        page_kind="section",
        main=None,
        entries=[_view(item, "list", t, fetched, True) for item in entries],
        index=index,
        regional=True,
    )
    for item in entries:
        model.features.update(item.features)
    return model
