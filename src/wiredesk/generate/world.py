"""The wire's news over time: every item with its dateline, versions and publication time.

A `World` is built once per seed; pages are views of it at their fetch times. Times are integer
seconds since the epoch (UTC) to keep per-page work cheap.
"""

from __future__ import annotations

import bisect
import random
import re
from dataclasses import dataclass, field

from wiredesk.generate.config import GeneratorConfig
from wiredesk.generate.page_model import ItemTruth
from wiredesk.generate.text import TOPICS, detail_sentence, fill, new_slots, normal_case
from wiredesk.generate.vocab import (
    AGENCY_WEIGHTS,
    ALL_SECTIONS,
    INTERTITLES,
    KICKERS,
    MULTI_PLACES,
    REGION_PLACES,
    TOPIC_PLACES,
    SectionSpec,
)

MINUTE = 60
_GENERIC_FOLLOWS = (
    "Meer details zijn nog niet bekend.",
    "Een woordvoerder wilde niet reageren.",
    "Het is niet duidelijk wanneer een besluit valt.",
    "Dat meldt persbureau Reuters op basis van ingewijden.",
    "De afgelopen weken was er al veel kritiek op de gang van zaken.",
    "Een woordvoerder bevestigde het nieuws tegenover het ANP.",
    "Betrokkenen - onder wie enkele deskundigen - spreken van een keerpunt.",
    "Het onderzoek loopt nog.",
    "Eerder deze week werd al gewaarschuwd voor de gevolgen.",
    "Naar verwachting volgt later meer nieuws.",
    '"We nemen dit zeer serieus", zei {a} in een eerste reactie.',
    "Volgens {a} is het te vroeg om conclusies te trekken.",
    "{a} liet {day} weten de situatie nauwlettend te volgen.",
    "Critici vinden dat {a} te laat heeft ingegrepen.",
    'In een verklaring spreekt {a} van "een zorgelijke ontwikkeling".',
    "Het is de {n}e keer dit jaar dat {a} zich hierover uitspreekt.",
    "De afgelopen {n} dagen nam de spanning verder toe.",
    "{a} wil {day} meer duidelijkheid geven.",
    "Eerder wees {a} een vergelijkbaar voorstel nog af.",
    "Volgens ingewijden wordt achter de schermen druk overlegd.",
    "Het nieuws leidde {day} tot veel reacties op sociale media.",
    "Deskundigen verwachten dat de gevolgen nog maanden merkbaar zijn.",
    '"Dit had nooit mogen gebeuren", aldus {a}.',
    "{a} zegt in gesprek te blijven met alle betrokkenen.",
    "Een definitief besluit wordt over {n} weken verwacht.",
    "Ook in {place} werd met verbazing op het nieuws gereageerd.",
    "{a} gaf geen details over de vervolgstappen.",
    "Dat bevestigde {a} {day} na berichtgeving in de media.",
    "De kwestie speelt al sinds het voorjaar.",
    'Volgens {a} gaat het om "een eerste stap".',
)
_NUMBER = re.compile(r"\d+")


@dataclass(slots=True)
class Version:
    """One version of a wire item: when it went out and its paragraphs (lead first, no dateline)."""

    number: int
    at: int
    paragraphs: tuple[str, ...]
    truth: ItemTruth | None = None  # filled on first use by the page composer


@dataclass(slots=True)
class WireItem:
    """One item of the wire with all its versions."""

    wire_id: str
    serial: int
    section: str
    kind: str  # "brief" | "article"
    headline: str
    dateline: str  # as written, including the trailing " - "
    places: tuple[str, ...]
    agencies: tuple[str, ...]
    published: int
    versions: list[Version]
    lead_of: str | None = None
    anp_suffix: bool = False
    features: frozenset[str] = frozenset()

    def version_at(self, t: int) -> Version:
        """The latest version out at time t (the first one if none is out yet)."""
        current = self.versions[0]
        for version in self.versions[1:]:
            if version.at <= t:
                current = version
        return current


@dataclass(slots=True)
class Timeline:
    """Items of one kind in one section, sorted by publication time, searchable by time."""

    items: list[WireItem] = field(default_factory=list)
    times: list[int] = field(default_factory=list)

    def finish(self) -> None:
        """Sort by publication time and index the times for bisect."""
        self.items.sort(key=lambda item: (item.published, item.serial))
        self.times = [item.published for item in self.items]

    def count_before(self, t: int) -> int:
        """How many items were out at least one minute before t."""
        return bisect.bisect_right(self.times, t - MINUTE)


