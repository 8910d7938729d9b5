"""Stories: incremental, deterministic grouping; storylines over months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wiredesk.enrich.stories import StoryItem, StoryTracker, terms

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def items() -> list[StoryItem]:
    def it(n: int, days: float, headline: str, body: str, ents: tuple[str, ...] = ()) -> StoryItem:
        return StoryItem(str(n), headline, body, T0 + timedelta(days=days), (), ents)

    kim = ("person:kim-jong-un",)
    return [
        it(
            1,
            0,
            "Kim Jong-un met trein op weg naar Rusland",
            "De Noord-Koreaanse leider Kim Jong-un reist met zijn trein naar Rusland voor overleg "
            "met Poetin.",
            kim,
        ),
        it(
            2,
            0.2,
            "Overstromingen in Valencia",
            "Zware regen veroorzaakt overstromingen in Valencia. Tientallen doden.",
            (),
        ),
        it(
            3,
            1,
            "Kim Jong-un in Rusland aangekomen voor overleg met Poetin",
            "Kim Jong-un is met zijn trein in Rusland aangekomen. Hij praat met Poetin over "
            "wapens.",
            kim,
        ),
        it(
            4,
            1.5,
            "Dodental overstromingen Valencia stijgt",
            "Het dodental door de overstromingen in Valencia is gestegen.",
            (),
        ),
        it(
            5,
            120,
            "Poetin op bezoek bij Kim Jong-un in Pyongyang",
            "Poetin is in Pyongyang aangekomen voor overleg met Kim Jong-un over militaire "
            "samenwerking tussen Rusland en Noord-Korea.",
            kim,
        ),
    ]


def run(order: list[StoryItem]) -> tuple[dict[str, str], dict[str, str]]:
    tracker = StoryTracker()
    for item in order:
        tracker.add(item)
    return (
        {i.id: tracker.story_of(i.id) for i in order},
        {i.id: tracker.storyline_of(i.id) for i in order},
    )


def test_groups_one_event_and_keeps_others_apart() -> None:
    stories, lines = run(items())
    assert stories["1"] == stories["3"]
    assert stories["2"] == stories["4"]
    assert stories["1"] != stories["2"]
    # Months later: a new story, in the same storyline as the first visit.
    assert stories["5"] not in (stories["1"], stories["2"])
    assert lines["5"] == lines["1"] != lines["2"]


def test_deterministic_for_the_same_order() -> None:
    assert run(items()) == run(items())


def test_repeated_item_keeps_its_story() -> None:
    tracker = StoryTracker()
    first = tracker.add(items()[0])
    assert tracker.add(items()[0]) == first
    assert tracker.stories() == {first: ["1"]}


def test_empty_and_undated_items_do_not_crash() -> None:
    tracker = StoryTracker()
    a = tracker.add(StoryItem("a", None, ""))
    b = tracker.add(StoryItem("b", "", "", None))
    assert a != b
    assert terms("") == []
    assert tracker.storylines()
