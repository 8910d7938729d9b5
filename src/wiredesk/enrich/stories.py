"""Group items into stories (one event) as they arrive, and stories into storylines.

Each arriving item is compared with the stories that were active shortly before it (within
`story_window`): cosine similarity of stemmed TF-IDF terms (the query stage's analyzer;
headline terms count double)
plus bonuses for shared people/organisations and shared dateline places. The best story
scoring at least `story_threshold` takes the item; otherwise the item opens a new story,
which joins the most similar storyline active within `storyline_window` when that scores at
least `storyline_threshold`, else opens a new storyline.

Everything depends only on the items and their order: the same input order always gives
the same stories, storylines and ids. Thresholds were chosen on the dev half of
bench/data/eval_stories.jsonl (see docs/enrichment.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

STORY_THRESHOLD = 0.15
STORYLINE_THRESHOLD = 0.20
ENTITY_BONUS = 0.05
PLACE_BONUS = 0.05
STORY_WINDOW = timedelta(days=7)
STORYLINE_WINDOW = timedelta(days=240)
# A story (one event) closes this long after its first item; later items start a new story
# in the same storyline (stops chains of similar items from growing one endless story).
STORY_MAX_SPAN: timedelta | None = timedelta(days=14)
PRUNE_EVERY = 256
TOP_TERMS: int | None = 30
HEADLINE_WEIGHT = 2.0

_STOPWORDS = """
de het een en of maar dat die dit deze van in op te voor met aan bij uit over naar om
tot door als dan ook nog wel niet geen is zijn was waren wordt worden werd werden heeft
hebben had hadden zal zullen zou zouden kan kunnen kon moet moeten mag wil willen er
hij zij ze we wij ik je u hem haar hun zich zelf wat wie waar hoe waarom al
meer veel na sinds tegen tussen onder boven volgens zegt zei zeggen meldt melden
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag jaar procent
eerste tweede nieuwe grote twee drie vier vijf tien honderd duizend miljoen miljard
the of and to
"""
_STOP = frozenset(_STOPWORDS.split())
# The analyzer's words: runs of letters and digits (`Kim Jong-un` -> kim, jong, un).
_WORD = re.compile(r"[^\W_]+")


def terms(text: str) -> list[str]:
    """Stemmed content words of `text`, by the query stage's Dutch analyzer (shared stems)."""
    from wiredesk.query.analyze import fold, stem

    out = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if len(folded) > 1 and folded not in _STOP and not folded.isdigit():
            out.append(stem(folded))
    return out


@dataclass(frozen=True, slots=True)
class StoryItem:
    """What the story tracker needs to know about one item."""

    id: str
    headline: str | None
    body: str
    published: datetime | None = None
    places: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


@dataclass
class _Group:
    """A story or a storyline: a term centroid, entities, places and a time span."""

    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    entities: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None
    items: list[str] = field(default_factory=list)
    norm: float = 0.0

    def add(self, item_id: str, vec: dict[str, float], item: StoryItem) -> None:
        self.items.append(item_id)
        # Keep the squared norm up to date term by term (no pass over the whole centroid).
        sq = self.norm * self.norm
        for t, v in vec.items():
            old = self.centroid.get(t, 0.0)
            self.centroid[t] = old + v
            sq += (old + v) ** 2 - old * old
        self.norm = math.sqrt(max(sq, 0.0))
        self.entities.update(set(item.entities))
        self.places.update(set(item.places))
        if item.published is not None:
            self.first = min(self.first or item.published, item.published)
            self.last = max(self.last or item.published, item.published)