@dataclass(slots=True)
class World:
    """All wire items of the crawl span, by section and kind."""

    start: int
    end: int
    sections: dict[str, SectionSpec]
    briefs: dict[str, Timeline]
    articles: dict[str, Timeline]
    everything: Timeline
    items: dict[str, WireItem]


def _agencies(rng: random.Random, foreign: bool) -> tuple[str, ...]:
    weights = [
        w if agencies != ("ANP",) else (180.0 if foreign else 700.0)
        for agencies, w in AGENCY_WEIGHTS
    ]
    return rng.choices([a for a, _ in AGENCY_WEIGHTS], weights=weights)[0]


_Dateline = tuple[str, tuple[str, ...], tuple[str, ...], set[str]]


def _dateline(rng: random.Random, spec: SectionSpec, topic: str) -> _Dateline:
    features: set[str] = set()
    if spec.regional:
        if rng.random() < 0.03:
            place = normal_case(rng.choice(REGION_PLACES[spec.name]))
            if spec.name == "Beveland" and rng.random() < 0.5:
                place = "Borsele"
            features.add("mixed_case_place")
        else:
            place = rng.choice(REGION_PLACES[spec.name])
        features.add("regional_dateline")
        return f"{place} - ", (place,), (), features
    multi = MULTI_PLACES.get(topic)
    if multi and rng.random() < 0.015:
        places = rng.choice(multi)
        features.add("multi_place")
    else:
        places = (rng.choice(TOPIC_PLACES[topic]),)
    agencies = _agencies(rng, spec.name == "Buitenland")
    if len(agencies) > 1:
        features.add("agency_list")
    written = "/".join(places)
    if spec.name in ("Politiek", "Binnenland") and len(places) == 1 and rng.random() < 0.0015:
        written += "/"
        features.add("empty_place")
    elif spec.name == "Sport" and rng.random() < 0.012:
        written = rng.choice(KICKERS) + written
        features.add("kicker")
    if any(p in ("KIEV", "KYIV") for p in places):
        features.add("kiev_kyiv")
    if any(not p.isascii() or " " in p or "." in p or "-" in p for p in places):
        features.add("odd_place")
    return f"{written} ({'/'.join(agencies)}) - ", places, agencies, features


def _sentences(
    rng: random.Random, templates: tuple[str, ...], k: int, topic: str, place: str
) -> list[str]:
    picked = rng.sample(templates, min(k, len(templates)))
    if k > len(picked):
        picked += rng.sample(_GENERIC_FOLLOWS, min(len(_GENERIC_FOLLOWS), k - len(picked)))
    elif picked and rng.random() < 0.15:
        picked[-1] = rng.choice(_GENERIC_FOLLOWS)
    return [fill(t, rng, TOPICS[topic], place) for t in picked]


def _irregular_text(rng: random.Random, paragraphs: list[str], features: set[str]) -> list[str]:
    joined = "\n".join(paragraphs)
    if "ë" in joined and rng.random() < 0.015:
        features.add("odd_char")
        paragraphs = [p.replace("ë", "ƫ") for p in paragraphs]
    if rng.random() < 0.003:
        for i, p in enumerate(paragraphs):
            cut = p.find(". ")
            if cut > 0:
                paragraphs[i] = p[: cut + 1] + p[cut + 2 :]
                features.add("missing_space")
                break
    return paragraphs


def _update(rng: random.Random, item: WireItem, topic: str, place: str, latest: int) -> None:
    first = item.versions[0]
    paragraphs = list(first.paragraphs)
    if item.kind == "article":
        paragraphs.append(" ".join(_sentences(rng, TOPICS[topic].follows, 2, topic, place)))
    else:
        match = _NUMBER.search(paragraphs[0])
        if match and rng.random() < 0.4:
            new = str(int(match.group()) + rng.randint(1, 9))
            paragraphs[0] = paragraphs[0][: match.start()] + new + paragraphs[0][match.end() :]
        else:
            extra = _sentences(rng, TOPICS[topic].follows, 1, topic, place)[0]
            paragraphs[0] = paragraphs[0] + " " + extra
    at = min(item.published + rng.randint(15 * MINUTE, 8 * 3600), latest)
    if at > item.published:
        item.versions.append(Version(2, at, tuple(paragraphs)))


