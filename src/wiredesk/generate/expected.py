"""The parse-output contract JSON a perfect reader gives for a rendered page, cut or not.

Conventions (shared/spec/parse-output.md): an item cut off by the end of the input keeps the
text that is there with `age: null` and `published = {earliest: null, latest: fetched_at}` (like
the main article, it was out before the fetch); a bare fragment at the cut (a headline alone,
half a dateline, half an age, half the `Meer uit` line) is left out and reported as
`cut_fragment` so tests can allow a reader to return it or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wiredesk.generate.page_model import ItemTruth, PageModel
from wiredesk.generate.render_text import Token, expected_items


@dataclass(frozen=True, slots=True)
class Expectation:
    """Expected contract JSON, the truth of its items (aligned) and the fragment left out."""

    expected: dict[str, Any]
    truth: list[ItemTruth]
    fragment: str | None


_AGE_START = re.compile(r"\d+( [a-z]*)?")


def _looks_like_furniture(partial: str) -> bool:
    text = partial.strip()
    return bool(text) and ("Meer uit ".startswith(text) or bool(_AGE_START.fullmatch(text)))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def build_expected(
    model: PageModel, tokens: list[Token], kept: int | None = None, partial: str = ""
) -> Expectation:
    """Expected output when the first `kept` tokens survive whole and `partial` of the next one.

    `kept=None` means the page is whole.
    """
    views = expected_items(model)
    n = len(tokens) if kept is None else kept
    bodies: list[list[str]] = [[] for _ in views]
    dateline_done = [False] * len(views)
    age_done = [False] * len(views)
    started: list[list[str]] = [[] for _ in views]
    section_done = False
    index_done = 0
    for text, kind, item in tokens[:n]:
        if kind == "body":
            bodies[item].append(text)
        elif kind == "psep":
            bodies[item].append("\n")
        elif kind == "dl":
            dateline_done[item] = True
            started[item].append(text)
        elif kind == "hl":
            started[item].append(text + "\n")
        elif kind == "age":
            age_done[item] = True
        elif kind == "section":
            section_done = True
        elif kind == "idx":
            index_done += 1
    fragment: str | None = None
    if kept is not None and kept < len(tokens):
        _, kind, item = tokens[kept]
        line_start = kept > 0 and tokens[kept - 1][1] == "psep"
        if kind == "body" and line_start and _looks_like_furniture(partial):
            # "Meer " or "12 " alone on the last line: a reader cannot tell it from a cut
            # "Meer uit" line or a cut age, so it is a fragment.
            fragment = partial
        elif kind == "body":
            bodies[item].append(partial)
        elif kind == "psep":
            bodies[item].append("\n")
        elif kind in ("hl", "dl"):
            started[item].append(partial)
        elif partial.strip():
            fragment = partial
    fetched = model.fetched_at
    items: list[dict[str, Any]] = []
    truth: list[ItemTruth] = []
    for i, view in enumerate(views):
        body = "".join(bodies[i])
        if not dateline_done[i] or not body:
            if "".join(started[i]).strip():
                fragment = "".join(started[i])
            continue
        show_headline = view.role == "main" or model.layout in ("A", "C")
        earliest: datetime | None
        latest: datetime | None
        if view.role == "list" and not age_done[i]:
            age, earliest, latest = None, None, fetched
        else:
            age, earliest, latest = view.age, view.earliest, view.latest
        items.append(
            {
                "role": view.role,
                "headline": view.headline if show_headline else None,
                "places": list(view.places),
                "agencies": list(view.agencies),
                "body": body,
                "age": age,
                "published": {"earliest": _iso(earliest), "latest": _iso(latest)},
            }
        )
        truth.append(view.truth)
    expected = {
        "page_kind": model.page_kind,
        "section": model.section if section_done else None,
        "fetched_at": fetched.isoformat(),
        "items": items,
        "index_entries": [
            {"section": e.section, "time": e.time, "title": e.title}
            for e in model.index[:index_done]
        ],
    }
    return Expectation(expected, truth, fragment)