class StoryTracker:
    """Incremental story and storyline assignment (feed items in arrival order)."""

    def __init__(
        self,
        *,
        story_threshold: float = STORY_THRESHOLD,
        storyline_threshold: float = STORYLINE_THRESHOLD,
        entity_bonus: float = ENTITY_BONUS,
        place_bonus: float = PLACE_BONUS,
        story_window: timedelta = STORY_WINDOW,
        storyline_window: timedelta = STORYLINE_WINDOW,
        story_max_span: timedelta | None = STORY_MAX_SPAN,
        top_terms: int | None = TOP_TERMS,
    ) -> None:
        self.story_threshold = story_threshold
        self.storyline_threshold = storyline_threshold
        self.entity_bonus = entity_bonus
        self.place_bonus = place_bonus
        self.story_window = story_window
        self.storyline_window = storyline_window
        self.story_max_span = story_max_span
        self.top_terms = top_terms
        self._df: Counter[str] = Counter()
        self._n = 0
        # The newest publication time seen: groups that ended a horizon before it can never
        # take an item again (it only grows), so they are skipped and pruned from postings.
        self._latest: datetime | None = None
        self._stories: list[_Group] = []
        self._lines: list[_Group] = []
        self._story_of: dict[str, str] = {}
        self._line_of_story: dict[str, str] = {}
        # term -> indexes of the stories / storylines whose centroid holds it (candidates).
        self._story_postings: dict[str, list[int]] = {}
        self._line_postings: dict[str, list[int]] = {}

    def _vector(self, item: StoryItem) -> dict[str, float]:
        tf: dict[str, float] = {}
        for t in terms(item.headline or ""):
            tf[t] = tf.get(t, 0.0) + HEADLINE_WEIGHT
        for t in terms(item.body):
            tf[t] = tf.get(t, 0.0) + 1.0
        self._n += 1
        self._df.update(tf.keys())
        vec = {
            t: (1.0 + math.log(f)) * (math.log((self._n + 1) / (self._df[t] + 1)) + 1.0)
            for t, f in tf.items()
        }
        if self.top_terms and len(vec) > self.top_terms:
            # An item is its strongest terms: long bodies add little but cost much to score.
            vec = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[: self.top_terms])
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    @staticmethod
    def _active(group: _Group, when: datetime | None, window: timedelta) -> bool:
        if when is None or group.last is None:
            return True
        return group.last - window <= when <= (group.last + window)

    @staticmethod
    def _post(
        postings: dict[str, list[int]], index: int, group: _Group, vec: dict[str, float]
    ) -> None:
        for t in vec:
            if t not in group.centroid:
                postings.setdefault(t, []).append(index)

    def _best(
        self,
        groups: list[_Group],
        postings: dict[str, list[int]],
        vec: dict[str, float],
        item: StoryItem,
        window: timedelta,
        *,
        max_span: timedelta | None = None,
    ) -> tuple[_Group | None, float]:
        """The best-scoring active group sharing a term with the item (older wins ties)."""
        dots: dict[int, float] = {}
        for t, w in vec.items():
            for k in postings.get(t, ()):
                dots[k] = dots.get(k, 0.0) + w * groups[k].centroid[t]
        best: _Group | None = None
        best_score = -1.0
        ents, places = set(item.entities), set(item.places)
        floor = self._latest - 2 * window if self._latest is not None else None
        for k in sorted(dots):
            g = groups[k]
            if floor is not None and g.last is not None and g.last < floor:
                continue
            if not self._active(g, item.published, window):
                continue
            if (
                max_span is not None
                and item.published is not None
                and g.first is not None
                and item.published - g.first > max_span
            ):
                continue
            score = (
                dots[k] / (g.norm or 1.0)
                + self.entity_bonus * min(len(ents & g.entities.keys()), 3)
                + self.place_bonus * min(len(places & g.places.keys()), 1)
            )
            if score > best_score:
                best, best_score = g, score
        return best, best_score

    def add(self, item: StoryItem) -> str:
        """Assign one item (a repeated id keeps its story) and return its story id."""
        if item.id in self._story_of:
            return self._story_of[item.id]
        vec = self._vector(item)
        if item.published is not None and (self._latest is None or item.published > self._latest):
            self._latest = item.published
        if self._n % PRUNE_EVERY == 0:
            self._prune()
        story, score = self._best(
            self._stories,
            self._story_postings,
            vec,
            item,
            self.story_window,
            max_span=self.story_max_span,
        )
        if story is None or score < self.story_threshold:
            story = _Group(id=f"story-{len(self._stories) + 1}")
            self._stories.append(story)
            line, line_score = self._best(
                self._lines, self._line_postings, vec, item, self.storyline_window
            )
            if line is None or line_score < self.storyline_threshold:
                line = _Group(id=f"storyline-{len(self._lines) + 1}")
                self._lines.append(line)
            self._line_of_story[story.id] = line.id
        else:
            line = self._lines[int(self._line_of_story[story.id].rsplit("-", 1)[1]) - 1]
        self._post(self._story_postings, int(story.id.rsplit("-", 1)[1]) - 1, story, vec)
        self._post(self._line_postings, int(line.id.rsplit("-", 1)[1]) - 1, line, vec)
        story.add(item.id, vec, item)
        line.add(item.id, vec, item)
        self._story_of[item.id] = story.id
        return story.id

    def _prune(self) -> None:
        """Drop groups that can no longer take items from the postings (result-neutral)."""
        if self._latest is None:
            return
        for postings, groups, window in (
            (self._story_postings, self._stories, self.story_window),
            (self._line_postings, self._lines, self.storyline_window),
        ):
            floor = self._latest - 2 * window
            dead = {k for k, g in enumerate(groups) if g.last is not None and g.last < floor}
            if not dead:
                continue
            for t in list(postings):
                kept = [k for k in postings[t] if k not in dead]
                if kept:
                    postings[t] = kept
                else:
                    del postings[t]

    def story_of(self, item_id: str) -> str:
        """The story id of an item already added."""
        return self._story_of[item_id]

    def storyline_of(self, item_id: str) -> str:
        """The storyline id of an item already added."""
        return self._line_of_story[self._story_of[item_id]]

    def stories(self) -> dict[str, list[str]]:
        """Every story id with its item ids, in creation order."""
        return {s.id: list(s.items) for s in self._stories}

    def storylines(self) -> dict[str, list[str]]:
        """Every storyline id with its story ids, in creation order."""
        out: dict[str, list[str]] = {g.id: [] for g in self._lines}
        for story_id, line_id in self._line_of_story.items():
            out[line_id].append(story_id)
        return out


