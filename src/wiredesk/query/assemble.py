"""The backend-independent steps of the query API: argument checks and result assembly.

`wiredesk.query.api` (SQLite) and `wiredesk.store.postgres_search` (PostgreSQL) run queries
differently but check their arguments and turn fetched item rows into results the same way;
both call these functions so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from wiredesk.errors import UsageError
from wiredesk.model import Interval
from wiredesk.query.dates import parse_utc
from wiredesk.query.kwic import Highlighter, kwic_lines, snippet
from wiredesk.query.results import CoocResult, Hit, KwicLine
from wiredesk.query.sqlite_index import json_list
from wiredesk.query.syntax import LabelledQuery, parse_labelled

MAX_LIMIT = 10_000
SORTS = ("relevance", "newest", "oldest")
BY = ("day", "week", "month", "place", "agency", "section", "entity", "country", "story")

# The `items` columns an item row holds, in the order `hit_of_row` reads them.
HIT_COLUMNS = (
    "rowid, id, headline, places, agencies, section, body, earliest, latest, "
    "n_sightings, n_versions"
)


def check_search_args(sort: str, limit: int, offset: int) -> None:
    """Refuse a sort, limit or offset that `search` does not take.

    Raises:
        UsageError: the argument named in it is out of range.
    """
    if sort not in SORTS:
        raise UsageError("sort", f"{sort!r}: use one of {', '.join(SORTS)}")
    check_limit(limit)
    if offset < 0:
        raise UsageError("offset", f"{offset}: must be 0 or more")


def check_limit(limit: int) -> None:
    """Refuse a page size outside 0..MAX_LIMIT.

    Raises:
        UsageError: the limit is out of range.
    """
    if not 0 <= limit <= MAX_LIMIT:
        raise UsageError("limit", f"{limit}: use 0 to {MAX_LIMIT}")


def check_kwic_args(width: int, limit: int) -> None:
    """Refuse a KWIC width or line limit that `kwic` does not take.

    Raises:
        UsageError: the argument named in it is out of range.
    """
    if not 0 < width <= 50:
        raise UsageError("width", f"{width}: use 1 to 50 words")
    check_limit(limit)


def check_by(by: str | None) -> None:
    """Refuse a bucket kind that `count` does not know.

    Raises:
        UsageError: `by` is not one of BY.
    """
    if by is not None and by not in BY:
        raise UsageError("by", f"{by!r}: use one of {', '.join(BY)}")


def labelled_queries(queries: str | Sequence[str]) -> list[LabelledQuery]:
    """The labelled queries of a string (one per line) or of a sequence of strings."""
    return parse_labelled(queries if isinstance(queries, str) else list(queries))


def hit_of_row(row: Sequence[object], score: float, snip: tuple[tuple[str, bool], ...]) -> Hit:
    """One search hit from an item row read with HIT_COLUMNS."""
    _, item_id, headline, places, agencies, section, body, earliest, latest, sightings, versions = (
        row
    )
    return Hit(
        id=str(item_id),
        headline=str(headline) if headline is not None else None,
        places=tuple(json_list(places)),
        agencies=tuple(json_list(agencies)),
        section=str(section) if section is not None else None,
        body=str(body or ""),
        published=Interval(
            parse_utc(str(earliest)) if earliest else None,
            parse_utc(str(latest)) if latest else None,
        ),
        sightings=int(str(sightings or 0)),
        versions=int(str(versions or 1)),
        score=score,
        snippet=snip,
    )


def hits_of_rows(
    ranked: Iterable[tuple[int, float]],
    found: Mapping[int, Sequence[object]],
    hl: Highlighter | None,
) -> tuple[Hit, ...]:
    """The hits of ranked (rowid, score) pairs, in that order, skipping rows no longer stored.

    Args:
        ranked: rowids with their scores, best first.
        found: the item rows read with HIT_COLUMNS, by rowid.
        hl: the query's highlighter for snippets, or None for no snippets.
    """
    hits = []
    for rowid, score in ranked:
        row = found.get(rowid)
        if row is None:
            continue
        snip = snippet(str(row[6] or ""), hl) if hl is not None else ()
        hits.append(hit_of_row(row, score, snip))
    return tuple(hits)


def row_kwic_lines(
    row: Sequence[object], hl: Highlighter, *, width: int, room: int
) -> list[KwicLine]:
    """The KWIC lines of one item row (headline first, then body), at most `room` of them."""
    item_id = str(row[1])
    lines = kwic_lines(item_id, str(row[2] or ""), hl, fld="headline", width=width, limit=room)
    return lines + kwic_lines(
        item_id, str(row[6] or ""), hl, fld="body", width=width, limit=room - len(lines)
    )


def cooc_result(lqs: Sequence[LabelledQuery], sets: Sequence[set[int]]) -> CoocResult:
    """The co-occurrence matrix of labelled queries from the rowid set each matches."""
    matrix = tuple(tuple(len(a & b) for b in sets) for a in sets)
    total = len(set().union(*sets)) if sets else 0
    return CoocResult(
        tuple(lq.label for lq in lqs), tuple(lq.text for lq in lqs), matrix, total_items=total
    )
