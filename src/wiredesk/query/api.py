"""Search, count, co-occurrence, KWIC and explain over an SQLite archive (Archive delegates here).

Every function takes the archive's sqlite3 connection and query text; results are the plain
types of `wiredesk.query.results`. A query that runs longer than `TIME_LIMIT_S` is stopped.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from wiredesk.errors import QuerySyntaxError, UsageError
from wiredesk.query.assemble import (
    HIT_COLUMNS,
    check_by,
    check_kwic_args,
    check_search_args,
    cooc_result,
    hits_of_rows,
    labelled_queries,
    row_kwic_lines,
)
from wiredesk.query.dates import bucket_key, day_of_number
from wiredesk.query.enrich_fields import ENRICH_FIELDS, enrich_buckets
from wiredesk.query.explain import explain_text
from wiredesk.query.kwic import highlighter
from wiredesk.query.plan import Filters, Plan, build_plan
from wiredesk.query.results import Bucket, CoocResult, CountResult, KwicLine, SearchResult
from wiredesk.query.sqlite_index import BM25_WEIGHTS
from wiredesk.query.syntax import LabelledQuery, Node, parse_query, print_query

TIME_LIMIT_S = 20.0
RANK_WINDOW = 10_000  # BM25 ranks at most this many (most recently stored) matches
# bm25() called directly is faster than FTS5's configured `rank` column (measured).
BM25_SQL = "bm25(search_fts, " + ", ".join(str(w) for w in BM25_WEIGHTS) + ")"


@contextmanager
def _time_limit(conn: sqlite3.Connection, query: str) -> Iterator[None]:
    deadline = time.monotonic() + TIME_LIMIT_S
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QuerySyntaxError(
                query, f"the query ran longer than {TIME_LIMIT_S:.0f} s: make it narrower", 1
            ) from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(name, f"{value!r} is not a date: write YYYY-MM-DD") from None


def make_filters(
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    place: str | None = None,
    agency: str | None = None,
    section: str | None = None,
) -> Filters:
    """Filters from API/CLI arguments (dates as `date` or `YYYY-MM-DD`)."""
    return Filters(
        _as_date(date_from, "date_from"), _as_date(date_to, "date_to"), place, agency, section
    )


def plan_for(
    conn: sqlite3.Connection, query: str | Node, filters: Filters | None = None
) -> tuple[Node, Plan]:
    """Parse (when given text) and plan a query."""
    text = query if isinstance(query, str) else print_query(query)
    node = parse_query(query) if isinstance(query, str) else query
    return node, build_plan(conn, node, filters, text)


def _order(plan: Plan, sort: str) -> str:
    if sort == "relevance" and plan.ranked:
        return f"ORDER BY {BM25_SQL}"
    if sort == "relevance":
        # Nothing to rank (only wildcards or metadata): like Lucene's constant score in index
        # order, the most recently stored items come first, which FTS5 streams without sorting.
        return "ORDER BY search_fts.rowid DESC" if plan.fts is not None else "ORDER BY m.rowid DESC"
    if sort == "oldest":
        return "ORDER BY m.ts IS NULL, m.ts ASC, m.rowid ASC"
    return "ORDER BY m.ts DESC, m.rowid DESC"


def _items(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, Sequence[object]]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    rows = conn.execute(f"SELECT {HIT_COLUMNS} FROM items WHERE rowid IN ({marks})", rowids)
    return {int(str(r[0])): r for r in rows}


def _text_from_where(plan: Plan) -> tuple[str, list[object]]:
    # Without metadata conditions the join to search_meta is pure cost (a lookup per match).
    if plan.fts is not None and plan.where == "1":
        return "FROM search_fts WHERE search_fts MATCH ?", [plan.fts]
    return plan.from_where()


def rank_cutoff(conn: sqlite3.Connection, plan: Plan, total: int) -> int | None:
    """The lowest rowid BM25 ranks, when more than RANK_WINDOW items match (else None).

    FTS5 scores every match; for very common words that is the whole cost of a search, so
    relevance ranks the RANK_WINDOW most recently stored matches (totals stay exact).
    """
    if total <= RANK_WINDOW:
        return None
    from_where, params = _text_from_where(plan)
    row = conn.execute(
        f"SELECT search_fts.rowid {from_where} ORDER BY search_fts.rowid DESC LIMIT 1 OFFSET ?",
        [*params, RANK_WINDOW - 1],
    ).fetchone()
    return int(row[0]) if row else None


def _ranked_page(
    conn: sqlite3.Connection, plan: Plan, limit: int, offset: int
) -> tuple[list[tuple[int, float]], int]:
    total = _count_plan(conn, plan)
    from_where, params = _text_from_where(plan)
    cutoff = rank_cutoff(conn, plan, total) if offset + limit <= RANK_WINDOW else None
    if cutoff is not None:
        from_where += " AND search_fts.rowid >= ?"
        params.append(cutoff)
    sql = f"SELECT search_fts.rowid, -{BM25_SQL} {from_where} ORDER BY {BM25_SQL} LIMIT ? OFFSET ?"
    rows = conn.execute(sql, [*params, limit, offset]).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows], total


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    filters: Filters | None = None,
    snippets: bool = True,
    explain: bool = False,
) -> SearchResult:
    """The hits of a query, best (or newest/oldest) first, with the total and snippets.

    Raises:
        QuerySyntaxError: the query does not parse or cannot run.
        UsageError: bad sort, limit or offset.
    """
    check_search_args(sort, limit, offset)
    node, plan = plan_for(conn, query, filters)
    with _time_limit(conn, query):
        total: int | None = None
        rows: list[tuple[int, float]] = []
        if plan.const is not False and limit > 0 and plan.ranked and sort == "relevance":
            rows, total = _ranked_page(conn, plan, limit, offset)
        elif plan.const is not False and limit > 0 and sort == "relevance":
            total = _count_plan(conn, plan)
            from_where, params = _text_from_where(plan)
            key = "search_fts.rowid" if plan.fts is not None else "m.rowid"
            sql = f"SELECT {key}, 0.0 {from_where} {_order(plan, sort)} LIMIT ? OFFSET ?"
            rows = [(int(r[0]), 0.0) for r in conn.execute(sql, [*params, limit, offset])]
        elif plan.const is not False and limit > 0:
            from_where, params = plan.from_where()
            score_sql = "0.0"
            # The window count rides on the same evaluation of the query as the page itself.
            sql = (
                f"SELECT m.rowid, {score_sql}, count(*) OVER () {from_where} "
                f"{_order(plan, sort)} LIMIT ? OFFSET ?"
            )
            found_rows = conn.execute(sql, [*params, limit, offset]).fetchall()
            rows = [(int(r[0]), float(r[1])) for r in found_rows]
            if found_rows:
                total = int(found_rows[0][2])
        if total is None:
            total = _count_plan(conn, plan)
    found = _items(conn, [r for r, _ in rows])
    hl = highlighter(node) if snippets else None
    return SearchResult(
        query=query,
        total=total,
        hits=hits_of_rows(rows, found, hl),
        offset=offset,
        limit=limit,
        plan=explain_plan(conn, node, plan) if explain else None,
    )


def _count_plan(conn: sqlite3.Connection, plan: Plan) -> int:
    if plan.const is False:
        return 0
    if plan.fts is not None and plan.where == "1":
        return int(
            conn.execute(
                "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", [plan.fts]
            ).fetchone()[0]
        )
    from_where, params = plan.from_where()
    return int(conn.execute(f"SELECT count(*) {from_where}", params).fetchone()[0])


def matching_rowids(
    conn: sqlite3.Connection, query: str, filters: Filters | None = None
) -> list[int]:
    """The `items` rowids of every item that matches, ascending (for export)."""
    _, plan = plan_for(conn, query, filters)
    if plan.const is False:
        return []
    from_where, params = plan.from_where()
    with _time_limit(conn, query):
        return [
            int(r[0]) for r in conn.execute(f"SELECT m.rowid {from_where} ORDER BY m.rowid", params)
        ]


def _buckets(conn: sqlite3.Connection, plan: Plan, by: str) -> list[Bucket]:
    from_where, params = plan.from_where()
    if by in ("day", "week", "month"):
        rows = conn.execute(
            f"SELECT m.day, count(*) {from_where} AND m.day IS NOT NULL "
            "GROUP BY m.day ORDER BY m.day",
            params,
        )
        counts: Counter[str] = Counter()
        for day, n in rows:
            counts[bucket_key(day_of_number(int(day)), by)] += int(n)
        return [Bucket(k, counts[k]) for k in sorted(counts)]
    if by in ENRICH_FIELDS:  # ids: entity, country code, story (query/enrich_fields.py)
        found = enrich_buckets(conn, by, from_where, params)
        return sorted((Bucket(k, n) for k, n in found), key=lambda b: (-b.count, b.key))
    if by == "section":
        rows = conn.execute(
            f"SELECT min(m.section), count(*) {from_where} AND m.section_key IS NOT NULL "
            "GROUP BY m.section_key",
            params,
        )
    else:
        table = "search_place" if by == "place" else "search_agency"
        join = f" JOIN {table} x ON x.item = m.rowid WHERE "
        rows = conn.execute(
            f"SELECT min(x.name), count(*) {from_where.replace(' WHERE ', join, 1)} GROUP BY x.key",
            params,
        )
    return sorted((Bucket(str(k), int(n)) for k, n in rows), key=lambda b: (-b.count, b.key))


def count(
    conn: sqlite3.Connection,
    queries: str | Sequence[str],
    *,
    by: str | None = None,
    filters: Filters | None = None,
) -> list[CountResult]:
    """Totals (and buckets `by` day/week/month/place/agency/section) of labelled queries.

    A string may hold several queries, one per line; `Label# query` labels one.
    """
    check_by(by)
    out = []
    for lq in labelled_queries(queries):
        plan = build_plan(conn, lq.node, filters, lq.text)
        with _time_limit(conn, lq.text):
            total = _count_plan(conn, plan)
            buckets = _buckets(conn, plan, by) if by and plan.const is not False else []
        out.append(CountResult(lq.label, lq.text, total, by, tuple(buckets)))
    return out


def _rowid_set(conn: sqlite3.Connection, lq: LabelledQuery, filters: Filters | None) -> set[int]:
    plan = build_plan(conn, lq.node, filters, lq.text)
    if plan.const is False:
        return set()
    if plan.fts is not None and plan.where == "1":
        rows = conn.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", [plan.fts])
    else:
        from_where, params = plan.from_where()
        rows = conn.execute(f"SELECT m.rowid {from_where}", params)
    return {int(r[0]) for r in rows}


def cooccurrence(
    conn: sqlite3.Connection, queries: str | Sequence[str], *, filters: Filters | None = None
) -> CoocResult:
    """How many items match each pair of (labelled) queries."""
    lqs = labelled_queries(queries)
    sets = []
    for lq in lqs:
        with _time_limit(conn, lq.text):
            sets.append(_rowid_set(conn, lq, filters))
    return cooc_result(lqs, sets)


def kwic(
    conn: sqlite3.Connection,
    query: str,
    *,
    width: int = 8,
    limit: int = 100,
    sort: str = "newest",
    filters: Filters | None = None,
) -> list[KwicLine]:
    """Keyword-in-context lines of the hits (headline and body), up to `limit` lines."""
    check_kwic_args(width, limit)
    node, plan = plan_for(conn, query, filters)
    hl = highlighter(node)
    lines: list[KwicLine] = []
    if plan.const is False or limit == 0:
        return lines
    from_where, params = plan.from_where()
    offset = 0
    page = 100
    with _time_limit(conn, query):
        while len(lines) < limit:
            rowids = [
                int(r[0])
                for r in conn.execute(
                    f"SELECT m.rowid {from_where} {_order(plan, sort)} LIMIT ? OFFSET ?",
                    [*params, page, offset],
                )
            ]
            if not rowids:
                break
            found = _items(conn, rowids)
            for rowid in rowids:
                row = found.get(rowid)
                if row is None:
                    continue
                lines += row_kwic_lines(row, hl, width=width, room=limit - len(lines))
                if len(lines) >= limit:
                    break
            offset += page
    return lines[:limit]


def explain_plan(conn: sqlite3.Connection, node: Node, plan: Plan) -> str:
    """The parsed tree, the words each part stands for (with item counts) and the SQL plan."""
    return explain_text(conn, node, plan)


def explain(conn: sqlite3.Connection, query: str, filters: Filters | None = None) -> str:
    """How a query is understood and run (see `explain_plan`)."""
    node, plan = plan_for(conn, query, filters)
    return explain_plan(conn, node, plan)
