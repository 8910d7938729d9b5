"""One item's annotations in one call: dateline places, body places, people and organisations.

Stories need the whole stream, so they live in `stories.StoryTracker`; everything here looks at
one item only and is pure (the gazetteer and alias tables are read-only package data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wiredesk.enrich.entities import EntityRecognizer, Mention
from wiredesk.enrich.places import PlaceMention, PlaceResolver, Resolution


@dataclass(frozen=True, slots=True)
class Annotations:
    """What the enrichers found in one item."""

    datelines: tuple[Resolution, ...]
    body_places: tuple[tuple[str, PlaceMention], ...]
    mentions: tuple[Mention, ...]

    @property
    def entity_ids(self) -> list[str]:
        """Distinct entity ids in first-mention order."""
        return list(dict.fromkeys(m.entity.id for m in self.mentions))

    @property
    def country_codes(self) -> list[str]:
        """Distinct ISO country codes of the resolved dateline places."""
        return list(
            dict.fromkeys(r.place.country for r in self.datelines if r.place and r.place.country)
        )


class Annotator:
    """Runs the per-item enrichers with shared, memoising resolvers."""

    def __init__(
        self, places: PlaceResolver | None = None, entities: EntityRecognizer | None = None
    ) -> None:
        self.places = places or PlaceResolver()
        self.entities = entities or EntityRecognizer(places=self.places)

    def annotate(
        self,
        headline: str | None,
        body: str | None,
        places: Sequence[str] = (),
        *,
        day: date | None = None,
    ) -> Annotations:
        """Annotate one item (any field may be empty; nothing is invented)."""
        mentions, found = self.entities.recognise_with_places(headline, body, day=day)
        return Annotations(
            datelines=tuple(self.places.resolve_all(places)),
            body_places=tuple(found),
            mentions=tuple(mentions),
        )