def _group_state(g: _Group) -> dict[str, Any]:
    return {
        "id": g.id,
        "centroid": dict(g.centroid),
        "entities": dict(g.entities),
        "places": dict(g.places),
        "first": g.first.isoformat() if g.first else None,
        "last": g.last.isoformat() if g.last else None,
        "items": len(g.items),
    }


def _group_from(state: dict[str, Any]) -> _Group:
    g = _Group(id=state["id"])
    g.centroid = {str(k): float(v) for k, v in state["centroid"].items()}
    g.norm = math.sqrt(sum(v * v for v in g.centroid.values()))
    g.entities = Counter(state["entities"])
    g.places = Counter(state["places"])
    g.first = datetime.fromisoformat(state["first"]) if state["first"] else None
    g.last = datetime.fromisoformat(state["last"]) if state["last"] else None
    g.items = [""] * int(state["items"])  # only the count is kept
    return g


def tracker_state(tracker: StoryTracker) -> dict[str, Any]:
    """A JSON-able snapshot of what future assignments depend on (not the item lists)."""
    return {
        "version": 1,
        "n": tracker._n,
        "latest": tracker._latest.isoformat() if tracker._latest else None,
        "df": dict(tracker._df),
        "stories": [_group_state(g) for g in tracker._stories],
        "lines": [_group_state(g) for g in tracker._lines],
        "line_of_story": dict(tracker._line_of_story),
    }


def tracker_from_state(state: dict[str, Any] | None, **options: Any) -> StoryTracker:
    """A tracker that continues exactly where the snapshot left off."""
    tracker = StoryTracker(**options)
    if not state:
        return tracker
    tracker._n = int(state["n"])
    tracker._latest = datetime.fromisoformat(state["latest"]) if state.get("latest") else None
    tracker._df = Counter(state["df"])
    tracker._stories = [_group_from(s) for s in state["stories"]]
    tracker._lines = [_group_from(s) for s in state["lines"]]
    tracker._line_of_story = dict(state["line_of_story"])
    for postings, groups in (
        (tracker._story_postings, tracker._stories),
        (tracker._line_postings, tracker._lines),
    ):
        for k, g in enumerate(groups):
            for t in g.centroid:
                postings.setdefault(t, []).append(k)
    return tracker
