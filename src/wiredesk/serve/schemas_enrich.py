"""Response models of the enrichment routes: entities, stories, places and the dateline map."""

from __future__ import annotations

from pydantic import BaseModel, Field

from wiredesk.serve.schemas import HitOut, Published


class EnrichmentStatus(BaseModel):
    """Whether the archive is enriched and how many items wait for `wiredesk enrich`."""

    available: bool
    annotated: int
    waiting: int


class EntityRef(BaseModel):
    """A person or organisation and how many items name it."""

    id: str = Field(description="`person:<slug>` or `org:<slug>`.")
    kind: str = Field(description="`person` or `org`.")
    name: str
    items: int


class EntitySummary(EntityRef):
    """An entity in a list, with its total mentions."""

    mentions: int


class EntitiesOut(BaseModel):
    """A page of entities, most items first."""

    total: int
    offset: int
    entities: list[EntitySummary]
    status: EnrichmentStatus


class KeyCount(BaseModel):
    """A bucket: key (day, week, month or country code) and item count."""

    key: str
    count: int


class EntityOut(BaseModel):
    """One entity: names, counts over time, latest items, co-mentioned entities."""

    id: str
    kind: str
    name: str
    aliases: list[str] = Field(description="Spellings the alias table knows.")
    items: int
    mentions: int
    query: str = Field(description="The query that finds its items.")
    by: str = Field(description="Interval of `counts`.")
    counts: list[KeyCount]
    co_mentioned: list[EntityRef]
    countries: list[KeyCount] = Field(description="Dateline countries of its items.")
    latest: list[HitOut]


class StorySummary(BaseModel):
    """A story: its storyline, size, time span and first headline."""

    id: str
    storyline: str | None
    items: int
    first: str | None
    last: str | None
    headline: str | None


class StoriesOut(BaseModel):
    """Stories by size."""

    stories: list[StorySummary]
    status: EnrichmentStatus


class StoryItem(BaseModel):
    """An item of a story's timeline."""

    id: str
    headline: str | None
    excerpt: str | None
    places: list[str]
    published: Published
    url: str


class StorylineStory(BaseModel):
    """A story of the storyline."""

    id: str
    items: int
    first: str | None
    last: str | None
    headline: str | None
    current: bool


class PlaceCount(BaseModel):
    """A dateline place as written in a story, and its items there."""

    as_written: str
    country: str | None
    items: int


class StoryOut(BaseModel):
    """One story: the timeline of its items, its storyline, main entities and places."""

    id: str
    headline: str | None = Field(description="Headline of the story's first stored item.")
    storyline: str | None
    items: list[StoryItem]
    storyline_stories: list[StorylineStory]
    entities: list[EntityRef]
    places: list[PlaceCount]


class PlaceOut(BaseModel):
    """A dateline place as written, resolved in the gazetteer (`wiredesk places`)."""

    as_written: str
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    id: str | None
    items: int


class PlacesOut(BaseModel):
    """Every dateline place, most items first."""

    places: list[PlaceOut]


class MapPlace(BaseModel):
    """A resolved dateline place with coordinates."""

    id: str
    name: str
    country: str | None
    lat: float
    lon: float
    items: int
    as_written: list[str] = Field(description="Its spellings in the datelines, most used first.")


class MapOut(BaseModel):
    """The dateline map's places."""

    places: list[MapPlace]
    status: EnrichmentStatus


class ItemPlace(BaseModel):
    """A place of an item: in its dateline or in its text."""

    role: str = Field(description="`dateline` or `body`.")
    as_written: str
    id: str | None
    name: str | None
    country: str | None
    lat: float | None
    lon: float | None


class ItemEntity(BaseModel):
    """An entity named by an item."""

    id: str
    kind: str
    name: str
    mentions: int


class ItemAnnotationsOut(BaseModel):
    """What enrichment found in one item."""

    id: str
    story: str | None
    storyline: str | None
    story_items: int
    entities: list[ItemEntity]
    places: list[ItemPlace]