def build_world(config: GeneratorConfig, seed: int) -> World:
    """Build the wire's items over the configured span, deterministically from the seed."""
    rng = random.Random(f"world-{seed}")  # noqa: S311 -- reproducible, not secret
    end = int(config.end.timestamp())
    start = end - int(config.days * 86400)
    specs = {spec.name: spec for spec in ALL_SECTIONS}
    briefs = {name: Timeline() for name in specs}
    articles = {name: Timeline() for name in specs}
    everything = Timeline()
    items: dict[str, WireItem] = {}
    seen_leads: set[str] = set()
    serial = 0

    def add(item: WireItem) -> None:
        items[item.wire_id] = item
        (articles if item.kind == "article" else briefs)[item.section].items.append(item)
        everything.items.append(item)

    for spec in ALL_SECTIONS:
        history = int(min(1000.0, max(3.0, 20.0 / spec.per_day)) * 86400)
        first = start - history
        count = max(1, round(spec.per_day * (end - first) / 86400))
        for published in sorted(rng.randrange(first, end) for _ in range(count)):
            serial += 1
            topic = rng.choice(spec.topics)
            dateline, places, agencies, features = _dateline(rng, spec, topic)
            place = places[0] if places else "Den Haag"
            kind = "article" if rng.random() < spec.article_share else "brief"
            t = TOPICS[topic]
            lead = headline = ""
            for _ in range(20):  # a lead seen before makes a near-duplicate of another item
                slots = new_slots(rng, t, place)
                headline_template, lead_template = rng.choice(t.stories)
                lead = fill(lead_template, rng, t, place, slots)
                headline = fill(headline_template, rng, t, place, slots)
                if lead not in seen_leads:
                    break
            seen_leads.add(lead)
            # A named person's sentence right after the lead keeps distinct items distinct.
            detail = [detail_sentence(rng)]
            if kind == "brief":
                k = rng.choices((0, 1, 2, 3), weights=(0.25, 0.4, 0.25, 0.1))[0]
                paragraphs = [
                    " ".join([lead, *detail, *_sentences(rng, t.follows, k, topic, place)])
                ]
            else:
                k = rng.choice((0, 1, 1, 2))
                body = _sentences(rng, t.follows, k + int(rng.triangular(6, 40, 12)), topic, place)
                paragraphs = [" ".join([lead, *detail, *body[:k]])]
                body = body[k:]
                while body:
                    take = min(len(body), rng.randint(1, 3))
                    paragraphs.append(" ".join(body[:take]))
                    body = body[take:]
                if len(paragraphs) > 2 and rng.random() < 0.4:
                    at = rng.randint(1, len(paragraphs) - 1)
                    paragraphs.insert(at, rng.choice(INTERTITLES))
                    features.add("intertitle")
            paragraphs = _irregular_text(rng, paragraphs, features)
            item = WireItem(
                wire_id=f"W{serial:07d}",
                serial=serial,
                section=spec.name,
                kind=kind,
                headline=headline,
                dateline=dateline,
                places=places,
                agencies=agencies,
                published=published,
                versions=[Version(1, published, tuple(paragraphs))],
                anp_suffix=rng.random() < 0.03,
                features=frozenset(features),
            )
            if rng.random() < config.update_share:
                _update(rng, item, topic, place, end)
            add(item)
            if kind == "article" and rng.random() < config.pair_share:
                serial += 1
                brief = WireItem(
                    wire_id=f"W{serial:07d}",
                    serial=serial,
                    section=spec.name,
                    kind="brief",
                    headline=headline,
                    dateline=dateline,
                    places=places,
                    agencies=agencies,
                    published=published - rng.randint(0, 10 * MINUTE),  # the brief goes out first
                    versions=[Version(1, published, (paragraphs[0],))],
                    lead_of=item.wire_id,
                    features=frozenset(features | {"lead_brief"}),
                )
                brief.versions[0].at = brief.published
                add(brief)
    for timeline in (*briefs.values(), *articles.values(), everything):
        timeline.finish()
    return World(start, end, specs, briefs, articles, everything, items)
